import {
  CheckCircleOutlined,
  CloseCircleOutlined,
  LoginOutlined,
  NotificationOutlined,
  ScheduleOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { formatDateTime } from '../../../app/time.ts';
import {
  type AppointmentService,
  apptKeys,
  type Booking,
  type BookingDetail,
  NO_SHOW_GRACE_MIN,
  type StaffMember,
  useBooking,
} from '../api.ts';
import { BookingStatusTag, ChannelTag, hm, useLocalName } from '../shared.tsx';
import { SlotPicker } from './SlotPicker.tsx';

/** What the counter may do to a booking in each status (the server checks the same). */
const ACTIONS: Record<
  Booking['status'],
  ('checkIn' | 'call' | 'served' | 'noShow' | 'reschedule' | 'cancel')[]
> = {
  booked: ['checkIn', 'noShow', 'reschedule', 'cancel'],
  checked_in: ['call', 'served'],
  served: [],
  no_show: [],
  cancelled: [],
};

const MESSAGE_COLORS: Record<string, string> = {
  pending: 'blue',
  sent: 'green',
  retrying: 'orange',
  failed: 'red',
  cancelled: 'default',
};

/** A catalogue text for a value from the server, or the value itself when the console has no words for it. */
function knownOr(tr: (key: string) => string, key: string, fallback: string): string {
  const text = tr(key);
  return text === key ? fallback : text;
}

/** The counter's write on a booking, refreshing every appointments list after it. */
export function useBookingAction() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => api.post<Booking>(path, body ?? {}),
    onSuccess: () => {
      void message.success(t('appt.done'));
      void queryClient.invalidateQueries({ queryKey: apptKeys.all });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
}

/**
 * A booking's detail: who, what, when, the documents to bring, the reminders and their statuses,
 * the ID number (masked unless the reader is police), and the counter's actions.
 */
export function BookingDrawer({
  bookingId,
  siteId,
  services,
  staff,
  onClose,
}: {
  bookingId: string | null;
  siteId: string;
  services: AppointmentService[];
  staff: StaffMember[];
  onClose: () => void;
}) {
  const { t, tr, lang } = useI18n();
  const { can } = useAuth();
  const localName = useLocalName();
  const booking = useBooking(bookingId);
  const action = useBookingAction();
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const b = booking.data;
  const service = services.find((s) => s.id === b?.serviceId);
  const documents = service
    ? lang === 'en' && service.documentsEn.length
      ? service.documentsEn
      : service.documentsZh
    : [];
  const serve = can('appointments.serve');
  // The server refuses a no-show before the start + grace; the button follows the same rule.
  const noShowOpen = !!b && Date.now() > Date.parse(b.start) + NO_SHOW_GRACE_MIN * 60_000;

  const run = (path: string, body?: unknown) => action.mutate({ path, body });

  return (
    <Drawer
      open={!!bookingId}
      onClose={onClose}
      size={520}
      title={b ? `${t('appt.detail.title')} ${b.code}` : t('appt.detail.title')}
      data-testid="booking-drawer"
    >
      {booking.isPending && <Skeleton active />}
      {booking.error && <Alert type="error" showIcon title={errorMessage(booking.error)} />}
      {b && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('appt.field.code')}>
              <Typography.Text copyable strong data-testid="detail-code">
                {b.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.service')}>{localName(service)}</Descriptions.Item>
            <Descriptions.Item label={t('appt.field.time')}>
              <span data-testid="detail-time">
                {formatDateTime(b.start).slice(0, 16)}–{hm(b.end)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.staff')}>
              {b.staffName ?? staff.find((s) => s.userId === b.staffId)?.displayName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.name')}>{b.name}</Descriptions.Item>
            <Descriptions.Item label={t('appt.field.phone')}>{b.phone}</Descriptions.Item>
            {b.idNumber && (
              <Descriptions.Item label={t('appt.field.idNumber')}>
                <span data-testid="detail-id-number">{b.idNumber}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('appt.field.status')}>
              <BookingStatusTag status={b.status} />
              {b.queueNumber && <Tag color="purple">{b.queueNumber}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('appt.field.channel')}>
              <ChannelTag channel={b.channel} />
            </Descriptions.Item>
            {b.checkedInAt && (
              <Descriptions.Item label={t('appt.field.checkedInAt')}>
                {formatDateTime(b.checkedInAt)}
              </Descriptions.Item>
            )}
            {b.calledAt && (
              <Descriptions.Item label={t('appt.field.calledAt')}>
                {formatDateTime(b.calledAt)}
              </Descriptions.Item>
            )}
            {b.servedAt && (
              <Descriptions.Item label={t('appt.field.servedAt')}>
                {formatDateTime(b.servedAt)}
              </Descriptions.Item>
            )}
            {b.cancelledAt && (
              <Descriptions.Item label={t('appt.field.cancelReason')}>
                {formatDateTime(b.cancelledAt)} {b.cancelReason}
              </Descriptions.Item>
            )}
            {b.rescheduleCount > 0 && (
              <Descriptions.Item label={t('appt.field.rescheduled')}>{b.rescheduleCount}</Descriptions.Item>
            )}
            {b.note ? <Descriptions.Item label={t('appt.field.note')}>{b.note}</Descriptions.Item> : null}
          </Descriptions>

          {documents.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('appt.field.documents')}</Typography.Title>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </div>
          )}

          <div>
            <Typography.Title level={5}>
              <NotificationOutlined /> {t('appt.detail.reminders')}
            </Typography.Title>
            <List<BookingDetail['messages'][number]>
              size="small"
              dataSource={b.messages ?? []}
              locale={{ emptyText: t('appt.detail.noReminders') }}
              renderItem={(m) => (
                <List.Item data-testid="booking-message">
                  <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                    <span>{knownOr(tr, `appt.purpose.${m.purpose}`, m.purpose)}</span>
                    <span>
                      {formatDateTime(m.sentAt ?? m.sendAfter).slice(0, 16)}{' '}
                      <Tag color={MESSAGE_COLORS[m.status] ?? 'default'}>
                        {knownOr(tr, `appt.messageStatus.${m.status}`, m.status)}
                      </Tag>
                    </span>
                  </Flex>
                </List.Item>
              )}
            />
          </div>

          {serve && ACTIONS[b.status].length > 0 && (
            <Flex wrap gap={8} data-testid="booking-actions">
              {ACTIONS[b.status].includes('checkIn') && (
                <Button
                  type="primary"
                  icon={<LoginOutlined />}
                  loading={action.isPending}
                  onClick={() => run('/appointments/counter/check-in', { siteId, code: b.code })}
                >
                  {t('appt.action.checkIn')}
                </Button>
              )}
              {ACTIONS[b.status].includes('call') && (
                <Button
                  type="primary"
                  icon={<NotificationOutlined />}
                  onClick={() => run(`/appointments/bookings/${b.id}/call`)}
                >
                  {t('appt.action.call')}
                </Button>
              )}
              {ACTIONS[b.status].includes('served') && (
                <Button
                  icon={<CheckCircleOutlined />}
                  onClick={() => run(`/appointments/bookings/${b.id}/served`)}
                >
                  {t('appt.action.served')}
                </Button>
              )}
              {ACTIONS[b.status].includes('reschedule') && (
                <Button
                  icon={<ScheduleOutlined />}
                  onClick={() => setMoving(true)}
                  data-testid="action-reschedule"
                >
                  {t('appt.action.reschedule')}
                </Button>
              )}
              {ACTIONS[b.status].includes('noShow') && noShowOpen && (
                <Button
                  danger
                  icon={<StopOutlined />}
                  onClick={() => run(`/appointments/bookings/${b.id}/no-show`)}
                >
                  {t('appt.action.noShow')}
                </Button>
              )}
              {ACTIONS[b.status].includes('cancel') && (
                <Button
                  danger
                  icon={<CloseCircleOutlined />}
                  onClick={() => setCancelling(true)}
                  data-testid="action-cancel"
                >
                  {t('appt.action.cancel')}
                </Button>
              )}
            </Flex>
          )}
          {b.status === 'booked' && !noShowOpen && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('appt.detail.noShowHint')}
            </Typography.Text>
          )}
          {service && moving && (
            <RescheduleModal siteId={siteId} booking={b} service={service} onClose={() => setMoving(false)} />
          )}
          {cancelling && <CancelModal booking={b} onClose={() => setCancelling(false)} />}
        </Flex>
      )}
    </Drawer>
  );
}

/** 改约: a new free slot of the same service, with the reason (the caller gets an SMS). */
function RescheduleModal({
  siteId,
  booking,
  service,
  onClose,
}: {
  siteId: string;
  booking: Booking;
  service: AppointmentService;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [date, setDate] = useState<string>();
  const [start, setStart] = useState<string>();
  const [reason, setReason] = useState('');
  const action = useBookingAction();
  return (
    <Modal
      open
      width={720}
      title={t('appt.reschedule.title', { code: booking.code })}
      onCancel={onClose}
      okText={t('appt.reschedule.submit')}
      okButtonProps={{ disabled: !start || !reason.trim(), loading: action.isPending }}
      onOk={() =>
        action.mutate(
          { path: `/appointments/bookings/${booking.id}/reschedule`, body: { start, reason: reason.trim() } },
          { onSuccess: onClose },
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('appt.reschedule.now', { time: `${formatDateTime(booking.start).slice(0, 16)}` })}
      </Typography.Paragraph>
      <SlotPicker
        siteId={siteId}
        service={service}
        date={date}
        start={start}
        onDate={(d) => {
          setDate(d);
          setStart(undefined);
        }}
        onStart={setStart}
        exceptStart={booking.start}
      />
      <Form layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item label={t('appt.field.reason')} required>
          <Input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            data-testid="reschedule-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 取消预约 with the reason (the slot frees at once; the caller gets an SMS). */
function CancelModal({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const action = useBookingAction();
  return (
    <Modal
      open
      title={t('appt.cancel.title', { code: booking.code })}
      onCancel={onClose}
      okText={t('appt.cancel.submit')}
      okButtonProps={{ danger: true, disabled: !reason.trim(), loading: action.isPending }}
      onOk={() =>
        action.mutate(
          { path: `/appointments/bookings/${booking.id}/cancel`, body: { reason: reason.trim() } },
          { onSuccess: onClose },
        )
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('appt.field.reason')} required>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            autoSize={{ minRows: 2 }}
            data-testid="cancel-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
