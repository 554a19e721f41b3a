/**
 * The appointments counter (issue 14): the day's queue (bookings and walk-ins merged by time,
 * queue numbers A-001… per site and day), check-in by the booking code or the scanned QR (the
 * manage URL `<origin>/book/<siteId>/manage?code=<CODE>`), a walk-in number, call / served /
 * no-show, and the statistics. Prefix /api/v1/appointments.
 */
import { z } from 'zod';
import { appointmentsCounterMessages as m } from './appointments-counter.messages.ts';

export { appointmentsCounterMessages } from './appointments-counter.messages.ts';

export const COUNTER_BOOKING_CHANNELS = ['resident', 'public', 'phone', 'counter', 'walk_in'] as const;
export const COUNTER_BOOKING_STATUSES = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export type CounterBookingChannel = (typeof COUNTER_BOOKING_CHANNELS)[number];
export type CounterBookingStatus = (typeof COUNTER_BOOKING_STATUSES)[number];

/** Booking codes: 8 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ (no look-alikes: 0/O, 1/I/L). */
export const COUNTER_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;
/** Minutes after the start before a booking that did not come may be marked no-show. */
export const NO_SHOW_GRACE_MIN = 15;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, m.key('input.range'));

/** The booking code as typed: case and spaces do not matter. */
export const counterCodeField = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(COUNTER_CODE_PATTERN, m.key('input.code')));

/**
 * The code in a scanned QR: the manage URL's `code` (and its site), or a bare code (a scanner
 * that was given the code alone). null when it is neither.
 */
export function parseBookingQr(text: string): { siteId: string | null; code: string } | null {
  const trimmed = text.trim();
  const bare = trimmed.replace(/[\s-]/g, '').toUpperCase();
  if (COUNTER_CODE_PATTERN.test(bare)) return { siteId: null, code: bare };
  // A regular expression, not URL: the contracts run where no URL global is declared.
  const match = trimmed.match(
    /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/book\/([0-9a-f-]{36})\/manage\/?\?([^#\s]*)/i,
  );
  if (!match) return null;
  const site = match[1]!;
  const code = match[2]!
    .match(/(?:^|&)code=([^&]*)/)?.[1]
    ?.trim()
    .toUpperCase();
  if (!code || !COUNTER_CODE_PATTERN.test(code)) return null;
  return { siteId: site.toLowerCase(), code };
}

/** One line of the counter's list: a booking or a walk-in. */
export const queueEntrySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  serviceId: z.string(),
  serviceNameZh: z.string(),
  serviceNameEn: z.string(),
  staffId: z.string().nullable(),
  channel: z.enum(COUNTER_BOOKING_CHANNELS),
  status: z.enum(COUNTER_BOOKING_STATUSES),
  /** ISO instants; shown in Asia/Shanghai */
  start: z.string(),
  end: z.string(),
  code: z.string(),
  /** '' for a walk-in who gave no name */
  name: z.string(),
  /** in full (staff call the person); null for a walk-in who gave none */
  phone: z.string().nullable(),
  queueNumber: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  calledAt: z.string().nullable(),
  servedAt: z.string().nullable(),
  noShowAt: z.string().nullable(),
  /** the grace period has passed without a check-in: the counter may mark it no-show */
  noShowAllowed: z.boolean(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

const siteIdField = z.uuid(m.key('input.site'));

export const counterQueueQuerySchema = z.object({
  siteId: siteIdField,
  /** YYYY-MM-DD, Asia/Shanghai; today when absent */
  date: isoDay.optional(),
  staffId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
});
export type CounterQueueQuery = z.input<typeof counterQueueQuerySchema>;

export const counterQueueSchema = z.object({
  date: z.string(),
  items: z.array(queueEntrySchema),
});
export type CounterQueue = z.infer<typeof counterQueueSchema>;

export const checkInInputSchema = z
  .object({
    siteId: siteIdField,
    code: counterCodeField.optional(),
    qrText: z.string().max(500, m.key('input.qrText')).optional(),
  })
  .refine((v) => !!v.code !== !!v.qrText, { message: m.key('input.codeOrQr'), path: ['code'] });
export type CheckInInput = z.input<typeof checkInInputSchema>;

export const checkInResultSchema = z.object({
  booking: queueEntrySchema,
  queueNumber: z.string(),
  /** true when it had been checked in already (a second scan): the same number again */
  already: z.boolean(),
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;

export const walkInInputSchema = z.object({
  siteId: siteIdField,
  serviceId: z.uuid(),
  name: z.string().trim().max(50, m.key('input.name')).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, m.key('input.phone'))
    .optional()
    .or(z.literal('')),
});
export type WalkInInput = z.input<typeof walkInInputSchema>;

export const statsQuerySchema = z
  .object({
    siteId: siteIdField,
    from: isoDay,
    to: isoDay,
  })
  .refine(
    (v) =>
      v.from <= v.to &&
      Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`) <= 365 * 86_400_000,
    { message: m.key('input.range'), path: ['to'] },
  );
export type StatsQuery = z.input<typeof statsQuerySchema>;

export const appointmentStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** bookings and walk-ins in the range, cancelled ones not counted */
  total: z.number(),
  cancelled: z.number(),
  byService: z.array(
    z.object({ serviceId: z.string(), nameZh: z.string(), nameEn: z.string(), count: z.number() }),
  ),
  /** every date of the range, with its calendar kind */
  byDay: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['workday', 'weekend', 'statutory_holiday', 'makeup_workday']),
      count: z.number(),
    }),
  ),
  byChannel: z.record(z.enum(COUNTER_BOOKING_CHANNELS), z.number()),
  /** bookings on weekends and on statutory holidays (make-up working days count as working days) */
  weekend: z.number(),
  holiday: z.number(),
  /** (weekend + holiday) / total; 0 when there are none */
  weekendHolidayShare: z.number(),
  /**
   * Booked appointments (walk-ins aside) that reached an outcome: checked in / served or no-show;
   * noShowRate = noShow / that (0 when none).
   */
  decided: z.number(),
  noShow: z.number(),
  noShowRate: z.number(),
  /** check-in → call at the counter, in minutes (one decimal); null when nobody was called */
  waiting: z.object({ count: z.number(), p50Min: z.number().nullable(), meanMin: z.number().nullable() }),
});
export type AppointmentStats = z.infer<typeof appointmentStatsSchema>;
