import { PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { dayjs, formatDate, formatDateTime } from '../../../app/time.ts';
import {
  CERTIFICATE_STATUSES,
  CERTIFICATE_TYPES,
  type CertificateListItem,
  type CertificateQuery,
  kioskKeys,
  openPdf,
  useCertificate,
  useCertificates,
} from '../api.ts';
import { CertificateStatusTag, RefreshButton, SiteSelect, useSiteChoice } from '../shared.tsx';

const PAGE_SIZE = 20;
/** The certificate's printed lines already shown from the list fields (masked there as the reader may see). */
const SHOWN_ABOVE = new Set(['name', 'idNumber']);
const CONTENT_KEYS = ['sex', 'birthDate', 'hukouAddress'] as const;
const isContentKey = (key: string): key is (typeof CONTENT_KEYS)[number] =>
  (CONTENT_KEYS as readonly string[]).includes(key);

/**
 * 证明管理: certificates issued at the site, server-paged, the filters in the URL (type, status,
 * issue dates, holder). Property staff never get no-criminal-record certificates (the server
 * filters; the type filter does not offer them); police revoke with a reason; police and
 * auxiliary reprint the PDF (audited).
 */
export default function CertificatesPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const { siteId, setSiteId } = useSiteChoice(params.get('site'));
  const [opened, setOpened] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CertificateListItem | null>(null);
  const [search, setSearch] = useState(params.get('q') ?? '');

  const types = CERTIFICATE_TYPES.filter(
    (type) => type !== 'no_criminal_record' || can('certificates.criminal'),
  );
  const page = Number(params.get('page') ?? '1') || 1;
  const query: CertificateQuery | null = siteId
    ? {
        siteId,
        type: params.get('type') ?? undefined,
        status: params.get('status') ?? undefined,
        from: params.get('from') ?? undefined,
        to: params.get('to') ?? undefined,
        q: params.get('q') ?? undefined,
        page,
        pageSize: PAGE_SIZE,
      }
    : null;
  const list = useCertificates(query);

  /** Changes filters in the URL (back to page 1 unless the page itself changes). */
  const setFilter = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const from = params.get('from');
  const to = params.get('to');

  const columns: ColumnsType<CertificateListItem> = [
    {
      title: t('kioskConsole.cert.serial'),
      dataIndex: 'serial',
      width: 170,
      render: (serial: string, c) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpened(c.id)}>
          {serial}
        </Button>
      ),
    },
    {
      title: t('kioskConsole.cert.type'),
      dataIndex: 'type',
      width: 130,
      render: (type: CertificateListItem['type']) => (
        <Tag color="blue">{t(`kioskConsole.certType.${type}`)}</Tag>
      ),
    },
    {
      title: t('kioskConsole.cert.holder'),
      key: 'holder',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{c.holderName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.holderIdNumber}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('kioskConsole.cert.purpose'), dataIndex: 'purpose', render: (p: string | null) => p || '—' },
    {
      title: t('kioskConsole.cert.issuedAt'),
      dataIndex: 'issuedAt',
      width: 170,
      render: (iso: string) => formatDateTime(iso),
    },
    {
      title: t('kioskConsole.cert.validUntil'),
      dataIndex: 'validUntil',
      width: 110,
      render: (iso: string) => formatDate(iso),
    },
    {
      title: t('kioskConsole.cert.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: CertificateListItem['status']) => <CertificateStatusTag status={status} />,
    },
    {
      title: t('kioskConsole.cert.verifyCount'),
      dataIndex: 'verifyCount',
      width: 90,
      align: 'right',
    },
  ];

  return (
    <Card
      title={t('kioskConsole.cert.title')}
      extra={
        <Space wrap>
          <SiteSelect
            siteId={siteId}
            onChange={(id) => {
              setSiteId(id);
              setFilter({ site: id });
            }}
          />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="certificate-filters">
        <Select
          allowClear
          placeholder={t('kioskConsole.cert.allTypes')}
          style={{ width: 160 }}
          value={params.get('type') ?? undefined}
          onChange={(v?: string) => setFilter({ type: v })}
          options={types.map((type) => ({ value: type, label: t(`kioskConsole.certType.${type}`) }))}
          data-testid="certificate-type-filter"
        />
        <Select
          allowClear
          placeholder={t('kioskConsole.cert.allStatuses')}
          style={{ width: 130 }}
          value={params.get('status') ?? undefined}
          onChange={(v?: string) => setFilter({ status: v })}
          options={CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`kioskConsole.certStatus.${s}`) }))}
        />
        <DatePicker.RangePicker
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          onChange={(range) =>
            setFilter({
              from: range?.[0]?.format('YYYY-MM-DD'),
              to: range?.[1]?.format('YYYY-MM-DD'),
            })
          }
          allowEmpty={[true, true]}
        />
        <Input.Search
          allowClear
          placeholder={t('kioskConsole.cert.searchHolder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="certificate-search"
        />
      </Space>
      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      <Table<CertificateListItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending && !!query}
        scroll={{ x: 1000 }}
        onRow={(c) => ({ 'data-testid': `certificate-row-${c.serial}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('kioskConsole.cert.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('kioskConsole.total', { n: total }),
          onChange: (p) => setFilter({ page: p > 1 ? String(p) : undefined }),
        }}
      />
      <CertificateDrawer id={opened} onClose={() => setOpened(null)} onRevoke={setRevoking} />
      <RevokeModal certificate={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function CertificateDrawer({
  id,
  onClose,
  onRevoke,
}: {
  id: string | null;
  onClose: () => void;
  onRevoke: (c: CertificateListItem) => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const detail = useCertificate(id);
  const [printing, setPrinting] = useState(false);
  const c = detail.data;
  const contentLabel = (key: string) => (isContentKey(key) ? t(`kioskConsole.content.${key}`) : key);

  const reprint = async () => {
    if (!c) return;
    setPrinting(true);
    try {
      await openPdf(`/kiosk/certificates/${c.id}/pdf`, `${c.serial}.pdf`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={520}
      title={c ? `${t(`kioskConsole.certType.${c.type}`)} · ${c.serial}` : t('kioskConsole.cert.detail')}
      extra={
        c && (
          <Space>
            {can('certificates.reprint') && (
              <Button icon={<PrinterOutlined />} onClick={() => void reprint()} loading={printing}>
                {t('kioskConsole.cert.reprint')}
              </Button>
            )}
            {can('certificates.revoke') && c.status === 'valid' && (
              <Button
                danger
                icon={<StopOutlined />}
                onClick={() => onRevoke(c)}
                data-testid="certificate-revoke"
              >
                {t('kioskConsole.cert.revoke')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {detail.error && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {c && (
        <Descriptions column={1} size="small" bordered data-testid="certificate-detail">
          <Descriptions.Item label={t('kioskConsole.cert.serial')}>{c.serial}</Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.type')}>
            {t(`kioskConsole.certType.${c.type}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.status')}>
            <CertificateStatusTag status={c.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.holder')}>{c.holderName}</Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.idNumber')}>{c.holderIdNumber}</Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.purpose')}>{c.purpose || '—'}</Descriptions.Item>
          {c.office && (
            <Descriptions.Item label={t('kioskConsole.cert.office')}>{c.office}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('kioskConsole.cert.issuedAt')}>
            {formatDateTime(c.issuedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.validUntil')}>
            {formatDate(c.validUntil)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.issuedBy')}>
            {t(`kioskConsole.cert.by.${c.issuedBy}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kioskConsole.cert.verifyCount')}>
            <span data-testid="certificate-verify-count">{c.verifyCount}</span>
          </Descriptions.Item>
          {c.deviceName && (
            <Descriptions.Item label={t('kioskConsole.cert.device')}>{c.deviceName}</Descriptions.Item>
          )}
          {Object.entries(c.content ?? {})
            .filter(([key]) => !SHOWN_ABOVE.has(key))
            .map(([key, value]) => (
              <Descriptions.Item key={key} label={contentLabel(key)}>
                {key === 'sex' && (value === 'male' || value === 'female')
                  ? t(`kioskConsole.sex.${value}`)
                  : value}
              </Descriptions.Item>
            ))}
          {c.status === 'revoked' && (
            <Descriptions.Item label={t('kioskConsole.cert.revokedReason')}>
              {c.revokedReason || '—'}
              {c.revokedAt ? ` (${formatDateTime(c.revokedAt)})` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {c && c.recentVerifications.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('kioskConsole.cert.recentVerifications')}
          </Typography.Title>
          <Flex vertical gap={4}>
            {c.recentVerifications.map((v) => (
              <Typography.Text key={v.at} type="secondary">
                {formatDateTime(v.at)} · {t(`kioskConsole.verifyResult.${v.result}`)}
              </Typography.Text>
            ))}
          </Flex>
        </>
      )}
    </Drawer>
  );
}

function RevokeModal({
  certificate,
  onClose,
}: {
  certificate: CertificateListItem | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (reason: string) => api.post(`/kiosk/certificates/${certificate?.id}/revoke`, { reason }),
    onSuccess: () => {
      void message.success(t('kioskConsole.cert.revoked'));
      void queryClient.invalidateQueries({ queryKey: ['kiosk', 'certificates'] });
      if (certificate)
        void queryClient.invalidateQueries({ queryKey: kioskKeys.certificate(certificate.id) });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={!!certificate}
      title={t('kioskConsole.cert.revokeTitle', { serial: certificate?.serial ?? '' })}
      okText={t('kioskConsole.cert.revoke')}
      okButtonProps={{ danger: true, loading: revoke.isPending }}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        revoke.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('kioskConsole.cert.revokeHint')}</Typography.Paragraph>
      {revoke.error && (
        <Alert type="error" showIcon title={errorMessage(revoke.error)} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('kioskConsole.cert.revokeReason')}
          rules={[{ required: true, whitespace: true, message: t('kioskConsole.cert.revokeReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
