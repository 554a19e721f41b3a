import type { CalendarDay, DayKind, WorkingCalendar } from './calendar.ts';

/**
 * Free appointment slots, computed from availability as data (the Cal.com model): each staff
 * member's weekly hours and date overrides, office-wide closures, weekend and holiday service
 * sessions, China's holiday calendar, and the bookings already made. One pure function, tested on
 * its own (slots.test.ts); the routes only load its inputs.
 *
 * Times are Asia/Shanghai wall-clock minutes of a date (540 = 09:00). China has no daylight
 * saving, so an instant is the date's midnight at +08:00 plus the minutes.
 */

/** 'HH:mm'–'HH:mm' on a day, as minutes since midnight. */
export interface Interval {
  start: number;
  end: number;
}

export interface ServiceRules {
  id: string;
  durationMin: number;
  /** bookings of this service at the same time (e.g. two counters) */
  capacity: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  /** no slot starts sooner than this after now */
  minNoticeMin: number;
  /** no slot on a date more than this many days ahead */
  maxAdvanceDays: number;
  /** offered in weekend/holiday service sessions as well as in office hours */
  inSessions: boolean;
  /** staff who can serve it */
  staffIds: readonly string[];
  /** slots start every this many minutes (default: the duration) */
  stepMin?: number;
}

export interface StaffAvailability {
  id: string;
  /** weekday (1 = Monday … 7 = Sunday) → working intervals */
  weekly: Partial<Record<number, Interval[]>>;
  /** a date's own hours (training, leave: [] = away all day) replacing the weekly ones */
  overrides: Record<string, Interval[]>;
}

/** A weekend or holiday service session (e.g. Saturday 9:00–12:00) and who staffs it. */
export interface ServiceSession {
  /** the day kinds it runs on; 'weekend' excludes make-up working days */
  on: readonly Extract<DayKind, 'weekend' | 'statutory_holiday'>[];
  /** limit to these weekdays (e.g. [6] for Saturdays only); all when absent */
  weekdays?: readonly number[];
  interval: Interval;
  staffIds: readonly string[];
}

/** A booking that holds a staff member (with the service's buffers around it). */
export interface HeldTime {
  staffId: string;
  serviceId: string;
  /** instants, ms */
  start: number;
  end: number;
}

export interface SlotInput {
  service: ServiceRules;
  /** every staff member's availability (only the service's staff are used) */
  staff: readonly StaffAvailability[];
  sessions: readonly ServiceSession[];
  /** office-wide closures by date */
  closures: ReadonlySet<string>;
  calendar: WorkingCalendar;
  bookings: readonly HeldTime[];
  /** buffers of other services' bookings (by service id), so their staff hold the right time */
  buffersOf?: (serviceId: string) => { before: number; after: number };
  now: Date;
}

export interface Slot {
  /** instants as ISO strings */
  start: string;
  end: string;
  /** 'HH:mm' in Asia/Shanghai */
  time: string;
  /** further bookings this slot takes */
  seatsLeft: number;
  /** staff free for it; a booking takes the first */
  freeStaffIds: string[];
}

export interface DaySlots {
  day: CalendarDay;
  /** closed by the office, a statutory holiday without a session, no hours or past the booking window */
  closed: boolean;
  slots: Slot[];
}

const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;

export const dayStartMs = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text) ?? (text === '24:00' ? ['', '24', '00'] : null);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Today's date in Asia/Shanghai of an instant. */
function shanghaiDateOf(ms: number): string {
  return new Date(ms + 8 * 60 * MINUTE).toISOString().slice(0, 10);
}

/** When a staff member works on a day, outside sessions: overrides first, weekly hours on working days. */
function officeHours(staff: StaffAvailability, day: CalendarDay): Interval[] {
  const override = staff.overrides[day.date];
  if (override) return override;
  if (day.kind === 'statutory_holiday') return [];
  // A make-up working day (a Saturday or Sunday) keeps ordinary weekday hours: Monday's stand for it.
  const weekday = day.kind === 'makeup_workday' ? 1 : day.weekday;
  return staff.weekly[weekday] ?? [];
}

/** The sessions running on a day (never on a make-up working day: it is a working day). */
function sessionsOn(sessions: readonly ServiceSession[], day: CalendarDay): ServiceSession[] {
  if (day.kind !== 'weekend' && day.kind !== 'statutory_holiday') return [];
  return sessions.filter(
    (s) =>
      s.on.includes(day.kind as 'weekend' | 'statutory_holiday') &&
      (!s.weekdays || s.weekdays.includes(day.weekday)),
  );
}

const covers = (intervals: readonly Interval[], start: number, end: number) =>
  intervals.some((i) => i.start <= start && end <= i.end);

/** The slots of one service over [fromDate, toDate] (inclusive 'YYYY-MM-DD' dates). */
export function freeSlots(input: SlotInput, fromDate: string, toDate: string): DaySlots[] {
  const { service, now } = input;
  const step = service.stepMin ?? service.durationMin;
  const nowMs = now.getTime();
  const earliest = nowMs + service.minNoticeMin * MINUTE;
  const lastDate = shanghaiDateOf(dayStartMs(shanghaiDateOf(nowMs)) + service.maxAdvanceDays * DAY_MS);
  const staff = input.staff.filter((s) => service.staffIds.includes(s.id));
  const buffersOf =
    input.buffersOf ?? (() => ({ before: service.bufferBeforeMin, after: service.bufferAfterMin }));
  // What each staff member is already holding, buffers included.
  const held = new Map<string, { start: number; end: number }[]>();
  for (const b of input.bookings) {
    const buffers =
      b.serviceId === service.id
        ? { before: service.bufferBeforeMin, after: service.bufferAfterMin }
        : buffersOf(b.serviceId);
    const list = held.get(b.staffId) ?? [];
    list.push({ start: b.start - buffers.before * MINUTE, end: b.end + buffers.after * MINUTE });
    held.set(b.staffId, list);
  }
  // Capacity counts this service's bookings that overlap the slot, whoever serves them.
  // (this service's bookings picked out once: the check runs for every candidate slot)
  const own = input.bookings.filter((b) => b.serviceId === service.id);
  const sameServiceDuring = (start: number, end: number) =>
    own.filter((b) => b.start < end && start < b.end).length;

  const days: DaySlots[] = [];
  for (let ms = dayStartMs(fromDate); ms <= dayStartMs(toDate); ms += DAY_MS) {
    const date = shanghaiDateOf(ms);
    const day = input.calendar.day(date);
    if (input.closures.has(date) || date > lastDate) {
      days.push({ day, closed: true, slots: [] });
      continue;
    }
    // Who can serve when: office hours, plus the sessions this service runs in.
    const windows = new Map<string, Interval[]>();
    for (const s of staff) windows.set(s.id, [...officeHours(s, day)]);
    if (service.inSessions) {
      for (const session of sessionsOn(input.sessions, day)) {
        for (const id of session.staffIds) windows.get(id)?.push(session.interval);
      }
    }
    const starts = new Set<number>();
    for (const intervals of windows.values())
      for (const i of intervals)
        for (let t = i.start; t + service.durationMin <= i.end; t += step) starts.add(t);

    const slots: Slot[] = [];
    for (const t of [...starts].sort((a, b) => a - b)) {
      const start = ms + t * MINUTE;
      const end = start + service.durationMin * MINUTE;
      if (start < earliest) continue;
      const needFrom = start - service.bufferBeforeMin * MINUTE;
      const needTo = end + service.bufferAfterMin * MINUTE;
      const freeStaffIds = staff
        .filter((s) => covers(windows.get(s.id) ?? [], t, t + service.durationMin))
        .filter((s) => !(held.get(s.id) ?? []).some((h) => h.start < needTo && needFrom < h.end))
        .map((s) => s.id);
      const seatsLeft = Math.min(freeStaffIds.length, service.capacity - sameServiceDuring(start, end));
      if (seatsLeft <= 0) continue;
      slots.push({
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        time: hhmm(t),
        seatsLeft,
        freeStaffIds,
      });
    }
    const hasHours = [...windows.values()].some((w) => w.length > 0);
    days.push({ day, closed: !hasHours, slots });
  }
  return days;
}
