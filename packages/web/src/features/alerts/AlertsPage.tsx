import {
  BellOutlined,
  CheckOutlined,
  FileDoneOutlined,
  ReloadOutlined,
  SearchOutlined,
  SoundOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  ALERT_DESKS,
  ALERT_KINDS,
  ALERT_LEVELS,
  ALERT_STATUSES,
  alertHandoffSchema,
  alertNoteSchema,
  otherDesk,
  type AlertStreamEvent,
  type AlertView,
} from '@anju/contracts';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, formatDateTime, isoToPicked, pickedToIso } from '../../app/time.ts';
import {
  type AlertFilters,
  type AlertList,
  deskOf,
  useAlertActions,
  useAlertDetail,
  useAlertSearch,
} from './api.ts';
import { FromAlertButton } from '../incidents/FromAlertButton.tsx';
import { CorrectionPanel } from '../privacy/CorrectionPanel.tsx';
import { chime, soundPreference, unlockSound } from './sound.ts';
import { DeskTag, LEVEL_RANK, LevelTag, StatusTag, useAlertLabels, useCanAct } from './ui.tsx';
import { type StreamState, useAlertStream } from './useAlertStream.ts';

// ---------------------------------------------------------------------------------------------
// Live list state: alerts by id, newest state wins (by sequence number).

type LiveAction =
  | { type: 'load'; items: AlertView[] }
  | { type: 'upsert'; alert: AlertView }
  | { type: 'remove'; id: string };

function liveReducer(state: Map<string, AlertView>, action: LiveAction): Map<string, AlertView> {
  const next = new Map(state);
  if (action.type === 'load') {
    for (const a of action.items) {
      const old = next.get(a.id);
      if (!old || old.seq <= a.seq) next.set(a.id, a);
    }
  } else if (action.type === 'upsert') {
    const old = next.get(action.alert.id);
    if (old && old.seq > action.alert.seq) return state;
    next.set(action.alert.id, action.alert);
  } else {
    next.delete(action.id);
  }
  return next;
}

function useLiveAlerts(onEvent: (e: AlertStreamEvent) => void) {
  const [alerts, dispatch] = useReducer(liveReducer, new Map<string, AlertView>());
  const [cursor, setCursor] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const since = dayjs().subtract(24, 'hour').toISOString();
      const [open, recent] = await Promise.all([
        api.get<AlertList>('/alerts', { status: 'open', pageSize: 200 }),
        api.get<AlertList>('/alerts', { from: since, pageSize: 200 }),
      ]);
      dispatch({ type: 'load', items: [...open.items, ...recent.items] });
      // The stream starts where the older of the two lists was read: nothing falls in between.
      setCursor((c) => c ?? Math.min(open.cursor, recent.cursor));
    } catch (error) {
      setLoadError(error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const state = useAlertStream(cursor, (event) => {
    if (event.removed || !event.alert) dispatch({ type: 'remove', id: event.alertId });
    else dispatch({ type: 'upsert', alert: event.alert });
    onEvent(event);
  });

  return {
    alerts,
    upsert: (alert: AlertView) => dispatch({ type: 'upsert', alert }),
    state,
    loadError,
    reload: load,
  };
}

// ---------------------------------------------------------------------------------------------
// Dialogs

function NoteModal(props: {
  alert: AlertView | null;
  mode: 'handOff' | 'resolve';
  onClose: () => void;
  onDone: (alert: AlertView) => void;
}) {
  const { t } = useI18n();
  const labels = useAlertLabels();
  const { message } = App.useApp();
  const actions = useAlertActions();
  const [form] = Form.useForm<{ text: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const field = props.mode === 'handOff' ? 'message' : 'note';
  const mutation = props.mode === 'handOff' ? actions.handOff : actions.resolve;

  useEffect(() => {
    if (props.alert) {
      form.resetFields();
      setFormError(null);
    }
  }, [props.alert, form]);

  const submit = async ({ text }: { text: string }) => {
    if (!props.alert) return;
    try {
      const updated =
        props.mode === 'handOff'
          ? await actions.handOff.mutateAsync({ id: props.alert.id, message: text })
          : await actions.resolve.mutateAsync({ id: props.alert.id, note: text });
      message.success(props.mode === 'handOff' ? t('alerts.handedOff') : t('alerts.resolved'));
      props.onDone(updated);
      props.onClose();
    } catch (error) {
      // The server names body.message / body.note: show it under the text box.
      const own = error instanceof ApiError ? error.fieldErrors().find((f) => f.name === field) : undefined;
      if (own) form.setFields([{ name: 'text', errors: own.errors }]);
      else setFormError(errorMessage(error));
    }
  };

  const title =
    props.mode === 'handOff' && props.alert
      ? t('alerts.handOffTitle', { desk: labels.desk(otherDesk(props.alert.desk)) })
      : t('alerts.resolveTitle');
  return (
    <Modal
      open={!!props.alert}
      title={title}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      data-testid={props.mode === 'handOff' ? 'handoff-dialog' : 'resolve-dialog'}
    >
      {props.alert && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
          {props.alert.title}
        </Typography.Paragraph>
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="text"
          label={props.mode === 'handOff' ? t('alerts.handOffMessage') : t('alerts.resolveNote')}
          rules={[
            { required: true, whitespace: true, message: t('alerts.required') },
            zodRule(props.mode === 'handOff' ? alertHandoffSchema.shape.message : alertNoteSchema.shape.note),
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            autoFocus
            placeholder={
              props.mode === 'handOff' ? t('alerts.handOffPlaceholder') : t('alerts.resolvePlaceholder')
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AlertDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const labels = useAlertLabels();
  const canAct = useCanAct();
  const { data, isPending, error } = useAlertDetail(id);
  const a = data?.alert;
  const items = (a?.data.items as { roomLabel: string; endDate: string }[] | undefined) ?? [];
  return (
    <Drawer open={!!id} onClose={onClose} size={560} title={t('alerts.detail')} loading={isPending && !!id}>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      {a && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <LevelTag level={a.level} />
            <Typography.Text strong>{labels.kind(a.kind)}</Typography.Text>
            <StatusTag status={a.status} />
            <DeskTag desk={a.desk} />
          </Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {a.title}
          </Typography.Title>
          <Descriptions column={1} size="small" bordered>
            {a.personName && (
              <Descriptions.Item label={t('alerts.person')}>
                {a.personName}
                {a.roomLabel ? `（${a.roomLabel}）` : ''}
              </Descriptions.Item>
            )}
            {a.gateName && <Descriptions.Item label={t('alerts.gate')}>{a.gateName}</Descriptions.Item>}
            <Descriptions.Item label={t('alerts.firstAt')}>{formatDateTime(a.firstAt)}</Descriptions.Item>
            {a.count > 1 && (
              <Descriptions.Item label={t('alerts.lastAt')}>{formatDateTime(a.lastAt)}</Descriptions.Item>
            )}
            {a.watchRule && (
              <>
                <Descriptions.Item label={t('alerts.watchPurpose')}>{a.watchRule.purpose}</Descriptions.Item>
                <Descriptions.Item label={t('alerts.watchLegalBasis')}>
                  {a.watchRule.legalBasis}
                </Descriptions.Item>
              </>
            )}
            {a.handoffMessage && (
              <Descriptions.Item label={t('alerts.handoffFrom')}>{a.handoffMessage}</Descriptions.Item>
            )}
            {a.resolution && (
              <Descriptions.Item label={t('alerts.resolution')}>{a.resolution}</Descriptions.Item>
            )}
          </Descriptions>
          <FromAlertButton alert={a} />
          {a.kind === 'correction_request' && <CorrectionPanel alertId={a.id} canAct={canAct(a)} />}
          {items.length > 0 && (
            <Card size="small" title={t('alerts.digestItems')}>
              {items.map((i) => (
                <div key={`${i.roomLabel}-${i.endDate}`}>
                  {i.roomLabel} · {i.endDate}
                </div>
              ))}
            </Card>
          )}
          <Typography.Text strong>{t('alerts.timeline')}</Typography.Text>
          <Timeline
            items={(data?.history ?? []).map((h) => ({
              color:
                h.action === 'resolved'
                  ? 'green'
                  : h.action === 'escalated'
                    ? 'red'
                    : h.action === 'handed_off'
                      ? 'orange'
                      : 'blue',
              title: `${formatDateTime(h.at)} · ${labels.action(h.action)}`,
              content: (
                <span>
                  {h.actorName ?? '—'}
                  {h.action === 'handed_off' && h.fromDesk
                    ? ` · ${labels.desk(h.fromDesk)} → ${labels.desk(h.desk)}`
                    : ''}
                  {h.note ? `：${h.note}` : ''}
                </span>
              ),
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}

// ---------------------------------------------------------------------------------------------
// Tables

function useColumns(opts: {
  onAck: (a: AlertView) => void;
  onHandOff: (a: AlertView) => void;
  onResolve: (a: AlertView) => void;
  onDetail: (a: AlertView) => void;
  acking: string | null;
}): ColumnsType<AlertView> {
  const { t } = useI18n();
  const labels = useAlertLabels();
  const canAct = useCanAct();
  return [
    {
      title: t('alerts.colLevel'),
      dataIndex: 'level',
      width: 76,
      render: (_, a) => <LevelTag level={a.level} />,
    },
    { title: t('alerts.colKind'), dataIndex: 'kind', width: 130, render: (_, a) => labels.kind(a.kind) },
    {
      title: t('alerts.colTitle'),
      dataIndex: 'title',
      width: 320,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => opts.onDetail(a)} data-testid="alert-title">
            {a.title}
          </Typography.Link>
          {a.handoffMessage && a.status !== 'resolved' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <SwapOutlined /> {a.handoffMessage}
            </Typography.Text>
          )}
          {a.resolution && (
            <Typography.Text type="success" style={{ fontSize: 12 }} data-testid="alert-resolution">
              <FileDoneOutlined /> {a.resolution}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('alerts.colDesk'),
      dataIndex: 'desk',
      width: 110,
      render: (_, a) => <DeskTag desk={a.desk} />,
    },
    {
      title: t('alerts.colStatus'),
      dataIndex: 'status',
      width: 90,
      render: (_, a) => <StatusTag status={a.status} />,
    },
    {
      title: t('alerts.colTime'),
      dataIndex: 'firstAt',
      width: 170,
      render: (_, a) => (
        <Tooltip title={a.count > 1 ? `${t('alerts.lastAt')} ${formatDateTime(a.lastAt)}` : undefined}>
          {formatDateTime(a.firstAt)}
        </Tooltip>
      ),
    },
    { title: t('alerts.colCount'), dataIndex: 'count', width: 64, align: 'right' },
    {
      title: t('alerts.colHandler'),
      key: 'handler',
      width: 120,
      render: (_, a) => a.resolvedBy ?? a.acknowledgedBy ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 290,
      fixed: 'right',
      render: (_, a) =>
        canAct(a) ? (
          <Space size={4} wrap>
            {a.status === 'new' && (
              <Button
                size="small"
                icon={<CheckOutlined />}
                loading={opts.acking === a.id}
                onClick={() => opts.onAck(a)}
              >
                {t('alerts.acknowledge')}
              </Button>
            )}
            <Button
              size="small"
              icon={<SwapOutlined />}
              onClick={() => opts.onHandOff(a)}
              data-testid="alert-handoff"
            >
              {t('alerts.handOffTo', { desk: labels.desk(otherDesk(a.desk)) })}
            </Button>
            {a.kind === 'correction_request' ? (
              // A correction is decided (accepted / rejected) in its detail, so the outcome is recorded.
              <Button
                size="small"
                type="primary"
                onClick={() => opts.onDetail(a)}
                data-testid="alert-decide-correction"
              >
                {t('privacy.decide')}
              </Button>
            ) : (
              <Button
                size="small"
                type="primary"
                onClick={() => opts.onResolve(a)}
                data-testid="alert-resolve"
              >
                {t('alerts.resolve')}
              </Button>
            )}
          </Space>
        ) : (
          <Button size="small" type="link" onClick={() => opts.onDetail(a)}>
            {t('alerts.detail')}
          </Button>
        ),
    },
  ];
}

function connectionBadge(
  state: StreamState,
  t: (k: 'alerts.connected' | 'alerts.connecting' | 'alerts.disconnected') => string,
) {
  if (state === 'open')
    return (
      <Badge
        status="processing"
        color="green"
        text={t('alerts.connected')}
        data-testid="stream-state"
        data-state="open"
      />
    );
  if (state === 'connecting')
    return (
      <Badge
        status="warning"
        text={t('alerts.connecting')}
        data-testid="stream-state"
        data-state="connecting"
      />
    );
  return (
    <Badge status="error" text={t('alerts.disconnected')} data-testid="stream-state" data-state="closed" />
  );
}

const HISTORY_KEYS = ['status', 'kind', 'level', 'desk', 'from', 'to', 'q'] as const;

function HistoryTab(props: { columns: ColumnsType<AlertView> }) {
  const { t } = useI18n();
  const labels = useAlertLabels();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{
    status?: string;
    kind?: string;
    level?: string;
    desk?: string;
    q?: string;
    range?: [Dayjs | null, Dayjs | null];
  }>();
  const filters = useMemo(() => {
    const f: AlertFilters = {};
    for (const k of HISTORY_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const query = useAlertSearch(filters, page, pageSize);

  useEffect(() => {
    form.setFieldsValue({
      ...filters,
      range:
        filters.from || filters.to
          ? [filters.from ? isoToPicked(filters.from) : null, filters.to ? isoToPicked(filters.to) : null]
          : undefined,
    });
  }, [filters, form]);

  const setFilters = (next: AlertFilters, nextPage = 1, nextSize = pageSize) => {
    const p = new URLSearchParams({ tab: 'history' });
    for (const k of HISTORY_KEYS) if (next[k]) p.set(k, next[k]!);
    if (nextPage > 1) p.set('page', String(nextPage));
    if (nextSize !== 20) p.set('pageSize', String(nextSize));
    setParams(p);
  };

  const options = <T extends string>(values: readonly T[], label: (v: T) => string) =>
    values.map((v) => ({ value: v, label: label(v) }));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => {
          const [from, to] = v.range ?? [];
          setFilters({
            status: v.status,
            kind: v.kind,
            level: v.level,
            desk: v.desk,
            q: v.q?.trim() || undefined,
            from: from ? pickedToIso(from.startOf('minute')) : undefined,
            to: to ? pickedToIso(to.endOf('minute')) : undefined,
          });
        }}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="q" label={t('alerts.searchText')}>
          <Input allowClear placeholder={t('alerts.searchTextHint')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="kind" label={t('alerts.colKind')}>
          <Select
            allowClear
            style={{ width: 170 }}
            options={options(ALERT_KINDS, labels.kind)}
            placeholder={t('alerts.any')}
          />
        </Form.Item>
        <Form.Item name="level" label={t('alerts.colLevel')}>
          <Select
            allowClear
            style={{ width: 100 }}
            options={options(ALERT_LEVELS, labels.level)}
            placeholder={t('alerts.any')}
          />
        </Form.Item>
        <Form.Item name="status" label={t('alerts.colStatus')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={options(ALERT_STATUSES, labels.status)}
            placeholder={t('alerts.any')}
          />
        </Form.Item>
        <Form.Item name="desk" label={t('alerts.colDesk')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={options(ALERT_DESKS, labels.desk)}
            placeholder={t('alerts.any')}
          />
        </Form.Item>
        <Form.Item name="range" label={t('alerts.range')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {query.error && <Alert type="error" showIcon title={errorMessage(query.error)} />}
      <Table<AlertView>
        rowKey="id"
        size="middle"
        columns={props.columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching}
        data-testid="alerts-history"
        pagination={{
          current: page,
          pageSize,
          total: query.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => setFilters(filters, p, s),
        }}
        scroll={{ x: 1360 }}
      />
    </Space>
  );
}

export default function AlertsPage() {
  const { t } = useI18n();
  const me = useMe();
  const labels = useAlertLabels();
  const { notification, message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'live';
  const [sound, setSound] = useState(soundPreference.get);
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [handOff, setHandOff] = useState<AlertView | null>(null);
  const [resolving, setResolving] = useState<AlertView | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const [acking, setAcking] = useState<string | null>(null);
  const myDesk = deskOf(me.user.role);
  const actions = useAlertActions();

  const onEvent = useCallback(
    (e: AlertStreamEvent) => {
      const a = e.alert;
      if (!a) return;
      const mine = a.desk === myDesk;
      const toast =
        e.action === 'raised' || (e.action === 'handed_off' && mine) || e.action === 'escalated'
          ? e.action === 'raised'
            ? t('alerts.newAlert')
            : e.action === 'escalated'
              ? t('alerts.escalatedToast')
              : t('alerts.handedToMe')
          : null;
      if (!toast) return;
      notification.open({
        key: `alert-${e.seq}`,
        type: a.level === 'critical' ? 'error' : a.level === 'warning' ? 'warning' : 'info',
        title: `${toast} · ${labels.level(a.level)} · ${labels.kind(a.kind)}`,
        description: (
          <span>
            {a.title}
            {e.action === 'handed_off' && a.handoffMessage ? `（${a.handoffMessage}）` : ''}
          </span>
        ),
        duration: a.level === 'critical' ? 0 : 10,
        placement: 'topRight',
        className: 'anju-alert-toast',
        props: { 'data-testid': 'alert-toast', 'data-alert-id': a.id } as Record<string, string>,
        onClick: () => setDetail(a.id),
      });
      if (sound) chime(a.level === 'critical');
    },
    [labels, myDesk, notification, sound, t],
  );

  const live = useLiveAlerts(onEvent);
  const list = useMemo(() => {
    const rows = [...live.alerts.values()].filter((a) => !onlyOpen || a.status !== 'resolved');
    return rows.sort(
      (x, y) =>
        Number(x.status === 'resolved') - Number(y.status === 'resolved') ||
        (x.status === 'resolved' ? 0 : LEVEL_RANK[y.level] - LEVEL_RANK[x.level]) ||
        y.firstAt.localeCompare(x.firstAt),
    );
  }, [live.alerts, onlyOpen]);

  const columns = useColumns({
    acking,
    onDetail: (a) => setDetail(a.id),
    onHandOff: setHandOff,
    onResolve: setResolving,
    onAck: async (a) => {
      setAcking(a.id);
      try {
        live.upsert(await actions.acknowledge.mutateAsync(a.id));
        message.success(t('alerts.acknowledged'));
      } catch (error) {
        message.error(errorMessage(error));
      } finally {
        setAcking(null);
      }
    },
  });

  const openCount = list.filter((a) => a.status !== 'resolved').length;
  return (
    <Card
      data-testid="alerts-page"
      title={
        <Space>
          <BellOutlined />
          {t('alerts.myDesk', { desk: labels.desk(myDesk) })}
        </Space>
      }
      extra={
        <Space size={16} wrap>
          {connectionBadge(live.state, t)}
          <Space size={4}>
            <SoundOutlined />
            <Switch
              size="small"
              checked={sound}
              aria-label={t('alerts.sound')}
              onChange={(on) => {
                if (on) unlockSound();
                setSound(on);
                soundPreference.set(on);
              }}
            />
            <span>{t('alerts.sound')}</span>
          </Space>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'history' ? { tab: 'history' } : {})}
        items={[
          {
            key: 'live',
            label: (
              <Badge count={openCount} size="small" offset={[10, -2]}>
                {t('alerts.live')}
              </Badge>
            ),
            children: (
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Space>
                  <Switch size="small" checked={onlyOpen} onChange={setOnlyOpen} />
                  <span>{t('alerts.onlyOpen')}</span>
                  <Button size="small" icon={<ReloadOutlined />} onClick={() => void live.reload()}>
                    {t('common.refresh')}
                  </Button>
                </Space>
                {live.loadError != null && (
                  <Alert type="error" showIcon title={errorMessage(live.loadError)} />
                )}
                <Table<AlertView>
                  rowKey="id"
                  size="middle"
                  columns={columns}
                  dataSource={list}
                  data-testid="alerts-live"
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={t('alerts.empty')} /> }}
                  rowClassName={(a) =>
                    a.status === 'resolved' ? 'anju-alert-resolved' : `anju-alert-${a.level}`
                  }
                  scroll={{ x: 1360 }}
                />
              </Space>
            ),
          },
          { key: 'history', label: t('alerts.history'), children: <HistoryTab columns={columns} /> },
        ]}
      />
      <NoteModal alert={handOff} mode="handOff" onClose={() => setHandOff(null)} onDone={live.upsert} />
      <NoteModal alert={resolving} mode="resolve" onClose={() => setResolving(null)} onDone={live.upsert} />
      <AlertDrawer id={detail} onClose={() => setDetail(null)} />
    </Card>
  );
}
