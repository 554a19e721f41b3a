import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Modal,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Tenancy } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs } from '../../app/time.ts';
import { postMultipart, registryKeys, type TenancyFilter, useRoom, useTenancies } from './api.ts';
import { TENANCY_COLORS, tenancyStatusText } from './labels.ts';
import { useRegistryDrawers } from './RegistryPage.tsx';
import { MoveOutButton } from './RoomDrawer.tsx';
import './registry.css';

const FILTERS: TenancyFilter[] = ['all', 'active', 'expiring', 'expired'];

interface RenewValues {
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  monthlyRent?: number | null;
  file?: UploadFile[];
}

/** Renewal keeps the history: the old contract becomes "renewed", a new one follows it. */
function RenewModal({ tenancy, onClose }: { tenancy: Tenancy | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RenewValues>();
  const [error, setError] = useState<string | null>(null);
  const renew = useMutation({
    mutationFn: (v: RenewValues) => {
      const data = new FormData();
      if (v.startDate) data.append('startDate', v.startDate.format('YYYY-MM-DD'));
      data.append('endDate', v.endDate?.format('YYYY-MM-DD') ?? '');
      if (v.monthlyRent != null) data.append('monthlyRent', String(v.monthlyRent));
      const file = v.file?.[0]?.originFileObj;
      if (file) data.append('file', file, file.name);
      return postMultipart<{ id: string }>(`/registry/tenancies/${tenancy?.id}/renew`, data);
    },
    onSuccess: () => {
      message.success(t('registry.renewed'));
      void queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setError(errorMessage(e));
    },
  });
  const defaultStart = tenancy ? dayjs(tenancy.endDate).add(1, 'day') : null;
  return (
    <Modal
      open={!!tenancy}
      onCancel={onClose}
      destroyOnHidden
      title={tenancy ? `${t('registry.renew')} · ${tenancy.roomLabel}` : ''}
      okText={t('registry.renew')}
      confirmLoading={renew.isPending}
      onOk={() => form.submit()}
    >
      <Form<RenewValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          startDate: defaultStart,
          endDate: defaultStart?.add(1, 'year').subtract(1, 'day'),
          monthlyRent: tenancy?.monthlyRent,
        }}
        onValuesChange={() => setError(null)}
        onFinish={(v) => renew.mutate(v)}
      >
        <Form.Item name="startDate" label={t('registry.startDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="endDate"
          label={t('registry.endDate')}
          rules={[{ required: true, message: t('registry.required', { field: t('registry.endDate') }) }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="monthlyRent" label={t('registry.rent')}>
          <InputNumber min={0} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="file"
          label={t('registry.contractScan')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
        >
          <Upload accept=".pdf,.jpg,.jpeg,.png" maxCount={1} beforeUpload={() => false}>
            <Button icon={<UploadOutlined />}>{t('registry.chooseFile')}</Button>
          </Upload>
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

/** Move-out of a contract's tenants: their residencies in the flat, each with a last day. */
function MoveOutModal({ tenancy, onClose }: { tenancy: Tenancy | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const room = useRoom(tenancy?.roomId);
  const ids = new Set(tenancy?.tenants.map((p) => p.personId));
  const members = (room.data?.households ?? [])
    .flatMap((h) => h.members)
    .filter((m) => m.type === 'tenant' && ids.has(m.personId));
  return (
    <Modal
      open={!!tenancy}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      title={tenancy ? `${t('registry.moveOut')} · ${tenancy.roomLabel}` : ''}
    >
      {room.isLoading && <Skeleton active />}
      {room.error && <Alert type="error" showIcon title={errorMessage(room.error)} />}
      {room.data && !members.length && <Empty description={t('registry.nobody')} />}
      {members.map((m) => (
        <Space
          key={m.residencyId}
          style={{ width: '100%', justifyContent: 'space-between', padding: '6px 0' }}
        >
          <span>
            {m.name}{' '}
            <Typography.Text type="secondary">
              {m.since} ~ {m.validTo ?? ''}
            </Typography.Text>{' '}
            <Tag>{m.statusLabel}</Tag>
          </span>
          {(m.status === 'active' || m.status === 'pending' || m.status === 'expired') && (
            <MoveOutButton
              residencyId={m.residencyId}
              onDone={() => void queryClient.invalidateQueries({ queryKey: registryKeys.all })}
            />
          )}
        </Space>
      ))}
    </Modal>
  );
}

/** 租赁合同: every contract with its state; renew or move tenants out. */
export default function TenanciesPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const { params, set, setMany, drawers } = useRegistryDrawers();
  const filter = (FILTERS as string[]).includes(params.get('filter') ?? '')
    ? (params.get('filter') as TenancyFilter)
    : 'all';
  const page = Number(params.get('page') ?? '1') || 1;
  const [pageSize, setPageSize] = useState(20);
  const list = useTenancies({ filter, page, pageSize });
  const [renewing, setRenewing] = useState<Tenancy | null>(null);
  const [movingOut, setMovingOut] = useState<Tenancy | null>(null);

  const columns: ColumnsType<Tenancy> = [
    {
      title: t('registry.flat'),
      dataIndex: 'roomLabel',
      render: (v: string, r) => <Typography.Link onClick={() => set('room', r.roomId)}>{v}</Typography.Link>,
    },
    {
      title: t('registry.tenants'),
      key: 'tenants',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.tenants.map((p) => (
            <Typography.Link key={p.personId} onClick={() => set('person', p.personId)}>
              {p.name}
            </Typography.Link>
          ))}
        </Space>
      ),
    },
    { title: t('registry.landlord'), dataIndex: 'landlordName' },
    { title: t('registry.startDate'), dataIndex: 'startDate' },
    { title: t('registry.endDate'), dataIndex: 'endDate' },
    {
      title: t('registry.daysLeftCol'),
      dataIndex: 'daysLeft',
      render: (v: number, r) =>
        r.status === 'active' || r.status === 'pending' ? (
          <Typography.Text type={v <= 30 ? 'warning' : undefined}>{v}</Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('registry.status'),
      dataIndex: 'status',
      render: (_, r) => (
        <Tag color={TENANCY_COLORS[r.status]}>
          {lang === 'en' ? tenancyStatusText(r.status, lang) : r.statusLabel}
        </Tag>
      ),
    },
  ];
  if (can('registry.write')) {
    columns.push({
      key: 'actions',
      render: (_, r) =>
        r.status === 'renewed' || r.status === 'ended' ? null : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setRenewing(r)}>
              {t('registry.renew')}
            </Button>
            <Button type="link" size="small" danger onClick={() => setMovingOut(r)}>
              {t('registry.moveOut')}
            </Button>
          </Space>
        ),
    });
  }

  return (
    <Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Segmented
          value={filter}
          onChange={(v) => {
            setMany({ filter: v === 'all' ? null : String(v), page: null });
          }}
          options={FILTERS.map((f) => ({ value: f, label: t(`registry.filter.${f}`) }))}
        />
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Tenancy>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items}
          columns={columns}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total,
            showSizeChanger: true,
            showTotal: (n) => t('registry.totalN', { n }),
            onChange: (p, s) => {
              setPageSize(s);
              set('page', p === 1 ? null : String(p));
            },
          }}
        />
      </Space>
      <RenewModal tenancy={renewing} onClose={() => setRenewing(null)} />
      <MoveOutModal tenancy={movingOut} onClose={() => setMovingOut(null)} />
      {drawers}
    </Card>
  );
}
