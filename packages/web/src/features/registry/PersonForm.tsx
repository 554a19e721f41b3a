import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Divider,
  Form,
  Input,
  Result,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  CARE_FLAGS,
  ETHNICITIES,
  idNumberFacts,
  idNumberMessageKey,
  idNumberProblem,
  type PersonInput,
  phoneField,
  plateField,
  RELATIONS,
  regionCodeField,
  registryContractMessages as rc,
  renderKey,
} from '@anju/contracts';
import { ApiError, api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors, zodRule } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { careFlagText, relationText, residencyTypeText } from './labels.ts';
import { type Picked, RoomPicker } from './Pickers.tsx';

interface Values {
  siteId?: string;
  idNumber?: string;
  name?: string;
  ethnicity?: string;
  phone?: string;
  hukouAddress?: string;
  hukouRegionCode?: string;
  workplace?: string;
  emergencyContactName?: string;
  emergencyContactPhone?: string;
  vehiclePlates?: string[];
  careFlags?: string[];
  room?: Picked | null;
  type?: 'owner' | 'family' | 'shop_operator' | 'employee';
  relationToHead?: string;
  validFrom?: Dayjs | null;
  policeNote?: string;
  visitNote?: string;
}

const PLACEMENT_TYPES = ['owner', 'family', 'shop_operator', 'employee'] as const;
/** Server field (after "body.") → this form's field, for the nested placement. */
const PLACEMENT_FIELDS: Record<string, keyof Values> = {
  'placement.roomId': 'room',
  'placement.type': 'type',
  'placement.relationToHead': 'relationToHead',
  'placement.validFrom': 'validFrom',
};

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

function toInput(v: Values): PersonInput {
  return {
    siteId: v.room ? undefined : v.siteId,
    name: v.name?.trim() ?? '',
    idNumber: v.idNumber?.trim().toUpperCase() ?? '',
    ethnicity: v.ethnicity as PersonInput['ethnicity'],
    phone: blank(v.phone),
    hukouAddress: blank(v.hukouAddress),
    hukouRegionCode: blank(v.hukouRegionCode),
    workplace: blank(v.workplace),
    emergencyContactName: blank(v.emergencyContactName),
    emergencyContactPhone: blank(v.emergencyContactPhone),
    vehiclePlates: v.vehiclePlates?.length ? v.vehiclePlates.map((p) => p.trim().toUpperCase()) : undefined,
    careFlags: v.careFlags?.length ? (v.careFlags as PersonInput['careFlags']) : undefined,
    policeNote: blank(v.policeNote),
    visitNote: blank(v.visitNote),
    placement: v.room
      ? {
          roomId: v.room.value,
          type: v.type ?? 'family',
          relationToHead: v.relationToHead as NonNullable<PersonInput['placement']>['relationToHead'],
          validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : undefined,
        }
      : undefined,
  };
}

export interface Registered {
  id: string;
  name: string;
}

/**
 * 入户采集: the door-to-door person form, one column with large fields for a phone. The ID
 * number is checked here as the server checks it (GB 11643); gender and birth date come from it.
 */
export function PersonForm({
  onOpenPerson,
  onRegisterTenancy,
}: {
  onOpenPerson: (id: string) => void;
  onRegisterTenancy: (person: Registered) => void;
}) {
  const { t, lang } = useI18n();
  const { me, can } = useAuth();
  const [form] = Form.useForm<Values>();
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const room = Form.useWatch('room', form);
  const [duplicate, setDuplicate] = useState<{ id: string; message: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<Registered | null>(null);
  const sites = me?.sites ?? [];

  const id = idNumber.trim().toUpperCase();
  const facts = id.length === 18 && !idNumberProblem(id) ? idNumberFacts(id) : null;

  const create = useMutation({
    mutationFn: (values: Values) =>
      api.post<{ id: string; residencyId: string | null }>('/registry/persons', toInput(values)),
    onSuccess: (r, values) => setDone({ id: r.id, name: values.name?.trim() ?? '' }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'duplicate_person') {
        const existing = (error.details[0] as { existingPersonId?: string } | undefined)?.existingPersonId;
        if (existing) {
          setDuplicate({ id: existing, message: error.message });
          return;
        }
      }
      const shown = applyFieldErrors(form, error);
      let nested = false;
      if (error instanceof ApiError) {
        const fields = error.details.flatMap((d) => {
          const name = PLACEMENT_FIELDS[d.field.replace(/^body\./, '')];
          return name ? [{ name, errors: [d.message] }] : [];
        });
        if (fields.length) {
          form.setFields(fields);
          nested = true;
        }
      }
      if (!shown && !nested) setFormError(errorMessage(error));
    },
  });

  if (done) {
    return (
      <Card>
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('registry.registered', { name: done.name })}
          subTitle={t('registry.registeredHint')}
          extra={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Button type="primary" size="large" block onClick={() => onRegisterTenancy(done)}>
                {t('registry.registerTenancyFor')}
              </Button>
              <Button size="large" block onClick={() => onOpenPerson(done.id)}>
                {t('registry.openRecord')}
              </Button>
              <Button
                size="large"
                block
                onClick={() => {
                  form.resetFields();
                  setDone(null);
                }}
              >
                {t('registry.registerAnother')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="large"
      // i18n-data: the stored value of the most common ethnic group (GB 3304 names are data)
      initialValues={{ ethnicity: '汉族', siteId: sites[0]?.id, type: 'family' }}
      onValuesChange={(changed) => {
        if ('idNumber' in changed) setDuplicate(null);
        setFormError(null);
      }}
      onFinish={(values) => create.mutate(values)}
      scrollToFirstError
      data-testid="person-form"
    >
      <Card title={t('registry.identity')} size="small" style={{ marginBottom: 12 }}>
        <Form.Item
          name="idNumber"
          label={t('registry.idNumber')}
          validateFirst
          rules={[
            { required: true, message: t('registry.required', { field: t('registry.idNumber') }) },
            {
              validator: async (_r, value: string | undefined) => {
                const problem = value ? idNumberProblem(value.trim().toUpperCase()) : null;
                if (problem) throw new Error(renderKey(idNumberMessageKey(problem), lang));
              },
            },
          ]}
          extra={
            facts
              ? t('registry.idFacts', {
                  gender: facts.gender === 'male' ? t('registry.male') : t('registry.female'),
                  birth: facts.birthDate,
                })
              : t('registry.idHint')
          }
        >
          <Input inputMode="text" autoComplete="off" maxLength={18} allowClear />
        </Form.Item>
        {duplicate && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={duplicate.message}
            data-testid="duplicate-person"
            action={
              <Button size="small" type="primary" onClick={() => onOpenPerson(duplicate.id)}>
                {t('registry.openExisting')}
              </Button>
            }
          />
        )}
        <Form.Item
          name="name"
          label={t('registry.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('registry.required', { field: t('registry.name') }),
            },
          ]}
        >
          <Input autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('registry.ethnicity')}>
          <Select showSearch options={ETHNICITIES.map((e) => ({ value: e, label: e }))} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('registry.phone')}
          rules={[zodRule(phoneField(rc.key('label.phone')))]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Card>

      <Card title={t('registry.hukouAndWork')} size="small" style={{ marginBottom: 12 }}>
        <Form.Item name="hukouAddress" label={t('registry.hukouAddress')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="hukouRegionCode"
          label={t('registry.hukouRegionCode')}
          rules={[zodRule(regionCodeField)]}
          extra={t('registry.regionCodeHint')}
        >
          <Input inputMode="numeric" maxLength={6} placeholder={facts ? id.slice(0, 6) : undefined} />
        </Form.Item>
        <Form.Item name="workplace" label={t('registry.workplace')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="emergencyContactName" label={t('registry.emergencyContactName')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="emergencyContactPhone"
          label={t('registry.emergencyContactPhone')}
          rules={[zodRule(phoneField(rc.key('label.emergencyContactPhone')))]}
        >
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="vehiclePlates"
          label={t('registry.plates')}
          extra={t('registry.platesHint')}
          rules={[
            {
              validator: async (_r, value: string[] | undefined) => {
                for (const plate of value ?? []) {
                  const r = plateField.safeParse(plate);
                  if (!r.success)
                    throw new Error(`${plate}：${renderKey(r.error.issues[0]?.message ?? '', lang)}`);
                }
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item name="careFlags" label={t('registry.careFlags')}>
          <Checkbox.Group options={CARE_FLAGS.map((f) => ({ value: f, label: careFlagText(f, lang) }))} />
        </Form.Item>
      </Card>

      <Card title={t('registry.placement')} size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">{t('registry.placementHint')}</Typography.Paragraph>
        <Form.Item name="room" label={t('registry.room')}>
          <RoomPicker />
        </Form.Item>
        {!room && sites.length > 1 && (
          <Form.Item name="siteId" label={t('registry.site')}>
            <Select options={sites.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        {room && (
          <>
            <Form.Item name="type" label={t('registry.type')} rules={[{ required: true }]}>
              <Select
                options={PLACEMENT_TYPES.map((v) => ({ value: v, label: residencyTypeText(v, lang) }))}
              />
            </Form.Item>
            <Form.Item name="relationToHead" label={t('registry.relation')}>
              <Select
                allowClear
                options={RELATIONS.map((v) => ({ value: v, label: relationText(v, lang) }))}
              />
            </Form.Item>
            <Form.Item name="validFrom" label={t('registry.moveInDate')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </>
        )}
      </Card>

      <Card title={t('registry.visit')} size="small" style={{ marginBottom: 12 }}>
        {can('registry.policeNotes') && (
          <Form.Item name="policeNote" label={t('registry.policeNote')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        <Form.Item name="visitNote" label={t('registry.visitNote')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Card>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Divider style={{ margin: '8px 0' }} />
      <Button type="primary" htmlType="submit" size="large" block loading={create.isPending}>
        {t('registry.savePerson')}
      </Button>
    </Form>
  );
}
