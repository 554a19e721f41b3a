import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { Incident, IncidentPerson } from '@anju/contracts';
import { api, errorMessage } from '../../app/api.ts';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import type { Picked } from '../registry/Pickers.tsx';
import {
  MEDIATION_RISKS,
  MEDIATION_SOURCES,
  MEDIATION_TYPES,
  type MediationCaseDetail,
  type MediationCaseInput,
  type MediationRisk,
  type MediationSource,
  type MediationType,
  medKeys,
  PARTY_ROLES,
  type PartyRole,
} from './api.ts';
import { SinglePersonPicker, useMedLabel, yuanToCents } from './shared.tsx';

interface PartyValue {
  role: PartyRole;
  from: 'registry' | 'new';
  person?: Picked[];
  name?: string;
  phone?: string;
  address?: string;
}

interface FormValues {
  source: MediationSource;
  sourceNote?: string;
  type: MediationType;
  facts: string;
  amount?: number | null;
  risk: MediationRisk;
  riskReasons?: string;
  violationInvolved: boolean;
  parties: PartyValue[];
}

/** A guess at the dispute type from the call's words, so the prefilled form needs fewer clicks. */
function typeFromWords(words: string): MediationType {
  const rules: [RegExp, MediationType][] = [
    [/噪音|噪声|吵闹|扰民|noise/i, 'noise'],
    [/犬|狗|dog/i, 'dog'],
    [/租|房东|租客|rent/i, 'rental'],
    [/物业|property/i, 'property'],
    [/高空|抛物/, 'high_rise'],
    [/家庭|夫妻|婚姻|family/i, 'family'],
    [/欠款|借款|债|debt/i, 'debt'],
    [/邻居|邻里|neighbour/i, 'neighbour'],
  ];
  return rules.find(([re]) => re.test(words))?.[1] ?? 'other';
}

/** The call the case comes from, and the people recorded on it (police side). */
function useIncidentSource(incidentId: string | undefined) {
  return useQuery({
    queryKey: ['mediation', 'from-incident', incidentId],
    queryFn: async ({ signal }) => {
      const incident = await api.get<Incident>(`/incidents/${incidentId}`, undefined, signal);
      const people = await api
        .get<{ items: IncidentPerson[] }>(`/incidents/involved/${incidentId}`, undefined, signal)
        .catch(() => ({ items: [] as IncidentPerson[] }));
      return { incident, people: people.items };
    },
    enabled: !!incidentId,
    staleTime: 0,
  });
}

/**
 * 新建调解: intake of a dispute — where it came from (a police call, a walk-in, a phone call, a
 * referral), the parties (registry people or new people with a phone), the type, facts, amount,
 * escalation risk with reasons and whether a minor violation is involved. With `incidentId` the
 * form starts from that call.
 */
export function IntakeDrawer({
  siteId,
  incidentId,
  open,
  onClose,
  onCreated,
}: {
  siteId: string;
  incidentId?: string;
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [onFields, setOnFields] = useState(false);
  const source = useIncidentSource(open ? incidentId : undefined);
  const from = source.data;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const blank: PartyValue = { role: 'applicant', from: 'registry' };
    if (from) {
      const parties: PartyValue[] = from.people.map((p, i) => ({
        role: i === 0 ? 'applicant' : 'respondent',
        from: 'registry',
        person: [{ value: p.personId, label: p.name }],
      }));
      while (parties.length < 2)
        parties.push({ ...blank, role: parties.length ? 'respondent' : 'applicant' });
      form.setFieldsValue({
        source: 'incident',
        type: typeFromWords(`${from.incident.summary} ${from.incident.categoryNameZh}`),
        facts: from.incident.summary,
        risk: 'low',
        violationInvolved: false,
        parties,
      });
    } else {
      form.setFieldsValue({
        source: 'walk_in',
        risk: 'low',
        violationInvolved: false,
        parties: [blank, { role: 'respondent', from: 'registry' }],
      });
    }
  }, [open, from, form]);

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const body: MediationCaseInput = {
        siteId,
        source: v.source,
        incidentId: v.source === 'incident' ? (incidentId ?? null) : null,
        sourceNote: v.sourceNote?.trim() || null,
        type: v.type,
        facts: v.facts,
        amountCents: yuanToCents(v.amount),
        risk: v.risk,
        riskReasons: v.riskReasons?.trim() || null,
        violationInvolved: v.violationInvolved,
        parties: v.parties.map((p) =>
          p.from === 'registry'
            ? { role: p.role, personId: p.person?.[0]?.value ?? null, phone: p.phone?.trim() || null }
            : {
                role: p.role,
                name: p.name?.trim() || null,
                phone: p.phone?.trim() || null,
                address: p.address?.trim() || null,
              },
        ),
      };
      return api.post<MediationCaseDetail>('/mediation/cases', body);
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: medKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
      message.success(t('med.created', { serial: created.serial }));
      onClose();
      onCreated(created.id);
    },
    onError: (e) => setOnFields(applyFieldErrors(form, e)),
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={640}
      title={t('med.new.title')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('med.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="intake-save"
          >
            {t('med.save')}
          </Button>
        </Space>
      }
    >
      {from && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('med.new.fromIncident', {
            ref: from.incident.externalRef ?? from.incident.summary.slice(0, 20),
          })}
          data-testid="intake-from-incident"
        />
      )}
      {source.error && <Alert type="error" showIcon title={errorMessage(source.error)} />}
      {save.error && !onFields && (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="intake-form"
      >
        <Space wrap size={12} align="start">
          <Form.Item name="source" label={t('med.field.source')} rules={[{ required: true }]}>
            <Select<MediationSource>
              style={{ width: 200 }}
              data-testid="intake-source"
              options={MEDIATION_SOURCES.filter((s) => s !== 'incident' || !!incidentId).map((s) => ({
                value: s,
                label: label('source', s),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="type"
            label={t('med.field.type')}
            rules={[{ required: true, message: t('med.required') }]}
          >
            <Select<MediationType>
              style={{ width: 160 }}
              data-testid="intake-type"
              options={MEDIATION_TYPES.map((s) => ({ value: s, label: label('type', s) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="sourceNote" label={t('med.field.sourceNote')}>
          <Input maxLength={200} />
        </Form.Item>
        <Typography.Text strong>{t('med.field.parties')}</Typography.Text>
        <Form.List name="parties">
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="intake-parties">
              <Form.ErrorList errors={errors} />
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ margin: '8px 0' }}
                  data-testid={`party-${i}`}
                  extra={
                    fields.length > 2 && (
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    )
                  }
                  title={
                    <Space wrap>
                      <Form.Item name={[f.name, 'role']} noStyle>
                        <Select<PartyRole>
                          style={{ width: 120 }}
                          options={PARTY_ROLES.map((r) => ({ value: r, label: label('partyRole', r) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'from']} noStyle>
                        <Radio.Group
                          optionType="button"
                          size="small"
                          options={[
                            { value: 'registry', label: t('med.partyFromRegistry') },
                            { value: 'new', label: t('med.partyNew') },
                          ]}
                        />
                      </Form.Item>
                    </Space>
                  }
                >
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['parties', f.name, 'from']) === 'new' ? (
                        <Space wrap size={8} align="start">
                          <Form.Item
                            name={[f.name, 'name']}
                            label={t('med.field.name')}
                            rules={[{ required: true, whitespace: true, message: t('med.required') }]}
                          >
                            <Input maxLength={40} style={{ width: 140 }} data-testid={`party-${i}-name`} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'phone']} label={t('med.field.phone')}>
                            <Input maxLength={20} style={{ width: 150 }} data-testid={`party-${i}-phone`} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'address']} label={t('med.field.address')}>
                            <Input maxLength={200} style={{ width: 220 }} />
                          </Form.Item>
                        </Space>
                      ) : (
                        <Space wrap size={8} align="start" style={{ width: '100%' }}>
                          <Form.Item
                            name={[f.name, 'person']}
                            label={t('med.field.name')}
                            style={{ minWidth: 260, flex: 1 }}
                            rules={[
                              {
                                validator: (_, v: Picked[] | undefined) =>
                                  v?.length
                                    ? Promise.resolve()
                                    : Promise.reject(new Error(t('med.required'))),
                              },
                            ]}
                          >
                            <SinglePersonPicker testId={`party-${i}-person`} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'phone']} label={t('med.field.phone')}>
                            <Input maxLength={20} style={{ width: 150 }} />
                          </Form.Item>
                        </Space>
                      )
                    }
                  </Form.Item>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ role: 'other', from: 'registry' })}
                data-testid="party-add"
              >
                {t('med.addParty')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item
          name="facts"
          label={t('med.field.facts')}
          style={{ marginTop: 12 }}
          rules={[{ required: true, whitespace: true, message: t('med.required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="intake-facts" />
        </Form.Item>
        <Space wrap size={12} align="start">
          <Form.Item name="amount" label={t('med.field.amount')}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="risk" label={t('med.field.risk')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              data-testid="intake-risk"
              options={MEDIATION_RISKS.map((r) => ({ value: r, label: label('risk', r) }))}
            />
          </Form.Item>
          <Form.Item name="violationInvolved" label={t('med.field.violation')} valuePropName="checked">
            <Switch data-testid="intake-violation" />
          </Form.Item>
        </Space>
        <Form.Item name="riskReasons" label={t('med.field.riskReasons')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
