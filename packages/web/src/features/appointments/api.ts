import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { dayjs, ZONE } from '../../app/time.ts';

/**
 * The appointments module's console answers (packages/server/src/modules/appointments/routes/*,
 * prefix /api/v1/appointments). Every list is read for one site (`siteId`), like the kiosk's.
 */

export const BOOKING_STATUSES = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_CHANNELS = ['resident', 'public', 'phone', 'counter', 'walk_in'] as const;
export type BookingChannel = (typeof BOOKING_CHANNELS)[number];
export const DAY_KINDS = ['workday', 'weekend', 'statutory_holiday', 'makeup_workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

/** Minutes since midnight, Asia/Shanghai wall time. */
export interface Interval {
  start: number;
  end: number;
}
export interface Bilingual {
  zh: string;
  en: string;
}

export interface AppointmentService {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  documentsZh: string[];
  documentsEn: string[];
  durationMin: number;
  stepMin: number | null;
  capacity: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  minNoticeMin: number;
  maxAdvanceDays: number;
  inSessions: boolean;
  audience: 'anyone' | 'residents';
  needsIdNumber: boolean;
  staffIds: string[];
  resourceId: string | null;
  perPhoneDailyLimit: number;
  perPhoneWeeklyLimit: number;
  active: boolean;
}
export type ServiceInput = Omit<AppointmentService, 'id'>;

export interface AppointmentResource {
  id: string;
  nameZh: string;
  nameEn: string;
  kind: 'room';
  active: boolean;
}

/** A site user who can serve (police / auxiliary), with weekly hours by weekday 1 (Mon)…7 (Sun). */
export interface StaffMember {
  userId: string;
  displayName: string;
  role: string;
  weekly: Partial<Record<string, Interval[]>>;
}

export interface DateOverride {
  id: string;
  userId: string;
  date: string;
  intervals: Interval[];
  reason: string;
}
export interface Closure {
  id: string;
  date: string;
  reason: string;
}
export type SessionDayKind = 'weekend' | 'statutory_holiday';
export interface ServiceSession {
  id: string;
  nameZh: string;
  nameEn: string;
  on: SessionDayKind[];
  weekdays: number[];
  startMin: number;
  endMin: number;
  staffIds: string[];
  active: boolean;
}

/** One day of the office calendar (GET /calendar). */
export interface CalendarDay {
  date: string;
  kind: DayKind;
  festival: Bilingual | null;
  closed: boolean;
  closureReason?: string | null;
  sessions: { id: string; nameZh: string; nameEn: string; startMin: number; endMin: number }[];
}

/** A year of the holiday calendar the server knows (GET /holidays/years). */
export interface HolidayYear {
  year: number;
  source: string;
  /** 'package' (chinese-days) or 'loaded' (an administrator) */
  origin: 'package' | 'loaded';
  loadedBy?: string | null;
  loadedAt?: string | null;
  holidays?: number;
  makeupWorkdays?: number;
}

export interface ServiceDay {
  date: string;
  kind: DayKind;
  festival: Bilingual | null;
  session: boolean;
  free: number;
}
export interface Slot {
  start: string;
  end: string;
  seatsLeft: number;
}

export interface Booking {
  id: string;
  serviceId: string;
  staffId: string | null;
  staffName?: string | null;
  resourceId: string | null;
  start: string;
  end: string;
  code: string;
  name: string;
  /** masked (138****1234) */
  phone: string;
  /** masked unless the reader holds appointments.fullIdNumber */
  idNumber: string | null;
  channel: BookingChannel;
  status: BookingStatus;
  note: string;
  queueNumber: string | null;
  checkedInAt: string | null;
  calledAt: string | null;
  servedAt: string | null;
  noShowAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  rescheduleCount: number;
}

/** A reminder or notice in the outbox, for the booking's detail. */
export interface BookingMessage {
  id?: string;
  purpose: string;
  channel: string;
  status: string;
  sendAfter: string;
  sentAt?: string | null;
  attempts?: number;
}
export interface BookingDetail extends Booking {
  messages: BookingMessage[];
}

export interface CreatedBooking extends Booking {
  qrText?: string;
}

export interface QueueEntry extends Booking {
  /** position in the merged list */
  waitingSince?: string | null;
}

export interface AppointmentStats {
  byService: { serviceId: string; count: number }[];
  byDay: { date: string; count: number }[];
  byChannel: { channel: BookingChannel; count: number }[];
  weekendHolidayShare: number;
  noShowRate: number;
  waiting: { p50Min: number | null; avgMin: number | null; n: number };
  total: number;
}

export const apptKeys = {
  all: ['appointments'] as const,
  services: (siteId: string) => ['appointments', 'services', siteId] as const,
  resources: (siteId: string) => ['appointments', 'resources', siteId] as const,
  staff: (siteId: string) => ['appointments', 'staff', siteId] as const,
  overrides: (siteId: string) => ['appointments', 'overrides', siteId] as const,
  closures: (siteId: string) => ['appointments', 'closures', siteId] as const,
  sessions: (siteId: string) => ['appointments', 'sessions', siteId] as const,
  calendar: (siteId: string, from: string, to: string) => ['appointments', 'calendar', siteId, from, to] as const,
  years: ['appointments', 'holiday-years'] as const,
  bookings: (q: BookingQuery) => ['appointments', 'bookings', q] as const,
  booking: (id: string) => ['appointments', 'booking', id] as const,
  days: (siteId: string, serviceId: string, from: string, to: string) =>
    ['appointments', 'days', siteId, serviceId, from, to] as const,
  slots: (siteId: string, serviceId: string, date: string) =>
    ['appointments', 'slots', siteId, serviceId, date] as const,
  queue: (siteId: string, date: string) => ['appointments', 'queue', siteId, date] as const,
  roomCalendar: (id: string, from: string) => ['appointments', 'room', id, from] as const,
  stats: (siteId: string, from: string, to: string) => ['appointments', 'stats', siteId, from, to] as const,
};

/** A list answer as an array: the server may answer a bare array or {items}. */
export function itemsOf<T>(data: unknown, key = 'items'): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (Array.isArray(o[key])) return o[key] as T[];
    if (Array.isArray(o.items)) return o.items as T[];
  }
  return [];
}

export interface BookingQuery {
  siteId: string;
  from: string;
  to: string;
  staffId?: string;
  serviceId?: string;
  status?: string;
}

const list = <T>(path: string, siteId: string | undefined, key?: string, extra?: Record<string, string>) => ({
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    itemsOf<T>(await api.get(path, { siteId, ...extra }, signal), key),
  enabled: !!siteId,
});

export function useServices(siteId: string | undefined) {
  return useQuery({ queryKey: apptKeys.services(siteId ?? ''), ...list<AppointmentService>('/appointments/services', siteId, 'services') });
}
export function useResources(siteId: string | undefined) {
  return useQuery({ queryKey: apptKeys.resources(siteId ?? ''), ...list<AppointmentResource>('/appointments/resources', siteId, 'resources') });
}
export function useStaff(siteId: string | undefined) {
  return useQuery({ queryKey: apptKeys.staff(siteId ?? ''), ...list<StaffMember>('/appointments/staff', siteId, 'staff') });
}
export function useSessions(siteId: string | undefined) {
  return useQuery({ queryKey: apptKeys.sessions(siteId ?? ''), ...list<ServiceSession>('/appointments/sessions', siteId, 'sessions') });
}

/** Overrides and closures from today over the next year (what the settings page edits). */
export function useOverrides(siteId: string | undefined) {
  const { from, to } = comingYear();
  return useQuery({
    queryKey: apptKeys.overrides(siteId ?? ''),
    ...list<DateOverride>('/appointments/overrides', siteId, 'overrides', { from, to }),
  });
}
export function useClosures(siteId: string | undefined) {
  const { from, to } = comingYear();
  return useQuery({
    queryKey: apptKeys.closures(siteId ?? ''),
    ...list<Closure>('/appointments/closures', siteId, 'closures', { from, to }),
  });
}

function comingYear() {
  const today = dayjs().tz(ZONE);
  return { from: today.subtract(7, 'day').format('YYYY-MM-DD'), to: today.add(1, 'year').format('YYYY-MM-DD') };
}

export function useCalendar(siteId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.calendar(siteId ?? '', from, to),
    ...list<CalendarDay>('/appointments/calendar', siteId, 'days', { from, to }),
    placeholderData: keepPreviousData,
  });
}

export function useHolidayYears() {
  return useQuery({
    queryKey: apptKeys.years,
    queryFn: async ({ signal }) => itemsOf<HolidayYear>(await api.get('/appointments/holidays/years', undefined, signal), 'years'),
  });
}

export function useBookings(query: BookingQuery | null, refetchInterval?: number) {
  return useQuery({
    queryKey: apptKeys.bookings(query ?? ({} as BookingQuery)),
    queryFn: async ({ signal }) =>
      itemsOf<Booking>(await api.get('/appointments/bookings', { ...query }, signal), 'bookings'),
    enabled: !!query?.siteId,
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

export function useBooking(id: string | null) {
  return useQuery({
    queryKey: apptKeys.booking(id ?? ''),
    queryFn: ({ signal }) => api.get<BookingDetail>(`/appointments/bookings/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useServiceDays(siteId: string | undefined, serviceId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.days(siteId ?? '', serviceId ?? '', from, to),
    queryFn: async ({ signal }) =>
      itemsOf<ServiceDay>(await api.get(`/appointments/services/${serviceId}/days`, { siteId, from, to }, signal), 'days'),
    enabled: !!siteId && !!serviceId,
  });
}

export function useSlots(siteId: string | undefined, serviceId: string | undefined, date: string | undefined) {
  return useQuery({
    queryKey: apptKeys.slots(siteId ?? '', serviceId ?? '', date ?? ''),
    queryFn: async ({ signal }) =>
      itemsOf<Slot>(await api.get(`/appointments/services/${serviceId}/slots`, { siteId, date }, signal), 'slots'),
    enabled: !!siteId && !!serviceId && !!date,
  });
}

export function useQueue(siteId: string | undefined, date: string, refetchInterval?: number) {
  return useQuery({
    queryKey: apptKeys.queue(siteId ?? '', date),
    queryFn: async ({ signal }) =>
      itemsOf<QueueEntry>(await api.get('/appointments/counter/queue', { siteId, date }, signal), 'queue'),
    enabled: !!siteId,
    refetchInterval,
  });
}

export interface RoomCalendarEntry {
  id: string;
  kind: 'booking' | 'reservation';
  start: string;
  end: string;
  title: string;
}
export function useRoomCalendar(id: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.roomCalendar(id ?? '', from),
    queryFn: async ({ signal }) =>
      itemsOf<RoomCalendarEntry>(await api.get(`/appointments/resources/${id}/calendar`, { from, to }, signal), 'entries'),
    enabled: !!id,
  });
}

export function useStats(siteId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.stats(siteId ?? '', from, to),
    queryFn: ({ signal }) => api.get<AppointmentStats>('/appointments/stats', { siteId, from, to }, signal),
    enabled: !!siteId,
  });
}
