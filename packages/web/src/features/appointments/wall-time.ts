import { COUNTER_CODE_PATTERN, type HolidayYearInput, parseBookingQr } from '@anju/contracts';
import { dayjs, ZONE } from '../../app/time.ts';
import type { Interval } from './api.ts';

/**
 * The appointments pages' pure helpers: Beijing wall time of instants, calendar dates, "09:00"
 * ⇄ minutes, the weekly-hours text, the holiday upload's date lines, and what a
 * scanned QR holds. No React here, so they are tested on their own (wall-time.test.ts).
 */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** HH:mm of an instant in Beijing time, whatever the browser's zone. */
export function hm(iso: string): string {
  return dayjs(iso).tz(ZONE).format('HH:mm');
}
/** YYYY-MM-DD of an instant in Beijing time. */
export function dayOf(iso: string): string {
  return dayjs(iso).tz(ZONE).format('YYYY-MM-DD');
}
/** Minutes since Beijing midnight of an instant. */
export function minutesOf(iso: string): number {
  const d = dayjs(iso).tz(ZONE);
  return d.hour() * 60 + d.minute();
}
/** Today's date in Beijing. */
export function todayInZone(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}
/** A calendar date ± days (no zone involved: dates are dates). */
export function addDays(date: string, days: number): string {
  return dayjs(`${date}T12:00:00Z`).utc().add(days, 'day').format('YYYY-MM-DD');
}
/** Monday of the week holding a date. */
export function mondayOf(date: string): string {
  const weekday = dayjs(`${date}T12:00:00Z`).utc().day();
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}
/** Monday = 1 … Sunday = 7 of a date. */
export function weekdayOf(date: string): Weekday {
  const d = dayjs(`${date}T12:00:00Z`).utc().day();
  return (d === 0 ? 7 : d) as Weekday;
}
/** "09:30" from minutes since midnight. */
export function minutesToHm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
/** Minutes since midnight from "9:30" / "09:30", or null. */
export function hmToMinutes(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 24 * 60 ? h * 60 + min : null;
}

/** "09:00-12:00, 13:30-17:00" ⇄ intervals; null when a part does not read as a time range. */
export function parseIntervals(text: string): Interval[] | null {
  const parts = text
    .split(/[,，;；\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: Interval[] = [];
  for (const part of parts) {
    const [a, b] = part.split(/[-–~～]/);
    const start = hmToMinutes(a ?? '');
    const end = hmToMinutes(b ?? '');
    if (start === null || end === null || end <= start) return null;
    out.push({ start, end });
  }
  return out.sort((x, y) => x.start - y.start);
}
export function formatIntervals(intervals: Interval[] | undefined): string {
  return (intervals ?? []).map((i) => `${minutesToHm(i.start)}-${minutesToHm(i.end)}`).join(', ');
}

type Entry = HolidayYearInput['holidays'][number];

/**
 * "2027-01-01 元旦 New Year's Day" per line → entries; the English name may be left out (the
 * Chinese one is used). Lines that do not start with a date are kept as they are, for the server
 * to name (its field errors carry the bad date).
 */
export function parseDateLines(text: string): Entry[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = '', zh = '', ...en] = line.split(/\s+/);
      return { date, festival: { zh, en: en.join(' ') || zh } };
    });
}

/** A confirmation code: 8 characters of the unambiguous alphabet (no 0/O, 1/I/L). */
export const CODE = COUNTER_CODE_PATTERN;

export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * What a scanned QR holds that the counter can check in: the booking's manage URL
 * (…/book/<site>/manage?code=…, the server takes the code out) or a bare code; null otherwise.
 */
export function checkInTextOf(text: string): string | null {
  const parsed = parseBookingQr(text);
  if (!parsed) return null;
  return parsed.siteId ? text.trim() : parsed.code;
}
