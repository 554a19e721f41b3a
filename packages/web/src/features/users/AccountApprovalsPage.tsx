import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { AccountChange } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { accountChangeColumns, ChangeSummary } from './account-changes.tsx';

const APPROVALS_KEY = ['account-approvals'] as const;

/**
 * A police officer's second pair of eyes on accounts: police and auxiliary accounts, role and
 * site changes an admin asked for take effect only when approved here.
 */
export default function AccountApprovalsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const approvals = useQuery({
    queryKey: APPROVALS_KEY,
    queryFn: ({ signal }) => api.get<{ items: AccountChange[] }>('/account-approvals', undefined, signal),
  });

  const decide = useMutation({
    mutationFn: ({ change, approve, note }: { change: AccountChange; approve: boolean; note?: string }) =>
      api.post<AccountChange & { initialPassword?: string | null }>(
        `/account-approvals/${change.id}/${approve ? 'approve' : 'reject'}`,
        { note: note || undefined },
      ),
    onSuccess: async (decided, { approve }) => {
      message.success(approve ? t('approvals.approved') : t('approvals.rejected'));
      // Shown this once, to this officer only: the admin who asked never sees it.
      if (decided.initialPassword) {
        modal.info({
          title: t('approvals.initialPasswordTitle', {
            name: `${decided.displayName}（${decided.username}）`,
          }),
          content: (
            <Space orientation="vertical">
              <Typography.Text code copyable style={{ fontSize: 20 }} data-testid="initial-password">
                {decided.initialPassword}
              </Typography.Text>
              <Typography.Text type="secondary">{t('approvals.initialPasswordHint')}</Typography.Text>
            </Space>
          ),
        });
      }
      await queryClient.invalidateQueries({ queryKey: APPROVALS_KEY });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const ask = (change: AccountChange, approve: boolean) => {
    let note = '';
    modal.confirm({
      title: approve ? t('approvals.confirmApprove', { name: change.username }) : t('approvals.reject'),
      okText: approve ? t('approvals.approve') : t('approvals.reject'),
      okButtonProps: { danger: !approve },
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <ChangeSummary change={change} i18n={i18n} />
          <Input.TextArea
            rows={2}
            maxLength={200}
            data-testid="decision-note"
            placeholder={approve ? t('approvals.approveNote') : t('approvals.rejectReason')}
            onChange={(e) => {
              note = e.target.value;
            }}
          />
        </Space>
      ),
      onOk: () => decide.mutateAsync({ change, approve, note }),
    });
  };

  const columns: ColumnsType<AccountChange> = [
    ...accountChangeColumns(i18n).filter((c) => c.key !== 'status'),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_, c) => (
        <Space>
          <Button type="primary" size="small" onClick={() => ask(c, true)}>
            {t('approvals.approve')}
          </Button>
          <Button size="small" danger onClick={() => ask(c, false)}>
            {t('approvals.reject')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('approvals.title')}
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void approvals.refetch()}
          loading={approvals.isFetching}
        >
          {t('common.refresh')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={t('approvals.hint')} style={{ marginBottom: 16 }} />
      {approvals.error && <Typography.Text type="danger">{errorMessage(approvals.error)}</Typography.Text>}
      <Table<AccountChange>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={approvals.data?.items ?? []}
        loading={approvals.isPending}
        locale={{ emptyText: t('approvals.empty') }}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </Card>
  );
}
