import { and, count, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type {
  Incident,
  IncidentPerson,
  IncidentPlaceInput,
  incidentFromAlertSchema,
  incidentInputSchema,
  incidentListQuerySchema,
  incidentPatchSchema,
  incidentPersonInputSchema,
  incidentPublicPlaceInputSchema,
  incidentPublicPlacePatchSchema,
} from '@anju/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit, escapeLike } from '../../platform/audit/service.ts';
import { type FieldError, HttpError } from '../../platform/errors.ts';
import { users } from '../../platform/org/schema.ts';
import { addDays, shanghaiDayStart } from '../../platform/time.ts';
import { gates } from '../access/schema.ts';
import { alerts } from '../alerts/schema.ts';
import { staffOfSite } from '../appointments/config.ts';
import { buildings, persons, rooms } from '../registry/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { usableCategory } from './categories.ts';
import { incidentMessages as m } from './messages.ts';
import { incidentCategories, incidentPersons, incidentPublicPlaces, incidents } from './schema.ts';
import { type Caller, siteOf } from './scope.ts';

/**
 * The incident register: places, incidents, people involved and gate alert → incident. Every
 * object belongs to a site; another site's is a 404. Bad input is a 4xx naming the field, checked
 * before anything is written.
 */

type IncidentRow = typeof incidents.$inferSelect;
type CategoryRow = typeof incidentCategories.$inferSelect;
type PlaceRow = typeof incidentPublicPlaces.$inferSelect;

const notFound = () => new HttpError(404, 'not_found', m.msg('error.incidentNotFound'));
const bad = (code: string, key: Parameters<typeof m.msg>[0], field: string) => {
  const message = m.msg(key as 'error.placeNotInSite');
  return new HttpError(400, code, message, [{ field, message } satisfies FieldError]);
};

// ---------- public places ----------

const placeView = (row: PlaceRow) => ({
  id: row.id,
  siteId: row.siteId,
  nameZh: row.nameZh,
  nameEn: row.nameEn,
  active: row.active,
});

export async function publicPlaceList(db: Db, siteId: string) {
  const rows = await db
    .select()
    .from(incidentPublicPlaces)
    .where(eq(incidentPublicPlaces.siteId, siteId))
    .orderBy(incidentPublicPlaces.nameZh);
  return rows.map(placeView);
}

export async function createPublicPlace(
  db: Db,
  caller: Caller,
  input: z.output<typeof incidentPublicPlaceInputSchema>,
) {
  const [row] = await db.insert(incidentPublicPlaces).values(input).returning();
  await appendAudit(db, caller.actor, {
    action: 'incidents.place.create',
    subjectType: 'incident_public_place',
    subjectId: row!.id,
    siteId: input.siteId,
  });
  return placeView(row!);
}

export async function updatePublicPlace(
  db: Db,
  caller: Caller,
  id: string,
  patch: z.output<typeof incidentPublicPlacePatchSchema>,
) {
  const [row] = await db.select().from(incidentPublicPlaces).where(eq(incidentPublicPlaces.id, id));
  if (!row || !siteOf(caller, row.siteId))
    throw new HttpError(404, 'not_found', m.msg('error.placeNotFound'));
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return placeView(row);
  const [updated] = await db
    .update(incidentPublicPlaces)
    .set(set)
    .where(eq(incidentPublicPlaces.id, id))
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'incidents.place.update',
    subjectType: 'incident_public_place',
    subjectId: id,
    fields: Object.keys(set),
    siteId: row.siteId,
  });
  return placeView(updated!);
}

// ---------- places of an incident ----------

export interface ResolvedPlace {
  placeKind: IncidentPlaceInput['kind'];
  buildingId: string | null;
  unit: number | null;
  roomId: string | null;
  gateId: string | null;
  publicPlaceId: string | null;
  placeLabel: string;
}

/** A unit's label, stored with the incident: '3号楼2单元'. */
// i18n-data: the compound's own naming, stored
export const unitLabel = (buildingName: string, unit: number) => `${buildingName}${unit}单元`;

/** The place if it is one of the site's, else a 400 on `field` (nothing is written). */
export async function resolvePlace(
  db: Db,
  siteId: string,
  place: IncidentPlaceInput,
  field = 'body.place',
): Promise<ResolvedPlace> {
  const none = { buildingId: null, unit: null, roomId: null, gateId: null, publicPlaceId: null };
  const outside = () => bad('place_not_in_site', 'error.placeNotInSite', field);
  switch (place.kind) {
    case 'building':
    case 'unit': {
      const [b] = await db
        .select()
        .from(buildings)
        .where(and(eq(buildings.id, place.buildingId), eq(buildings.siteId, siteId)));
      if (!b) throw outside();
      if (place.kind === 'building')
        return { ...none, placeKind: 'building', buildingId: b.id, placeLabel: b.name };
      if (place.unit > b.units) throw outside();
      return {
        ...none,
        placeKind: 'unit',
        buildingId: b.id,
        unit: place.unit,
        placeLabel: unitLabel(b.name, place.unit),
      };
    }
    case 'flat':
    case 'shop': {
      const [r] = await db
        .select()
        .from(rooms)
        .where(
          and(
            eq(rooms.id, place.roomId),
            eq(rooms.siteId, siteId),
            eq(rooms.kind, place.kind === 'flat' ? 'home' : 'shop'),
          ),
        );
      if (!r) throw outside();
      return {
        ...none,
        placeKind: place.kind,
        buildingId: r.buildingId,
        unit: r.unit,
        roomId: r.id,
        placeLabel: r.label,
      };
    }
    case 'gate': {
      const [g] = await db
        .select()
        .from(gates)
        .where(and(eq(gates.id, place.gateId), eq(gates.siteId, siteId)));
      if (!g) throw outside();
      return { ...none, placeKind: 'gate', gateId: g.id, placeLabel: g.name };
    }
    case 'public_place': {
      const [p] = await db
        .select()
        .from(incidentPublicPlaces)
        .where(
          and(
            eq(incidentPublicPlaces.id, place.publicPlaceId),
            eq(incidentPublicPlaces.siteId, siteId),
            eq(incidentPublicPlaces.active, true),
          ),
        );
      if (!p) throw outside();
      return { ...none, placeKind: 'public_place', publicPlaceId: p.id, placeLabel: p.nameZh };
    }
  }
}

// ---------- incidents ----------

function incidentView(
  row: IncidentRow,
  category: Pick<CategoryRow, 'nameZh' | 'nameEn' | 'group'>,
): Incident {
  return {
    id: row.id,
    siteId: row.siteId,
    receivedAt: row.receivedAt.toISOString(),
    channel: row.channel,
    categoryId: row.categoryId,
    categoryNameZh: category.nameZh,
    categoryNameEn: category.nameEn,
    group: category.group,
    place: {
      kind: row.placeKind,
      buildingId: row.buildingId,
      unit: row.unit,
      roomId: row.roomId,
      gateId: row.gateId,
      publicPlaceId: row.publicPlaceId,
      label: row.placeLabel,
    },
    summary: row.summary,
    outcome: row.outcome,
    officerUserId: row.officerUserId,
    officerName: row.officerName,
    mediationCaseRef: row.mediationCaseRef,
    alertId: row.alertId,
    externalRef: row.externalRef,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const categoryCols = {
  nameZh: incidentCategories.nameZh,
  nameEn: incidentCategories.nameEn,
  group: incidentCategories.group,
};

export async function listIncidents(
  db: Db,
  q: z.output<typeof incidentListQuerySchema>,
): Promise<{ items: Incident[]; total: number }> {
  const where: SQL[] = [eq(incidents.siteId, q.siteId)];
  if (q.from) where.push(gte(incidents.receivedAt, shanghaiDayStart(q.from)));
  if (q.to) where.push(lt(incidents.receivedAt, shanghaiDayStart(addDays(q.to, 1))));
  if (q.categoryId)
    where.push(or(eq(incidents.categoryId, q.categoryId), eq(incidentCategories.parentId, q.categoryId))!);
  if (q.group) where.push(eq(incidentCategories.group, q.group));
  if (q.channel) where.push(eq(incidents.channel, q.channel));
  if (q.outcome) where.push(eq(incidents.outcome, q.outcome));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(or(ilike(incidents.summary, like), ilike(incidents.placeLabel, like))!);
  }
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({ i: incidents, c: categoryCols })
      .from(incidents)
      .innerJoin(incidentCategories, eq(incidentCategories.id, incidents.categoryId))
      .where(cond)
      .orderBy(desc(incidents.receivedAt))
      .limit(q.limit)
      .offset(q.offset),
    db
      .select({ n: count() })
      .from(incidents)
      .innerJoin(incidentCategories, eq(incidentCategories.id, incidents.categoryId))
      .where(cond),
  ]);
  return { items: rows.map((r) => incidentView(r.i, r.c)), total: total?.n ?? 0 };
}

async function incidentRow(db: Db, caller: Caller, id: string) {
  const [r] = await db
    .select({ i: incidents, c: categoryCols })
    .from(incidents)
    .innerJoin(incidentCategories, eq(incidentCategories.id, incidents.categoryId))
    .where(eq(incidents.id, id));
  if (!r || !siteOf(caller, r.i.siteId)) throw notFound();
  return r;
}

export async function getIncident(db: Db, caller: Caller, id: string): Promise<Incident> {
  const r = await incidentRow(db, caller, id);
  return incidentView(r.i, r.c);
}

function checkReceivedAt(receivedAt: string, now: Date): Date {
  const at = new Date(receivedAt);
  // A minute's grace for a client clock slightly ahead of ours.
  if (at.getTime() > now.getTime() + 60_000)
    throw bad('received_in_future', 'error.receivedInFuture', 'body.receivedAt');
  return at;
}

/** The handling officer: given (must be police-side staff of the site), else the recording officer. */
async function officerOf(
  db: Db,
  caller: Caller,
  siteId: string,
  officerUserId: string | null | undefined,
  officerName: string | null | undefined,
): Promise<{ officerUserId: string | null; officerName: string | null }> {
  if (officerUserId) {
    const staff = (await staffOfSite(db, siteId)).find((s) => s.id === officerUserId);
    if (!staff) throw bad('validation_error', 'error.officerNotFound', 'body.officerUserId');
    return { officerUserId, officerName: officerName ?? staff.displayName };
  }
  if (officerName !== undefined || officerUserId === null)
    return { officerUserId: null, officerName: officerName ?? null };
  if (caller.role === 'police' || caller.role === 'auxiliary') {
    const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, caller.userId));
    return { officerUserId: caller.userId, officerName: u?.name ?? null };
  }
  return { officerUserId: null, officerName: null };
}

/** What a new incident is made of, once every part has been checked against its site. */
export interface NewIncident {
  siteId: string;
  receivedAt: Date;
  channel: IncidentRow['channel'];
  categoryId: string;
  place: ResolvedPlace;
  summary: string;
  outcome: IncidentRow['outcome'];
  officer: { officerUserId: string | null; officerName: string | null };
  mediationCaseRef?: string | null;
  alertId?: string | null;
  externalRef?: string | null;
  source: IncidentRow['source'];
  createdBy: string;
}

/** The row of a new incident: the form, a gate alert and an import all build it here. */
export function newIncidentRow(n: NewIncident): typeof incidents.$inferInsert {
  return {
    siteId: n.siteId,
    receivedAt: n.receivedAt,
    channel: n.channel,
    categoryId: n.categoryId,
    ...n.place,
    summary: n.summary,
    outcome: n.outcome,
    ...n.officer,
    mediationCaseRef: n.mediationCaseRef ?? null,
    alertId: n.alertId ?? null,
    externalRef: n.externalRef ?? null,
    source: n.source,
    createdBy: n.createdBy,
  };
}

export async function createIncident(
  db: Db,
  caller: Caller,
  input: z.output<typeof incidentInputSchema>,
  now: Date,
): Promise<Incident> {
  const receivedAt = checkReceivedAt(input.receivedAt, now);
  const category = await usableCategory(db, input.siteId, input.categoryId, 'body.categoryId');
  const place = await resolvePlace(db, input.siteId, input.place);
  const officer = await officerOf(db, caller, input.siteId, input.officerUserId, input.officerName);
  const [row] = await db
    .insert(incidents)
    .values(
      newIncidentRow({
        siteId: input.siteId,
        receivedAt,
        channel: input.channel,
        categoryId: category.id,
        place,
        summary: input.summary,
        outcome: input.outcome,
        officer,
        mediationCaseRef: input.mediationCaseRef,
        source: 'manual',
        createdBy: caller.userId,
      }),
    )
    .returning();
  await appendAudit(db, caller.actor, {
    action: 'incidents.create',
    subjectType: 'incident',
    subjectId: row!.id,
    siteId: input.siteId,
  });
  return incidentView(row!, category);
}

export async function updateIncident(
  db: Db,
  caller: Caller,
  id: string,
  patch: z.output<typeof incidentPatchSchema>,
  now: Date,
): Promise<Incident> {
  const { i: row } = await incidentRow(db, caller, id);
  const set: Partial<typeof incidents.$inferInsert> = {};
  if (patch.receivedAt !== undefined) set.receivedAt = checkReceivedAt(patch.receivedAt, now);
  if (patch.categoryId !== undefined)
    set.categoryId = (await usableCategory(db, row.siteId, patch.categoryId, 'body.categoryId')).id;
  if (patch.place !== undefined) Object.assign(set, await resolvePlace(db, row.siteId, patch.place));
  if (patch.officerUserId !== undefined || patch.officerName !== undefined)
    Object.assign(set, await officerOf(db, caller, row.siteId, patch.officerUserId, patch.officerName));
  if (patch.channel !== undefined) set.channel = patch.channel;
  if (patch.summary !== undefined) set.summary = patch.summary;
  if (patch.outcome !== undefined) set.outcome = patch.outcome;
  if (patch.mediationCaseRef !== undefined) set.mediationCaseRef = patch.mediationCaseRef;
  if (Object.keys(set).length > 0) {
    await db
      .update(incidents)
      .set({ ...set, updatedAt: now })
      .where(eq(incidents.id, id));
    await appendAudit(db, caller.actor, {
      action: 'incidents.update',
      subjectType: 'incident',
      subjectId: id,
      fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined),
      siteId: row.siteId,
    });
  }
  return getIncident(db, caller, id);
}

/** A gate alert (stranger, repeated denials, …) of one of the caller's sites → an incident at its gate. */
export async function incidentFromAlert(
  db: Db,
  caller: Caller,
  input: z.output<typeof incidentFromAlertSchema>,
): Promise<Incident> {
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, input.alertId));
  if (!alert || !siteOf(caller, alert.siteId))
    throw new HttpError(404, 'not_found', m.msg('error.alertNotFound'), [
      { field: 'body.alertId', message: m.msg('error.alertNotFound') },
    ]);
  if (!alert.gateId) throw bad('alert_not_gate', 'error.alertNotGate', 'body.alertId');
  const category = await usableCategory(db, alert.siteId, input.categoryId, 'body.categoryId');
  const place = await resolvePlace(db, alert.siteId, { kind: 'gate', gateId: alert.gateId });
  const [existing] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.alertId, alert.id));
  if (existing)
    throw new HttpError(409, 'alert_already_incident', m.msg('error.alertAlreadyIncident'), [
      { field: 'body.alertId', message: m.msg('error.alertAlreadyIncident'), incidentId: existing.id },
    ]);
  const officer = await officerOf(db, caller, alert.siteId, undefined, undefined);
  const at = alert.firstAt;
  const summary =
    input.summary ??
    m.text('zh-CN', 'gateAlertSummary', {
      kind: alert.kind,
      gate: place.placeLabel,
      at: at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }),
    });
  let row: IncidentRow | undefined;
  try {
    [row] = await db
      .insert(incidents)
      .values(
        newIncidentRow({
          siteId: alert.siteId,
          receivedAt: at,
          channel: 'gate_alert',
          categoryId: category.id,
          place,
          summary,
          outcome: input.outcome,
          officer,
          alertId: alert.id,
          source: 'gate_alert',
          createdBy: caller.userId,
        }),
      )
      .returning();
  } catch (error) {
    // Two officers turning the same alert at once: one wins.
    if (isUniqueViolation(error))
      throw new HttpError(409, 'alert_already_incident', m.msg('error.alertAlreadyIncident'));
    throw error;
  }
  await appendAudit(db, caller.actor, {
    action: 'incidents.fromAlert',
    subjectType: 'incident',
    subjectId: row!.id,
    fields: ['alertId'],
    siteId: alert.siteId,
  });
  return incidentView(row!, category);
}

// ---------- people involved (police side only, audited) ----------

export async function incidentPeople(db: Db, caller: Caller, id: string): Promise<IncidentPerson[]> {
  const { i } = await incidentRow(db, caller, id);
  const rows = await db
    .select({ link: incidentPersons, name: persons.name })
    .from(incidentPersons)
    .innerJoin(persons, eq(persons.id, incidentPersons.personId))
    .where(eq(incidentPersons.incidentId, id))
    .orderBy(incidentPersons.createdAt);
  await appendAudit(db, caller.actor, {
    action: 'incidents.persons.read',
    subjectType: 'incident',
    subjectId: id,
    fields: ['persons'],
    siteId: i.siteId,
  });
  return rows.map(({ link, name }) => ({
    id: link.id,
    incidentId: link.incidentId,
    personId: link.personId,
    name,
    role: link.role,
    note: link.note,
    createdAt: link.createdAt.toISOString(),
  }));
}

export async function addIncidentPerson(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof incidentPersonInputSchema>,
): Promise<IncidentPerson> {
  const { i } = await incidentRow(db, caller, id);
  const [person] = await db
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(and(eq(persons.id, input.personId), eq(persons.siteId, i.siteId)));
  if (!person) throw bad('validation_error', 'error.personNotFound', 'body.personId');
  let link: typeof incidentPersons.$inferSelect | undefined;
  try {
    [link] = await db
      .insert(incidentPersons)
      .values({
        incidentId: id,
        personId: person.id,
        role: input.role,
        note: input.note,
        createdBy: caller.userId,
      })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpError(409, 'person_already_linked', m.msg('error.personAlreadyLinked'), [
        { field: 'body.personId', message: m.msg('error.personAlreadyLinked') },
      ]);
    throw error;
  }
  await appendAudit(db, caller.actor, {
    action: 'incidents.persons.add',
    subjectType: 'person',
    subjectId: person.id,
    fields: ['role'],
    purpose: `incident ${id}`,
    siteId: i.siteId,
  });
  return {
    id: link!.id,
    incidentId: id,
    personId: person.id,
    name: person.name,
    role: link!.role,
    note: link!.note,
    createdAt: link!.createdAt.toISOString(),
  };
}

export async function removeIncidentPerson(
  db: Db,
  caller: Caller,
  id: string,
  personId: string,
): Promise<void> {
  const { i } = await incidentRow(db, caller, id);
  const removed = await db
    .delete(incidentPersons)
    .where(and(eq(incidentPersons.incidentId, id), eq(incidentPersons.personId, personId)))
    .returning({ id: incidentPersons.id });
  if (removed.length === 0) throw new HttpError(404, 'not_found', m.msg('error.personNotFound'));
  await appendAudit(db, caller.actor, {
    action: 'incidents.persons.remove',
    subjectType: 'person',
    subjectId: personId,
    purpose: `incident ${id}`,
    siteId: i.siteId,
  });
}
