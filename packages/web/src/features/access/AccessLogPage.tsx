import {
  DownloadOutlined,
  CameraOutlined,
  EyeOutlined,
  LockOutlined,
  NodeIndexOutlined,
  ReloadOutlined,
  SearchOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ACCESS_DECISIONS, ACCESS_METHODS, type AccessEvent, type AccessReason } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime, isoToPicked, nowInZone, pickedToIso } from '../../app/time.ts';
import { useUrlFilters } from '../../app/url-filters.ts';
import { type EventPage, fetchSnapshot, useGates } from './api.ts';
import { DECISION_COLORS, GRANT_REASONS, METHOD_COLORS, REASON_CODES, reasonText } from './labels.ts';
import { PersonPicker, type PersonRef } from './PersonPicker.tsx';
import { PersonTimeline } from './PersonTimeline.tsx';
import './access.css';

const FILTER_KEYS = [
  // a compound (chosen here or from the overview); none: every compound the user sees
  'siteId',
  'gateId',
  'from',
  'to',
  'decision',
  'method',
  'reason',
  'personId',
  'room',
  'purpose',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;
const TIMELINE_SIZE = 500;

interface FilterForm {
  siteId?: string;
  gateId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  decision?: string;
  method?: string;
  reason?: string;
  person?: PersonRef | null;
  room?: string;
  purpose?: string;
}

function filtersOf(values: FilterForm): Filters {
  const f: Filters = {};
  if (values.siteId) f.siteId = values.siteId;
  if (values.gateId) f.gateId = values.gateId;
  if (values.decision) f.decision = values.decision;
  if (values.method) f.method = values.method;
  if (values.reason) f.reason = values.reason;
  const [from, to] = values.range ?? [];
  // Picked times are Beijing wall times, sent with +08:00.
  if (from) f.from = pickedToIso(from.startOf('minute'));
  if (to) f.to = pickedToIso(to.endOf('minute'));
  if (values.person) f.personId = values.person.id;
  if (values.room?.trim()) f.room = values.room.trim();
  if ((f.personId || f.room) && values.purpose?.trim()) f.purpose = values.purpose.trim();
  return f;
}

/** A stranger's snapshot, fetched on demand (each view is audited) and dropped on close. */
function SnapshotModal({ event, onClose }: { event: AccessEvent | null; onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!event) return;
    let cancelled = false;
    let objectUrl: string | null = null;
    setUrl(null);
    setError(null);
    fetchSnapshot(event.id).then(
      (u) => {
        objectUrl = u;
        if (cancelled) URL.revokeObjectURL(u);
        else setUrl(u);
      },
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [event]);
  return (
    <Modal
      open={!!event}
      title={
        <Space>
          <CameraOutlined />
          {t('access.snapshotTitle')}
        </Space>
      }
      footer={null}
      onCancel={onClose}
      width={420}
    >
      {event && (
        <Typography.Paragraph type="secondary">
          {formatDateTime(event.at)} · {event.gateName ?? '—'}
        </Typography.Paragraph>
      )}
      <div className="anju-snapshot">
        {error ? (
          <Alert type="error" showIcon title={error} />
        ) : url ? (
          <img src={url} alt={t('access.snapshotTitle')} data-testid="snapshot-image" />
        ) : (
          <Spin />
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
        {t('access.snapshotNotice')}
      </Typography.Paragraph>
    </Modal>
  );
}

const exportUrl = (filters: Filters) =>
  `/api/v1/access/events/export?${new URLSearchParams(filters as Record<string, string>).toString()}`;

/**
 * 导出: the server builds the .xlsx with the page's filters and audits it. Rows for those who may
 * follow a person carry names and flats, so the police export asks for a purpose first (the
 * server refuses it without one); everyone else gets rows without person keys and no question.
 */
function ExportButton({ filters, askPurpose }: { filters: Filters; askPurpose: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();
  if (!askPurpose) {
    return (
      <Button icon={<DownloadOutlined />} href={exportUrl(filters)} data-testid="access-export">
        {t('access.export')}
      </Button>
    );
  }
  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        data-testid="access-export"
        onClick={() => {
          form.setFieldsValue({ purpose: filters.purpose ?? '' });
          setOpen(true);
        }}
      >
        {t('access.export')}
      </Button>
      <Modal
        open={open}
        title={t('access.exportPurposeTitle')}
        okText={t('access.exportConfirm')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('access.exportPurposeNotice')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setOpen(false);
            window.location.assign(exportUrl({ ...filters, purpose: v.purpose.trim() }));
          }}
        >
          <Form.Item
            name="purpose"
            label={t('access.exportPurpose')}
            rules={[{ required: true, whitespace: true, message: t('access.exportPurposeRequired') }]}
          >
            <Input maxLength={100} placeholder={t('access.purposeHint')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 通行记录: the full trail, server-paged, filters in the URL; tracking a named person is police-only. */
export default function AccessLogPage() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const me = useMe();
  // The compound select is for users with several; one compound leaves nothing to choose.
  const manySites = me.sites.length > 1;
  const track = can('access.trackPerson');
  const [form] = Form.useForm<FilterForm>();
  const gates = useGates();
  const [snapshot, setSnapshot] = useState<AccessEvent | null>(null);
  const [live, setLive] = useState(false);
  const [picked, setPicked] = useState<PersonRef | null>(null);

  const url = useUrlFilters(FILTER_KEYS);
  const { params, filters } = url;
  // The compound in the form (before 查询), for the gates offered.
  const siteWatched = Form.useWatch('siteId', form);
  const siteChosen = manySites ? siteWatched : filters.siteId;
  const tracking = !!(filters.personId || filters.room);
  const timeline = tracking && params.get('view') === 'timeline';
  // The timeline shows one person's passages on one page.
  const pageSize = timeline ? TIMELINE_SIZE : url.pageSize;
  // Keyset paging: the cursors that led to this page (none: the newest page), kept for these
  // filters only; "previous" pops one.
  const trailKey = JSON.stringify([filters, pageSize, timeline]);
  const [trail, setTrail] = useState<{ key: string; cursors: string[] }>({ key: trailKey, cursors: [] });
  const cursors = trail.key === trailKey ? trail.cursors : [];
  const cursor = timeline ? undefined : cursors.at(-1);
  const page = cursors.length + 1;
  const goTo = (next: string[]) => setTrail({ key: trailKey, cursors: next });

  const query = useQuery({
    queryKey: ['access', 'events', filters, cursor ?? null, pageSize],
    queryFn: ({ signal }) =>
      api.get<EventPage>('/access/events', { ...filters, ...(cursor ? { cursor } : {}), pageSize }, signal),
    placeholderData: keepPreviousData,
    // Tracking a person is audited per search: only when asked. The plain log may follow live.
    staleTime: tracking ? Number.POSITIVE_INFINITY : 10_000,
    refetchInterval: live && !tracking ? 10_000 : false,
  });

  // The chosen person's name: from the picker, else from the rows found (after a reload).
  const personLabel = useMemo<PersonRef | null>(() => {
    if (!filters.personId) return null;
    if (picked?.id === filters.personId) return picked;
    const row = query.data?.items.find((e) => e.personId === filters.personId);
    return {
      id: filters.personId,
      name: row?.personName ?? t('access.selectedPerson'),
      roomLabel: row?.roomLabel ?? null,
    };
  }, [filters.personId, picked, query.data, t]);

  const formOf = (f: Filters): FilterForm => ({
    siteId: f.siteId,
    gateId: f.gateId,
    decision: f.decision,
    method: f.method,
    reason: f.reason,
    range: f.from || f.to ? [f.from ? isoToPicked(f.from) : null, f.to ? isoToPicked(f.to) : null] : null,
    person: personLabel,
    room: f.room,
    purpose: f.purpose,
  });

  // Back/forward or a pasted link changes the URL: the form follows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: formOf reads only filters and personLabel
  useEffect(() => {
    form.setFieldsValue(formOf(filters));
  }, [filters, personLabel, form]);

  const setFilters = (next: Filters, nextPage = 1, nextSize = url.pageSize, view = params.get('view')) =>
    url.setFilters(next, nextPage, nextSize, { view: next.personId || next.room ? view : null });

  const onSearch = (values: FilterForm) => {
    setPicked(values.person ?? null);
    const next = filtersOf(values);
    // Without the select (one compound) a compound named in the link stays chosen.
    if (!manySites && filters.siteId) next.siteId = filters.siteId;
    if (JSON.stringify(next) === JSON.stringify(filters)) {
      if (page === 1) void query.refetch();
      else goTo([]);
    } else setFilters(next);
  };

  /** From a row: put this person into the tracking filter; the officer still states a purpose. */
  const followPerson = (e: AccessEvent) => {
    if (!e.personId) return;
    const person = { id: e.personId, name: e.personName ?? '', roomLabel: e.roomLabel };
    setPicked(person);
    form.setFieldsValue({ person, room: undefined });
    document.getElementById('access-track')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    form.getFieldInstance('purpose')?.focus?.();
  };

  const reasonOptions = [
    {
      label: t('access.decision.grant'),
      options: GRANT_REASONS.map((r) => ({ value: r, label: reasonText(r, lang) })),
    },
    {
      label: t('access.decision.deny'),
      options: REASON_CODES.filter((r) => !GRANT_REASONS.includes(r)).map((r) => ({
        value: r,
        label: reasonText(r, lang),
      })),
    },
  ];

  const columns: ColumnsType<AccessEvent> = [
    {
      title: t('access.colTime'),
      dataIndex: 'at',
      width: 168,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('access.colGate'),
      key: 'gate',
      width: 150,
      render: (_, e) => (
        <Space size={4}>
          <span>{e.gateName ?? '—'}</span>
          {e.direction && e.direction !== 'both' && (
            <Tag variant="filled" color={e.direction === 'in' ? 'green' : 'blue'}>
              {t(`access.direction.${e.direction}`)}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('access.colWho'),
      key: 'who',
      render: (_, e) => {
        if (e.personName) {
          return (
            <Space size={4} wrap>
              {track ? (
                <Tooltip title={t('access.followPerson')}>
                  <Typography.Link onClick={() => followPerson(e)}>{e.personName}</Typography.Link>
                </Tooltip>
              ) : (
                <span>{e.personName}</span>
              )}
              {e.roomLabel && <Typography.Text type="secondary">{e.roomLabel}</Typography.Text>}
            </Space>
          );
        }
        if (e.visitorName)
          return (
            <Space size={4}>
              <Tag color="magenta">{t('access.visitor')}</Tag>
              {e.visitorName}
            </Space>
          );
        if (e.operatorName)
          return (
            <Typography.Text type="secondary">
              {t('access.operatorIs', { name: e.operatorName })}
            </Typography.Text>
          );
        if (e.reason === 'unknown_face') return <Tag color="volcano">{t('access.stranger')}</Tag>;
        return <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    {
      title: t('access.colMethod'),
      dataIndex: 'method',
      width: 96,
      render: (m: AccessEvent['method']) => <Tag color={METHOD_COLORS[m]}>{t(`access.method.${m}`)}</Tag>,
    },
    {
      title: t('access.colDecision'),
      dataIndex: 'decision',
      width: 84,
      render: (d: AccessEvent['decision']) => (
        <Tag color={DECISION_COLORS[d]} data-decision={d}>
          {t(`access.decision.${d}`)}
        </Tag>
      ),
    },
    {
      title: t('access.colReason'),
      dataIndex: 'reason',
      width: 240,
      render: (r: AccessReason, e) => (
        <Tooltip title={r}>
          <Typography.Text type={e.decision === 'deny' ? 'danger' : undefined}>
            {reasonText(r, lang)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: t('access.colScore'),
      key: 'score',
      width: 120,
      render: (_, e) =>
        e.score === null && e.liveness === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
            {e.score !== null && <span>{t('access.scoreIs', { v: e.score.toFixed(3) })}</span>}
            {e.liveness !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('access.livenessIs', { v: e.liveness.toFixed(2) })}
              </Typography.Text>
            )}
          </Space>
        ),
    },
    {
      title: t('access.colNote'),
      dataIndex: 'note',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    ...(track
      ? [
          {
            title: t('access.colSnapshot'),
            key: 'snapshot',
            width: 90,
            render: (_: unknown, e: AccessEvent) =>
              e.hasSnapshot ? (
                <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setSnapshot(e)}>
                  {t('access.view')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const today = nowInZone();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Form<FilterForm>
          name="accessFilter"
          form={form}
          layout="inline"
          onFinish={onSearch}
          className="anju-filter-form"
          initialValues={formOf(filters)}
          onValuesChange={(changed: FilterForm) => {
            // A gate of another compound would find nothing: the gate goes with the compound.
            if (!('siteId' in changed) || !changed.siteId) return;
            const gate = gates.data?.items.find((g) => g.id === form.getFieldValue('gateId'));
            if (gate && gate.siteId !== changed.siteId) form.setFieldValue('gateId', undefined);
          }}
        >
          {manySites && (
            <Form.Item name="siteId" label={t('access.site')}>
              <Select
                allowClear
                style={{ width: 200 }}
                placeholder={t('access.allSites')}
                options={me.sites.map((s) => ({ value: s.id, label: s.name }))}
                data-testid="access-site"
              />
            </Form.Item>
          )}
          <Form.Item name="gateId" label={t('access.colGate')}>
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('access.allGates')}
              options={(gates.data?.items ?? [])
                .filter((g) => !siteChosen || g.siteId === siteChosen)
                .map((g) => ({ value: g.id, label: g.name }))}
            />
          </Form.Item>
          <Form.Item name="range" label={t('access.filterTime')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
              presets={[
                {
                  label: t('access.today'),
                  value: [
                    isoToPicked(today.startOf('day').format()) ?? today,
                    isoToPicked(today.endOf('day').format()) ?? today,
                  ],
                },
                {
                  label: t('access.last7Days'),
                  value: [
                    isoToPicked(today.subtract(6, 'day').startOf('day').format()) ?? today,
                    isoToPicked(today.endOf('day').format()) ?? today,
                  ],
                },
              ]}
            />
          </Form.Item>
          <Form.Item name="decision" label={t('access.colDecision')}>
            <Select
              allowClear
              style={{ width: 100 }}
              placeholder={t('access.any')}
              options={ACCESS_DECISIONS.map((d) => ({ value: d, label: t(`access.decision.${d}`) }))}
            />
          </Form.Item>
          <Form.Item name="method" label={t('access.colMethod')}>
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder={t('access.any')}
              options={ACCESS_METHODS.map((m) => ({ value: m, label: t(`access.method.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('access.colReason')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 220 }}
              placeholder={t('access.any')}
              options={reasonOptions}
              popupMatchSelectWidth={300}
            />
          </Form.Item>
          {track && (
            <div className="anju-track-row" id="access-track">
              <Space size={6} className="anju-track-label">
                <LockOutlined />
                <Typography.Text strong>{t('access.trackTitle')}</Typography.Text>
              </Space>
              <Form.Item name="person" label={t('access.trackPerson')}>
                <PersonPicker style={{ width: 240 }} />
              </Form.Item>
              <Form.Item name="room" label={t('access.trackRoom')}>
                <Input allowClear placeholder="3-2-1501" style={{ width: 120 }} maxLength={20} />
              </Form.Item>
              <Form.Item
                name="purpose"
                label={t('access.purpose')}
                dependencies={['person', 'room']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value?: string) => {
                      const needed = !!getFieldValue('person') || !!getFieldValue('room')?.trim();
                      if (needed && !value?.trim()) throw new Error(t('access.purposeRequired'));
                    },
                  }),
                ]}
              >
                <Input placeholder={t('access.purposeHint')} style={{ width: 260 }} maxLength={100} />
              </Form.Item>
              <Typography.Text type="secondary" className="anju-track-note">
                {t('access.trackNotice')}
              </Typography.Text>
            </div>
          )}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({
                    siteId: undefined,
                    gateId: undefined,
                    range: null,
                    decision: undefined,
                    method: undefined,
                    reason: undefined,
                    person: null,
                    room: undefined,
                    purpose: undefined,
                  });
                  setPicked(null);
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
        title={
          tracking ? (
            <Space>
              <NodeIndexOutlined />
              {filters.personId
                ? t('access.trackingPerson', { name: personLabel?.name ?? '' })
                : t('access.trackingRoom', { room: filters.room ?? '' })}
              <Tag color="red">{t('access.audited')}</Tag>
            </Space>
          ) : (
            t('access.logTitle')
          )
        }
        extra={
          <Space wrap>
            {tracking && (
              <Segmented
                value={timeline ? 'timeline' : 'list'}
                onChange={(v) => setFilters(filters, 1, 20, v === 'timeline' ? 'timeline' : null)}
                options={[
                  { value: 'list', label: t('access.viewList'), icon: <UnorderedListOutlined /> },
                  { value: 'timeline', label: t('access.viewTimeline'), icon: <NodeIndexOutlined /> },
                ]}
              />
            )}
            {!tracking && (
              <Space size={6}>
                <Switch size="small" checked={live} onChange={setLive} />
                <Typography.Text type="secondary">{t('access.liveRefresh')}</Typography.Text>
              </Space>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()} loading={query.isFetching}>
              {t('common.refresh')}
            </Button>
            <ExportButton filters={filters} askPurpose={track} />
          </Space>
        }
      >
        {query.error && (
          <Alert type="error" showIcon title={errorMessage(query.error)} style={{ marginBottom: 16 }} />
        )}
        {timeline ? (
          <Spin spinning={query.isFetching}>
            <PersonTimeline
              events={query.data?.items ?? []}
              truncated={(query.data?.total ?? 0) > (query.data?.items.length ?? 0)}
            />
          </Spin>
        ) : (
          <Table<AccessEvent>
            rowKey="id"
            size="middle"
            data-testid="access-log"
            columns={columns}
            dataSource={query.data?.items ?? []}
            loading={query.isFetching && !live}
            scroll={{ x: 1200 }}
            rowClassName={(e) => (e.decision === 'deny' ? 'anju-row-deny' : '')}
            locale={{ emptyText: t('access.noEvents') }}
            pagination={false}
          />
        )}
        {!timeline && (
          <Space
            style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}
            wrap
            data-testid="access-pager"
          >
            <Typography.Text type="secondary" data-testid="access-total">
              {query.data?.totalCapped
                ? t('access.totalCapped', { n: query.data.total.toLocaleString('en-US') })
                : t('access.total', { n: (query.data?.total ?? 0).toLocaleString('en-US') })}
            </Typography.Text>
            <Typography.Text>{t('access.pageNo', { n: page })}</Typography.Text>
            {page > 2 && <Button onClick={() => goTo([])}>{t('access.firstPage')}</Button>}
            <Button
              disabled={page === 1}
              onClick={() => goTo(cursors.slice(0, -1))}
              data-testid="access-prev"
            >
              {t('access.prevPage')}
            </Button>
            <Button
              disabled={!query.data?.nextCursor || query.isPlaceholderData}
              onClick={() => query.data?.nextCursor && goTo([...cursors, query.data.nextCursor])}
              data-testid="access-next"
            >
              {t('access.nextPage')}
            </Button>
            <Select
              value={pageSize}
              style={{ width: 110 }}
              onChange={(n: number) => setFilters(filters, 1, n)}
              options={[20, 50, 100, 200].map((n) => ({ value: n, label: t('access.perPage', { n }) }))}
            />
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {track ? t('access.logFootnotePolice') : t('access.logFootnote')}
        </Typography.Paragraph>
      </Card>
      <SnapshotModal event={snapshot} onClose={() => setSnapshot(null)} />
    </Space>
  );
}
