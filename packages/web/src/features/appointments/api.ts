import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { APPOINTMENT_RANGE_MAX_DAYS } from '@anju/contracts';
import { api } from '../../app/api.ts';
import { dayjs, ZONE } from '../../app/time.ts';
import type {
  AppointmentBooking as Booking,
  AppointmentBookingDetail as BookingDetail,
  AppointmentClosure as Closure,
  AppointmentDayKind as DayKind,
  AppointmentInterval as Interval,
  AppointmentOverride as DateOverride,
  AppointmentResource,
  AppointmentService,
  AppointmentSession as ServiceSession,
  AppointmentStats,
  CheckInResult,
  QueueEntry,
  AppointmentStaff as StaffMember,
  BookingChannel,
  BookingMessage,
  BookingStatus,
  CalendarDayView as CalendarDay,
  CalendarRange,
  FreeSlot as Slot,
  HolidayYearInfo as HolidayYear,
  HolidayYearInput,
  ResourceCalendarEntry as RoomCalendarEntry,
  ServiceDay,
  SESSION_DAY_KINDS,
} from '@anju/contracts';

/**
 * The appointments module's console answers (packages/server/src/modules/appointments/routes/*,
 * prefix /api/v1/appointments): the shapes are the contracts' (appointments.ts); every list is
 * read for one site (`siteId`), like the kiosk's.
 */
export type {
  AppointmentResource,
  AppointmentService,
  AppointmentStats,
  CheckInResult,
  QueueEntry,
  Booking,
  BookingChannel,
  BookingDetail,
  BookingMessage,
  BookingStatus,
  CalendarDay,
  CalendarRange,
  Closure,
  DateOverride,
  DayKind,
  HolidayYear,
  HolidayYearInput,
  Interval,
  RoomCalendarEntry,
  ServiceDay,
  ServiceSession,
  Slot,
  StaffMember,
};
export {
  APPOINTMENT_DAY_KINDS as DAY_KINDS,
  BOOKING_CHANNELS,
  BOOKING_STATUSES,
  NO_SHOW_GRACE_MIN,
} from '@anju/contracts';
export type SessionDayKind = (typeof SESSION_DAY_KINDS)[number];

/** A service's editable fields (the settings form). */
export type ServiceInput = Omit<AppointmentService, 'id' | 'siteId'>;

/** What POST /bookings answers: the booking with the QR text of its manage link. */
export type CreatedBooking = Booking & { qrText?: string };

export const apptKeys = {
  all: ['appointments'] as const,
  services: (siteId: string) => ['appointments', 'services', siteId] as const,
  resources: (siteId: string) => ['appointments', 'resources', siteId] as const,
  staff: (siteId: string) => ['appointments', 'staff', siteId] as const,
  overrides: (siteId: string) => ['appointments', 'overrides', siteId] as const,
  closures: (siteId: string) => ['appointments', 'closures', siteId] as const,
  sessions: (siteId: string) => ['appointments', 'sessions', siteId] as const,
  calendar: (siteId: string, from: string, to: string) =>
    ['appointments', 'calendar', siteId, from, to] as const,
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
  return useQuery({
    queryKey: apptKeys.services(siteId ?? ''),
    ...list<AppointmentService>('/appointments/services', siteId, 'services'),
  });
}
export function useResources(siteId: string | undefined) {
  return useQuery({
    queryKey: apptKeys.resources(siteId ?? ''),
    ...list<AppointmentResource>('/appointments/resources', siteId, 'resources'),
  });
}
export function useStaff(siteId: string | undefined) {
  return useQuery({
    queryKey: apptKeys.staff(siteId ?? ''),
    ...list<StaffMember>('/appointments/staff', siteId, 'staff'),
  });
}
export function useSessions(siteId: string | undefined) {
  return useQuery({
    queryKey: apptKeys.sessions(siteId ?? ''),
    ...list<ServiceSession>('/appointments/sessions', siteId, 'sessions'),
  });
}

/**
 * Overrides and closures from a week ago over the next twelve weeks (what the settings page
 * edits; the server answers at most APPOINTMENT_RANGE_MAX_DAYS at a time).
 */
export function useOverrides(siteId: string | undefined) {
  const { from, to } = comingWeeks();
  return useQuery({
    queryKey: apptKeys.overrides(siteId ?? ''),
    ...list<DateOverride>('/appointments/overrides', siteId, 'overrides', { from, to }),
  });
}
export function useClosures(siteId: string | undefined) {
  const { from, to } = comingWeeks();
  return useQuery({
    queryKey: apptKeys.closures(siteId ?? ''),
    ...list<Closure>('/appointments/closures', siteId, 'closures', { from, to }),
  });
}

function comingWeeks() {
  const today = dayjs().tz(ZONE);
  return {
    from: today.subtract(7, 'day').format('YYYY-MM-DD'),
    to: today.add(APPOINTMENT_RANGE_MAX_DAYS - 8, 'day').format('YYYY-MM-DD'),
  };
}

/** The office calendar of a range: each day's kind, festival, closure and sessions, and the years not yet published. */
export function useCalendarRange(siteId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.calendar(siteId ?? '', from, to),
    queryFn: ({ signal }) => api.get<CalendarRange>('/appointments/calendar', { siteId, from, to }, signal),
    enabled: !!siteId,
    placeholderData: keepPreviousData,
  });
}
export function useCalendar(siteId: string | undefined, from: string, to: string) {
  const range = useCalendarRange(siteId, from, to);
  return { ...range, data: range.data?.days };
}

export function useHolidayYears() {
  return useQuery({
    queryKey: apptKeys.years,
    queryFn: async ({ signal }) =>
      itemsOf<HolidayYear>(await api.get('/appointments/holidays/years', undefined, signal), 'years'),
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

export function useServiceDays(
  siteId: string | undefined,
  serviceId: string | undefined,
  from: string,
  to: string,
) {
  return useQuery({
    queryKey: apptKeys.days(siteId ?? '', serviceId ?? '', from, to),
    queryFn: async ({ signal }) =>
      itemsOf<ServiceDay>(
        await api.get(`/appointments/services/${serviceId}/days`, { siteId, from, to }, signal),
        'days',
      ),
    enabled: !!siteId && !!serviceId,
  });
}

export function useSlots(
  siteId: string | undefined,
  serviceId: string | undefined,
  date: string | undefined,
) {
  return useQuery({
    queryKey: apptKeys.slots(siteId ?? '', serviceId ?? '', date ?? ''),
    queryFn: async ({ signal }) =>
      itemsOf<Slot>(
        await api.get(`/appointments/services/${serviceId}/slots`, { siteId, date }, signal),
        'slots',
      ),
    enabled: !!siteId && !!serviceId && !!date,
  });
}

export function useQueue(siteId: string | undefined, date: string, refetchInterval?: number) {
  return useQuery({
    queryKey: apptKeys.queue(siteId ?? '', date),
    queryFn: async ({ signal }) =>
      itemsOf<QueueEntry>(await api.get('/appointments/counter/queue', { siteId, date }, signal)),
    enabled: !!siteId,
    refetchInterval,
  });
}

export function useRoomCalendar(siteId: string, id: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: apptKeys.roomCalendar(id ?? '', from),
    queryFn: async ({ signal }) =>
      itemsOf<RoomCalendarEntry>(
        await api.get(`/appointments/resources/${id}/calendar`, { siteId, from, to }, signal),
      ),
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
