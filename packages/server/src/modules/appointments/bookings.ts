import crypto from 'node:crypto';
import { and, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  appointmentContractMessages as c,
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  type AppointmentBooking,
  type BookingChannel,
  type BookingListQuery,
  type BookingStatus,
  maskIdNumber,
  maskPhone,
  type PublicBooking,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { type AuditActor, appendAudit } from '../../platform/audit/service.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { conflict, HttpError } from '../../platform/errors.ts';
import { sites, users } from '../../platform/org/schema.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { officeInfoOf } from '../kiosk/office-info.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { checkIdNumber } from '../registry/persons.ts';
import { openSealed, phoneHash, sealIdNumber, sealPhone } from '../registry/sql.ts';
import { appointmentMessages as m } from './messages.ts';
import { cancelReminders, isMobile, queueCancellationNotice, scheduleReminders } from './reminders.ts';
import { appointmentBookings, appointmentSeats, appointmentServices } from './schema.ts';
import { HOLDING_STATUSES, loadSlotInput, type ServiceRow, siteLock } from './slot-input.ts';
import { dayStartMs, freeSlots } from './slots.ts';
import { weekdayOf } from './calendar.ts';

/**
 * Bookings from every channel (resident page, public link, staff by phone or at the counter):
 * create, move, cancel, look up by code + phone.
 *
 * No double booking: every write that takes a slot runs in one transaction that (1) takes the
 * site's advisory transaction lock, so a site's booking writes run one at a time on PostgreSQL
 * and PGlite alike, (2) recomputes the free slots from the database inside the transaction and
 * refuses a start that is not free, and (3) inserts the seat rows under their unique index
 * (holder, start) — the belt behind the lock: should two writes ever pass the check together, the
 * second insert fails and is answered 409 slot taken, never 500.
 */

export type BookingRow = typeof appointmentBookings.$inferSelect;

export interface BookingDeps {
  db: Db;
  keyring: Keyring;
  now: Date;
  /** where the booking page lives as the caller reached it (the manage link in the on-screen QR) */
  origin: string;
  /** the configured public address (ANJU_PUBLIC_URL) for links in texts; null: texts carry no link */
  publicUrl: string | null;
  /** look-ups already made for this request (office, services), so a write and its answer share them */
  memo?: Map<string, Promise<unknown>>;
}

function memoised<T>(deps: Pick<BookingDeps, 'memo'>, key: string, load: () => Promise<T>): Promise<T> {
  if (!deps.memo) return load();
  let hit = deps.memo.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    deps.memo.set(key, hit);
  }
  return hit;
}

export interface NewBooking {
  service: ServiceRow;
  /** the slot's start, an ISO instant */
  start: string;
  name: string;
  /** normalised mainland number (contracts' phone field) */
  phone: string;
  idNumber?: string | undefined;
  note?: string | undefined;
  channel: Exclude<BookingChannel, 'walk_in'>;
  personId?: string | null;
  bookedByUserId?: string | null;
  createdByUserId?: string | null;
  sourceRef?: string | null;
}

const ONLINE_CHANNELS: readonly BookingChannel[] = ['resident', 'public'];

// ---------- errors ----------

export const bookingNotFound = () =>
  new HttpError(404, 'appointments.bookingNotFound', m.msg('error.bookingNotFound'));
const slotNotOffered = () =>
  new HttpError(400, 'appointments.slotNotOffered', m.msg('error.slotNotOffered'), [
    { field: 'body.start', message: m.msg('error.slotNotOffered') },
  ]);
export const slotTaken = () =>
  conflict('appointments.slotTaken', m.msg('error.slotTaken'), [
    { field: 'body.start', message: m.msg('error.slotTaken') },
  ]);
const notChangeable = (status: BookingStatus) => {
  const message = {
    key: 'appointments.error.notChangeable',
    params: { status },
    texts: {
      zh: m.text('zh-CN', 'error.notChangeable', { status: c.text('zh-CN', `status.${status}`) }),
      en: m.text('en', 'error.notChangeable', { status: c.text('en', `status.${status}`) }),
    },
  };
  return conflict('appointments.notChangeable', message);
};

const alreadyStarted = () => conflict('appointments.notChangeable', m.msg('error.alreadyStarted'));

// ---------- the slot check ----------

const lockSite = (db: Db, siteId: string) => db.execute(siteLock(siteId));

/**
 * The staff member a booking at `start` would take, decided on the state inside the transaction;
 * 400 when no such slot exists (past, not a slot, beyond the window), 409 when it is full.
 */
async function freeStaffAt(
  db: Db,
  service: ServiceRow,
  start: Date,
  now: Date,
  excludeBookingId?: string,
): Promise<string> {
  if (Number.isNaN(start.getTime())) throw slotNotOffered();
  const date = shanghaiDate(start);
  const input = await loadSlotInput(db, service, date, date, now, { excludeBookingId });
  const slot = freeSlots(input, date, date)[0]?.slots.find((s) => Date.parse(s.start) === start.getTime());
  if (slot) return slot.freeStaffIds[0]!;
  // Told apart: would it be offered with nobody booked?
  const offered = freeSlots({ ...input, bookings: [] }, date, date)[0]?.slots.some(
    (s) => Date.parse(s.start) === start.getTime(),
  );
  throw offered ? slotTaken() : slotNotOffered();
}

/** 409 when this phone already has the service's daily / weekly number of active bookings. */
async function checkPhoneLimits(
  db: Db,
  service: ServiceRow,
  hash: string,
  start: Date,
  excludeBookingId?: string,
): Promise<void> {
  const date = shanghaiDate(start);
  const weekStart = addDays(date, 1 - weekdayOf(date));
  const count = async (from: string, days: number) => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(appointmentBookings)
      .where(
        and(
          eq(appointmentBookings.siteId, service.siteId),
          eq(appointmentBookings.serviceId, service.id),
          eq(appointmentBookings.phoneHash, hash),
          inArray(appointmentBookings.status, [...HOLDING_STATUSES]),
          gte(appointmentBookings.startAt, new Date(dayStartMs(from))),
          lt(appointmentBookings.startAt, new Date(dayStartMs(addDays(from, days)))),
          excludeBookingId ? ne(appointmentBookings.id, excludeBookingId) : undefined,
        ),
      );
    return Number(row?.n ?? 0);
  };
  const limits = [
    { max: service.perPhoneDailyLimit, from: date, days: 1, key: 'error.phoneDailyLimit' as const },
    { max: service.perPhoneWeeklyLimit, from: weekStart, days: 7, key: 'error.phoneWeeklyLimit' as const },
  ];
  for (const limit of limits) {
    if (limit.max > 0 && (await count(limit.from, limit.days)) >= limit.max) {
      const message = m.msg(limit.key, { max: limit.max });
      throw conflict('appointments.phoneLimit', message, [
        { field: 'body.phone', message, limit: limit.max },
      ]);
    }
  }
}

/**
 * A fresh code no booking of the site has. Bookings draw it under the site lock; a walk-in draws
 * it in its own transaction, where a clash with a concurrent draw (1 in 10^11) fails the unique index.
 */
export async function newCode(db: Db, siteId: string): Promise<string> {
  for (;;) {
    let code = '';
    for (let i = 0; i < BOOKING_CODE_LENGTH; i++)
      code += BOOKING_CODE_ALPHABET[crypto.randomInt(BOOKING_CODE_ALPHABET.length)];
    const [taken] = await db
      .select({ id: appointmentBookings.id })
      .from(appointmentBookings)
      .where(and(eq(appointmentBookings.siteId, siteId), eq(appointmentBookings.code, code)));
    if (!taken) return code;
  }
}

/** Seat rows of a booking: a capacity unit of the service, the staff member, the room. */
async function takeSeats(
  db: Db,
  booking: {
    id: string;
    siteId: string;
    serviceId: string;
    staffId: string;
    resourceId: string | null;
    startAt: Date;
  },
  capacity: number,
): Promise<void> {
  const prefix = `service:${booking.serviceId}#`;
  const taken = await db
    .select({ holder: appointmentSeats.holder })
    .from(appointmentSeats)
    .where(
      and(
        eq(appointmentSeats.startAt, booking.startAt),
        sql`${appointmentSeats.holder} LIKE ${`${prefix}%`}`,
      ),
    );
  const used = new Set(taken.map((t) => t.holder));
  let seat = 0;
  while (used.has(`${prefix}${seat}`) && seat < capacity - 1) seat++;
  const holders = [`${prefix}${seat}`, `staff:${booking.staffId}`];
  if (booking.resourceId) holders.push(`room:${booking.resourceId}`);
  await db.insert(appointmentSeats).values(
    holders.map((holder) => ({
      bookingId: booking.id,
      siteId: booking.siteId,
      holder,
      startAt: booking.startAt,
    })),
  );
}

const freeSeats = (db: Db, bookingId: string) =>
  db.delete(appointmentSeats).where(eq(appointmentSeats.bookingId, bookingId));

/** Runs a slot-taking transaction; a seat collision (the unique index) is a 409, never a 500. */
async function slotTransaction<T>(db: Db, siteId: string, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await lockSite(tx as unknown as Db, siteId);
      return work(tx as unknown as Db);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slotTaken();
    throw error;
  }
}

// ---------- office and texts ----------

export interface Office {
  name: string;
  phone: string;
  address: string;
  openingHours: string;
}

export async function officeOf(db: Db, siteId: string): Promise<Office> {
  const info = await officeInfoOf(db, siteId);
  const [site] = await db.select({ address: sites.address }).from(sites).where(eq(sites.id, siteId));
  return { name: info.name, phone: info.phone, address: site?.address ?? '', openingHours: info.hours };
}

export const manageLink = (origin: string, siteId: string, code: string) =>
  `${origin}/book/${siteId}/manage?code=${code}`;

const officeFor = (deps: Pick<BookingDeps, 'db' | 'memo'>, siteId: string) =>
  memoised(deps, `office:${siteId}`, () => officeOf(deps.db, siteId));

async function remind(deps: BookingDeps, booking: BookingRow, service: ServiceRow, phone: string) {
  const office = await officeFor(deps, booking.siteId);
  await scheduleReminders(
    deps.db,
    deps.keyring,
    { id: booking.id, siteId: booking.siteId, code: booking.code, startAt: booking.startAt, phone },
    {
      office: office.name,
      serviceName: service.nameZh,
      documents: service.documentsZh,
      link: deps.publicUrl ? manageLink(deps.publicUrl, booking.siteId, booking.code) : null,
    },
    deps.now,
  );
}

// ---------- create, move, cancel ----------

/** Books a slot for someone (the checks every channel shares), in one transaction. */
export async function createBooking(
  deps: BookingDeps,
  actor: AuditActor,
  input: NewBooking,
): Promise<BookingRow> {
  const { service } = input;
  if (!service.active)
    throw new HttpError(409, 'appointments.serviceInactive', m.msg('error.serviceInactive'));
  if (service.audience === 'residents' && input.channel === 'public')
    throw new HttpError(403, 'appointments.residentsOnly', m.msg('error.residentsOnly'));
  if (ONLINE_CHANNELS.includes(input.channel) && !isMobile(input.phone))
    throw new HttpError(400, 'validation_error', m.msg('error.mobileRequired'), [
      { field: 'body.phone', message: m.msg('error.mobileRequired') },
    ]);
  if (service.needsIdNumber && !input.idNumber)
    throw new HttpError(400, 'validation_error', m.msg('error.idNumberRequired'), [
      { field: 'body.idNumber', message: m.msg('error.idNumberRequired') },
    ]);
  if (input.idNumber) checkIdNumber(input.idNumber, deps.now, 'body.idNumber');
  const start = new Date(input.start);
  const phone = sealPhone(deps.keyring, input.phone) as { enc: string; hash: string };
  // Looked up before the lock is taken: the lock is held only for what decides the slot.
  await officeFor(deps, service.siteId);
  if (deps.memo) deps.memo.set(`service:${service.id}`, Promise.resolve(service));

  return slotTransaction(deps.db, service.siteId, async (tx) => {
    const staffId = await freeStaffAt(tx, service, start, deps.now);
    await checkPhoneLimits(tx, service, phone.hash, start);
    const [booking] = await tx
      .insert(appointmentBookings)
      .values({
        siteId: service.siteId,
        serviceId: service.id,
        staffId,
        resourceId: service.resourceId,
        startAt: start,
        endAt: new Date(start.getTime() + service.durationMin * 60_000),
        code: await newCode(tx, service.siteId),
        name: input.name,
        phoneEnc: phone.enc,
        phoneHash: phone.hash,
        idNumberEnc: input.idNumber ? sealIdNumber(deps.keyring, input.idNumber).enc : null,
        personId: input.personId ?? null,
        bookedByUserId: input.bookedByUserId ?? null,
        createdByUserId: input.createdByUserId ?? null,
        channel: input.channel,
        note: input.note ?? '',
        sourceRef: input.sourceRef ?? null,
      })
      .returning();
    await takeSeats(tx, { ...booking!, staffId }, service.capacity);
    await remind({ ...deps, db: tx }, booking!, service, input.phone);
    await appendAudit(tx, actor, {
      action: 'appointments.booking.create',
      subjectType: 'appointment_booking',
      subjectId: booking!.id,
      fields: ['serviceId', 'start', 'name', 'phone', ...(input.idNumber ? ['idNumber'] : []), 'channel'],
      siteId: service.siteId,
    });
    return booking!;
  });
}

const serviceOf = async (db: Db, id: string) =>
  (await db.select().from(appointmentServices).where(eq(appointmentServices.id, id)))[0]!;
const serviceFor = (deps: Pick<BookingDeps, 'db' | 'memo'>, id: string) =>
  memoised(deps, `service:${id}`, () => serviceOf(deps.db, id));

/** A booking still to come that its booker or staff may move or cancel. */
function assertChangeable(booking: BookingRow): void {
  if (booking.status !== 'booked') throw notChangeable(booking.status);
}

/** Moves a booking to another free slot of its service; the old slot frees at once. */
export async function rescheduleBooking(
  deps: BookingDeps,
  actor: AuditActor,
  booking: BookingRow,
  newStart: string,
  how: { by: 'booker' | 'staff'; reason?: string },
): Promise<BookingRow> {
  assertChangeable(booking);
  if (how.by === 'booker' && booking.startAt <= deps.now) throw alreadyStarted();
  const start = new Date(newStart);
  if (start.getTime() === booking.startAt.getTime())
    throw new HttpError(400, 'appointments.sameSlot', m.msg('error.sameSlot'), [
      { field: 'body.start', message: m.msg('error.sameSlot') },
    ]);
  const service = await serviceFor(deps, booking.serviceId);
  await officeFor(deps, booking.siteId);
  const phone = openSealed(deps.keyring, 'phone', booking.phoneEnc)!;
  return slotTransaction(deps.db, booking.siteId, async (tx) => {
    // Re-read under the lock: a concurrent cancel or move wins.
    const [current] = await tx
      .select()
      .from(appointmentBookings)
      .where(eq(appointmentBookings.id, booking.id));
    assertChangeable(current!);
    const staffId = await freeStaffAt(tx, service, start, deps.now, booking.id);
    await checkPhoneLimits(tx, service, booking.phoneHash, start, booking.id);
    await freeSeats(tx, booking.id);
    const [moved] = await tx
      .update(appointmentBookings)
      .set({
        startAt: start,
        endAt: new Date(start.getTime() + service.durationMin * 60_000),
        staffId,
        resourceId: service.resourceId,
        rescheduleCount: current!.rescheduleCount + 1,
        updatedAt: deps.now,
      })
      .where(eq(appointmentBookings.id, booking.id))
      .returning();
    await takeSeats(tx, { ...moved!, staffId }, service.capacity);
    await cancelReminders(tx, booking.id);
    await remind({ ...deps, db: tx }, moved!, service, phone);
    await appendAudit(tx, actor, {
      action: 'appointments.booking.reschedule',
      subjectType: 'appointment_booking',
      subjectId: booking.id,
      fields: ['start'],
      // The previous start stays on record here (the booking keeps only the new one).
      purpose: `${how.by}: ${current!.startAt.toISOString()} → ${start.toISOString()}${how.reason ? `; ${how.reason}` : ''}`,
      siteId: booking.siteId,
    });
    return moved!;
  });
}

/** Cancels a booking; its seats free at once, pending reminders are dropped, a notice is sent. */
export async function cancelBooking(
  deps: BookingDeps,
  actor: AuditActor,
  booking: BookingRow,
  how: { by: 'booker' | 'staff'; reason: string },
): Promise<BookingRow> {
  assertChangeable(booking);
  if (how.by === 'booker' && booking.startAt <= deps.now) throw alreadyStarted();
  const service = await serviceFor(deps, booking.serviceId);
  const office = await officeFor(deps, booking.siteId);
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [cancelled] = await tx
      .update(appointmentBookings)
      .set({
        status: 'cancelled',
        cancelledAt: deps.now,
        cancelReason: how.reason,
        cancelledBy: how.by,
        updatedAt: deps.now,
      })
      .where(and(eq(appointmentBookings.id, booking.id), eq(appointmentBookings.status, 'booked')))
      .returning();
    if (!cancelled) throw notChangeable('cancelled');
    await freeSeats(tx, booking.id);
    await cancelReminders(tx, booking.id);
    await queueCancellationNotice(
      tx,
      deps.keyring,
      {
        id: booking.id,
        siteId: booking.siteId,
        code: booking.code,
        startAt: booking.startAt,
        phone: openSealed(deps.keyring, 'phone', booking.phoneEnc)!,
      },
      { office: office.name, serviceName: service.nameZh, reason: how.by === 'staff' ? how.reason : '' },
      deps.now,
    );
    await appendAudit(tx, actor, {
      action: 'appointments.booking.cancel',
      subjectType: 'appointment_booking',
      subjectId: booking.id,
      fields: ['status'],
      purpose: `${how.by}: ${how.reason}`,
      siteId: booking.siteId,
    });
    return cancelled;
  });
}

// ---------- look-ups ----------

/** A booking of one of the caller's sites, or 404. */
export async function bookingInScope(db: Db, siteIds: readonly string[], id: string): Promise<BookingRow> {
  const [row] = await db.select().from(appointmentBookings).where(eq(appointmentBookings.id, id));
  if (!row || !siteIds.includes(row.siteId)) throw bookingNotFound();
  return row;
}

/** The booking with this code and phone at a site, or null (the caller answers one 404 for both). */
export async function bookingByCode(
  db: Db,
  keyring: Keyring,
  siteId: string,
  code: string,
  phone: string,
): Promise<BookingRow | null> {
  const [row] = await db
    .select()
    .from(appointmentBookings)
    .where(
      and(
        eq(appointmentBookings.siteId, siteId),
        eq(appointmentBookings.code, code.toUpperCase()),
        eq(appointmentBookings.phoneHash, phoneHash(keyring, phone)),
      ),
    );
  return row ?? null;
}

// ---------- views ----------

const staffUser = alias(users, 'staff_user');
const creatorUser = alias(users, 'creator_user');

/** Staff-side rows with names joined; ID numbers masked unless `fullIdNumber`. */
export async function bookingViews(
  db: Db,
  keyring: Keyring,
  where: ReturnType<typeof and>,
  fullIdNumber: boolean,
  limit = 2000,
): Promise<AppointmentBooking[]> {
  const rows = await db
    .select({
      b: appointmentBookings,
      serviceNameZh: appointmentServices.nameZh,
      serviceNameEn: appointmentServices.nameEn,
      staffName: staffUser.displayName,
      createdByName: creatorUser.displayName,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentServices, eq(appointmentServices.id, appointmentBookings.serviceId))
    .leftJoin(staffUser, eq(staffUser.id, appointmentBookings.staffId))
    .leftJoin(creatorUser, eq(creatorUser.id, appointmentBookings.createdByUserId))
    .where(where)
    .orderBy(appointmentBookings.startAt)
    .limit(limit);
  return rows.map(({ b, ...names }) => {
    const phone = openSealed(keyring, 'phone', b.phoneEnc) ?? '';
    const id = openSealed(keyring, 'id-number', b.idNumberEnc);
    return {
      id: b.id,
      siteId: b.siteId,
      serviceId: b.serviceId,
      serviceNameZh: names.serviceNameZh,
      serviceNameEn: names.serviceNameEn,
      staffId: b.staffId,
      staffName: names.staffName ?? null,
      resourceId: b.resourceId,
      start: b.startAt.toISOString(),
      end: b.endAt.toISOString(),
      code: b.code,
      name: b.name,
      phone,
      phoneKind: isMobile(phone) ? 'mobile' : 'fixed',
      idNumber: id ? (fullIdNumber ? id : maskIdNumber(id)) : null,
      channel: b.channel,
      status: b.status,
      note: b.note,
      queueNumber: b.queueNumber,
      checkedInAt: b.checkedInAt?.toISOString() ?? null,
      calledAt: b.calledAt?.toISOString() ?? null,
      servedAt: b.servedAt?.toISOString() ?? null,
      noShowAt: b.noShowAt?.toISOString() ?? null,
      cancelledAt: b.cancelledAt?.toISOString() ?? null,
      cancelReason: b.cancelReason,
      cancelledBy: b.cancelledBy,
      rescheduleCount: b.rescheduleCount,
      createdAt: b.createdAt.toISOString(),
      createdByName: names.createdByName ?? null,
    };
  });
}

export function bookingListWhere(query: BookingListQuery) {
  return and(
    eq(appointmentBookings.siteId, query.siteId),
    gte(appointmentBookings.startAt, new Date(dayStartMs(query.from))),
    lt(appointmentBookings.startAt, new Date(dayStartMs(addDays(query.to, 1)))),
    query.staffId ? eq(appointmentBookings.staffId, query.staffId) : undefined,
    query.serviceId ? eq(appointmentBookings.serviceId, query.serviceId) : undefined,
    query.status ? eq(appointmentBookings.status, query.status) : undefined,
  );
}

export const bookingIdWhere = (id: string) => eq(appointmentBookings.id, id);

export function publicServiceView(s: ServiceRow) {
  return {
    id: s.id,
    code: s.code,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    descriptionZh: s.descriptionZh,
    descriptionEn: s.descriptionEn,
    documentsZh: s.documentsZh,
    documentsEn: s.documentsEn,
    durationMin: s.durationMin,
    needsIdNumber: s.needsIdNumber,
    inSessions: s.inSessions,
    audience: s.audience,
    maxAdvanceDays: s.maxAdvanceDays,
  };
}

/** A booking as its booker sees it: phone masked, no ID number. */
export async function publicBookingView(
  deps: Pick<BookingDeps, 'db' | 'keyring' | 'now' | 'origin' | 'memo'>,
  booking: BookingRow,
): Promise<PublicBooking> {
  const service = await serviceFor(deps, booking.serviceId);
  const office = await officeFor(deps, booking.siteId);
  return {
    code: booking.code,
    siteId: booking.siteId,
    status: booking.status,
    start: booking.startAt.toISOString(),
    end: booking.endAt.toISOString(),
    service: publicServiceView(service),
    name: booking.name,
    phoneMasked: maskPhone(openSealed(deps.keyring, 'phone', booking.phoneEnc) ?? ''),
    qrText: manageLink(deps.origin, booking.siteId, booking.code),
    changeable: booking.status === 'booked' && booking.startAt > deps.now,
    office: { name: office.name, phone: office.phone, address: office.address },
  };
}

/** A resident's own bookings (booked from their account or for their registry person), newest first. */
export async function myBookings(db: Db, userId: string, personId: string | null): Promise<BookingRow[]> {
  return db
    .select()
    .from(appointmentBookings)
    .where(
      personId
        ? sql`(${appointmentBookings.bookedByUserId} = ${userId} OR ${appointmentBookings.personId} = ${personId})`
        : eq(appointmentBookings.bookedByUserId, userId),
    )
    .orderBy(desc(appointmentBookings.startAt))
    .limit(200);
}
