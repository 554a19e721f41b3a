import { LeftOutlined, PhoneOutlined, QrcodeOutlined, RightOutlined, TagOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../app/i18n.tsx';
import { dayjs } from '../../../app/time.ts';
import {
  type Booking,
  type CalendarDay,
  useBookings,
  useCalendar,
  useOverrides,
  useServices,
  useStaff,
} from '../api.ts';
import {
  addDays,
  DayKindTag,
  dayOf,
  minutesToHm,
  mondayOf,
  SiteSelect,
  todayInZone,
  useLocalName,
  useSiteChoice,
  weekdayOf,
} from '../shared.tsx';
import { BookingDrawer } from './BookingDrawer.tsx';
import { CheckInModal } from './CheckInModal.tsx';
import { PhoneBookingModal } from './PhoneBookingModal.tsx';
import { type GridColumn, TimeGrid } from './TimeGrid.tsx';
import { WalkInModal } from './WalkInModal.tsx';
import '../appointments.css';

type View = 'day' | 'week';
type By = 'staff' | 'service';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a day of the office calendar says: holiday / make-up day, weekend sessions, closure. */
function DayNote({ day }: { day: CalendarDay | undefined }) {
  const { t, lang } = useI18n();
  if (!day) return null;
  return (
    <Flex wrap gap={4} justify="center">
      <DayKindTag kind={day.kind} festival={day.festival} />
      {day.sessions.map((s) => (
        <Tag key={s.id} color="green" style={{ marginInlineEnd: 0 }}>
          {lang === 'en' ? s.nameEn : s.nameZh} {minutesToHm(s.startMin)}–{minutesToHm(s.endMin)}
        </Tag>
      ))}
      {day.closed && (
        <Tag color="default" style={{ marginInlineEnd: 0 }} data-testid="day-closed">
          {t('appt.cal.closed')}
          {day.closureReason ? ` · ${day.closureReason}` : ''}
        </Tag>
      )}
    </Flex>
  );
}

/** Closed, or a weekend / holiday without a service session: nobody is booked that day. */
function isOffDay(day: CalendarDay | undefined): boolean {
  if (!day) return false;
  if (day.closed) return true;
  return (day.kind === 'weekend' || day.kind === 'statutory_holiday') && day.sessions.length === 0;
}

/**
 * 预约台: the day's or the week's bookings on a time grid, per staff member or per service; the
 * detail drawer with the counter's actions; phone booking for a caller, check-in by QR or code,
 * and walk-in numbers.
 */
export default function CounterPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const localName = useLocalName();
  const [params, setParams] = useSearchParams();
  const { siteId, setSiteId } = useSiteChoice();
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const by: By = params.get('by') === 'service' ? 'service' : 'staff';
  const dateParam = params.get('date');
  const date = dateParam && DATE.test(dateParam) ? dateParam : todayInZone();
  const staffFilter = params.get('staff') ?? undefined;
  const serviceFilter = params.get('service') ?? undefined;
  const [showCancelled, setShowCancelled] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [modal, setModal] = useState<'phone' | 'checkIn' | 'walkIn' | null>(null);

  const from = view === 'week' ? mondayOf(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;
  const services = useServices(siteId);
  const staff = useStaff(siteId);
  // Leave and training of the coming weeks: the day view shows a person away as away.
  const overrides = useOverrides(siteId);
  const calendar = useCalendar(siteId, from, to);
  const bookings = useBookings(
    siteId ? { siteId, from, to, staffId: staffFilter, serviceId: serviceFilter } : null,
  );

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const visible = useMemo(
    () => (bookings.data ?? []).filter((b) => showCancelled || b.status !== 'cancelled'),
    [bookings.data, showCancelled],
  );
  const dayInfo = (d: string) => calendar.data?.find((c) => c.date === d);
  const serviceList = services.data ?? [];
  const staffList = staff.data ?? [];

  // Computed each render: a few dozen bookings, and the lists behind it change with every fetch.
  const columns: GridColumn[] = (() => {
    if (view === 'week') {
      return Array.from({ length: 7 }, (_, i) => {
        const d = addDays(from, i);
        const info = calendar.data?.find((c) => c.date === d);
        return {
          key: d,
          title: (
            <Button type="link" size="small" onClick={() => setParam({ view: undefined, date: d })}>
              {d.slice(5)} {t(`appt.weekday.${weekdayOf(d)}`)}
            </Button>
          ),
          note: <DayNote day={info} />,
          muted: isOffDay(info),
          bookings: visible.filter((b) => dayOf(b.start) === d),
        };
      });
    }
    const info = calendar.data?.find((c) => c.date === date);
    const off = isOffDay(info);
    // Weekly hours hold on working days (调休 Saturdays included); otherwise the day's sessions.
    const workingDay = !info || info.kind === 'workday' || info.kind === 'makeup_workday';
    const sessionHours = (info?.sessions ?? []).map((s) => ({ start: s.startMin, end: s.endMin }));
    if (by === 'service') {
      return serviceList
        .filter((s) =>
          serviceFilter ? s.id === serviceFilter : s.active || visible.some((b) => b.serviceId === s.id),
        )
        .map((s) => ({
          key: s.id,
          title: localName(s),
          muted: off,
          bookings: visible.filter((b) => b.serviceId === s.id),
        }));
    }
    const cols: GridColumn[] = staffList
      .filter((s) => !staffFilter || s.userId === staffFilter)
      .map((s) => {
        const override = overrides.data?.find((o) => o.userId === s.userId && o.date === date);
        const usual = workingDay ? (s.weekly[String(weekdayOf(date))] ?? []) : sessionHours;
        const hours = override ? override.intervals : usual;
        return {
          key: s.userId,
          title: s.displayName,
          note: (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hours.map((h) => `${minutesToHm(h.start)}–${minutesToHm(h.end)}`).join(' ')}
              {override && (
                <Tag color="orange" style={{ marginInlineStart: 4 }}>
                  {override.intervals.length ? '' : `${t('appt.set.awayAllDay')} `}
                  {override.reason}
                </Tag>
              )}
            </Typography.Text>
          ),
          muted: off,
          open: hours,
          bookings: visible.filter((b) => b.staffId === s.userId),
        };
      });
    // Walk-ins not yet called and bookings of staff no longer listed.
    const known = new Set(cols.map((c) => c.key));
    const rest = visible.filter((b) => !b.staffId || !known.has(b.staffId));
    if (rest.length && !staffFilter)
      cols.push({ key: 'unassigned', title: t('appt.grid.unassigned'), bookings: rest });
    return cols;
  })();

  if (!siteId) return <Alert type="info" showIcon title={t('appt.noSite')} />;

  const step = view === 'week' ? 7 : 1;
  const serve = can('appointments.serve');

  return (
    <Card
      title={t('appt.counter.title')}
      extra={
        <Space wrap>
          <SiteSelect siteId={siteId} onChange={setSiteId} />
          {serve && (
            <>
              <Button
                type="primary"
                icon={<PhoneOutlined />}
                onClick={() => setModal('phone')}
                data-testid="open-phone-booking"
              >
                {t('appt.counter.phoneBooking')}
              </Button>
              <Button
                icon={<QrcodeOutlined />}
                onClick={() => setModal('checkIn')}
                data-testid="open-check-in"
              >
                {t('appt.counter.checkIn')}
              </Button>
              <Button icon={<TagOutlined />} onClick={() => setModal('walkIn')} data-testid="open-walk-in">
                {t('appt.counter.walkIn')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
        <Segmented
          value={view}
          onChange={(v) => setParam({ view: v === 'week' ? 'week' : undefined })}
          options={[
            { value: 'day', label: t('appt.counter.day') },
            { value: 'week', label: t('appt.counter.week') },
          ]}
          data-testid="counter-view"
        />
        {view === 'day' && (
          <Segmented
            value={by}
            onChange={(v) => setParam({ by: v === 'service' ? 'service' : undefined })}
            options={[
              { value: 'staff', label: t('appt.counter.byStaff') },
              { value: 'service', label: t('appt.counter.byService') },
            ]}
            data-testid="counter-by"
          />
        )}
        <Space.Compact>
          <Button
            icon={<LeftOutlined />}
            onClick={() => setParam({ date: addDays(date, -step) })}
            aria-label={t('appt.counter.previous')}
          />
          <DatePicker
            value={dayjs(date)}
            allowClear={false}
            onChange={(d) => d && setParam({ date: d.format('YYYY-MM-DD') })}
            picker={view === 'week' ? 'week' : 'date'}
            data-testid="counter-date"
          />
          <Button
            icon={<RightOutlined />}
            onClick={() => setParam({ date: addDays(date, step) })}
            aria-label={t('appt.counter.next')}
          />
        </Space.Compact>
        <Button onClick={() => setParam({ date: undefined })}>{t('appt.counter.today')}</Button>
        <Select
          allowClear
          placeholder={t('appt.counter.allStaff')}
          value={staffFilter}
          onChange={(v: string | undefined) => setParam({ staff: v })}
          options={staffList.map((s) => ({ value: s.userId, label: s.displayName }))}
          style={{ width: 150 }}
          data-testid="filter-staff"
        />
        <Select
          allowClear
          placeholder={t('appt.counter.allServices')}
          value={serviceFilter}
          onChange={(v: string | undefined) => setParam({ service: v })}
          options={serviceList.map((s) => ({ value: s.id, label: localName(s) }))}
          style={{ width: 180 }}
          data-testid="filter-service"
        />
        <Checkbox checked={showCancelled} onChange={(e) => setShowCancelled(e.target.checked)}>
          {t('appt.counter.showCancelled')}
        </Checkbox>
      </Flex>
      {view === 'day' && (
        <Flex gap={8} align="center" style={{ marginBottom: 12 }} data-testid="day-note">
          <Typography.Text strong>
            {date} {t(`appt.weekday.${weekdayOf(date)}`)}
          </Typography.Text>
          <DayNote day={dayInfo(date)} />
          <Typography.Text type="secondary">{t('appt.counter.count', { n: visible.length })}</Typography.Text>
        </Flex>
      )}
      {(bookings.error || services.error || staff.error) && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(bookings.error ?? services.error ?? staff.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      {columns.length === 0 ? (
        <Empty description={t('appt.counter.none')} />
      ) : (
        <TimeGrid
          columns={columns}
          services={serviceList}
          onOpen={(b: Booking) => setOpenId(b.id)}
          testId={view === 'week' ? 'week-grid' : 'day-grid'}
          week={view === 'week'}
        />
      )}
      <BookingDrawer
        bookingId={openId}
        siteId={siteId}
        services={serviceList}
        staff={staffList}
        onClose={() => setOpenId(null)}
      />
      <PhoneBookingModal
        open={modal === 'phone'}
        siteId={siteId}
        services={serviceList}
        onClose={() => setModal(null)}
      />
      <CheckInModal
        open={modal === 'checkIn'}
        siteId={siteId}
        services={serviceList}
        onClose={() => setModal(null)}
      />
      <WalkInModal
        open={modal === 'walkIn'}
        siteId={siteId}
        services={serviceList}
        onClose={() => setModal(null)}
      />
    </Card>
  );
}
