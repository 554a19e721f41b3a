import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { type AppointmentResource, apptKeys, useResources, useRoomCalendar } from '../api.ts';
import { addDays, dayOf, hm, mondayOf, todayInZone, useLocalName, weekdayOf } from '../shared.tsx';

/** 场地: rooms a service or a mediation session holds, each with its own week calendar. */
export function RoomsTab({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const resources = useResources(siteId);
  const [form] = Form.useForm<{ nameZh: string; nameEn: string }>();
  const [roomId, setRoomId] = useState<string>();
  const onError = (error: unknown) => void message.error(errorMessage(error));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: apptKeys.resources(siteId) });
  const add = useMutation({
    mutationFn: (v: { nameZh: string; nameEn: string }) =>
      api.post('/appointments/resources', {
        siteId,
        kind: 'room',
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
      }),
    onSuccess: () => {
      void message.success(t('appt.saved'));
      form.resetFields();
      refresh();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) onError(error);
    },
  });
  const toggle = useMutation({
    mutationFn: (r: AppointmentResource) =>
      api.patch(`/appointments/resources/${r.id}`, { active: !r.active }),
    onSuccess: refresh,
    onError,
  });
  const room = resources.data?.find((r) => r.id === roomId) ?? resources.data?.[0];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Form
          form={form}
          layout="inline"
          onFinish={(v) => add.mutate(v)}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item
            name="nameZh"
            rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
          >
            <Input placeholder={t('appt.set.nameZh')} maxLength={40} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            rules={[{ required: true, whitespace: true, message: t('appt.required') }]}
          >
            <Input placeholder={t('appt.set.nameEn')} maxLength={80} style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
            {t('appt.set.addRoom')}
          </Button>
        </Form>
        <Table<AppointmentResource>
          rowKey="id"
          size="small"
          pagination={false}
          loading={resources.isPending}
          dataSource={resources.data ?? []}
          rowClassName={(r) => (r.id === room?.id ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setRoomId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('appt.set.room'), render: (_, r) => localName(r) },
            {
              title: t('appt.set.active'),
              dataIndex: 'active',
              width: 90,
              render: (_: boolean, r) => (
                <Switch
                  size="small"
                  checked={r.active}
                  onClick={(_c, e) => {
                    e.stopPropagation();
                    toggle.mutate(r);
                  }}
                />
              ),
            },
          ]}
        />
      </Col>
      <Col xs={24} xl={14}>
        {room ? <RoomCalendar siteId={siteId} room={room} /> : <Empty description={t('appt.set.noRooms')} />}
      </Col>
    </Row>
  );
}

/** A room's week: bookings of services that hold it and reservations by other modules (mediation). */
function RoomCalendar({ siteId, room }: { siteId: string; room: AppointmentResource }) {
  const { t } = useI18n();
  const localName = useLocalName();
  const [monday, setMonday] = useState(() => mondayOf(todayInZone()));
  const sunday = addDays(monday, 6);
  const entries = useRoomCalendar(siteId, room.id, monday, sunday);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return (
    <Card
      size="small"
      title={t('appt.set.roomCalendar', { name: localName(room) })}
      extra={
        <Space>
          <Button size="small" icon={<LeftOutlined />} onClick={() => setMonday(addDays(monday, -7))} />
          <Typography.Text>
            {monday} – {sunday.slice(5)}
          </Typography.Text>
          <Button size="small" icon={<RightOutlined />} onClick={() => setMonday(addDays(monday, 7))} />
        </Space>
      }
      loading={entries.isPending}
      data-testid="room-calendar"
    >
      {entries.error && <Typography.Text type="danger">{errorMessage(entries.error)}</Typography.Text>}
      <Row gutter={[8, 8]}>
        {days.map((d) => {
          const today = (entries.data ?? [])
            .filter((e) => dayOf(e.start) === d)
            .sort((a, b) => a.start.localeCompare(b.start));
          return (
            <Col key={d} xs={24} sm={12} md={8} lg={6} xl={3}>
              <div style={{ fontWeight: 600 }}>
                {d.slice(5)} {t(`appt.weekday.${weekdayOf(d)}`)}
              </div>
              {today.length === 0 ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <Flex vertical gap={4}>
                  {today.map((e) => (
                    <Tag
                      key={e.id}
                      color={e.kind === 'reservation' ? 'purple' : 'blue'}
                      style={{ whiteSpace: 'normal' }}
                    >
                      {hm(e.start)}–{hm(e.end)} {e.title}
                    </Tag>
                  ))}
                </Flex>
              )}
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
