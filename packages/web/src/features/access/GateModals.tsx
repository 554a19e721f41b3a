import { ApiOutlined, ReloadOutlined, TabletOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Badge,
  Checkbox,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Switch,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  GATE_DIRECTIONS,
  type Gate,
  type GateRelayInput,
  RELAY_KINDS,
  RELAY_METHODS,
  type RelayAttempt,
  type RelayOutcome,
  type GateSchedule,
  RESIDENCY_TYPES,
  type ResidencyType,
} from '@anju/contracts';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { PairingCodePanel } from '../../app/PairingCodePanel.tsx';
import { accessKeys, type SignedCode } from './api.ts';
import { residencyTypeLabel } from './labels.ts';
import { ScheduleEditor, scheduleRule } from './ScheduleEditor.tsx';
import { formatDateTime } from '../../app/time.ts';

/** The lock-controller part of the gate form (PUT /access/gates/:id/relay). */
interface RelayForm {
  kind: Gate['relay']['kind'];
  url?: string;
  method: Gate['relay']['method'];
  bodyTemplate?: string;
  /** write-only: empty keeps the stored one */
  secret?: string;
  clearSecret: boolean;
  openSeconds: number;
  timeoutMs: number;
}

interface GateForm {
  name: string;
  direction: Gate['direction'];
  location?: string;
  allTypes: boolean;
  allowedResidencyTypes?: ResidencyType[];
  allowVisitors: boolean;
  schedule: GateSchedule | null;
  active: boolean;
  relay: RelayForm;
}

/** A failed save of the relay settings (the gate itself was saved). */
class RelaySaveError extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause));
  }
}

function relayBody(r: RelayForm): GateRelayInput {
  if (r.kind === 'none') return { kind: 'none' };
  return {
    kind: r.kind,
    url: r.url?.trim() || null,
    method: r.method,
    bodyTemplate: r.method === 'POST' && r.bodyTemplate?.trim() ? r.bodyTemplate : null,
    ...(r.secret ? { secret: r.secret } : {}),
    clearSecret: !r.secret && r.clearSecret,
    openSeconds: r.openSeconds,
    timeoutMs: r.timeoutMs,
  };
}

const relayChanged = (gate: Gate | null, r: RelayForm) =>
  !gate
    ? r.kind !== 'none'
    : JSON.stringify(relayBody(r)) !==
      JSON.stringify(
        relayBody({
          ...gate.relay,
          url: gate.relay.url ?? undefined,
          bodyTemplate: gate.relay.bodyTemplate ?? undefined,
          clearSecret: false,
        }),
      );

function formOf(gate: Gate | null): GateForm {
  return {
    name: gate?.name ?? '',
    direction: gate?.direction ?? 'both',
    location: gate?.location,
    allTypes: !gate?.allowedResidencyTypes,
    allowedResidencyTypes: gate?.allowedResidencyTypes ?? [...RESIDENCY_TYPES],
    allowVisitors: gate?.allowVisitors ?? true,
    schedule: gate?.schedule ?? null,
    active: gate?.active ?? true,
    relay: {
      kind: gate?.relay.kind ?? 'none',
      url: gate?.relay.url ?? undefined,
      method: gate?.relay.method ?? 'POST',
      bodyTemplate: gate?.relay.bodyTemplate ?? undefined,
      secret: undefined,
      clearSecret: false,
      openSeconds: gate?.relay.openSeconds ?? 5,
      timeoutMs: gate?.relay.timeoutMs ?? 1500,
    },
  };
}

/** Register a gate or change its rules (direction, who may pass, visitors, opening hours). */
export function GateFormModal({
  gate,
  siteId,
  open,
  onClose,
}: {
  /** null: a new gate */
  gate: Gate | null;
  siteId: string | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<GateForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const allTypes = Form.useWatch('allTypes', form);
  // A new gate whose relay settings were refused has been created already: a retry updates that
  // gate (PATCH + PUT relay) instead of creating a second one.
  const created = useRef<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(formOf(gate));
      setFormError(null);
      created.current = null;
    }
  }, [open, gate, form]);

  const save = useMutation({
    mutationFn: async (values: GateForm) => {
      const body = {
        name: values.name,
        direction: values.direction,
        location: values.location?.trim() || undefined,
        allowedResidencyTypes: values.allTypes ? null : (values.allowedResidencyTypes ?? []),
        allowVisitors: values.allowVisitors,
        schedule: values.schedule,
      };
      let gateId = gate?.id ?? created.current;
      if (gate) await api.patch(`/access/gates/${gate.id}`, { ...body, active: values.active });
      else if (gateId) await api.patch(`/access/gates/${gateId}`, body);
      else {
        gateId = (await api.post<{ id: string }>('/access/gates', { ...body, siteId })).id;
        created.current = gateId;
      }
      if (gateId && relayChanged(gate, values.relay)) {
        try {
          await api.put(`/access/gates/${gateId}/relay`, relayBody(values.relay));
        } catch (error) {
          throw new RelaySaveError(error);
        }
      }
    },
    onSuccess: async () => {
      message.success(gate ? t('access.gateSaved') : t('access.gateCreated'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.gates });
      onClose();
    },
    onError: (error) => {
      if (error instanceof RelaySaveError) {
        // The gate itself was saved (a new one is in the list now).
        void queryClient.invalidateQueries({ queryKey: accessKeys.gates });
        // The server names body.url, body.openSeconds…: show them on the relay fields.
        const fields = error.cause instanceof ApiError ? error.cause.fieldErrors() : [];
        const relayKeys = Object.keys(formOf(null).relay);
        const named = fields.filter((f) => relayKeys.includes(f.name));
        if (named.length)
          form.setFields(
            named.map((f) => ({ name: ['relay', f.name as keyof RelayForm] as const, errors: f.errors })),
          );
        else setFormError(error.message);
        return;
      }
      if (!applyFieldErrors(form, error)) setFormError(errorMessage(error));
    },
  });

  return (
    <Modal
      open={open}
      title={gate ? t('access.gateEditTitle', { name: gate.name }) : t('access.gateCreateTitle')}
      okText={gate ? t('access.save') : t('common.create')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      width={640}
      forceRender
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<GateForm>
        name="gate"
        form={form}
        layout="vertical"
        initialValues={formOf(gate)}
        onValuesChange={() => setFormError(null)}
        onFinish={(values) => save.mutate(values)}
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="name"
            label={t('access.gateName')}
            style={{ flex: '1 1 220px' }}
            rules={[{ required: true, whitespace: true, message: t('access.gateNameRequired') }]}
          >
            <Input maxLength={60} placeholder={t('access.gateNameHint')} />
          </Form.Item>
          <Form.Item name="direction" label={t('access.direction')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={GATE_DIRECTIONS.map((d) => ({ value: d, label: t(`access.direction.${d}`) }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="location" label={t('access.location')}>
          <Input maxLength={120} placeholder={t('access.locationHint')} />
        </Form.Item>
        <Form.Item label={t('access.allowedTypes')} extra={t('access.allowedTypesHint')}>
          <Flex vertical gap={8}>
            <Form.Item name="allTypes" valuePropName="checked" noStyle>
              <Checkbox>{t('access.allTypes')}</Checkbox>
            </Form.Item>
            {!allTypes && (
              <Form.Item
                name="allowedResidencyTypes"
                noStyle
                rules={[{ required: true, type: 'array', min: 1, message: t('access.allowedTypesRequired') }]}
              >
                <Checkbox.Group
                  options={RESIDENCY_TYPES.map((r) => ({ value: r, label: residencyTypeLabel(r, lang) }))}
                />
              </Form.Item>
            )}
          </Flex>
        </Form.Item>
        <Flex gap={32} wrap>
          <Form.Item name="allowVisitors" label={t('access.allowVisitors')} valuePropName="checked">
            <Switch checkedChildren={t('access.allowed')} unCheckedChildren={t('access.notAllowed')} />
          </Form.Item>
          {gate && (
            <Form.Item name="active" label={t('access.gateActive')} valuePropName="checked">
              <Switch checkedChildren={t('access.inService')} unCheckedChildren={t('access.outOfService')} />
            </Form.Item>
          )}
        </Flex>
        <Form.Item
          name="schedule"
          label={t('access.schedule')}
          extra={t('access.scheduleHint')}
          rules={[scheduleRule({ days: t('access.scheduleNeedsDays'), order: t('access.scheduleOrder') })]}
        >
          <ScheduleEditor />
        </Form.Item>
        <RelayFields gate={gate} />
      </Form>
    </Modal>
  );
}

/** 门锁控制器: how the server opens the real lock after a grant, and a 测试开门 button. */
function RelayFields({ gate }: { gate: Gate | null }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<GateForm>();
  const kind = Form.useWatch(['relay', 'kind'], form);
  const method = Form.useWatch(['relay', 'method'], form);
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: async (gateId: string) => ({
      gateId,
      ...(await api.post<RelayTestResult>(`/access/gates/${gateId}/relay/test`)),
    }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: accessKeys.gates }),
  });
  // A result belongs to the gate it was tested on.
  const tested = test.data?.gateId === gate?.id ? test.data : undefined;
  const savedHttp = gate?.relay.kind === 'http';

  return (
    <div data-testid="relay-section">
      <Divider titlePlacement="start" plain>
        <Flex gap={6} align="center">
          <ApiOutlined />
          {t('access.relaySection')}
        </Flex>
      </Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('access.relayHint')}
      </Typography.Paragraph>
      <Form.Item name={['relay', 'kind']} label={t('access.relayKind')}>
        <Radio.Group options={RELAY_KINDS.map((k) => ({ value: k, label: t(`access.relayKind.${k}`) }))} />
      </Form.Item>
      {kind === 'http' && (
        <>
          <Flex gap={16} wrap>
            <Form.Item
              name={['relay', 'url']}
              label={t('access.relayUrl')}
              extra={t('access.relayUrlHint')}
              style={{ flex: '1 1 320px' }}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  pattern: /^https?:\/\/\S+$/i,
                  message: t('access.relayUrlRequired'),
                },
              ]}
            >
              <Input
                maxLength={500}
                placeholder="http://192.168.1.50/relay/0?turn=on&timer={{openSeconds}}"
              />
            </Form.Item>
            <Form.Item name={['relay', 'method']} label={t('access.relayMethod')}>
              <Radio.Group optionType="button" options={RELAY_METHODS.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Flex>
          {method === 'POST' && (
            <Form.Item
              name={['relay', 'bodyTemplate']}
              label={t('access.relayBody')}
              extra={t('access.relayBodyHint')}
            >
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder='{"relay":0,"on":true,"seconds":{{openSeconds}}}'
              />
            </Form.Item>
          )}
          <Flex gap={16} wrap align="start">
            <Form.Item
              name={['relay', 'secret']}
              label={t('access.relaySecret')}
              extra={t('access.relaySecretHint')}
              style={{ flex: '1 1 260px' }}
              rules={[{ min: 16, message: t('access.relaySecretMin') }]}
            >
              <Input.Password
                autoComplete="new-password"
                maxLength={200}
                placeholder={gate?.relay.hasSecret ? t('access.relaySecretSet') : undefined}
              />
            </Form.Item>
            <Form.Item name={['relay', 'openSeconds']} label={t('access.relayOpenSeconds')}>
              <InputNumber min={1} max={30} precision={0} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name={['relay', 'timeoutMs']} label={t('access.relayTimeout')}>
              <InputNumber min={200} max={10_000} step={100} precision={0} style={{ width: 120 }} />
            </Form.Item>
          </Flex>
          {gate?.relay.hasSecret && (
            <Form.Item name={['relay', 'clearSecret']} valuePropName="checked">
              <Checkbox>{t('access.relayClearSecret')}</Checkbox>
            </Form.Item>
          )}
        </>
      )}
      {gate && (kind === 'http' || savedHttp) && (
        <Flex vertical gap={8}>
          <Flex gap={12} align="center" wrap>
            <Button
              icon={<ApiOutlined />}
              disabled={!savedHttp}
              loading={test.isPending}
              onClick={() => test.mutate(gate.id)}
              data-testid="relay-test"
            >
              {t('access.relayTest')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {savedHttp ? t('access.relayTestHint') : t('access.relayTestSaveFirst')}
            </Typography.Text>
          </Flex>
          {test.error && <Alert type="error" showIcon title={errorMessage(test.error)} />}
          {tested && (
            <Alert
              data-testid="relay-test-result"
              type={tested.ok ? 'success' : 'error'}
              showIcon
              title={relayResultText(t, tested)}
            />
          )}
        </Flex>
      )}
    </div>
  );
}

interface RelayTestResult {
  ok: boolean;
  outcome: RelayOutcome;
  statusCode: number | null;
  latencyMs: number;
  attempts: number;
  error: string | null;
}

type T = ReturnType<typeof useI18n>['t'];

function relayResultText(t: T, r: Pick<RelayTestResult, 'outcome' | 'statusCode' | 'latencyMs' | 'error'>) {
  if (r.outcome === 'ok') return t('access.relayResult.ok', { status: r.statusCode ?? '', ms: r.latencyMs });
  if (r.outcome === 'timeout') return t('access.relayResult.timeout', { ms: r.latencyMs });
  return t('access.relayResult.failed', { error: r.error ?? '', ms: r.latencyMs });
}

/** The gate list's line about the lock controller: the last call's outcome. */
export function RelayStatus({ gate }: { gate: Gate }) {
  const { t } = useI18n();
  if (gate.relay.kind === 'none') return null;
  const last: RelayAttempt | null = gate.relay.last;
  const status = !last ? 'default' : last.outcome === 'ok' ? 'success' : 'error';
  const text = t(last ? `access.relayLast.${last.outcome}` : 'access.relayLast.never');
  return (
    <Tooltip
      title={
        last
          ? `${formatDateTime(last.at)} · ${t(`access.relayPurpose.${last.purpose}`)} · ${relayResultText(t, last)}`
          : undefined
      }
    >
      <Badge
        status={status}
        text={<span style={{ fontSize: 12 }}>{text}</span>}
        data-testid={`relay-status-${gate.name}`}
      />
    </Tooltip>
  );
}

/** A one-time 6-digit code (and its QR) the gate tablet exchanges for its device token. */
export function PairingModal({ gate, onClose }: { gate: Gate | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (gateId: string) => api.post<SignedCode>(`/access/gates/${gateId}/pairing-code`),
  });
  const { mutate, reset } = create;

  // One code per opening (StrictMode runs effects twice in development).
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (gate && requested.current !== gate.id) mutate(gate.id);
    if (!gate) reset();
    requested.current = gate?.id ?? null;
  }, [gate, mutate, reset]);

  const code = create.data;

  return (
    <Modal
      open={!!gate}
      title={
        <Flex gap={8} align="center">
          <TabletOutlined />
          {t('access.pairTitle', { name: gate?.name ?? '' })}
        </Flex>
      }
      onCancel={() => {
        void queryClient.invalidateQueries({ queryKey: accessKeys.gates });
        onClose();
      }}
      footer={
        <Button icon={<ReloadOutlined />} onClick={() => gate && mutate(gate.id)} loading={create.isPending}>
          {t('access.pairRegenerate')}
        </Button>
      }
      width={520}
    >
      {create.error && <Alert type="error" showIcon title={errorMessage(create.error)} />}
      {code && (
        <PairingCodePanel
          code={code}
          terminalPath="/terminal/gate"
          testId="pairing-code"
          texts={{
            codeTitle: t('access.pairCode'),
            qrAlt: t('access.pairQrAlt'),
            expiresIn: (time) => t('access.pairExpiresIn', { time }),
            expired: t('access.pairExpired'),
            steps: [t('access.pairStep1'), t('access.pairStep2'), t('access.pairStep3')],
          }}
        />
      )}
    </Modal>
  );
}

/** Staff open a door by hand; who and why go into the trail. */
export function ManualOpenModal({ gate, onClose }: { gate: Gate | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const open = useMutation({
    mutationFn: (values: { reason: string }) =>
      api.post<{ eventId: number; door: 'simulated' | 'opened' | 'failed' | 'pending' }>(
        `/access/gates/${gate?.id}/open`,
        values,
      ),
    onSuccess: (result) => {
      if (result.door === 'failed' || result.door === 'pending')
        message.warning(t('access.manualOpenRelayFailed', { state: t(`access.relayDoor.${result.door}`) }));
      else message.success(t('access.manualOpened', { name: gate?.name ?? '' }));
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) message.error(errorMessage(error));
    },
  });
  return (
    <Modal
      open={!!gate}
      title={
        <Flex gap={8} align="center">
          <UnlockOutlined />
          {t('access.manualOpenTitle', { name: gate?.name ?? '' })}
        </Flex>
      }
      okText={t('access.manualOpenOk')}
      onOk={() => form.submit()}
      confirmLoading={open.isPending}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('access.manualOpenHint')}</Typography.Paragraph>
      <Form name="manualOpen" form={form} layout="vertical" onFinish={(values) => open.mutate(values)}>
        <Form.Item
          name="reason"
          label={t('access.openReason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('access.openReasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('access.openReasonHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
