import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { idNumberMessageKey, idNumberProblem, renderKey } from '@anju/contracts';
import { api, errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import type { Dayjs } from 'dayjs';
import { formatDateTime } from '../../../app/time.ts';
import { type CriminalRecord, useCriminalRecords } from '../api.ts';
import { RefreshButton, SiteSelect, useSiteChoice } from '../shared.tsx';

/**
 * 违法犯罪记录 (police only): the table behind 无犯罪记录证明. The kiosk learns only yes/no; the
 * record itself stays here. Keyed by ID number, so it covers people outside the registry.
 */
export default function CriminalRecordsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const { siteId, setSiteId } = useSiteChoice();
  const list = useCriminalRecords({ siteId, q: q || undefined, page });
  const write = can('criminalRecords.write');

  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/kiosk/criminal-records/${id}`),
    onSuccess: () => {
      void message.success(t('kioskConsole.crim.deleted'));
      void queryClient.invalidateQueries({ queryKey: ['kiosk', 'criminal-records'] });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const columns: ColumnsType<CriminalRecord> = [
    { title: t('kioskConsole.crim.name'), dataIndex: 'name', width: 120 },
    { title: t('kioskConsole.crim.idNumber'), dataIndex: 'idNumber', width: 190 },
    { title: t('kioskConsole.crim.offence'), dataIndex: 'offence' },
    { title: t('kioskConsole.crim.court'), dataIndex: 'court', render: (v: string | null) => v || '—' },
    {
      title: t('kioskConsole.crim.judgedOn'),
      dataIndex: 'judgedOn',
      width: 110,
      render: (v: string | null) => v || '—',
    },
    {
      title: t('kioskConsole.crim.addedAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    ...(write
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r: CriminalRecord) => (
              <Popconfirm
                title={t('kioskConsole.crim.deleteConfirm', { name: r.name })}
                okText={t('kioskConsole.delete')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(r.id)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                  {t('kioskConsole.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('kioskConsole.crim.title')}
      extra={
        <Space wrap>
          <SiteSelect
            siteId={siteId}
            onChange={(id) => {
              setSiteId(id);
              setPage(1);
            }}
          />
          <Input.Search
            allowClear
            placeholder={t('kioskConsole.crim.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 220 }}
          />
          <RefreshButton query={list} />
          {write && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('kioskConsole.crim.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('kioskConsole.crim.hint')}</Typography.Paragraph>
      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      <Table<CriminalRecord>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending && !!siteId}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('kioskConsole.crim.none') }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
      />
      <AddRecordModal siteId={adding ? siteId : undefined} onClose={() => setAdding(false)} />
    </Card>
  );
}

interface RecordForm {
  idNumber: string;
  name: string;
  offence: string;
  court?: string;
  judgedOn?: Dayjs | null;
  note?: string;
}

function AddRecordModal({ siteId, onClose }: { siteId: string | undefined; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RecordForm>();
  const add = useMutation({
    mutationFn: (v: RecordForm) =>
      api.post('/kiosk/criminal-records', {
        siteId,
        idNumber: v.idNumber.trim().toUpperCase(),
        name: v.name.trim(),
        offence: v.offence.trim(),
        court: v.court?.trim() || undefined,
        judgedOn: v.judgedOn ? v.judgedOn.format('YYYY-MM-DD') : undefined,
        note: v.note?.trim() || undefined,
      }),
    onSuccess: () => {
      void message.success(t('kioskConsole.crim.added'));
      void queryClient.invalidateQueries({ queryKey: ['kiosk', 'criminal-records'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <Modal
      open={!!siteId}
      title={t('kioskConsole.crim.add')}
      okText={t('kioskConsole.save')}
      okButtonProps={{ loading: add.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        add.reset();
        onClose();
      }}
      destroyOnHidden
    >
      {add.error && !applyFieldErrors(form, add.error) && (
        <Alert type="error" showIcon title={errorMessage(add.error)} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} data-testid="criminal-record-form">
        <Form.Item
          name="idNumber"
          label={t('kioskConsole.crim.idNumber')}
          validateFirst
          rules={[
            { required: true, message: t('kioskConsole.required') },
            {
              validator: async (_r, value: string | undefined) => {
                const problem = value ? idNumberProblem(value.trim().toUpperCase()) : null;
                if (problem) throw new Error(renderKey(idNumberMessageKey(problem), lang));
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('kioskConsole.crim.name')}
          rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="offence"
          label={t('kioskConsole.crim.offence')}
          rules={[{ required: true, whitespace: true, message: t('kioskConsole.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="court" label={t('kioskConsole.crim.court')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="judgedOn" label={t('kioskConsole.crim.judgedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('kioskConsole.crim.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
