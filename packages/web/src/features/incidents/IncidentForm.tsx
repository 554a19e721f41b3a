import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, isoToPicked, pickedToIso } from '../../app/time.ts';
import { PeoplePicker, type Picked } from '../registry/Pickers.tsx';
import {
  CHANNELS,
  type Channel,
  INVOLVEMENT_ROLES,
  type Incident,
  incKeys,
  type InvolvementRole,
  OUTCOMES,
  type Outcome,
  useIncidentPeople,
} from './api.ts';
import { CategoryPicker, PlacePicker, type PlaceValue, placeInputOf, useIncidentLabels } from './shared.tsx';

interface FormValues {
  receivedAt: Dayjs;
  channel: Channel;
  categoryId: string;
  place: PlaceValue;
  summary: string;
  outcome: Outcome;
  officerName?: string;
  mediationCaseRef?: string;
}

function placeValueOf(i: Incident): PlaceValue {
  const p = i.place;
  return {
    kind: p.kind,
    buildingId: p.buildingId ?? undefined,
    unit: p.unit ?? undefined,
    roomId: p.roomId ?? undefined,
    roomLabel: p.label,
    gateId: p.gateId ?? undefined,
    publicPlaceId: p.publicPlaceId ?? undefined,
  };
}

/** People involved (police side only; the server audits each read and change). */
function PeoplePanel({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const people = useIncidentPeople(incidentId, true);
  const [picked, setPicked] = useState<Picked[]>([]);
  const [role, setRole] = useState<InvolvementRole>('party');
  const refresh = () => queryClient.invalidateQueries({ queryKey: incKeys.people(incidentId) });
  const add = useMutation({
    mutationFn: async () => {
      for (const p of picked)
        await api.post(`/incidents/involved/${incidentId}`, { personId: p.value, role });
    },
    onSuccess: () => {
      setPicked([]);
      void refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/incidents/involved/${incidentId}/${id}`),
    onSuccess: () => void refresh(),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <div data-testid="incident-people">
      <Divider titlePlacement="start">{t('inc.field.people')}</Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('inc.peopleHint')}
      </Typography.Paragraph>
      {people.error && <Alert type="error" showIcon title={errorMessage(people.error)} />}
      <List
        size="small"
        loading={people.isPending}
        dataSource={people.data?.items ?? []}
        renderItem={(p) => (
          <List.Item
            actions={[
              <Popconfirm
                key="del"
                title={t('inc.confirmDelete')}
                onConfirm={() => remove.mutate(p.personId)}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} />
              </Popconfirm>,
            ]}
          >
            {p.name} · {t(`inc.involvement.${p.role}`)}
            {p.note ? ` · ${p.note}` : ''}
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <div style={{ flex: 1 }}>
          <PeoplePicker value={picked} onChange={setPicked} />
        </div>
        <Select<InvolvementRole>
          size="large"
          value={role}
          onChange={setRole}
          style={{ width: 110 }}
          options={INVOLVEMENT_ROLES.map((r) => ({ value: r, label: t(`inc.involvement.${r}`) }))}
        />
        <Button
          size="large"
          icon={<UserAddOutlined />}
          disabled={picked.length === 0}
          loading={add.isPending}
          onClick={() => add.mutate()}
        />
      </Space.Compact>
    </div>
  );
}

/** Record a call or case, or correct one: time, channel, category, place, summary, outcome, officer. */
export function IncidentDrawer({
  siteId,
  incident,
  open,
  onClose,
}: {
  siteId: string;
  /** null: a new incident */
  incident: Incident | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const labels = useIncidentLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [savedId, setSavedId] = useState<string | null>(null);
  const [onFields, setOnFields] = useState(false);
  const navigate = useNavigate();
  // A dispute call not yet a mediation case: the intake opens prefilled from it (source incident).
  const toMediation =
    incident && incident.group === 'dispute' && !incident.mediationCaseRef && can('mediation.intake');

  useEffect(() => {
    if (!open) return;
    setSavedId(incident?.id ?? null);
    form.resetFields();
    form.setFieldsValue(
      incident
        ? {
            receivedAt: isoToPicked(incident.receivedAt) ?? undefined,
            channel: incident.channel,
            categoryId: incident.categoryId,
            place: placeValueOf(incident),
            summary: incident.summary,
            outcome: incident.outcome,
            officerName: incident.officerName ?? undefined,
            mediationCaseRef: incident.mediationCaseRef ?? undefined,
          }
        : { receivedAt: dayjs().second(0), channel: '110', outcome: 'pending', place: { kind: 'flat' } },
    );
  }, [open, incident, form]);

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      const body = {
        receivedAt: pickedToIso(v.receivedAt),
        channel: v.channel,
        categoryId: v.categoryId,
        place: placeInputOf(v.place),
        summary: v.summary,
        outcome: v.outcome,
        officerName: v.officerName?.trim() || null,
        mediationCaseRef: v.mediationCaseRef?.trim() || null,
      };
      const id = savedId ?? incident?.id;
      return id
        ? api.patch<Incident>(`/incidents/${id}`, body)
        : api.post<Incident>('/incidents', { siteId, ...body });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: incKeys.all });
      message.success(t('inc.saved'));
      // A new incident stays open when people can be linked to it: they need its id.
      if (!incident && can('incidents.people')) setSavedId(saved.id);
      else onClose();
    },
    onError: (e) => {
      setOnFields(applyFieldErrors(form, e));
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={620}
      title={incident ? t('inc.form.editTitle') : t('inc.form.newTitle')}
      destroyOnHidden
      extra={
        <Space>
          {toMediation && (
            <Button
              onClick={() => navigate(`/mediation?incident=${incident.id}`)}
              data-testid="incident-to-mediation"
            >
              {t('med.fromIncident')}
            </Button>
          )}
          <Button onClick={onClose}>{t('inc.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="incident-save"
          >
            {t('inc.save')}
          </Button>
        </Space>
      }
    >
      {save.error && !onFields && (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="incident-form"
      >
        <Space style={{ width: '100%' }} size={12} align="start">
          <Form.Item
            name="receivedAt"
            label={t('inc.field.receivedAt')}
            rules={[
              { required: true, message: t('inc.required') },
              {
                validator: (_, v: Dayjs | undefined) =>
                  v && dayjs(pickedToIso(v)).isAfter(dayjs())
                    ? Promise.reject(new Error(t('inc.form.futureTime')))
                    : Promise.resolve(),
              },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="channel" label={t('inc.field.channel')} rules={[{ required: true }]}>
            <Select<Channel>
              style={{ width: 140 }}
              options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('inc.field.outcome')} rules={[{ required: true }]}>
            <Select<Outcome>
              style={{ width: 170 }}
              options={OUTCOMES.map((o) => ({ value: o, label: labels.outcome(o) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="categoryId"
          label={t('inc.field.category')}
          rules={[{ required: true, message: t('inc.required') }]}
        >
          <CategoryPicker siteId={siteId} testId="incident-category" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('inc.field.place')}
          rules={[
            {
              validator: (_, v: PlaceValue | undefined) =>
                placeInputOf(v) ? Promise.resolve() : Promise.reject(new Error(t('inc.required'))),
            },
          ]}
        >
          <PlacePicker siteId={siteId} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('inc.field.summary')}
          rules={[{ required: true, whitespace: true, message: t('inc.required') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Space style={{ width: '100%' }} size={12} align="start">
          <Form.Item name="officerName" label={t('inc.field.officer')}>
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="mediationCaseRef"
            label={t('inc.field.mediationCaseRef')}
            tooltip={t('inc.mediationHint')}
          >
            <Input maxLength={60} style={{ width: 260 }} />
          </Form.Item>
        </Space>
      </Form>
      {savedId && can('incidents.people') && <PeoplePanel incidentId={savedId} />}
    </Drawer>
  );
}
