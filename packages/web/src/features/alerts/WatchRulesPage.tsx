import { CheckOutlined, EditOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  ALERT_DESKS,
  WATCH_RULE_MAX_DAYS,
  WATCH_RULE_STATUSES,
  type AlertDesk,
  type SearchResult,
  type WatchRule,
  type WatchRuleStatus,
} from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth, useMe } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, formatDateTime, isoToPicked, pickedToIso } from '../../app/time.ts';
import { useGates, useWatchRules, WATCH_KEY } from './api.ts';
import { DeskTag, useAlertLabels } from './ui.tsx';

const STATUS_COLORS: Record<WatchRuleStatus, string> = {
  pending: 'gold',
  active: 'green',
  rejected: 'default',
  ended: 'default',
  expired: 'red',
};

interface RuleForm {
  personId: string;
  gateId: string | null;
  purpose: string;
  legalBasis: string;
  expiresAt: Dayjs;
  desk: AlertDesk;
}

/** Finds a person in the registry by name, ID number or flat (the search endpoint of the registry). */
function PersonPicker({
  value,
  onChange,
  disabled,
}: {
  value?: string;
  onChange?: (id: string) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string; id: string }[]>([]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 1) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: SearchResult[] }>('/registry/search', { q, limit: 10 }, ctrl.signal)
        .then((r) =>
          setOptions(
            r.items.flatMap((i) =>
              i.kind === 'person'
                ? [
                    {
                      id: i.id,
                      value: `${i.name} ${i.roomLabel ?? ''} ${i.idNumberMasked}`,
                      label: `${i.name} · ${i.roomLabel ?? '—'} · ${i.idNumberMasked}`,
                    },
                  ]
                : [],
            ),
          ),
        )
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [text]);
  return (
    <AutoComplete
      disabled={disabled}
      value={text || (value ? undefined : '')}
      options={options}
      placeholder={t('watch.personSearch')}
      onSearch={setText}
      onChange={(v) => setText(String(v ?? ''))}
      onSelect={(_v, option) => {
        setText(option.label);
        onChange?.(option.id);
      }}
      data-testid="watch-person"
    />
  );
}

function RuleModal({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing: WatchRule | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const labels = useAlertLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const gates = useGates();
  const [form] = Form.useForm<RuleForm>();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        personId: editing.personId,
        gateId: editing.gateId,
        purpose: editing.purpose,
        legalBasis: editing.legalBasis,
        expiresAt: isoToPicked(editing.expiresAt) ?? undefined,
        desk: editing.desk,
      });
    } else {
      form.setFieldsValue({
        desk: 'police_office',
        gateId: null,
        expiresAt: dayjs().add(7, 'day').endOf('day'),
      });
    }
  }, [open, editing, form]);

  const save = useMutation({
    mutationFn: (v: RuleForm) => {
      const body = {
        gateId: v.gateId ?? null,
        purpose: v.purpose,
        legalBasis: v.legalBasis,
        expiresAt: pickedToIso(v.expiresAt),
        desk: v.desk,
      };
      return editing
        ? api.patch<WatchRule>(`/alerts/watch-rules/${editing.id}`, body)
        : api.post<WatchRule>('/alerts/watch-rules', {
            ...body,
            siteId: me.sites[0]?.id,
            personId: v.personId,
          });
    },
    onSuccess: async (rule) => {
      message.success(rule.status === 'pending' ? t('watch.pendingNote') : t('watch.saved'));
      await queryClient.invalidateQueries({ queryKey: WATCH_KEY });
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  const lastDay = dayjs().add(WATCH_RULE_MAX_DAYS, 'day').endOf('day');
  return (
    <Modal
      open={open}
      title={editing ? t('watch.edit') : t('watch.new')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={620}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('watch.privacyNote')} style={{ marginBottom: 16 }} />
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} requiredMark={false}>
        <Form.Item
          name="personId"
          label={t('watch.person')}
          rules={[{ required: true, message: t('watch.personSearch') }]}
        >
          {editing ? (
            <Input disabled value={`${editing.personName} ${editing.roomLabel ?? ''}`} />
          ) : (
            <PersonPicker />
          )}
        </Form.Item>
        <Form.Item name="gateId" label={t('watch.gate')}>
          <Select
            options={[
              { value: null, label: t('watch.anyGate') },
              ...(gates.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('watch.purpose')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('alerts.required') }]}
        >
          <Input maxLength={100} placeholder={t('watch.purposePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t('watch.legalBasis')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('alerts.required') }]}
        >
          <Input.TextArea rows={2} maxLength={300} placeholder={t('watch.legalBasisPlaceholder')} />
        </Form.Item>
        <Space size={24} align="start" wrap>
          <Form.Item
            name="expiresAt"
            label={t('watch.expiresAt')}
            extra={t('watch.expiresHint')}
            rules={[{ required: true, message: t('watch.expiresHint') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(lastDay)}
            />
          </Form.Item>
          <Form.Item name="desk" label={t('watch.desk')}>
            <Radio.Group
              optionType="button"
              options={ALERT_DESKS.map((d) => ({ value: d, label: labels.desk(d) }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export default function WatchRulesPage() {
  const { t, tr } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | undefined>(undefined);
  const rules = useWatchRules(status);
  const [editing, setEditing] = useState<WatchRule | null>(null);
  const [creating, setCreating] = useState(false);

  const act = useMutation({
    mutationFn: ({
      rule,
      action,
      note,
    }: {
      rule: WatchRule;
      action: 'approve' | 'reject' | 'end';
      note?: string;
    }) =>
      api.post<WatchRule>(
        `/alerts/watch-rules/${rule.id}/${action}`,
        action === 'end' ? undefined : { note },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WATCH_KEY }),
    onError: (error) => message.error(errorMessage(error)),
  });

  const reject = (rule: WatchRule) => {
    let note = '';
    modal.confirm({
      title: t('watch.reject'),
      content: (
        <Input.TextArea
          rows={2}
          placeholder={t('watch.rejectReason')}
          onChange={(e) => (note = e.target.value)}
        />
      ),
      onOk: () => act.mutateAsync({ rule, action: 'reject', note }),
    });
  };

  const columns: ColumnsType<WatchRule> = [
    {
      title: t('watch.person'),
      key: 'person',
      width: 160,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{r.personName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.roomLabel ?? '—'}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('watch.gate'),
      dataIndex: 'gateName',
      width: 100,
      render: (v: string | null) => v ?? t('watch.anyGate'),
    },
    { title: t('watch.purpose'), dataIndex: 'purpose', width: 180 },
    { title: t('watch.legalBasis'), dataIndex: 'legalBasis', width: 220, ellipsis: true },
    { title: t('watch.desk'), dataIndex: 'desk', width: 110, render: (d: AlertDesk) => <DeskTag desk={d} /> },
    {
      title: t('watch.expiresAt'),
      dataIndex: 'expiresAt',
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('watch.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: WatchRuleStatus) => <Tag color={STATUS_COLORS[s]}>{tr(`watch.status.${s}`)}</Tag>,
    },
    { title: t('watch.matches'), dataIndex: 'matchCount', width: 70, align: 'right' },
    {
      title: t('watch.createdBy'),
      key: 'by',
      width: 150,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.createdBy ?? '—'}</span>
          {r.approvedBy && r.approvedBy !== r.createdBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              ✓ {r.approvedBy}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.status === 'pending' && can('watch.approve') && (
            <>
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => act.mutate({ rule: r, action: 'approve' })}
              >
                {t('watch.approve')}
              </Button>
              <Button size="small" onClick={() => reject(r)}>
                {t('watch.reject')}
              </Button>
            </>
          )}
          {(r.status === 'active' || r.status === 'pending' || r.status === 'expired') && (
            <>
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                {t('watch.edit')}
              </Button>
              <Popconfirm
                title={t('watch.endConfirm')}
                onConfirm={() => act.mutate({ rule: r, action: 'end' })}
              >
                <Button size="small" danger icon={<StopOutlined />}>
                  {t('watch.end')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      data-testid="watch-rules"
      title={t('menu.watchRules')}
      extra={
        <Space>
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('watch.status')}
            value={status}
            onChange={setStatus}
            options={WATCH_RULE_STATUSES.map((s) => ({ value: s, label: tr(`watch.status.${s}`) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void rules.refetch()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('watch.new')}
          </Button>
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t('watch.privacyNote')}
        description={t('watch.pendingNote')}
        style={{ marginBottom: 16 }}
      />
      {rules.error && <Alert type="error" showIcon title={errorMessage(rules.error)} />}
      <Table<WatchRule>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.isFetching}
        scroll={{ x: 1560 }}
      />
      <RuleModal
        open={creating || !!editing}
        editing={editing}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
    </Card>
  );
}
