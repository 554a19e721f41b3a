import type { Db } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { cancelQueued, enqueueMessage } from '../../platform/notify/outbox.ts';
import { addDays, shanghaiClock, shanghaiDate } from '../../platform/time.ts';
import { appointmentMessages as m } from './messages.ts';
import { dayStartMs } from './slots.ts';

/**
 * The texts a booking sends through the outbox (platform/notify/outbox.ts, which retries): the
 * confirmation at once, a reminder the day before at 18:00 and one an hour before (each with the
 * documents to bring), and a notice when it is cancelled. Only to a mobile number: a fixed line
 * gets none (staff call the person). Texts are Chinese, like every outgoing text.
 */

export const REMINDER_PURPOSES = {
  booked: 'appointment.booked',
  dayBefore: 'appointment.dayBefore',
  hourBefore: 'appointment.hourBefore',
  cancelled: 'appointment.cancelled',
} as const;
const PENDING_REMINDERS = [REMINDER_PURPOSES.dayBefore, REMINDER_PURPOSES.hourBefore];

export const bookingRef = (bookingId: string) => `appointment:${bookingId}`;
export const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

/** 12月5日（周六）09:00, in Asia/Shanghai. */
export function whenText(at: Date): string {
  const date = shanghaiDate(at);
  const { weekday, hhmm } = shanghaiClock(at);
  return m.text('zh-CN', 'sms.when', {
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    weekday: m.text('zh-CN', `weekday.${weekday}` as `weekday.${1 | 2 | 3 | 4 | 5 | 6 | 7}`),
    time: hhmm,
  });
}

export interface ReminderBooking {
  id: string;
  siteId: string;
  code: string;
  startAt: Date;
  phone: string;
}

export interface ReminderContext {
  office: string;
  serviceName: string;
  documents: readonly string[];
  /** the manage link (the QR's text) at the configured public address; null when none is set */
  link: string | null;
}

/** When the day-before and hour-before reminders of a booking starting at `start` are due. */
export function reminderTimes(start: Date): { dayBefore: Date; hourBefore: Date } {
  const date = shanghaiDate(start);
  return {
    dayBefore: new Date(dayStartMs(addDays(date, -1)) + 18 * 3_600_000),
    hourBefore: new Date(start.getTime() - 3_600_000),
  };
}

/** Queues the confirmation and the reminders still ahead (in the booking's transaction). */
export async function scheduleReminders(
  db: Db,
  keyring: Keyring,
  booking: ReminderBooking,
  context: ReminderContext,
  now: Date,
): Promise<string[]> {
  if (!isMobile(booking.phone)) return [];
  const documents = context.documents.length ? context.documents.join('、') : m.text('zh-CN', 'sms.none');
  const base = { office: context.office, service: context.serviceName, code: booking.code, documents };
  const time = shanghaiClock(booking.startAt).hhmm;
  const { dayBefore, hourBefore } = reminderTimes(booking.startAt);
  const queue = (purpose: string, text: string, sendAfter: Date) =>
    enqueueMessage(db, keyring, {
      siteId: booking.siteId,
      channel: 'sms',
      to: booking.phone,
      text,
      sendAfter,
      ref: bookingRef(booking.id),
      purpose,
    });
  const ids = [
    await queue(
      REMINDER_PURPOSES.booked,
      context.link
        ? m.text('zh-CN', 'sms.booked', { ...base, when: whenText(booking.startAt), link: context.link })
        : m.text('zh-CN', 'sms.bookedNoLink', { ...base, when: whenText(booking.startAt) }),
      now,
    ),
  ];
  if (dayBefore > now && dayBefore < hourBefore)
    ids.push(
      await queue(
        REMINDER_PURPOSES.dayBefore,
        m.text('zh-CN', 'sms.dayBefore', { ...base, time }),
        dayBefore,
      ),
    );
  if (hourBefore > now)
    ids.push(
      await queue(
        REMINDER_PURPOSES.hourBefore,
        m.text('zh-CN', 'sms.hourBefore', { ...base, time }),
        hourBefore,
      ),
    );
  return ids;
}

/** Drops the reminders not yet sent (a move schedules new ones; a cancellation sends a notice). */
export async function cancelReminders(db: Db, bookingId: string): Promise<number> {
  return cancelQueued(db, bookingRef(bookingId), [...PENDING_REMINDERS]);
}

/** Tells the booker the booking is cancelled (mobile only). */
export async function queueCancellationNotice(
  db: Db,
  keyring: Keyring,
  booking: ReminderBooking,
  context: Omit<ReminderContext, 'documents' | 'link'> & { reason: string },
  now: Date,
): Promise<string | null> {
  if (!isMobile(booking.phone)) return null;
  return enqueueMessage(db, keyring, {
    siteId: booking.siteId,
    channel: 'sms',
    to: booking.phone,
    text: m.text('zh-CN', 'sms.cancelled', {
      office: context.office,
      service: context.serviceName,
      when: whenText(booking.startAt),
      code: booking.code,
      reason: context.reason,
    }),
    sendAfter: now,
    ref: bookingRef(booking.id),
    purpose: REMINDER_PURPOSES.cancelled,
  });
}
