import { ReloadOutlined, TabletOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Result,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import {
  GATE_DIRECTIONS,
  type Gate,
  type GateSchedule,
  RESIDENCY_TYPES,
  type ResidencyType,
} from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { accessKeys, type SignedCode } from './api.ts';
import { residencyTypeLabel } from './labels.ts';
import { ScheduleEditor, scheduleRule } from './ScheduleEditor.tsx';
import { mmss, secondsLeft, useNow } from './time.ts';

interface GateForm {
  name: string;
  direction: Gate['direction'];
  location?: string;
  allTypes: boolean;
  allowedResidencyTypes?: ResidencyType[];
  allowVisitors: boolean;
  schedule: GateSchedule | null;
  active: boolean;
}

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

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(formOf(gate));
      setFormError(null);
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
      if (gate) return api.patch(`/access/gates/${gate.id}`, { ...body, active: values.active });
      return api.post('/access/gates', { ...body, siteId });
    },
    onSuccess: async () => {
      message.success(gate ? t('access.gateSaved') : t('access.gateCreated'));
      await queryClient.invalidateQueries({ queryKey: accessKeys.gates });
      onClose();
    },
    onError: (error) => {
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
      </Form>
    </Modal>
  );
}

/** A one-time 6-digit code (and its QR) the gate tablet exchanges for its device token. */
export function PairingModal({ gate, onClose }: { gate: Gate | null; onClose: () => void }) {
  const { t } = useI18n();
  const now = useNow(1000);
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
  const left = code ? secondsLeft(code.expiresAt, now) : 0;
  const terminalUrl = `${window.location.origin}/terminal/gate`;

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
        <div className="anju-pairing" data-testid="pairing-code">
          {left > 0 ? (
            <>
              <div className="anju-pairing-code" title={t('access.pairCode')}>
                {code.code}
              </div>
              <img src={code.qrDataUrl} alt={t('access.pairQrAlt')} className="anju-pairing-qr" />
              <Typography.Text type={left < 60 ? 'danger' : 'secondary'}>
                {t('access.pairExpiresIn', { time: mmss(left) })}
              </Typography.Text>
            </>
          ) : (
            <Result status="warning" title={t('access.pairExpired')} />
          )}
          <ol className="anju-pairing-steps">
            <li>
              {t('access.pairStep1')}
              <div>
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {terminalUrl}
                </Typography.Text>
              </div>
            </li>
            <li>{t('access.pairStep2')}</li>
            <li>{t('access.pairStep3')}</li>
          </ol>
        </div>
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
      api.post<{ eventId: number }>(`/access/gates/${gate?.id}/open`, values),
    onSuccess: () => {
      message.success(t('access.manualOpened', { name: gate?.name ?? '' }));
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
