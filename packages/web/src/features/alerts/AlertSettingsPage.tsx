import {
  ApiOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SendOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import {
  ALERT_DESKS,
  ALERT_LEVELS,
  alertLabel,
  CHANNEL_KINDS,
  type AlertDesk,
  type AlertLevel,
  type Channel,
  type ChannelKind,
  type Delivery,
} from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useMe } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { formatDateTime } from '../../app/time.ts';
import { type RuleRow, useChannels, useDeliveries, useRuleSettings, useSaveRule } from './api.ts';
import { DeskTag, LevelTag, useAlertLabels } from './ui.tsx';

interface RuleFormValues {
  enabled: boolean;
  desk: AlertDesk;
  level: AlertLevel;
  params: Record<string, number>;
}

function RuleModal({ row, siteId, onClose }: { row: RuleRow | null; siteId: string; onClose: () => void }) {
  const { t, tr } = useI18n();
  const labels = useAlertLabels();
  const { message } = App.useApp();
  const save = useSaveRule();
  const [form] = Form.useForm<RuleFormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    if (row) {
      setFormError(null);
      form.setFieldsValue({ enabled: row.enabled, desk: row.desk, level: row.level, params: row.params });
    }
  }, [row, form]);
  if (!row) return null;
  return (
    <Modal
      open={!!row}
      title={tr(`alertSettings.rule.${row.rule}`)}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await save.mutateAsync({ rule: row.rule, body: { siteId, ...v, params: v.params ?? {} } });
            message.success(t('watch.saved'));
            onClose();
          } catch (error) {
            // body.params.windowMinutes → the params.windowMinutes field
            const details = (error as { details?: { field: string; message: string }[] }).details ?? [];
            const fields = details
              .filter((d) => d.field.startsWith('body.params.'))
              .map((d) => ({
                name: ['params', d.field.slice('body.params.'.length)] as ['params', string],
                errors: [d.message],
              }));
            if (fields.length) form.setFields(fields);
            else if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
          }
        }}
      >
        <Form.Item name="enabled" label={t('alertSettings.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {row.rule !== 'escalation' && (
          <Space size={24}>
            <Form.Item name="desk" label={t('alerts.colDesk')}>
              <Select
                style={{ width: 150 }}
                options={ALERT_DESKS.map((d) => ({ value: d, label: labels.desk(d) }))}
              />
            </Form.Item>
            <Form.Item name="level" label={t('alerts.colLevel')}>
              <Select
                style={{ width: 120 }}
                options={ALERT_LEVELS.map((l) => ({ value: l, label: labels.level(l) }))}
              />
            </Form.Item>
          </Space>
        )}
        {Object.keys(row.defaults.params).map((key) => (
          <Form.Item
            key={key}
            name={['params', key]}
            label={tr(`alertSettings.param.${key}`)}
            extra={`${t('alertSettings.default')}: ${row.defaults.params[key]}`}
          >
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function RulesCard() {
  const { t, tr } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useRuleSettings();
  const save = useSaveRule();
  const [editing, setEditing] = useState<RuleRow | null>(null);
  const siteId = rules.data?.siteId ?? '';
  const reset = useMutation({
    mutationFn: (rule: string) => api.del(`/alerts/rules/${rule}?siteId=${siteId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: ColumnsType<RuleRow> = [
    {
      title: t('alertSettings.rule'),
      dataIndex: 'rule',
      render: (r: RuleRow['rule']) => tr(`alertSettings.rule.${r}`),
    },
    {
      title: t('alertSettings.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (on: boolean, r) => (
        <Switch
          size="small"
          checked={on}
          loading={save.isPending && save.variables?.rule === r.rule}
          onChange={(enabled) =>
            save.mutate(
              { rule: r.rule, body: { siteId, enabled, desk: r.desk, level: r.level, params: r.params } },
              { onError: (e) => message.error(errorMessage(e)) },
            )
          }
        />
      ),
    },
    {
      title: t('alerts.colDesk'),
      dataIndex: 'desk',
      width: 120,
      render: (d: AlertDesk, r) => (r.rule === 'escalation' ? '—' : <DeskTag desk={d} />),
    },
    {
      title: t('alerts.colLevel'),
      dataIndex: 'level',
      width: 80,
      render: (l: AlertLevel, r) => (r.rule === 'escalation' ? '—' : <LevelTag level={l} />),
    },
    {
      title: t('alertSettings.params'),
      dataIndex: 'params',
      render: (p: Record<string, number>) =>
        Object.keys(p).length ? (
          <Space size={4} wrap>
            {Object.entries(p).map(([k, v]) => (
              <Tag key={k}>
                {tr(`alertSettings.param.${k}`)}: {v}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '',
      dataIndex: 'isDefault',
      width: 80,
      render: (d: boolean) => (
        <Tag color={d ? 'default' : 'blue'}>
          {d ? t('alertSettings.default') : t('alertSettings.customised')}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
            {t('alertSettings.edit')}
          </Button>
          {!r.isDefault && (
            <Button size="small" icon={<UndoOutlined />} onClick={() => reset.mutate(r.rule)}>
              {t('alertSettings.reset')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card title={t('alertSettings.rules')} data-testid="alert-rules">
      <Typography.Paragraph type="secondary">{t('alertSettings.rulesHint')}</Typography.Paragraph>
      {rules.error && <Alert type="error" showIcon title={errorMessage(rules.error)} />}
      <Table<RuleRow>
        rowKey="rule"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.isPending}
      />
      <RuleModal row={editing} siteId={siteId} onClose={() => setEditing(null)} />
    </Card>
  );
}

interface ChannelForm {
  kind: ChannelKind;
  name: string;
  url?: string;
  secret?: string;
  recipients?: string[];
  desks: AlertDesk[];
  minLevel: AlertLevel;
}

function ChannelsCard() {
  const { t, lang } = useI18n();
  const me = useMe();
  const labels = useAlertLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const channels = useChannels();
  const deliveries = useDeliveries();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ChannelForm>();
  const kind = Form.useWatch('kind', form);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['alerts', 'channels'] });

  const create = useMutation({
    mutationFn: (v: ChannelForm) => api.post<Channel>('/alerts/channels', { ...v, siteId: me.sites[0]?.id }),
    onSuccess: async () => {
      await refresh();
      setOpen(false);
      form.resetFields();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      api.patch(`/alerts/channels/${id}`, { enabled }),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/alerts/channels/${id}`),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: (id: string) =>
      api.post<{ ok: boolean; error: string | null }>(`/alerts/channels/${id}/test`),
    onSuccess: (r) =>
      r.ok
        ? message.success(t('alertSettings.testOk'))
        : message.error(t('alertSettings.testFailed', { error: r.error ?? '' })),
    onError: (e) => message.error(errorMessage(e)),
  });

  const columns: ColumnsType<Channel> = [
    { title: t('alertSettings.channelName'), dataIndex: 'name' },
    {
      title: t('alertSettings.channelKind'),
      dataIndex: 'kind',
      width: 170,
      render: (k: ChannelKind) => alertLabel(lang, 'channelKind', k),
    },
    {
      title: t('alertSettings.url'),
      key: 'target',
      ellipsis: true,
      render: (_, c) => (c.kind === 'webhook' ? c.url : c.recipients.join('、')),
    },
    {
      title: t('alertSettings.desks'),
      dataIndex: 'desks',
      width: 200,
      render: (d: AlertDesk[]) => d.map((x) => <DeskTag key={x} desk={x} />),
    },
    {
      title: t('alertSettings.minLevel'),
      dataIndex: 'minLevel',
      width: 90,
      render: (l: AlertLevel) => <LevelTag level={l} />,
    },
    {
      title: t('alertSettings.enabled'),
      dataIndex: 'enabled',
      width: 70,
      render: (on: boolean, c) => (
        <Switch size="small" checked={on} onChange={(enabled) => toggle.mutate({ id: c.id, enabled })} />
      ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 170,
      render: (_, c) => (
        <Space size={4}>
          <Button
            size="small"
            icon={<SendOutlined />}
            loading={test.isPending && test.variables === c.id}
            onClick={() => test.mutate(c.id)}
          >
            {t('alertSettings.test')}
          </Button>
          <Popconfirm title={t('alertSettings.deleteConfirm')} onConfirm={() => remove.mutate(c.id)}>
            <Button size="small" danger icon={<DeleteOutlined />} />
          </Popconfirm>
        </Space>
      ),
    },
  ];
  const deliveryColumns: ColumnsType<Delivery> = [
    {
      title: t('alerts.colTime'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    { title: t('alertSettings.channelName'), dataIndex: 'channelName' },
    { title: t('alerts.colKind'), dataIndex: 'action', width: 90, render: (a: string) => labels.action(a) },
    {
      title: t('alerts.colStatus'),
      dataIndex: 'status',
      width: 90,
      render: (s: Delivery['status']) => (
        <Tag color={s === 'delivered' ? 'green' : s === 'failed' ? 'red' : 'gold'}>
          {t(`alertSettings.delivery.${s}`)}
        </Tag>
      ),
    },
    { title: t('alertSettings.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    {
      title: t('alertSettings.nextAttempt'),
      dataIndex: 'nextAttemptAt',
      width: 170,
      render: (v: string | null) => formatDateTime(v),
    },
    {
      title: t('alertSettings.lastError'),
      dataIndex: 'lastError',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <>
      <Card
        title={
          <Space>
            <ApiOutlined />
            {t('alertSettings.channels')}
          </Space>
        }
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.setFieldsValue({
                kind: 'webhook',
                desks: ['police_office', 'property_desk'],
                minLevel: 'warning',
              });
              setOpen(true);
            }}
          >
            {t('alertSettings.newChannel')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('alertSettings.channelsHint')}</Typography.Paragraph>
        <Table<Channel>
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={channels.data?.items ?? []}
          loading={channels.isPending}
        />
      </Card>
      <Card title={t('alertSettings.deliveries')}>
        <Table<Delivery>
          rowKey="id"
          size="small"
          columns={deliveryColumns}
          dataSource={deliveries.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
        />
      </Card>
      <Modal
        open={open}
        title={t('alertSettings.newChannel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={create.isPending}
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} requiredMark={false}>
          <Form.Item name="kind" label={t('alertSettings.channelKind')}>
            <Select
              options={CHANNEL_KINDS.map((k) => ({ value: k, label: alertLabel(lang, 'channelKind', k) }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('alertSettings.channelName')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          {kind === 'webhook' ? (
            <>
              <Form.Item name="url" label={t('alertSettings.url')} rules={[{ required: true }]}>
                <Input placeholder="https://example.gov.cn/anju/webhook" />
              </Form.Item>
              <Form.Item
                name="secret"
                label={t('alertSettings.secret')}
                rules={[{ required: true, min: 16 }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="recipients" label={t('alertSettings.recipients')} rules={[{ required: true }]}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} />
            </Form.Item>
          )}
          <Form.Item name="desks" label={t('alertSettings.desks')}>
            <Checkbox.Group options={ALERT_DESKS.map((d) => ({ value: d, label: labels.desk(d) }))} />
          </Form.Item>
          <Form.Item name="minLevel" label={t('alertSettings.minLevel')}>
            <Select
              style={{ width: 140 }}
              options={ALERT_LEVELS.map((l) => ({ value: l, label: labels.level(l) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export default function AlertSettingsPage() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="alert-settings">
      <RulesCard />
      <ChannelsCard />
    </Space>
  );
}
