import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { applyFieldErrors } from '../../app/forms.ts';
import { useI18n } from '../../app/i18n.tsx';
import type { Picked } from '../registry/Pickers.tsx';
import {
  MEDIATION_TYPES,
  type MediationRosterInput,
  type MediationRosterMember,
  type MediationType,
  medKeys,
  ROSTER_KINDS,
  type RosterKind,
  useRoster,
} from './api.ts';
import { SinglePersonPicker, SiteSelect, useMedLabel, useSiteChoice } from './shared.tsx';
import './mediation.css';

interface FormValues {
  name: string;
  kind: RosterKind;
  specialities: MediationType[];
  availability?: string;
  phone?: string;
  person?: Picked[];
  active: boolean;
}

/**
 * 调解员名册: the "N" — people's mediators, lawyers, the five elders, deputies, CPPCC members and
 * other respected residents — with their specialities (which dispute types they are suggested for),
 * availability, and the registry person used for recusal (same household as a party).
 */
export default function RosterPage() {
  const { t } = useI18n();
  const label = useMedLabel();
  const { can } = useAuth();
  const { siteId, setSiteId } = useSiteChoice();
  const roster = useRoster(siteId);
  const [editing, setEditing] = useState<MediationRosterMember | null | undefined>(undefined);
  if (!siteId) return <Alert type="warning" showIcon title={t('med.noSite')} />;
  return (
    <Card
      title={t('med.roster.title')}
      className="med-page"
      extra={
        <Space wrap>
          <SiteSelect siteId={siteId} onChange={setSiteId} />
          {can('mediation.roster') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="roster-new"
            >
              {t('med.roster.new')}
            </Button>
          )}
        </Space>
      }
    >
      {roster.error && <Alert type="error" showIcon title={errorMessage(roster.error)} />}
      <Table<MediationRosterMember>
        rowKey="id"
        size="middle"
        scroll={{ x: 760 }}
        loading={roster.isFetching}
        dataSource={roster.data?.items ?? []}
        pagination={false}
        data-testid="roster-table"
        onRow={(r) => ({
          onClick: () => can('mediation.roster') && setEditing(r),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('med.field.name'), dataIndex: 'name', width: 120 },
          { title: t('med.roster.kind'), width: 130, render: (_, r) => label('rosterKind', r.kind) },
          {
            title: t('med.roster.specialities'),
            render: (_, r) => r.specialities.map((s) => <Tag key={s}>{label('type', s)}</Tag>),
          },
          { title: t('med.roster.availability'), dataIndex: 'availability', width: 180 },
          { title: t('med.field.phone'), dataIndex: 'phone', width: 130 },
          {
            title: t('med.roster.user'),
            width: 90,
            render: (_, r) => (r.userId ? <Tag color="blue">✓</Tag> : '—'),
          },
          {
            title: t('med.roster.active'),
            width: 90,
            render: (_, r) =>
              r.active ? (
                <Tag color="green">{t('med.roster.active')}</Tag>
              ) : (
                <Tag>{t('med.roster.inactive')}</Tag>
              ),
          },
          ...(can('mediation.roster')
            ? [
                {
                  title: t('med.actions'),
                  width: 150,
                  render: (_: unknown, r: MediationRosterMember) => (
                    <RosterActions siteId={siteId} member={r} />
                  ),
                },
              ]
            : []),
        ]}
      />
      <RosterDrawer
        siteId={siteId}
        member={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
    </Card>
  );
}

/**
 * Deactivate / reactivate (an inactive member is no longer suggested nor assignable; the cases they
 * served keep them), and delete — refused by the server (409) for a member who served on a case.
 */
function RosterActions({ siteId, member }: { siteId: string; member: MediationRosterMember }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: medKeys.roster(siteId) });
  const toggle = useMutation({
    mutationFn: () => api.patch(`/mediation/roster/${member.id}`, { active: !member.active }),
    onSuccess: () => {
      message.success(t('med.saved'));
      done();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/mediation/roster/${member.id}`),
    onSuccess: () => {
      message.success(t('med.roster.deleted'));
      done();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    // Clicks here must not open the row's edit drawer.
    <Space size={4} onClick={(e) => e.stopPropagation()}>
      {member.active ? (
        <Popconfirm title={t('med.roster.deactivateConfirm')} onConfirm={() => toggle.mutate()}>
          <Button size="small" loading={toggle.isPending} data-testid={`roster-deactivate-${member.name}`}>
            {t('med.roster.deactivate')}
          </Button>
        </Popconfirm>
      ) : (
        <Button
          size="small"
          loading={toggle.isPending}
          onClick={() => toggle.mutate()}
          data-testid={`roster-reactivate-${member.name}`}
        >
          {t('med.roster.reactivate')}
        </Button>
      )}
      <Popconfirm title={t('med.roster.deleteConfirm')} onConfirm={() => remove.mutate()}>
        <Button size="small" danger loading={remove.isPending} data-testid={`roster-delete-${member.name}`}>
          {t('med.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

function RosterDrawer({
  siteId,
  member,
  open,
  onClose,
}: {
  siteId: string;
  member: MediationRosterMember | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const label = useMedLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [onFields, setOnFields] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      member
        ? {
            name: member.name,
            kind: member.kind,
            specialities: member.specialities,
            availability: member.availability ?? undefined,
            active: member.active,
            person: member.personId ? [{ value: member.personId, label: member.name }] : [],
          }
        : { kind: 'elder', specialities: [], active: true, person: [] },
    );
  }, [open, member, form]);
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const common = {
        name: v.name,
        kind: v.kind,
        specialities: v.specialities,
        availability: v.availability?.trim() || null,
        personId: v.person?.[0]?.value ?? null,
        active: v.active,
      };
      // The phone is shown masked: sent only when typed again.
      const phone = v.phone?.trim() ? { phone: v.phone.trim() } : {};
      if (member) return api.patch(`/mediation/roster/${member.id}`, { ...common, ...phone });
      const body: MediationRosterInput = { siteId, userId: null, ...common, phone: v.phone?.trim() || null };
      return api.post('/mediation/roster', body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: medKeys.roster(siteId) });
      message.success(t('med.saved'));
      onClose();
    },
    onError: (e) => setOnFields(applyFieldErrors(form, e)),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      title={member ? member.name : t('med.roster.new')}
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="roster-save"
        >
          {t('med.save')}
        </Button>
      }
    >
      {save.error && !onFields && (
        <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="roster-form"
      >
        <Form.Item
          name="name"
          label={t('med.field.name')}
          rules={[{ required: true, whitespace: true, message: t('med.required') }]}
        >
          <Input maxLength={40} data-testid="roster-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('med.roster.kind')} rules={[{ required: true }]}>
          <Select<RosterKind>
            data-testid="roster-kind"
            options={ROSTER_KINDS.map((k) => ({ value: k, label: label('rosterKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="specialities" label={t('med.roster.specialities')}>
          <Select<MediationType[]>
            mode="multiple"
            data-testid="roster-specialities"
            options={MEDIATION_TYPES.map((k) => ({ value: k, label: label('type', k) }))}
          />
        </Form.Item>
        <Form.Item name="availability" label={t('med.roster.availability')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('med.field.phone')} extra={member?.phone ?? undefined}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="person" label={t('med.roster.person')}>
          <SinglePersonPicker />
        </Form.Item>
        <Form.Item name="active" label={t('med.roster.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
