import { DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import {
  apptKeys,
  type Closure,
  type DateOverride,
  type Interval,
  type ServiceSession,
  type SessionDayKind,
  type StaffMember,
  useClosures,
  useOverrides,
  useSessions,
  useStaff,
} from '../api.ts';
import {
  formatIntervals,
  hmToMinutes,
  minutesToHm,
  parseIntervals,
  type Weekday,
  weekdayOf,
} from '../shared.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The form rule for an intervals field. */
function useIntervalsRule() {
  const { t } = useI18n();
  return {
    validator: async (_r: unknown, value: string | undefined) => {
      if (value && parseIntervals(value) === null) throw new Error(t('appt.set.hoursInvalid'));
    },
  };
}

function useSaved(key: readonly unknown[]) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return {
    onSuccess: () => {
      void message.success(t('appt.saved'));
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error: unknown) => void message.error(errorMessage(error)),
  };
}

/** 人员排班: each staff member's weekly hours (weekday → time ranges). */
export function StaffHoursTab({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const staff = useStaff(siteId);
  if (staff.data?.length === 0) return <Empty description={t('appt.set.noStaff')} />;
  return (
    <Row gutter={[16, 16]}>
      {(staff.data ?? []).map((s) => (
        <Col key={s.userId} xs={24} lg={12}>
          <StaffHoursCard siteId={siteId} member={s} />
        </Col>
      ))}
    </Row>
  );
}

function StaffHoursCard({ siteId, member }: { siteId: string; member: StaffMember }) {
  const { t, roleLabel } = useI18n();
  const [form] = Form.useForm<Record<string, string>>();
  const rule = useIntervalsRule();
  useEffect(() => {
    form.setFieldsValue(
      Object.fromEntries(WEEKDAYS.map((d) => [String(d), formatIntervals(member.weekly[String(d)])])),
    );
  }, [member, form]);
  const saved = useSaved(apptKeys.staff(siteId));
  const save = useMutation({
    mutationFn: (v: Record<string, string>) =>
      api.put(`/appointments/staff/${member.userId}/hours`, {
        siteId,
        weekly: Object.fromEntries(
          WEEKDAYS.map((d) => [String(d), parseIntervals(v[String(d)] ?? '') ?? []]),
        ),
      }),
    ...saved,
    onError: (error) => {
      if (!applyFieldErrors(form, error)) saved.onError(error);
    },
  });
  return (
    <Card
      size="small"
      title={
        <span>
          {member.displayName} <Tag>{roleLabel(member.role)}</Tag>
        </span>
      }
      extra={
        <Button
          size="small"
          type="primary"
          icon={<SaveOutlined />}
          loading={save.isPending}
          onClick={() => form.submit()}
        >
          {t('appt.save')}
        </Button>
      }
      data-testid={`staff-hours-${member.userId}`}
    >
      <Form form={form} layout="horizontal" labelCol={{ span: 5 }} onFinish={(v) => save.mutate(v)}>
        {WEEKDAYS.map((d) => (
          <Form.Item
            key={d}
            name={String(d)}
            label={t(`appt.weekday.${d}`)}
            rules={[rule]}
            style={{ marginBottom: 6 }}
          >
            <Input placeholder={t('appt.set.hoursPlaceholder')} allowClear />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}

/** 日期调整: one date's own hours for a staff member (leave, training; empty = away all day). */
export function OverridesTab({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const staff = useStaff(siteId);
  const overrides = useOverrides(siteId);
  const [form] = Form.useForm<{ userId: string; date: Dayjs; hours?: string; reason?: string }>();
  const rule = useIntervalsRule();
  const saved = useSaved(apptKeys.overrides(siteId));
  const add = useMutation({
    mutationFn: (v: { userId: string; date: Dayjs; hours?: string; reason?: string }) =>
      api.post('/appointments/overrides', {
        siteId,
        userId: v.userId,
        date: v.date.format('YYYY-MM-DD'),
        intervals: parseIntervals(v.hours ?? '') ?? [],
        reason: v.reason?.trim() ?? '',
      }),
    ...saved,
    onSuccess: () => {
      saved.onSuccess();
      form.resetFields();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) saved.onError(error);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/appointments/overrides/${id}`),
    ...saved,
  });
  const nameOf = (id: string) => staff.data?.find((s) => s.userId === id)?.displayName ?? '—';
  return (
    <>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => add.mutate(v)}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="userId" rules={[{ required: true, message: t('appt.required') }]}>
          <Select
            placeholder={t('appt.field.staff')}
            style={{ width: 140 }}
            options={(staff.data ?? []).map((s) => ({ value: s.userId, label: s.displayName }))}
          />
        </Form.Item>
        <Form.Item name="date" rules={[{ required: true, message: t('appt.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="hours" rules={[rule]} extra={t('appt.set.overrideHint')}>
          <Input placeholder={t('appt.set.hoursPlaceholder')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="reason">
          <Input placeholder={t('appt.set.overrideReason')} maxLength={100} style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
          {t('appt.add')}
        </Button>
      </Form>
      <Table<DateOverride>
        rowKey="id"
        size="small"
        pagination={false}
        loading={overrides.isPending}
        dataSource={[...(overrides.data ?? [])].sort((a, b) => a.date.localeCompare(b.date))}
        columns={[
          {
            title: t('appt.field.date'),
            dataIndex: 'date',
            width: 150,
            render: (d: string) => `${d} ${t(`appt.weekday.${weekdayOf(d)}`)}`,
          },
          { title: t('appt.field.staff'), dataIndex: 'userId', render: nameOf },
          {
            title: t('appt.set.hours'),
            dataIndex: 'intervals',
            render: (i: Interval[]) =>
              i.length ? formatIntervals(i) : <Tag color="orange">{t('appt.set.awayAllDay')}</Tag>,
          },
          { title: t('appt.field.reason'), dataIndex: 'reason' },
          {
            title: t('appt.actions'),
            width: 80,
            render: (_, o) => (
              <Popconfirm title={t('appt.confirmDelete')} onConfirm={() => remove.mutateAsync(o.id)}>
                <Button size="small" danger icon={<DeleteOutlined />} />
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}

/** 闭馆日: office-wide closed days on top of the holiday calendar. */
export function ClosuresTab({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const closures = useClosures(siteId);
  const [form] = Form.useForm<{ date: Dayjs; reason: string }>();
  const saved = useSaved(['appointments']);
  const add = useMutation({
    mutationFn: (v: { date: Dayjs; reason: string }) =>
      api.post('/appointments/closures', {
        siteId,
        date: v.date.format('YYYY-MM-DD'),
        reason: v.reason.trim(),
      }),
    ...saved,
    onSuccess: () => {
      saved.onSuccess();
      form.resetFields();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) saved.onError(error);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/appointments/closures/${id}`),
    ...saved,
  });
  return (
    <>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => add.mutate(v)}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="date" rules={[{ required: true, message: t('appt.required') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, whitespace: true, message: t('appt.required') }]}>
          <Input placeholder={t('appt.set.closureReason')} maxLength={100} style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
          {t('appt.add')}
        </Button>
      </Form>
      <Table<Closure>
        rowKey="id"
        size="small"
        pagination={false}
        loading={closures.isPending}
        dataSource={[...(closures.data ?? [])].sort((a, b) => a.date.localeCompare(b.date))}
        columns={[
          {
            title: t('appt.field.date'),
            dataIndex: 'date',
            width: 150,
            render: (d: string) => `${d} ${t(`appt.weekday.${weekdayOf(d)}`)}`,
          },
          { title: t('appt.field.reason'), dataIndex: 'reason' },
          {
            title: t('appt.actions'),
            width: 80,
            render: (_, c) => (
              <Popconfirm title={t('appt.confirmDelete')} onConfirm={() => remove.mutateAsync(c.id)}>
                <Button size="small" danger icon={<DeleteOutlined />} />
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}

interface SessionForm {
  nameZh: string;
  nameEn: string;
  on: SessionDayKind[];
  weekdays: number[];
  start: string;
  end: string;
  staffIds: string[];
  active: boolean;
}

/** 周末/节假日服务: sessions held on weekends and public holidays (e.g. Saturdays 9:00–12:00). */
export function SessionsTab({ siteId }: { siteId: string }) {
  const { t, lang } = useI18n();
  const sessions = useSessions(siteId);
  const staff = useStaff(siteId);
  const [editing, setEditing] = useState<ServiceSession | 'new' | null>(null);
  const saved = useSaved(['appointments']);
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/appointments/sessions/${id}`),
    ...saved,
  });
  const nameOf = (id: string) => staff.data?.find((s) => s.userId === id)?.displayName ?? '—';
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setEditing('new')}
        style={{ marginBottom: 12 }}
      >
        {t('appt.set.addSession')}
      </Button>
      <Table<ServiceSession>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        columns={[
          { title: t('appt.set.sessionName'), render: (_, s) => (lang === 'en' ? s.nameEn : s.nameZh) },
          {
            title: t('appt.set.sessionOn'),
            dataIndex: 'on',
            render: (on: SessionDayKind[], s) => (
              <Flex wrap gap={4}>
                {on.map((k) => (
                  <Tag key={k} color={k === 'statutory_holiday' ? 'red' : 'blue'}>
                    {t(`appt.dayKind.${k}`)}
                  </Tag>
                ))}
                {s.weekdays.map((d) => (
                  <Tag key={d}>{t(`appt.weekday.${d as Weekday}`)}</Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t('appt.set.hours'),
            render: (_, s) => `${minutesToHm(s.startMin)}–${minutesToHm(s.endMin)}`,
          },
          {
            title: t('appt.set.staff'),
            dataIndex: 'staffIds',
            render: (ids: string[]) => ids.map(nameOf).join('、'),
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
            width: 110,
            render: (_, s) => (
              <Flex gap={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)} />
                <Popconfirm title={t('appt.confirmDelete')} onConfirm={() => remove.mutateAsync(s.id)}>
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      {editing && (
        <SessionModal
          siteId={siteId}
          session={editing === 'new' ? null : editing}
          staff={staff.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function SessionModal({
  siteId,
  session,
  staff,
  onClose,
}: {
  siteId: string;
  session: ServiceSession | null;
  staff: StaffMember[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<SessionForm>();
  const saved = useSaved(['appointments']);
  const save = useMutation({
    mutationFn: (v: SessionForm) => {
      const body = {
        siteId,
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        on: v.on,
        weekdays: v.weekdays ?? [],
        startMin: hmToMinutes(v.start),
        endMin: hmToMinutes(v.end),
        staffIds: v.staffIds,
        active: v.active,
      };
      return session
        ? api.patch(`/appointments/sessions/${session.id}`, body)
        : api.post('/appointments/sessions', body);
    },
    ...saved,
    onSuccess: () => {
      saved.onSuccess();
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) saved.onError(error);
    },
  });
  const timeRule = {
    validator: async (_r: unknown, value: string | undefined) => {
      if (value && hmToMinutes(value) === null) throw new Error(t('appt.set.timeInvalid'));
    },
  };
  return (
    <Modal
      open
      title={session ? t('appt.set.editSession') : t('appt.set.addSession')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('appt.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={
          session
            ? { ...session, start: minutesToHm(session.startMin), end: minutesToHm(session.endMin) }
            : { on: ['weekend'], weekdays: [6], start: '09:00', end: '12:00', staffIds: [], active: true }
        }
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('appt.set.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('appt.set.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
            >
              <Input maxLength={80} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="on"
          label={t('appt.set.sessionOn')}
          rules={[{ required: true, message: t('appt.required') }]}
        >
          <Checkbox.Group
            options={(['weekend', 'statutory_holiday'] as const).map((k) => ({
              value: k,
              label: t(`appt.dayKind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="weekdays"
          label={t('appt.set.sessionWeekdays')}
          extra={t('appt.set.sessionWeekdaysHint')}
        >
          <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`appt.weekday.${d}`) }))} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="start"
              label={t('appt.set.from')}
              rules={[{ required: true, message: t('appt.required') }, timeRule]}
            >
              <Input placeholder="09:00" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="end"
              label={t('appt.set.to')}
              rules={[{ required: true, message: t('appt.required') }, timeRule]}
            >
              <Input placeholder="12:00" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="staffIds"
          label={t('appt.set.staff')}
          rules={[{ required: true, message: t('appt.required') }]}
        >
          <Select mode="multiple" options={staff.map((s) => ({ value: s.userId, label: s.displayName }))} />
        </Form.Item>
        <Form.Item name="active" label={t('appt.set.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
