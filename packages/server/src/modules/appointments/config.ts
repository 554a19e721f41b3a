import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type {
  AppointmentClosure,
  AppointmentOverride,
  AppointmentResource,
  AppointmentService,
  AppointmentSession,
  AppointmentStaff,
  appointmentClosureInputSchema,
  appointmentOverrideInputSchema,
  appointmentResourceInputSchema,
  appointmentResourcePatchSchema,
  appointmentServiceInputSchema,
  appointmentServicePatchSchema,
  appointmentSessionInputSchema,
  appointmentSessionPatchSchema,
  WeeklyHours,
} from '@anju/contracts';
import type { z } from 'zod';
import { queryRows, type Db } from '../../db/client.ts';
import { type AuditActor, appendAudit } from '../../platform/audit/service.ts';
import { conflict, type FieldError, HttpError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../db/errors.ts';

// What the routes hand over: the schemas' parsed (output) shapes.
type AppointmentServiceInput = z.output<typeof appointmentServiceInputSchema>;
type AppointmentServicePatch = z.output<typeof appointmentServicePatchSchema>;
type AppointmentResourceInput = z.output<typeof appointmentResourceInputSchema>;
type AppointmentResourcePatch = z.output<typeof appointmentResourcePatchSchema>;
type AppointmentOverrideInput = z.output<typeof appointmentOverrideInputSchema>;
type AppointmentClosureInput = z.output<typeof appointmentClosureInputSchema>;
type AppointmentSessionInput = z.output<typeof appointmentSessionInputSchema>;
type AppointmentSessionPatch = z.output<typeof appointmentSessionPatchSchema>;
import { appointmentMessages as m } from './messages.ts';
import {
  appointmentClosures,
  appointmentOverrides,
  appointmentResources,
  appointmentServices,
  appointmentSessions,
  appointmentStaffHours,
} from './schema.ts';
import type { Interval } from './slots.ts';

/**
 * The office's appointment configuration: services, rooms, staff weekly hours, date overrides,
 * closures and weekend/holiday sessions. Every object belongs to a site; one of another site is a
 * 404, as if it did not exist. Every write is audited (field names, never values).
 */

/** Who asks: the sites they may act on, and who they are for the audit log. */
export interface ConfigCaller {
  siteIds: readonly string[];
  actor: AuditActor;
}

type ServiceRow = typeof appointmentServices.$inferSelect;
type SessionRow = typeof appointmentSessions.$inferSelect;

export const notFoundError = (key: Parameters<typeof m.msg>[0] & `error.${string}NotFound`) =>
  new HttpError(404, 'not_found', m.msg(key));

export function serviceView(row: ServiceRow): AppointmentService {
  return {
    id: row.id,
    siteId: row.siteId,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    documentsZh: row.documentsZh,
    documentsEn: row.documentsEn,
    durationMin: row.durationMin,
    stepMin: row.stepMin,
    capacity: row.capacity,
    bufferBeforeMin: row.bufferBeforeMin,
    bufferAfterMin: row.bufferAfterMin,
    minNoticeMin: row.minNoticeMin,
    maxAdvanceDays: row.maxAdvanceDays,
    inSessions: row.inSessions,
    audience: row.audience,
    needsIdNumber: row.needsIdNumber,
    staffIds: row.staffIds,
    resourceId: row.resourceId,
    perPhoneDailyLimit: row.perPhoneDailyLimit,
    perPhoneWeeklyLimit: row.perPhoneWeeklyLimit,
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

const sessionView = (row: SessionRow): AppointmentSession => ({
  id: row.id,
  siteId: row.siteId,
  nameZh: row.nameZh,
  nameEn: row.nameEn,
  on: row.on as AppointmentSession['on'],
  weekdays: row.weekdays,
  startMin: row.startMin,
  endMin: row.endMin,
  staffIds: row.staffIds,
  active: row.active,
});

// ---------- staff ----------

/** Police officers and auxiliaries who serve a site: assigned to it, or of its police office's chain. */
export async function staffOfSite(
  db: Db,
  siteId: string,
): Promise<{ id: string; displayName: string; role: string }[]> {
  return queryRows(
    db,
    sql`
    WITH RECURSIVE up AS (
      SELECT j.id, j.parent_id FROM jurisdictions j JOIN sites s ON s.police_office_id = j.id WHERE s.id = ${siteId}
      UNION SELECT j.id, j.parent_id FROM jurisdictions j JOIN up ON j.id = up.parent_id
    )
    SELECT u.id, u.display_name AS "displayName", u.role FROM users u
    WHERE u.active AND u.role IN ('police', 'auxiliary')
      AND (u.id IN (SELECT user_id FROM user_sites WHERE site_id = ${siteId})
           OR u.jurisdiction_id IN (SELECT id FROM up))
    ORDER BY u.role, u.display_name`,
  );
}

/** 400 naming each staff id that is not a police officer or auxiliary of the site. */
async function checkStaff(db: Db, siteId: string, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const staff = new Set((await staffOfSite(db, siteId)).map((s) => s.id));
  const errors: FieldError[] = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !staff.has(id))
    .map(({ i }) => ({ field: `${field}.${i}`, message: m.msg('error.staffNotFound') }));
  if (errors.length > 0) throw new HttpError(400, 'validation_error', errors[0]!.message, errors);
}

async function checkResource(db: Db, siteId: string, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const [row] = await db
    .select({ id: appointmentResources.id, active: appointmentResources.active })
    .from(appointmentResources)
    .where(and(eq(appointmentResources.id, id), eq(appointmentResources.siteId, siteId)));
  if (!row)
    throw new HttpError(400, 'validation_error', m.msg('error.resourceNotFound'), [
      { field: 'body.resourceId', message: m.msg('error.resourceNotFound') },
    ]);
}

export async function staffList(db: Db, siteId: string): Promise<AppointmentStaff[]> {
  const staff = await staffOfSite(db, siteId);
  const hours = await db.select().from(appointmentStaffHours).where(eq(appointmentStaffHours.siteId, siteId));
  const weeklyOf = new Map(hours.map((h) => [h.userId, h.weekly]));
  return staff.map((s) => ({
    userId: s.id,
    displayName: s.displayName,
    role: s.role,
    weekly: toWeeklyHours(weeklyOf.get(s.id) ?? {}),
  }));
}

const toWeeklyHours = (weekly: Partial<Record<number, Interval[]>>): WeeklyHours =>
  Object.fromEntries(Object.entries(weekly).map(([k, v]) => [String(k), v ?? []]));

/**
 * Sets a staff member's weekly hours at a site: the one given, else the one site the staff
 * member and the caller share. A user who serves none of the caller's sites is a 404.
 */
export async function setStaffHours(
  db: Db,
  caller: ConfigCaller,
  userId: string,
  input: { siteId?: string | undefined; weekly: WeeklyHours },
): Promise<AppointmentStaff> {
  const candidates = input.siteId ? [input.siteId] : caller.siteIds;
  let siteId: string | null = null;
  for (const site of candidates) {
    if ((await staffOfSite(db, site)).some((s) => s.id === userId)) {
      siteId = site;
      break;
    }
  }
  if (!siteId) throw notFoundError('error.staffNotFound');
  const weekly = Object.fromEntries(
    Object.entries(input.weekly).map(([k, v]) => [Number(k), [...v].sort((a, b) => a.start - b.start)]),
  );
  await db
    .insert(appointmentStaffHours)
    .values({ siteId, userId, weekly })
    .onConflictDoUpdate({
      target: [appointmentStaffHours.siteId, appointmentStaffHours.userId],
      set: { weekly, updatedAt: new Date() },
    });
  await appendAudit(db, caller.actor, {
    action: 'appointments.staffHours.set',
    subjectType: 'user',
    subjectId: userId,
    fields: ['weekly'],
    siteId,
  });
  return (await staffList(db, siteId)).find((s) => s.userId === userId)!;
}

// ---------- services ----------

export async function serviceList(db: Db, siteId: string): Promise<AppointmentService[]> {
  const rows = await db
    .select()
    .from(appointmentServices)
    .where(eq(appointmentServices.siteId, siteId))
    .orderBy(asc(appointmentServices.sortOrder), asc(appointmentServices.nameZh));
  return rows.map(serviceView);
}

/** A service of one of the caller's sites, or 404. */
export async function serviceInScope(db: Db, siteIds: readonly string[], id: string): Promise<ServiceRow> {
  const [row] = await db.select().from(appointmentServices).where(eq(appointmentServices.id, id));
  if (!row || !siteIds.includes(row.siteId)) throw notFoundError('error.serviceNotFound');
  return row;
}

const codeTaken = (code: string) =>
  conflict('appointments.codeTaken', m.msg('error.codeTaken', { code }), [
    { field: 'body.code', message: m.msg('error.codeTaken', { code }) },
  ]);

export async function createService(
  db: Db,
  caller: ConfigCaller,
  input: AppointmentServiceInput,
): Promise<AppointmentService> {
  await checkStaff(db, input.siteId, input.staffIds, 'body.staffIds');
  await checkResource(db, input.siteId, input.resourceId);
  try {
    const [row] = await db
      .insert(appointmentServices)
      .values({ ...input, staffIds: [...new Set(input.staffIds)] })
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'appointments.service.create',
      subjectType: 'appointment_service',
      subjectId: row!.id,
      fields: Object.keys(input),
      siteId: input.siteId,
    });
    return serviceView(row!);
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code);
    throw error;
  }
}

export async function updateService(
  db: Db,
  caller: ConfigCaller,
  id: string,
  patch: AppointmentServicePatch,
): Promise<AppointmentService> {
  const current = await serviceInScope(db, caller.siteIds, id);
  if (patch.staffIds) await checkStaff(db, current.siteId, patch.staffIds, 'body.staffIds');
  await checkResource(db, current.siteId, patch.resourceId);
  const set = { ...patch, ...(patch.staffIds ? { staffIds: [...new Set(patch.staffIds)] } : {}) };
  if (Object.keys(set).length === 0) return serviceView(current);
  try {
    const [row] = await db
      .update(appointmentServices)
      .set({ ...(set as Partial<ServiceRow>), updatedAt: new Date() })
      .where(eq(appointmentServices.id, id))
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'appointments.service.update',
      subjectType: 'appointment_service',
      subjectId: id,
      fields: Object.keys(patch),
      siteId: current.siteId,
    });
    return serviceView(row!);
  } catch (error) {
    if (isUniqueViolation(error) && patch.code) throw codeTaken(patch.code);
    throw error;
  }
}

// ---------- resources (rooms) ----------

type ResourceRow = typeof appointmentResources.$inferSelect;
const resourceView = (r: ResourceRow): AppointmentResource => ({
  id: r.id,
  siteId: r.siteId,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  kind: r.kind,
  active: r.active,
});

export async function resourceList(db: Db, siteId: string): Promise<AppointmentResource[]> {
  const rows = await db
    .select()
    .from(appointmentResources)
    .where(eq(appointmentResources.siteId, siteId))
    .orderBy(asc(appointmentResources.nameZh));
  return rows.map(resourceView);
}

export async function resourceInScope(db: Db, siteIds: readonly string[], id: string): Promise<ResourceRow> {
  const [row] = await db.select().from(appointmentResources).where(eq(appointmentResources.id, id));
  if (!row || !siteIds.includes(row.siteId)) throw notFoundError('error.resourceNotFound');
  return row;
}

export async function createResource(
  db: Db,
  caller: ConfigCaller,
  input: AppointmentResourceInput,
): Promise<AppointmentResource> {
  const [row] = await db.insert(appointmentResources).values(input).returning();
  await appendAudit(db, caller.actor, {
    action: 'appointments.resource.create',
    subjectType: 'appointment_resource',
    subjectId: row!.id,
    fields: ['nameZh', 'nameEn'],
    siteId: input.siteId,
  });
  return resourceView(row!);
}

export async function updateResource(
  db: Db,
  caller: ConfigCaller,
  id: string,
  patch: AppointmentResourcePatch,
): Promise<AppointmentResource> {
  const current = await resourceInScope(db, caller.siteIds, id);
  if (Object.keys(patch).length === 0) return resourceView(current);
  const [row] = await db
    .update(appointmentResources)
    .set(patch)
    .where(eq(appointmentResources.id, id))
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'appointments.resource.update',
    subjectType: 'appointment_resource',
    subjectId: id,
    fields: Object.keys(patch),
    siteId: current.siteId,
  });
  return resourceView(row!);
}

// ---------- overrides ----------

type OverrideRow = typeof appointmentOverrides.$inferSelect;
const overrideView = (r: OverrideRow): AppointmentOverride => ({
  id: r.id,
  siteId: r.siteId,
  userId: r.userId,
  date: r.date,
  intervals: r.intervals,
  reason: r.reason,
});

export async function overrideList(
  db: Db,
  siteId: string,
  from: string,
  to: string,
): Promise<AppointmentOverride[]> {
  const rows = await db
    .select()
    .from(appointmentOverrides)
    .where(
      and(
        eq(appointmentOverrides.siteId, siteId),
        gte(appointmentOverrides.date, from),
        lte(appointmentOverrides.date, to),
      ),
    )
    .orderBy(asc(appointmentOverrides.date));
  return rows.map(overrideView);
}

export async function createOverride(
  db: Db,
  caller: ConfigCaller,
  input: AppointmentOverrideInput,
): Promise<AppointmentOverride> {
  await checkStaff(db, input.siteId, [input.userId], 'body.userId');
  const intervals = [...input.intervals].sort((a, b) => a.start - b.start);
  try {
    const [row] = await db
      .insert(appointmentOverrides)
      .values({ ...input, intervals })
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'appointments.override.create',
      subjectType: 'appointment_override',
      subjectId: row!.id,
      fields: ['userId', 'date', 'intervals', 'reason'],
      siteId: input.siteId,
    });
    return overrideView(row!);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('appointments.overrideExists', m.msg('error.overrideExists', { date: input.date }), [
        { field: 'body.date', message: m.msg('error.overrideExists', { date: input.date }) },
      ]);
    throw error;
  }
}

export async function deleteOverride(db: Db, caller: ConfigCaller, id: string): Promise<void> {
  const [row] = await db.select().from(appointmentOverrides).where(eq(appointmentOverrides.id, id));
  if (!row || !caller.siteIds.includes(row.siteId)) throw notFoundError('error.overrideNotFound');
  await db.delete(appointmentOverrides).where(eq(appointmentOverrides.id, id));
  await appendAudit(db, caller.actor, {
    action: 'appointments.override.delete',
    subjectType: 'appointment_override',
    subjectId: id,
    siteId: row.siteId,
  });
}

// ---------- closures ----------

export async function closureList(
  db: Db,
  siteId: string,
  from: string,
  to: string,
): Promise<AppointmentClosure[]> {
  const rows = await db
    .select()
    .from(appointmentClosures)
    .where(
      and(
        eq(appointmentClosures.siteId, siteId),
        gte(appointmentClosures.date, from),
        lte(appointmentClosures.date, to),
      ),
    )
    .orderBy(asc(appointmentClosures.date));
  return rows.map((r) => ({ id: r.id, siteId: r.siteId, date: r.date, reason: r.reason }));
}

/** A closure does not cancel the bookings already made on that day: the console lists them to call. */
export async function createClosure(
  db: Db,
  caller: ConfigCaller,
  input: AppointmentClosureInput,
): Promise<AppointmentClosure> {
  try {
    const [row] = await db.insert(appointmentClosures).values(input).returning();
    await appendAudit(db, caller.actor, {
      action: 'appointments.closure.create',
      subjectType: 'appointment_closure',
      subjectId: row!.id,
      fields: ['date', 'reason'],
      siteId: input.siteId,
    });
    return { id: row!.id, siteId: row!.siteId, date: row!.date, reason: row!.reason };
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('appointments.closureExists', m.msg('error.closureExists', { date: input.date }), [
        { field: 'body.date', message: m.msg('error.closureExists', { date: input.date }) },
      ]);
    throw error;
  }
}

export async function deleteClosure(db: Db, caller: ConfigCaller, id: string): Promise<void> {
  const [row] = await db.select().from(appointmentClosures).where(eq(appointmentClosures.id, id));
  if (!row || !caller.siteIds.includes(row.siteId)) throw notFoundError('error.closureNotFound');
  await db.delete(appointmentClosures).where(eq(appointmentClosures.id, id));
  await appendAudit(db, caller.actor, {
    action: 'appointments.closure.delete',
    subjectType: 'appointment_closure',
    subjectId: id,
    siteId: row.siteId,
  });
}

// ---------- sessions ----------

export async function sessionList(db: Db, siteId: string): Promise<AppointmentSession[]> {
  const rows = await db
    .select()
    .from(appointmentSessions)
    .where(eq(appointmentSessions.siteId, siteId))
    .orderBy(asc(appointmentSessions.startMin));
  return rows.map(sessionView);
}

async function sessionInScope(db: Db, siteIds: readonly string[], id: string): Promise<SessionRow> {
  const [row] = await db.select().from(appointmentSessions).where(eq(appointmentSessions.id, id));
  if (!row || !siteIds.includes(row.siteId)) throw notFoundError('error.sessionNotFound');
  return row;
}

export async function createSession(
  db: Db,
  caller: ConfigCaller,
  input: AppointmentSessionInput,
): Promise<AppointmentSession> {
  await checkStaff(db, input.siteId, input.staffIds, 'body.staffIds');
  const [row] = await db
    .insert(appointmentSessions)
    .values({ ...input, on: [...new Set(input.on)], weekdays: [...new Set(input.weekdays)] })
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'appointments.session.create',
    subjectType: 'appointment_session',
    subjectId: row!.id,
    fields: Object.keys(input),
    siteId: input.siteId,
  });
  return sessionView(row!);
}

export async function updateSession(
  db: Db,
  caller: ConfigCaller,
  id: string,
  patch: AppointmentSessionPatch,
): Promise<AppointmentSession> {
  const current = await sessionInScope(db, caller.siteIds, id);
  if (patch.staffIds) await checkStaff(db, current.siteId, patch.staffIds, 'body.staffIds');
  const startMin = patch.startMin ?? current.startMin;
  const endMin = patch.endMin ?? current.endMin;
  if (startMin >= endMin)
    throw new HttpError(400, 'validation_error', m.msg('error.rangeInvalid'), [
      { field: 'body.endMin', message: m.msg('error.rangeInvalid') },
    ]);
  if (Object.keys(patch).length === 0) return sessionView(current);
  const [row] = await db
    .update(appointmentSessions)
    .set(patch)
    .where(eq(appointmentSessions.id, id))
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'appointments.session.update',
    subjectType: 'appointment_session',
    subjectId: id,
    fields: Object.keys(patch),
    siteId: current.siteId,
  });
  return sessionView(row!);
}

export async function deleteSession(db: Db, caller: ConfigCaller, id: string): Promise<void> {
  const current = await sessionInScope(db, caller.siteIds, id);
  await db.delete(appointmentSessions).where(eq(appointmentSessions.id, id));
  await appendAudit(db, caller.actor, {
    action: 'appointments.session.delete',
    subjectType: 'appointment_session',
    subjectId: id,
    siteId: current.siteId,
  });
}

/** Services of a site by id (for buffers of other services' bookings). */
export async function servicesById(db: Db, ids: readonly string[]): Promise<Map<string, ServiceRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(appointmentServices)
    .where(inArray(appointmentServices.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}
