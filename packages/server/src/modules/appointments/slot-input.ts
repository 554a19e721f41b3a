import { and, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../platform/time.ts';
import { workingCalendar } from './holidays.ts';
import {
  appointmentBookings,
  appointmentClosures,
  appointmentOverrides,
  appointmentServices,
  appointmentSessions,
  appointmentStaffHours,
  resourceReservations,
} from './schema.ts';
import {
  dayStartMs,
  type HeldTime,
  type ServiceSession,
  type SlotInput,
  type StaffAvailability,
} from './slots.ts';

export type ServiceRow = typeof appointmentServices.$inferSelect;

/** Statuses that hold a slot (a checked-in person is still being served in it). */
export const HOLDING_STATUSES = ['booked', 'checked_in'] as const;
const DAY_MS = 86_400_000;

/** The site's booking lock (transaction-scoped): one slot-taking write at a time per site. */
export const siteLock = (siteId: string) =>
  sql`SELECT pg_advisory_xact_lock(hashtextextended(${`appointments:${siteId}`}, 0))`;

/** What a room's other holders look like to freeSlots: every staff member of the service is held. */
const ROOM_HOLD = 'room-hold';

/**
 * Loads freeSlots' input for one service over [from, to] from the database (call it with the
 * booking transaction to decide on the state the lock protects): the service's staff hours and
 * overrides, the site's sessions and closures, the holiday calendar, the bookings holding those
 * staff members, and — when the service holds a room — whatever else holds that room (other
 * services' bookings and other modules' reservations), which blocks every staff member then.
 */
export async function loadSlotInput(
  db: Db,
  service: ServiceRow,
  from: string,
  to: string,
  now: Date,
  options: { excludeBookingId?: string } = {},
): Promise<SlotInput> {
  const rangeStart = new Date(dayStartMs(from) - DAY_MS);
  const rangeEnd = new Date(dayStartMs(addDays(to, 2)));
  const staffIds = service.staffIds;
  // One query after another: inside the booking transaction they share one connection.
  const calendar = await workingCalendar(db);
  const hours = staffIds.length
    ? await db
        .select()
        .from(appointmentStaffHours)
        .where(
          and(
            eq(appointmentStaffHours.siteId, service.siteId),
            inArray(appointmentStaffHours.userId, staffIds),
          ),
        )
    : [];
  const overrides = staffIds.length
    ? await db
        .select()
        .from(appointmentOverrides)
        .where(
          and(
            eq(appointmentOverrides.siteId, service.siteId),
            inArray(appointmentOverrides.userId, staffIds),
            gte(appointmentOverrides.date, from),
            lte(appointmentOverrides.date, to),
          ),
        )
    : [];
  const sessions = await db
    .select()
    .from(appointmentSessions)
    .where(and(eq(appointmentSessions.siteId, service.siteId), eq(appointmentSessions.active, true)));
  const closures = await db
    .select({ date: appointmentClosures.date })
    .from(appointmentClosures)
    .where(
      and(
        eq(appointmentClosures.siteId, service.siteId),
        gte(appointmentClosures.date, from),
        lte(appointmentClosures.date, to),
      ),
    );

  const exclude = options.excludeBookingId ? ne(appointmentBookings.id, options.excludeBookingId) : undefined;
  const holding = and(
    eq(appointmentBookings.siteId, service.siteId),
    inArray(appointmentBookings.status, [...HOLDING_STATUSES]),
    lt(appointmentBookings.startAt, rangeEnd),
    gt(appointmentBookings.endAt, rangeStart),
    isNotNull(appointmentBookings.staffId),
    exclude,
  );
  const bookingRows = await db
    .select({
      staffId: appointmentBookings.staffId,
      serviceId: appointmentBookings.serviceId,
      startAt: appointmentBookings.startAt,
      endAt: appointmentBookings.endAt,
    })
    .from(appointmentBookings)
    .where(
      and(
        holding,
        or(
          staffIds.length ? inArray(appointmentBookings.staffId, staffIds) : undefined,
          eq(appointmentBookings.serviceId, service.id),
        ),
      ),
    );
  const bookings: HeldTime[] = bookingRows.map((b) => ({
    staffId: b.staffId!,
    serviceId: b.serviceId,
    start: b.startAt.getTime(),
    end: b.endAt.getTime(),
  }));

  if (service.resourceId) {
    const roomHolds = [
      ...(await db
        .select({ start: appointmentBookings.startAt, end: appointmentBookings.endAt })
        .from(appointmentBookings)
        .where(
          and(
            eq(appointmentBookings.siteId, service.siteId),
            inArray(appointmentBookings.status, [...HOLDING_STATUSES]),
            eq(appointmentBookings.resourceId, service.resourceId),
            ne(appointmentBookings.serviceId, service.id),
            lt(appointmentBookings.startAt, rangeEnd),
            gt(appointmentBookings.endAt, rangeStart),
            exclude,
          ),
        )),
      ...(await db
        .select({ start: resourceReservations.startAt, end: resourceReservations.endAt })
        .from(resourceReservations)
        .where(
          and(
            eq(resourceReservations.resourceId, service.resourceId),
            isNull(resourceReservations.cancelledAt),
            lt(resourceReservations.startAt, rangeEnd),
            gt(resourceReservations.endAt, rangeStart),
          ),
        )),
    ];
    for (const hold of roomHolds)
      for (const staffId of staffIds)
        bookings.push({
          staffId,
          serviceId: ROOM_HOLD,
          start: hold.start.getTime(),
          end: hold.end.getTime(),
        });
  }

  // Other services' buffers, so a staff member's bookings of another service hold the right time.
  const otherIds = [...new Set(bookings.map((b) => b.serviceId))].filter(
    (id) => id !== service.id && id !== ROOM_HOLD,
  );
  const others = otherIds.length
    ? await db
        .select({
          id: appointmentServices.id,
          before: appointmentServices.bufferBeforeMin,
          after: appointmentServices.bufferAfterMin,
        })
        .from(appointmentServices)
        .where(inArray(appointmentServices.id, otherIds))
    : [];
  const buffers = new Map(others.map((o) => [o.id, { before: o.before, after: o.after }]));

  const overridesOf = new Map<string, Record<string, { start: number; end: number }[]>>();
  for (const o of overrides) {
    const map = overridesOf.get(o.userId) ?? {};
    map[o.date] = o.intervals;
    overridesOf.set(o.userId, map);
  }
  const weeklyOf = new Map(hours.map((h) => [h.userId, h.weekly]));
  const staff: StaffAvailability[] = staffIds.map((id) => ({
    id,
    weekly: weeklyOf.get(id) ?? {},
    overrides: overridesOf.get(id) ?? {},
  }));
  const serviceSessions: ServiceSession[] = sessions.map((s) => ({
    on: s.on as ServiceSession['on'],
    weekdays: s.weekdays.length ? s.weekdays : undefined,
    interval: { start: s.startMin, end: s.endMin },
    staffIds: s.staffIds,
  }));

  return {
    service: {
      id: service.id,
      durationMin: service.durationMin,
      capacity: service.capacity,
      bufferBeforeMin: service.bufferBeforeMin,
      bufferAfterMin: service.bufferAfterMin,
      minNoticeMin: service.minNoticeMin,
      maxAdvanceDays: service.maxAdvanceDays,
      inSessions: service.inSessions,
      staffIds,
      stepMin: service.stepMin ?? undefined,
    },
    staff,
    sessions: serviceSessions,
    closures: new Set(closures.map((c) => c.date)),
    calendar,
    bookings,
    buffersOf: (id) => buffers.get(id) ?? { before: 0, after: 0 },
    now,
  };
}

/** Whether a weekend / holiday session offering the service runs on a day of this kind and weekday. */
export function sessionRunsOn(input: SlotInput, kind: string, weekday: number): boolean {
  if (!input.service.inSessions || (kind !== 'weekend' && kind !== 'statutory_holiday')) return false;
  return input.sessions.some(
    (s) =>
      s.on.includes(kind) &&
      (!s.weekdays || s.weekdays.includes(weekday)) &&
      s.staffIds.some((id) => input.service.staffIds.includes(id)),
  );
}
