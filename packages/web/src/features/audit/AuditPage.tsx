import {
  CheckCircleFilled,
  CloseCircleFilled,
  ReloadOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { AuditEntry, AuditVerifyResult } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { isMessageKey, useI18n } from '../../app/i18n.tsx';
import { formatDateTime, isoToPicked, pickedToIso } from '../../app/time.ts';
import { serverPagination, useUrlFilters } from '../../app/url-filters.ts';

/** Actions the platform writes today; modules add theirs to the i18n dictionary as audit.action.<code>. */
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'user.create',
  'user.update',
  'device.create',
  'device.revoke',
  'audit.search',
  'audit.verify',
];

const FILTER_KEYS = ['actor', 'action', 'subjectId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

interface FilterForm {
  actor?: string;
  action?: string;
  subjectId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

type Filters = Partial<Record<FilterKey, string>>;

function filtersOf(values: FilterForm): Filters {
  const f: Filters = {};
  if (values.actor?.trim()) f.actor = values.actor.trim();
  if (values.action?.trim()) f.action = values.action.trim();
  if (values.subjectId?.trim()) f.subjectId = values.subjectId.trim();
  const [from, to] = values.range ?? [];
  // Picked times are Beijing wall times, sent with +08:00.
  if (from) f.from = pickedToIso(from.startOf('minute'));
  if (to) f.to = pickedToIso(to.endOf('minute'));
  return f;
}

function formOf(filters: Filters): FilterForm {
  return {
    actor: filters.actor,
    action: filters.action,
    subjectId: filters.subjectId,
    range:
      filters.from || filters.to
        ? [filters.from ? isoToPicked(filters.from) : null, filters.to ? isoToPicked(filters.to) : null]
        : null,
  };
}

interface AuditPage {
  items: AuditEntry[];
  total: number;
}

export default function AuditPage() {
  const { t, roleLabel, tr } = useI18n();
  const { can } = useAuth();
  const me = useMe();
  const [form] = Form.useForm<FilterForm>();
  // The URL holds the filters, so a search can be bookmarked, shared and survives a reload.
  const { filters, page, pageSize, setFilters } = useUrlFilters(FILTER_KEYS);

  const query = useQuery({
    queryKey: ['audit', 'search', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<AuditPage>('/audit', { ...filters, page, pageSize }, signal),
    placeholderData: keepPreviousData,
    // Every search is itself audited; only search when asked.
    staleTime: Number.POSITIVE_INFINITY,
  });

  const verify = useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/audit/verify') });

  const actionLabel = (code: string) => {
    const key = `audit.action.${code}`;
    return isMessageKey(key) ? tr(key) : code;
  };

  const onSearch = (values: FilterForm) => {
    const next = filtersOf(values);
    // Same search again: the URL does not change, so ask the server directly.
    if (JSON.stringify(next) === JSON.stringify(filters) && page === 1) void query.refetch();
    else setFilters(next);
  };

  // Back/forward or a pasted link changes the URL: the form follows it.
  useEffect(() => {
    form.setFieldsValue(formOf(filters));
  }, [filters, form]);

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.colId'), dataIndex: 'id', width: 80 },
    { title: t('audit.colTime'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.colActor'),
      key: 'actor',
      width: 180,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.actorName ?? '—'}</span>
          {r.role && <Tag variant="filled">{roleLabel(r.role)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('audit.colAction'),
      dataIndex: 'action',
      width: 170,
      render: (code: string) => (
        <Tooltip title={code}>
          <Tag color={code.endsWith('_failed') ? 'red' : code.startsWith('audit.') ? 'purple' : 'blue'}>
            {actionLabel(code)}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: t('audit.colSubject'),
      key: 'subject',
      render: (_, r) =>
        r.subjectType || r.subjectId ? (
          <Space orientation="vertical" size={0}>
            <span>{r.subjectType ?? '—'}</span>
            {r.subjectId && (
              <Typography.Text type="secondary" copyable={{ text: r.subjectId }} style={{ fontSize: 12 }}>
                {r.subjectId.length > 13 ? `${r.subjectId.slice(0, 8)}…` : r.subjectId}
              </Typography.Text>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.colFields'),
      dataIndex: 'fields',
      render: (fields: string[]) => (fields.length ? fields.join(', ') : '—'),
    },
    { title: t('audit.colPurpose'), dataIndex: 'purpose', render: (v: string | null) => v ?? '—' },
    { title: t('audit.colIp'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t('audit.colHash'),
      dataIndex: 'hash',
      width: 110,
      render: (v: string) => (
        <Tooltip title={v}>
          <Typography.Text code>{v.slice(0, 8)}</Typography.Text>
        </Tooltip>
      ),
    },
  ];

  const result = verify.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Form<FilterForm>
          form={form}
          layout="inline"
          initialValues={formOf(filters)}
          onFinish={onSearch}
          className="anju-filter-form"
        >
          <Form.Item name="actor" label={t('audit.filterActor')}>
            <Input
              allowClear
              placeholder={t('audit.filterActorHint')}
              style={{ width: 180 }}
              maxLength={64}
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.filterAction')}>
            <AutoComplete
              allowClear
              style={{ width: 200 }}
              placeholder={t('audit.filterActionHint')}
              options={KNOWN_ACTIONS.map((code) => ({
                value: code,
                label: `${actionLabel(code)}（${code}）`,
              }))}
              filterOption={(input, option) =>
                !!option && `${option.value}${option.label}`.toLowerCase().includes(input.toLowerCase())
              }
            />
          </Form.Item>
          <Form.Item name="subjectId" label={t('audit.filterSubject')}>
            <Input
              allowClear
              placeholder={t('audit.filterSubjectHint')}
              style={{ width: 200 }}
              maxLength={64}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.filterTime')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({
                    actor: undefined,
                    action: undefined,
                    subjectId: undefined,
                    range: null,
                  });
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>

      <Card
        title={t('audit.listTitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
              {t('common.refresh')}
            </Button>
            {can('audit.verify') && (
              <Button
                type="primary"
                ghost
                icon={<SafetyCertificateOutlined />}
                loading={verify.isPending}
                onClick={() => verify.mutate()}
                data-testid="verify-chain"
              >
                {t('audit.verify')}
              </Button>
            )}
          </Space>
        }
      >
        {verify.error && (
          <Alert type="error" showIcon title={errorMessage(verify.error)} style={{ marginBottom: 16 }} />
        )}
        {result && (
          <Alert
            data-testid="verify-result"
            style={{ marginBottom: 16 }}
            type={result.ok ? 'success' : 'error'}
            showIcon
            icon={result.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
            title={
              result.ok
                ? t('audit.verifyOk', { n: result.entries })
                : t('audit.verifyBroken', { id: result.firstBrokenId ?? '?' })
            }
            description={
              result.ok
                ? t('audit.verifyOkDetail', { checkpoints: result.checkpoints })
                : `${t('audit.verifyBrokenDetail')}${result.reason ? `（${result.reason}）` : ''}`
            }
            closable={{ onClose: () => verify.reset() }}
          />
        )}
        {query.error && (
          <Alert type="error" showIcon title={errorMessage(query.error)} style={{ marginBottom: 16 }} />
        )}
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={query.data?.items ?? []}
          loading={query.isFetching}
          scroll={{ x: 1200 }}
          pagination={serverPagination(page, pageSize, query.data?.total ?? 0, (n) =>
            t('common.total', { n }),
          )}
          onChange={(p) => setFilters(filters, p.current ?? 1, p.pageSize ?? pageSize)}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('audit.footnote', { user: me.user.displayName })}
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
