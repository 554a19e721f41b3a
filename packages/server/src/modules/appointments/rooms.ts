import { and, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { ResourceCalendarEntry } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, HttpError } from '../../platform/errors.ts';
import { addDays } from '../../platform/time.ts';
import { appointmentMessages as m } from './messages.ts';
import {
  appointmentBookings,
  appointmentResources,
  appointmentServices,
  resourceReservations,
} from './schema.ts';
import { HOLDING_STATUSES, siteLock } from './slot-input.ts';
import { dayStartMs } from './slots.ts';

/**
 * Rooms (resources) have their own calendar: bookings of services that hold the room, and
 * reservations other modules make (a mediation session reserves the mediation room). A
 * reservation takes the same site lock as bookings, so a room is never given twice.
 */

export interface RoomContext {
  db: Db;
  now: () => Date;
}

export interface RoomReservation {
  siteId: string;
  resourceId: string;
  start: Date;
  end: Date;
  /** what holds it, e.g. mediation-session:<uuid> (one live reservation per ref) */
  ref: string;
  title: string;
  userId: string | null;
}

const resourceBusy = () =>
  conflict('appointments.resourceBusy', m.msg('error.resourceBusy'), [
    { field: 'body.start', message: m.msg('error.resourceBusy') },
  ]);

/** Bookings that hold the room at some moment of [start, end) (the conflict check and the calendar). */
const bookingsHolding = (resourceId: string, start: Date, end: Date) =>
  and(
    eq(appointmentBookings.resourceId, resourceId),
    inArray(appointmentBookings.status, [...HOLDING_STATUSES]),
    lt(appointmentBookings.startAt, end),
    gt(appointmentBookings.endAt, start),
  );

/** Live (not cancelled) reservations of the room overlapping [start, end). */
const reservationsHolding = (resourceId: string, start: Date, end: Date) =>
  and(
    eq(resourceReservations.resourceId, resourceId),
    isNull(resourceReservations.cancelledAt),
    lt(resourceReservations.startAt, end),
    gt(resourceReservations.endAt, start),
  );

/** What holds a room over [start, end): holding bookings and live reservations (minus `exceptRef`). */
async function roomHolds(db: Db, resourceId: string, start: Date, end: Date, exceptRef?: string) {
  const bookings = await db
    .select({ id: appointmentBookings.id })
    .from(appointmentBookings)
    .where(bookingsHolding(resourceId, start, end));
  const reservations = await db
    .select({ id: resourceReservations.id, ref: resourceReservations.ref })
    .from(resourceReservations)
    .where(reservationsHolding(resourceId, start, end));
  return bookings.length + reservations.filter((r) => r.ref !== exceptRef).length;
}

/**
 * Reserves a room for another module (409 when a booking or reservation holds it then). A second
 * call with the same ref moves that reservation. Returns the reservation's id.
 */
export async function reserveRoom(ctx: RoomContext, r: RoomReservation): Promise<string> {
  if (!(r.start < r.end))
    throw new HttpError(400, 'validation_error', m.msg('error.rangeInvalid'), [
      { field: 'body.end', message: m.msg('error.rangeInvalid') },
    ]);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // The bookings' lock: a room is decided one write at a time per site.
    await tx.execute(siteLock(r.siteId));
    const [room] = await tx
      .select()
      .from(appointmentResources)
      .where(and(eq(appointmentResources.id, r.resourceId), eq(appointmentResources.siteId, r.siteId)));
    if (!room) throw new HttpError(404, 'not_found', m.msg('error.resourceNotFound'));
    if (!room.active) throw conflict('appointments.resourceInactive', m.msg('error.resourceInactive'));
    if ((await roomHolds(tx, r.resourceId, r.start, r.end, r.ref)) > 0) throw resourceBusy();
    await tx
      .update(resourceReservations)
      .set({ cancelledAt: ctx.now() })
      .where(and(eq(resourceReservations.ref, r.ref), isNull(resourceReservations.cancelledAt)));
    const [row] = await tx
      .insert(resourceReservations)
      .values({
        siteId: r.siteId,
        resourceId: r.resourceId,
        startAt: r.start,
        endAt: r.end,
        ref: r.ref,
        titleZh: r.title,
        createdBy: r.userId,
      })
      .returning({ id: resourceReservations.id });
    return row!.id;
  });
}

/** Frees whatever `ref` holds; returns how many reservations it ended. */
export async function releaseRoom(ctx: RoomContext, ref: string): Promise<number> {
  const rows = await ctx.db
    .update(resourceReservations)
    .set({ cancelledAt: ctx.now() })
    .where(and(eq(resourceReservations.ref, ref), isNull(resourceReservations.cancelledAt)))
    .returning({ id: resourceReservations.id });
  return rows.length;
}

/** A room's calendar over [from, to] (dates): bookings holding it and live reservations. */
export async function resourceCalendar(
  db: Db,
  resourceId: string,
  from: string,
  to: string,
): Promise<ResourceCalendarEntry[]> {
  const start = new Date(dayStartMs(from));
  const end = new Date(dayStartMs(addDays(to, 1)));
  const bookings = await db
    .select({
      id: appointmentBookings.id,
      start: appointmentBookings.startAt,
      end: appointmentBookings.endAt,
      code: appointmentBookings.code,
      title: appointmentServices.nameZh,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentServices, eq(appointmentServices.id, appointmentBookings.serviceId))
    .where(bookingsHolding(resourceId, start, end));
  const reservations = await db
    .select()
    .from(resourceReservations)
    .where(reservationsHolding(resourceId, start, end));
  return [
    ...bookings.map((b) => ({
      kind: 'booking' as const,
      id: b.id,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      title: b.title,
      ref: b.code,
    })),
    ...reservations.map((r) => ({
      kind: 'reservation' as const,
      id: r.id,
      start: r.startAt.toISOString(),
      end: r.endAt.toISOString(),
      title: r.titleZh,
      ref: r.ref,
    })),
  ].sort((a, b) => a.start.localeCompare(b.start));
}
