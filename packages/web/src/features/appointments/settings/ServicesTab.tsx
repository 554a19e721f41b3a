import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Switch,
  Table,
  Tag,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import {
  type AppointmentService,
  apptKeys,
  type ServiceInput,
  useResources,
  useServices,
  useStaff,
} from '../api.ts';
import { useLocalName } from '../shared.tsx';

/** The service form: documents as one line each. */
type ServiceForm = Omit<ServiceInput, 'documentsZh' | 'documentsEn' | 'stepMin' | 'resourceId'> & {
  documentsZh?: string;
  documentsEn?: string;
  stepMin?: number | null;
  resourceId?: string | null;
};

const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const NEW_SERVICE: Partial<ServiceForm> = {
  durationMin: 15,
  capacity: 1,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 60,
  maxAdvanceDays: 14,
  inSessions: true,
  audience: 'anyone',
  needsIdNumber: false,
  staffIds: [],
  perPhoneDailyLimit: 1,
  perPhoneWeeklyLimit: 2,
  active: true,
};

/** 业务: what can be booked, with its rules (duration, seats, buffers, notice, limits, staff, room). */
export function ServicesTab({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const localName = useLocalName();
  const services = useServices(siteId);
  const [editing, setEditing] = useState<AppointmentService | 'new' | null>(null);

  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setEditing('new')}
        style={{ marginBottom: 12 }}
        data-testid="add-service"
      >
        {t('appt.set.addService')}
      </Button>
      <Table<AppointmentService>
        rowKey="id"
        size="small"
        loading={services.isPending}
        dataSource={services.data ?? []}
        pagination={false}
        onRow={(s) => ({ 'data-testid': `service-row-${s.code}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('appt.field.service'), render: (_, s) => localName(s) },
          { title: t('appt.set.code'), dataIndex: 'code', width: 150 },
          {
            title: t('appt.set.duration'),
            dataIndex: 'durationMin',
            width: 90,
            render: (n: number) => t('appt.unit.min', { n }),
          },
          { title: t('appt.set.capacity'), dataIndex: 'capacity', width: 80 },
          {
            title: t('appt.set.inSessions'),
            dataIndex: 'inSessions',
            width: 110,
            render: (v: boolean) =>
              v ? <Tag color="green">{t('appt.yes')}</Tag> : <Tag>{t('appt.no')}</Tag>,
          },
          {
            title: t('appt.set.audience'),
            dataIndex: 'audience',
            width: 110,
            render: (a: AppointmentService['audience']) => t(`appt.audience.${a}`),
          },
          {
            title: t('appt.set.active'),
            dataIndex: 'active',
            width: 80,
            render: (v: boolean) =>
              v ? <Tag color="blue">{t('appt.set.activeYes')}</Tag> : <Tag>{t('appt.set.activeNo')}</Tag>,
          },
          {
            title: t('appt.actions'),
            width: 80,
            render: (_, s) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                {t('appt.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <ServiceModal
          siteId={siteId}
          service={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function ServiceModal({
  siteId,
  service,
  onClose,
}: {
  siteId: string;
  service: AppointmentService | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const staff = useStaff(siteId);
  const resources = useResources(siteId);
  const [form] = Form.useForm<ServiceForm>();
  const initial: Partial<ServiceForm> = service
    ? { ...service, documentsZh: service.documentsZh.join('\n'), documentsEn: service.documentsEn.join('\n') }
    : NEW_SERVICE;

  const save = useMutation({
    mutationFn: (v: ServiceForm) => {
      const body = {
        ...v,
        siteId,
        stepMin: v.stepMin ?? null,
        resourceId: v.resourceId ?? null,
        documentsZh: lines(v.documentsZh),
        documentsEn: lines(v.documentsEn),
      };
      // The code is fixed once created: other modules' links use it.
      const { code: _code, siteId: _site, ...patch } = body;
      return service
        ? api.patch<AppointmentService>(`/appointments/services/${service.id}`, patch)
        : api.post<AppointmentService>('/appointments/services', body);
    },
    onSuccess: () => {
      void message.success(t('appt.saved'));
      void queryClient.invalidateQueries({ queryKey: apptKeys.services(siteId) });
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) void message.error(errorMessage(error));
    },
  });

  const required = [{ required: true, message: t('appt.required') }];
  const number = (name: keyof ServiceForm, label: string, min: number, max: number, unit?: string) => (
    <Col xs={12} sm={8}>
      <Form.Item name={name} label={label} rules={required}>
        <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} suffix={unit} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open
      width={760}
      title={service ? t('appt.set.editService', { name: localName(service) }) : t('appt.set.addService')}
      onCancel={onClose}
      okText={t('appt.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
        data-testid="service-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameZh"
              label={t('appt.set.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameEn"
              label={t('appt.set.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
            >
              <Input maxLength={80} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('appt.set.code')}
              extra={t('appt.set.codeHint')}
              rules={[...required, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('appt.set.codeInvalid') }]}
            >
              <Input maxLength={40} disabled={!!service} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="audience" label={t('appt.set.audience')} rules={required}>
              <Select
                options={(['anyone', 'residents'] as const).map((a) => ({
                  value: a,
                  label: t(`appt.audience.${a}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('appt.set.timing')}</Divider>
        <Row gutter={12}>
          {number('durationMin', t('appt.set.duration'), 5, 480, t('appt.unit.minutes'))}
          <Col xs={12} sm={8}>
            <Form.Item name="stepMin" label={t('appt.set.step')} extra={t('appt.set.stepHint')}>
              <InputNumber
                min={5}
                max={480}
                precision={0}
                style={{ width: '100%' }}
                suffix={t('appt.unit.minutes')}
              />
            </Form.Item>
          </Col>
          {number('capacity', t('appt.set.capacity'), 1, 20)}
          {number('bufferBeforeMin', t('appt.set.bufferBefore'), 0, 120, t('appt.unit.minutes'))}
          {number('bufferAfterMin', t('appt.set.bufferAfter'), 0, 120, t('appt.unit.minutes'))}
          {number('minNoticeMin', t('appt.set.minNotice'), 0, 10080, t('appt.unit.minutes'))}
          {number('maxAdvanceDays', t('appt.set.maxAdvance'), 1, 90, t('appt.unit.days'))}
          {number('perPhoneDailyLimit', t('appt.set.perPhoneDaily'), 0, 20)}
          {number('perPhoneWeeklyLimit', t('appt.set.perPhoneWeekly'), 0, 50)}
        </Row>
        <Row gutter={12}>
          <Col xs={8}>
            <Form.Item name="inSessions" label={t('appt.set.inSessions')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="needsIdNumber" label={t('appt.set.needsIdNumber')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="active" label={t('appt.set.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('appt.set.whoWhere')}</Divider>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="staffIds" label={t('appt.set.staff')} rules={required}>
              <Select
                mode="multiple"
                options={(staff.data ?? []).map((s) => ({ value: s.userId, label: s.displayName }))}
                data-testid="service-staff"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="resourceId" label={t('appt.set.room')}>
              <Select
                allowClear
                options={(resources.data ?? []).map((r) => ({ value: r.id, label: localName(r) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="descriptionZh" label={t('appt.set.descriptionZh')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="descriptionEn" label={t('appt.set.descriptionEn')}>
              <Input.TextArea maxLength={800} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="documentsZh"
              label={t('appt.set.documentsZh')}
              extra={t('appt.set.documentsHint')}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="documentsEn" label={t('appt.set.documentsEn')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
