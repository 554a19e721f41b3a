import { QrcodeOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, Popconfirm, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { accessKeys, type IssuedPass, type VisitorPass } from './api.ts';
import { IssuedPassModal, PASS_STATE_COLORS, passState } from './PassTicket.tsx';
import { formatAgo, useNow } from './time.ts';
import { VisitorPassForm } from './VisitorPassForm.tsx';
import './access.css';

/** 访客: issue passes at the desk (QR shown and printable at once), list and revoke them. */
export default function VisitorsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const [issued, setIssued] = useState<IssuedPass | null>(null);
  const passes = useQuery({
    queryKey: accessKeys.passes,
    queryFn: ({ signal }) => api.get<{ items: VisitorPass[] }>('/access/visitor-passes', undefined, signal),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/access/visitor-passes/${id}/revoke`),
    onSuccess: async () => {
      message.success(t('access.passRevoked'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.passes });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const columns: ColumnsType<VisitorPass> = [
    {
      title: t('access.visitorName'),
      dataIndex: 'visitorName',
      render: (v: string, p) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{v}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.hostPersonId ? t('access.hostedByResident') : t('access.issuedByDesk')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('access.passWindow'),
      key: 'window',
      render: (_, p) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(p.validFrom).slice(0, 16)} ~ {formatDateTime(p.validTo).slice(0, 16)}
        </span>
      ),
    },
    {
      title: t('access.usesCol'),
      key: 'uses',
      width: 90,
      render: (_, p) => `${p.uses} / ${p.maxUses}`,
    },
    {
      title: t('access.status'),
      key: 'state',
      width: 110,
      render: (_, p) => {
        const s = passState(p, now);
        return <Badge status={PASS_STATE_COLORS[s] as 'success'} text={t(`access.pass.${s}`)} />;
      },
    },
    {
      title: t('access.issuedAt'),
      dataIndex: 'createdAt',
      width: 120,
      render: (v: string) => formatAgo(v, now, t),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, p) =>
        ['valid', 'pending'].includes(passState(p, now)) && (
          <Popconfirm
            title={t('access.revokePassConfirm', { name: p.visitorName })}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutate(p.id)}
          >
            <Button type="link" size="small" danger icon={<StopOutlined />}>
              {t('access.passRevoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Card
          title={
            <Space>
              <QrcodeOutlined />
              {t('access.issuePassTitle')}
            </Space>
          }
        >
          <VisitorPassForm
            mode="staff"
            onIssued={(pass) => {
              setIssued(pass);
              void queryClient.invalidateQueries({ queryKey: accessKeys.passes });
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card
          title={t('access.passesTitle')}
          extra={
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void passes.refetch()}
              loading={passes.isFetching}
            >
              {t('common.refresh')}
            </Button>
          }
        >
          {passes.error && (
            <Alert type="error" showIcon title={errorMessage(passes.error)} style={{ marginBottom: 12 }} />
          )}
          <Table<VisitorPass>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={passes.data?.items ?? []}
            loading={passes.isPending}
            scroll={{ x: 760 }}
            pagination={{ pageSize: 15, showTotal: (n) => t('common.total', { n }) }}
            locale={{ emptyText: t('access.noPasses') }}
          />
        </Card>
      </Col>
      <IssuedPassModal pass={issued} onClose={() => setIssued(null)} />
    </Row>
  );
}
