/**
 * The counter (issue 14): the day's queue, check-in by code or scanned QR, walk-in numbers,
 * call / served / no-show, and the job that closes the bookings nobody came to.
 *
 * Queue numbers (A-001, A-002, … per site and Shanghai day) come from appointment_queue_counters,
 * incremented by one upsert inside the transaction that gives the number out, so two counters
 * checking people in at the same moment never get the same number.
 *
 * A walk-in is a booking row of channel walk_in starting when the person arrived: it waits in the
 * queue and holds no seat (it takes nobody's bookable slot), so it needs no slot check.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import {
  appointmentsCounterMessages as m,
  type CheckInInput,
  type CounterBookingStatus,
  NO_SHOW_GRACE_MIN,
  parseBookingQr,
  type QueueEntry,
} from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs.ts';
import { addDays, shanghaiClock, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { jobDb } from '../alerts/pipeline.ts';
import { phoneHash } from '../registry/sql.ts';
import { newCode } from './bookings.ts';
import { cancelReminders } from './reminders.ts';
import {
  appointmentBookings,
  appointmentQueueCounters,
  appointmentSeats,
  appointmentServices,
} from './schema.ts';

type BookingRow = typeof appointmentBookings.$inferSelect;
type ServiceNames = { nameZh: string; nameEn: string };

export const COUNTER_SYSTEM_ACTOR: AuditActor = {
  id: null,
  name: 'system:appointments-no-show',
  role: 'system',
  ip: null,
};

const GRACE_MS = NO_SHOW_GRACE_MIN * 60_000;

export function toQueueEntry(
  keyring: Keyring,
  row: BookingRow,
  service: ServiceNames,
  now: Date,
): QueueEntry {
  const phone = keyring.decrypt('phone', row.phoneEnc).toString('utf8');
  return {
    id: row.id,
    siteId: row.siteId,
    serviceId: row.serviceId,
    serviceNameZh: service.nameZh,
    serviceNameEn: service.nameEn,
    staffId: row.staffId,
    channel: row.channel,
    status: row.status,
    start: row.startAt.toISOString(),
    end: row.endAt.toISOString(),
    code: row.code,
    name: row.name,
    phone: phone || null,
    queueNumber: row.queueNumber,
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
    calledAt: row.calledAt?.toISOString() ?? null,
    servedAt: row.servedAt?.toISOString() ?? null,
    noShowAt: row.noShowAt?.toISOString() ?? null,
    noShowAllowed: row.status === 'booked' && now.getTime() >= row.startAt.getTime() + GRACE_MS,
  };
}

async function serviceNames(db: Db, serviceId: string): Promise<ServiceNames> {
  const [s] = await db
    .select({ nameZh: appointmentServices.nameZh, nameEn: appointmentServices.nameEn })
    .from(appointmentServices)
    .where(eq(appointmentServices.id, serviceId));
  return s ?? { nameZh: '', nameEn: '' };
}

/** The day's list: every booking and walk-in of the day that was not cancelled, by time. */
export async function dayQueue(
  ctx: AppContext,
  q: { siteId: string; date: string; staffId?: string; serviceId?: string },
): Promise<QueueEntry[]> {
  const from = shanghaiDayStart(q.date);
  const to = shanghaiDayStart(addDays(q.date, 1));
  const rows = await ctx.db
    .select({
      b: appointmentBookings,
      nameZh: appointmentServices.nameZh,
      nameEn: appointmentServices.nameEn,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentServices, eq(appointmentServices.id, appointmentBookings.serviceId))
    .where(
      and(
        eq(appointmentBookings.siteId, q.siteId),
        gte(appointmentBookings.startAt, from),
        lt(appointmentBookings.startAt, to),
        sql`${appointmentBookings.status} <> 'cancelled'`,
        q.staffId ? eq(appointmentBookings.staffId, q.staffId) : undefined,
        q.serviceId ? eq(appointmentBookings.serviceId, q.serviceId) : undefined,
      ),
    )
    // Walk-ins start when they arrived, so one order merges them with the bookings.
    .orderBy(
      asc(appointmentBookings.startAt),
      asc(appointmentBookings.createdAt),
      asc(appointmentBookings.id),
    );
  const now = ctx.now();
  return rows.map((r) => toQueueEntry(ctx.keyring, r.b, r, now));
}

/** The next number of the site's day, A-001 onwards (in the caller's transaction). */
export async function nextQueueNumber(db: Db, siteId: string, day: string): Promise<string> {
  const [row] = await db
    .insert(appointmentQueueCounters)
    .values({ siteId, day, last: 1 })
    .onConflictDoUpdate({
      target: [appointmentQueueCounters.siteId, appointmentQueueCounters.day],
      set: { last: sql`${appointmentQueueCounters.last} + 1` },
    })
    .returning({ last: appointmentQueueCounters.last });
  return `A-${String(row!.last).padStart(3, '0')}`;
}

const bookingNotFound = () => notFound(m.msg('err.bookingNotFound'));
const statusKey = (status: CounterBookingStatus) => m.key(`status.${status}`);

/**
 * Checks a booking in by its code or by the scanned QR (the manage URL). A code of another site,
 * or a QR naming another site, is a 404 like a wrong code; a cancelled booking and a booking for
 * another day are 409s saying so. A second scan of a checked-in booking answers the same number.
 */
export async function checkIn(
  ctx: AppContext,
  actor: AuditActor,
  input: CheckInInput & { siteId: string },
): Promise<{ entry: QueueEntry; queueNumber: string; already: boolean }> {
  let code = input.code;
  if (input.qrText !== undefined) {
    const parsed = parseBookingQr(input.qrText);
    if (!parsed)
      throw new HttpError(400, 'validation_failed', m.msg('input.qrText'), [
        { field: 'body.qrText', message: m.msg('input.qrText') },
      ]);
    if (parsed.siteId && parsed.siteId !== input.siteId.toLowerCase()) throw bookingNotFound();
    code = parsed.code;
  }
  if (!code) throw bookingNotFound();
  const now = ctx.now();
  const today = shanghaiDate(now);
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(appointmentBookings)
      .where(and(eq(appointmentBookings.siteId, input.siteId), eq(appointmentBookings.code, code)))
      .for('update');
    if (!row) throw bookingNotFound();
    if (row.status === 'cancelled') throw new HttpError(409, 'booking_cancelled', m.msg('err.cancelled'));
    const day = shanghaiDate(row.startAt);
    if (day !== today) throw new HttpError(409, 'booking_other_day', m.msg('err.otherDay', { date: day }));
    if (row.status === 'checked_in' && row.queueNumber) return { row, already: true };
    if (row.status !== 'booked')
      throw new HttpError(409, 'booking_closed', m.msg('err.closed', { status: statusKey(row.status) }));
    const queueNumber = await nextQueueNumber(tx, row.siteId, today);
    const [updated] = await tx
      .update(appointmentBookings)
      .set({ status: 'checked_in', checkedInAt: now, queueNumber, updatedAt: now })
      .where(eq(appointmentBookings.id, row.id))
      .returning();
    // The reminders still waiting (the hour-before one, when they came early) are moot now.
    await cancelReminders(tx, row.id);
    await appendAudit(tx, actor, {
      action: 'appointment.checkIn',
      subjectType: 'appointment',
      subjectId: row.id,
      siteId: row.siteId,
      fields: ['status', 'queueNumber'],
      purpose: input.qrText !== undefined ? 'qr' : 'code',
    });
    return { row: updated!, already: false };
  });
  return {
    entry: toQueueEntry(ctx.keyring, result.row, await serviceNames(ctx.db, result.row.serviceId), now),
    queueNumber: result.row.queueNumber!,
    already: result.already,
  };
}

/** A walk-in's number: a walk_in booking starting now, checked in at once. */
export async function walkIn(
  ctx: AppContext,
  actor: AuditActor,
  input: { siteId: string; serviceId: string; name?: string; phone?: string },
): Promise<QueueEntry> {
  const now = ctx.now();
  const [service] = await ctx.db
    .select()
    .from(appointmentServices)
    .where(and(eq(appointmentServices.id, input.serviceId), eq(appointmentServices.siteId, input.siteId)));
  if (!service?.active) throw notFound(m.msg('err.serviceNotFound'));
  const phone = input.phone?.trim() ?? '';
  const row = await ctx.db.transaction(async (tx) => {
    const code = await newCode(tx, input.siteId);
    const queueNumber = await nextQueueNumber(tx, input.siteId, shanghaiDate(now));
    const [created] = await tx
      .insert(appointmentBookings)
      .values({
        siteId: input.siteId,
        serviceId: service.id,
        startAt: now,
        endAt: new Date(now.getTime() + service.durationMin * 60_000),
        code,
        name: input.name?.trim() ?? '',
        phoneEnc: ctx.keyring.encrypt('phone', phone),
        // No phone: an empty hash, which no per-phone limit or look-up ever matches.
        phoneHash: phone ? phoneHash(ctx.keyring, phone) : '',
        createdByUserId: actor.id,
        channel: 'walk_in',
        status: 'checked_in',
        queueNumber,
        checkedInAt: now,
      })
      .returning();
    await appendAudit(tx, actor, {
      action: 'appointment.walkIn',
      subjectType: 'appointment',
      subjectId: created!.id,
      siteId: input.siteId,
      fields: phone ? ['name', 'phone', 'queueNumber'] : ['name', 'queueNumber'],
    });
    return created!;
  });
  return toQueueEntry(ctx.keyring, row, service, now);
}

/** A booking of the caller's sites, or 404 (another site's too). */
async function bookingInScope(db: Db, siteIds: string[], id: string): Promise<BookingRow> {
  const [row] = await db
    .select()
    .from(appointmentBookings)
    .where(and(eq(appointmentBookings.id, id), inArray(appointmentBookings.siteId, siteIds)));
  if (!row) throw bookingNotFound();
  return row;
}

/**
 * Call (to a counter) and served. Calling keeps the first call time (the waiting-time figure is
 * check-in → first call) and gives a walk-in the caller as its staff member; served without a
 * call counts as called then.
 */
export async function counterStep(
  ctx: AppContext,
  actor: AuditActor & { id: string },
  siteIds: string[],
  id: string,
  step: 'call' | 'served',
): Promise<QueueEntry> {
  const now = ctx.now();
  const row = await bookingInScope(ctx.db, siteIds, id);
  if (row.status !== 'checked_in')
    throw new HttpError(
      409,
      'invalid_transition',
      m.msg('err.notCheckedIn', { status: statusKey(row.status) }),
    );
  const [updated] = await ctx.db
    .update(appointmentBookings)
    .set(
      step === 'call'
        ? { calledAt: row.calledAt ?? now, staffId: row.staffId ?? actor.id, updatedAt: now }
        : {
            status: 'served',
            servedAt: now,
            calledAt: row.calledAt ?? now,
            staffId: row.staffId ?? actor.id,
            updatedAt: now,
          },
    )
    // the status read above still holds (two counters at once: one wins, the other gets 409)
    .where(and(eq(appointmentBookings.id, row.id), eq(appointmentBookings.status, 'checked_in')))
    .returning();
  if (!updated) {
    // Another counter moved it meanwhile: say what it is now.
    const current = await bookingInScope(ctx.db, siteIds, id);
    throw new HttpError(
      409,
      'invalid_transition',
      m.msg('err.notCheckedIn', { status: statusKey(current.status) }),
    );
  }
  return toQueueEntry(ctx.keyring, updated, await serviceNames(ctx.db, row.serviceId), now);
}

/** Marks one booking no-show and frees its seats (in the caller's transaction). */
async function closeAsNoShow(
  db: Db,
  actor: AuditActor,
  row: BookingRow,
  now: Date,
): Promise<BookingRow | null> {
  const [updated] = await db
    .update(appointmentBookings)
    .set({ status: 'no_show', noShowAt: now, updatedAt: now })
    .where(and(eq(appointmentBookings.id, row.id), eq(appointmentBookings.status, 'booked')))
    .returning();
  if (!updated) return null;
  await db.delete(appointmentSeats).where(eq(appointmentSeats.bookingId, row.id));
  await cancelReminders(db, row.id);
  await appendAudit(db, actor, {
    action: 'appointment.noShow',
    subjectType: 'appointment',
    subjectId: row.id,
    siteId: row.siteId,
    fields: ['status'],
  });
  return updated;
}

/** No-show, by staff: only a booking not checked in, and only from start + 15 minutes. */
export async function markNoShow(
  ctx: AppContext,
  actor: AuditActor,
  siteIds: string[],
  id: string,
): Promise<QueueEntry> {
  const now = ctx.now();
  const row = await bookingInScope(ctx.db, siteIds, id);
  if (row.status !== 'booked')
    throw new HttpError(
      409,
      'invalid_transition',
      m.msg('err.noShowNotBooked', { status: statusKey(row.status) }),
    );
  const allowedAt = new Date(row.startAt.getTime() + GRACE_MS);
  if (now < allowedAt)
    throw new HttpError(
      409,
      'no_show_too_early',
      m.msg('err.noShowTooEarly', { minutes: NO_SHOW_GRACE_MIN, time: shanghaiClock(allowedAt).hhmm }),
    );
  const updated = await ctx.db.transaction((tx) => closeAsNoShow(tx, actor, row, now));
  if (!updated)
    throw new HttpError(
      409,
      'invalid_transition',
      m.msg('err.noShowNotBooked', { status: statusKey('checked_in') }),
    );
  return toQueueEntry(ctx.keyring, updated, await serviceNames(ctx.db, row.serviceId), now);
}

/** Bookings of past days still `booked` (nobody came, nobody marked them): no-show, seats freed. */
export async function closePastBookings(db: Db, now: Date, limit = 500): Promise<{ noShow: number }> {
  const todayStart = shanghaiDayStart(shanghaiDate(now));
  const ids = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM appointment_bookings
        WHERE status = 'booked' AND start_at < ${todayStart}
        ORDER BY start_at LIMIT ${limit}`,
  );
  let noShow = 0;
  for (const { id } of ids) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(appointmentBookings).where(eq(appointmentBookings.id, id));
      if (row && (await closeAsNoShow(tx, COUNTER_SYSTEM_ACTOR, row, now))) noShow++;
    });
  }
  return { noShow };
}

export const appointmentsNoShowJob: Job = {
  name: 'appointments.no-show',
  everyMinutes: 30,
  run: (ctx, now) => closePastBookings(jobDb(ctx), now),
};
