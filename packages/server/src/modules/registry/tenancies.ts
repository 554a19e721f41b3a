import { and, eq, inArray, sql } from 'drizzle-orm';
import type {
  Lang,
  moveInSchema,
  moveOutSchema,
  Tenancy,
  tenancyFieldsSchema,
  tenancyRenewFieldsSchema,
} from '@anju/contracts';
import { registryContractMessages as c } from '@anju/contracts';
import type { z } from 'zod';
import { queryRows, type Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import type { RegistryCaller } from './caller.ts';
import { assertContractFile, storeFile } from './files.ts';
import { personInScope, placePerson, roomInScope } from './persons.ts';
import { households, persons, residencies, rooms, tenancies } from './schema.ts';
import { anyUuid, residencyStatusSql, sealPhone, tenancyStatusSql } from './sql.ts';
import { auditPurpose, registryMessages as m } from './messages.ts';
import { daysBetween, tenancyStatusLabel } from './validity.ts';
import type { UploadedFile } from '../../platform/multipart.ts';

export type TenancyFieldsParsed = z.output<typeof tenancyFieldsSchema>;
export type TenancyRenewParsed = z.output<typeof tenancyRenewFieldsSchema>;
export type MoveInParsed = z.output<typeof moveInSchema>;
export type MoveOutParsed = z.output<typeof moveOutSchema>;

/** Longest contract we accept; anything longer is almost certainly a typo in the year. */
const MAX_CONTRACT_DAYS = 20 * 366;

function checkTerm(start: string, end: string, endField: string): void {
  if (end < start) throw invalidField(endField, m.msg('tenancy.endBeforeStart'));
  if (daysBetween(start, end) > MAX_CONTRACT_DAYS) throw invalidField(endField, m.msg('tenancy.tooLong'));
}

/**
 * Registers a rental contract with its scan and its tenants, all in one transaction: the tenants
 * get residencies valid from the start to the end date (inclusive) in a new tenant household.
 */
export async function createTenancy(
  ctx: AppContext,
  caller: RegistryCaller,
  f: TenancyFieldsParsed,
  file: UploadedFile | null,
): Promise<{ id: string; householdId: string }> {
  const now = ctx.now();
  checkTerm(f.startDate, f.endDate, 'body.endDate');
  if (!file) throw invalidField('body.file', m.msg('tenancy.scanRequired'));
  const mime = assertContractFile(file.bytes, 'body.file');
  const tenantIds = f.tenants.map((t) => t.personId);
  if (new Set(tenantIds).size !== tenantIds.length)
    throw invalidField('body.tenants', m.msg('tenancy.duplicateTenant'));
  if (f.tenants.filter((t) => t.relationToHead === 'head').length > 1) {
    throw invalidField('body.tenants', m.msg('tenancy.oneHead'));
  }

  return ctx.db.transaction(async (tx) => {
    const room = await roomInScope(tx, caller, f.roomId, 'body.roomId');
    if (room.kind !== 'home') throw invalidField('body.roomId', m.msg('tenancy.homeOnly'));
    let landlordName = f.landlordName ?? null;
    if (f.landlordPersonId) {
      const landlord = await personInScope(tx, caller, f.landlordPersonId, 'body.landlordPersonId');
      if (landlord.siteId !== room.siteId)
        throw invalidField('body.landlordPersonId', m.msg('tenancy.landlordOtherSite'));
      landlordName ??= landlord.name;
    }
    if (!landlordName)
      throw invalidField('body.landlordName', c.msg('rule.enter', { label: c.key('label.landlordName') }));
    for (const [i, t] of f.tenants.entries()) {
      const person = await personInScope(tx, caller, t.personId, `body.tenants.${i}.personId`);
      if (person.siteId !== room.siteId)
        throw invalidField(`body.tenants.${i}.personId`, m.msg('tenancy.tenantOtherSite'));
    }
    const fileId = await storeFile(tx, ctx.keyring, {
      siteId: room.siteId,
      purpose: 'tenancy_contract',
      fileName: file.fileName,
      mime,
      bytes: file.bytes,
      createdBy: caller.userId,
      now,
    });
    const head = f.tenants.find((t) => t.relationToHead === 'head') ?? f.tenants[0]!;
    const [household] = await tx
      .insert(households)
      .values({
        siteId: room.siteId,
        roomId: room.id,
        kind: 'tenant',
        headPersonId: head.personId,
        createdAt: now,
      })
      .returning({ id: households.id });
    const [tenancy] = await tx
      .insert(tenancies)
      .values({
        siteId: room.siteId,
        roomId: room.id,
        householdId: household!.id,
        landlordPersonId: f.landlordPersonId ?? null,
        landlordName,
        landlordPhoneEnc: sealPhone(ctx.keyring, f.landlordPhone).enc,
        startDate: f.startDate,
        endDate: f.endDate,
        monthlyRent: f.monthlyRent ?? null,
        fileId,
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: tenancies.id });
    await tx.insert(residencies).values(
      f.tenants.map((t) => ({
        siteId: room.siteId,
        personId: t.personId,
        roomId: room.id,
        householdId: household!.id,
        tenancyId: tenancy!.id,
        type: 'tenant' as const,
        relationToHead: t.personId === head.personId ? 'head' : (t.relationToHead ?? 'other'),
        validFrom: f.startDate,
        validTo: f.endDate,
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await tx
      .update(persons)
      .set({ status: 'active' })
      .where(and(inArray(persons.id, tenantIds), eq(persons.status, 'moved_out')));
    // The flat is re-let: tenants of earlier contracts that lapsed without renewal have left.
    const relet = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE residencies SET status = 'ended', end_reason = 'relet', updated_at = ${now}
          WHERE room_id = ${room.id} AND type = 'tenant' AND status <> 'ended' AND id IN (
            SELECT r.id FROM residencies r LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.room_id = ${room.id} AND ${residencyStatusSql('r', 't', shanghaiDate(now))} = 'expired')
          RETURNING id`,
    );
    await settleEnded(
      tx,
      relet.map((r) => r.id),
    );
    await tx.update(rooms).set({ verifiedAt: now }).where(eq(rooms.id, room.id));
    await appendAudit(tx, caller.actor, {
      action: 'tenancy.create',
      subjectType: 'tenancy',
      subjectId: tenancy!.id,
      fields: [
        'roomId',
        'landlord',
        'startDate',
        'endDate',
        ...(f.monthlyRent !== undefined ? ['monthlyRent'] : []),
        'file',
        'tenants',
      ],
      siteId: room.siteId,
      purpose: auditPurpose('audit.tenancyCreate'),
    });
    return { id: tenancy!.id, householdId: household!.id };
  });
}

async function tenancyInScope(db: Db, caller: RegistryCaller, id: string) {
  const [row] = await db
    .select()
    .from(tenancies)
    .where(and(eq(tenancies.id, id), inArray(tenancies.siteId, caller.siteIds)));
  if (!row) throw notFound(m.msg('tenancy.notFound'));
  return row;
}

/**
 * Renewal: a new contract linked to the previous one, in the same tenant household. The old
 * contract and its residencies stay as history (ending the day before the new term starts).
 */
export async function renewTenancy(
  ctx: AppContext,
  caller: RegistryCaller,
  tenancyId: string,
  f: TenancyRenewParsed,
  file: UploadedFile | null,
): Promise<{ id: string }> {
  const now = ctx.now();
  const mime = file ? assertContractFile(file.bytes, 'body.file') : null;
  return ctx.db.transaction(async (tx) => {
    const old = await tenancyInScope(tx, caller, tenancyId);
    if (old.status === 'renewed' || old.status === 'ended') {
      throw conflict('tenancy_not_renewable', m.msg('tenancy.notRenewable'));
    }
    const start = f.startDate ?? addDays(old.endDate, 1);
    if (start <= old.startDate) throw invalidField('body.startDate', m.msg('tenancy.renewalStart'));
    checkTerm(start, f.endDate, 'body.endDate');
    const oldTenants = await tx
      .select()
      .from(residencies)
      .where(and(eq(residencies.tenancyId, old.id), eq(residencies.type, 'tenant')));
    const stillThere = oldTenants.filter((r) => r.endReason !== 'moved_out' && r.status !== 'ended');
    const tenantIds = f.tenantPersonIds ?? stillThere.map((r) => r.personId);
    if (!tenantIds.length) throw invalidField('body.tenantPersonIds', m.msg('tenancy.noTenantsLeft'));
    for (const [i, personId] of tenantIds.entries()) {
      const person = await personInScope(tx, caller, personId, `body.tenantPersonIds.${i}`);
      if (person.siteId !== old.siteId)
        throw invalidField(`body.tenantPersonIds.${i}`, m.msg('tenancy.tenantOtherSite'));
    }
    const fileId =
      file && mime
        ? await storeFile(tx, ctx.keyring, {
            siteId: old.siteId,
            purpose: 'tenancy_contract',
            fileName: file.fileName,
            mime,
            bytes: file.bytes,
            createdBy: caller.userId,
            now,
          })
        : null;
    const [renewed] = await tx
      .insert(tenancies)
      .values({
        siteId: old.siteId,
        roomId: old.roomId,
        householdId: old.householdId,
        landlordPersonId: old.landlordPersonId,
        landlordName: old.landlordName,
        landlordPhoneEnc: old.landlordPhoneEnc,
        startDate: start,
        endDate: f.endDate,
        monthlyRent: f.monthlyRent ?? old.monthlyRent,
        fileId,
        previousTenancyId: old.id,
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: tenancies.id });
    await tx.update(tenancies).set({ status: 'renewed', updatedAt: now }).where(eq(tenancies.id, old.id));
    // Old rows still running hand over the day before the new term; lapsed ones stay as they were.
    const handover = addDays(start, -1);
    await tx.execute(sql`
      UPDATE residencies SET end_reason = 'renewed', updated_at = ${now},
        valid_to = LEAST(valid_to, ${handover}::date)
      WHERE tenancy_id = ${old.id} AND status = 'active' AND end_reason IS NULL`);
    const relationOf = new Map(oldTenants.map((r) => [r.personId, r.relationToHead]));
    await tx.insert(residencies).values(
      tenantIds.map((personId) => ({
        siteId: old.siteId,
        personId,
        roomId: old.roomId,
        householdId: old.householdId,
        tenancyId: renewed!.id,
        type: 'tenant' as const,
        relationToHead: relationOf.get(personId) ?? 'other',
        validFrom: start,
        validTo: f.endDate,
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      })),
    );
    if (old.householdId) {
      await tx.update(households).set({ status: 'active' }).where(eq(households.id, old.householdId));
    }
    await tx
      .update(persons)
      .set({ status: 'active' })
      .where(and(inArray(persons.id, tenantIds), eq(persons.status, 'moved_out')));
    await tx.update(rooms).set({ verifiedAt: now }).where(eq(rooms.id, old.roomId));
    await appendAudit(tx, caller.actor, {
      action: 'tenancy.renew',
      subjectType: 'tenancy',
      subjectId: renewed!.id,
      fields: ['previousTenancyId', 'startDate', 'endDate', 'tenants', ...(fileId ? ['file'] : [])],
      siteId: old.siteId,
      purpose: auditPurpose('audit.tenancyRenew'),
    });
    return { id: renewed!.id };
  });
}

export async function moveIn(ctx: AppContext, caller: RegistryCaller, f: MoveInParsed) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const room = await roomInScope(tx, caller, f.roomId, 'body.roomId');
    const person = await personInScope(tx, caller, f.personId, 'body.personId');
    if (person.siteId !== room.siteId) throw invalidField('body.personId', m.msg('moveIn.otherSite'));
    const placed = await placePerson(tx, {
      siteId: room.siteId,
      personId: person.id,
      room,
      type: f.type,
      relationToHead: f.relationToHead,
      validFrom: f.date,
      createdBy: caller.userId,
      now,
      fieldPrefix: 'body.',
    });
    await appendAudit(tx, caller.actor, {
      action: 'residency.move_in',
      subjectType: 'person',
      subjectId: person.id,
      fields: ['roomId', 'type', 'relationToHead', 'validFrom'],
      siteId: room.siteId,
    });
    return placed;
  });
}

/**
 * Move-out: the date is the last day lived there. A past or present date ends the residency
 * now; a future one is kept until then (the expiry job and read-time checks end it).
 */
export async function moveOut(
  ctx: AppContext,
  caller: RegistryCaller,
  residencyId: string,
  f: MoveOutParsed,
) {
  const now = ctx.now();
  const today = shanghaiDate(now);
  return ctx.db.transaction(async (tx) => {
    const [res] = await tx
      .select()
      .from(residencies)
      .where(and(eq(residencies.id, residencyId), inArray(residencies.siteId, caller.siteIds)));
    if (!res) throw notFound(m.msg('residency.notFound'));
    if (res.status === 'ended') throw conflict('already_ended', m.msg('residency.ended'));
    if (f.date < res.validFrom) throw invalidField('body.date', m.msg('moveOut.beforeMoveIn'));
    const validTo = res.validTo && res.validTo < f.date ? res.validTo : f.date;
    const endsNow = validTo < today || f.date <= today;
    await tx
      .update(residencies)
      .set({
        validTo,
        endReason: 'moved_out',
        status: endsNow ? 'ended' : res.status,
        updatedAt: now,
      })
      .where(eq(residencies.id, res.id));
    if (endsNow) await settleEnded(tx, [res.id]);
    await appendAudit(tx, caller.actor, {
      action: 'residency.move_out',
      subjectType: 'person',
      subjectId: res.personId,
      fields: ['validTo', 'status'],
      siteId: res.siteId,
      purpose: f.note,
    });
    return { status: endsNow ? ('ended' as const) : ('active' as const), validTo };
  });
}

/**
 * After residencies end: a household with nobody left is dissolved (its head handed to the
 * eldest remaining member otherwise), a person living nowhere is marked moved out, and a
 * contract all of whose tenants left is ended.
 */
export async function settleEnded(db: Db, residencyIds: string[]): Promise<void> {
  if (!residencyIds.length) return;
  const ids = anyUuid(residencyIds);
  await db.execute(sql`
    UPDATE households h SET head_person_id = (
      SELECT r.person_id FROM residencies r JOIN persons p ON p.id = r.person_id
      WHERE r.household_id = h.id AND r.status = 'active' AND r.end_reason IS NULL
      ORDER BY p.birth_date ASC LIMIT 1)
    WHERE h.id IN (SELECT household_id FROM residencies WHERE id = ${ids})
      AND h.head_person_id IN (SELECT person_id FROM residencies WHERE id = ${ids})`);
  await db.execute(sql`
    UPDATE households h SET status = 'dissolved'
    WHERE h.status = 'active' AND h.id IN (SELECT household_id FROM residencies WHERE id = ${ids})
      AND NOT EXISTS (SELECT 1 FROM residencies r WHERE r.household_id = h.id AND r.status IN ('active', 'expired'))`);
  await db.execute(sql`
    UPDATE persons p SET status = 'moved_out'
    WHERE p.status = 'active' AND p.id IN (SELECT person_id FROM residencies WHERE id = ${ids})
      AND NOT EXISTS (SELECT 1 FROM residencies r WHERE r.person_id = p.id AND r.status IN ('active', 'expired'))`);
  await db.execute(sql`
    UPDATE tenancies t SET status = 'ended'
    WHERE t.status = 'active' AND t.id IN (SELECT tenancy_id FROM residencies WHERE id = ${ids})
      AND NOT EXISTS (
        SELECT 1 FROM residencies r WHERE r.tenancy_id = t.id AND r.status = 'active'
          AND r.end_reason IS DISTINCT FROM 'moved_out')`);
}

export interface TenancyQueryRow {
  id: string;
  room_id: string;
  room_label: string;
  household_id: string | null;
  landlord_name: string;
  landlord_person_id: string | null;
  start_date: string;
  end_date: string;
  monthly_rent: number | null;
  file_id: string | null;
  previous_tenancy_id: string | null;
  status: Tenancy['status'];
  tenants: { personId: string; name: string }[] | null;
  total: number;
}

export type TenancyFilter = 'all' | 'active' | 'expiring' | 'expired';

export async function listTenancies(
  db: Db,
  siteIds: string[],
  q: { filter: TenancyFilter; roomId?: string | undefined; page: number; pageSize: number },
  today: string,
  lang: Lang,
): Promise<{ items: Tenancy[]; total: number }> {
  const status = tenancyStatusSql('t', today);
  const where = [sql`t.site_id = ${anyUuid(siteIds)}`];
  if (q.roomId) where.push(sql`t.room_id = ${q.roomId}`);
  if (q.filter === 'active') where.push(sql`${status} IN ('active', 'pending')`);
  if (q.filter === 'expired') where.push(sql`${status} = 'expired'`);
  if (q.filter === 'expiring') {
    where.push(
      sql`t.status = 'active' AND t.end_date BETWEEN ${today}::date AND ${addDays(today, 30)}::date`,
    );
  }
  const rows = await queryRows<TenancyQueryRow>(
    db,
    sql`SELECT t.id, t.room_id, rm.label AS room_label, t.household_id, t.landlord_name, t.landlord_person_id,
          t.start_date::text AS start_date, t.end_date::text AS end_date, t.monthly_rent::float8 AS monthly_rent,
          t.file_id, t.previous_tenancy_id, ${status} AS status,
          (SELECT jsonb_agg(jsonb_build_object('personId', p.id, 'name', p.name) ORDER BY r.created_at, p.name)
             FROM residencies r JOIN persons p ON p.id = r.person_id WHERE r.tenancy_id = t.id) AS tenants,
          count(*) OVER ()::int AS total
        FROM tenancies t JOIN rooms rm ON rm.id = t.room_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY t.end_date ASC, rm.label ASC
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: rows.map((r) => toTenancy(r, today, lang)), total: rows[0]?.total ?? 0 };
}

/** What a tenancy list or detail shows about people: audited as such. */
const TENANCY_READ_FIELDS = ['landlordName', 'term', 'monthlyRent', 'tenants'];

/** A page of tenancies (names of tenants and landlords, rents): audited when it shows any. */
export async function listTenanciesAudited(
  ctx: AppContext,
  caller: RegistryCaller,
  siteIds: string[],
  q: Parameters<typeof listTenancies>[2],
  today: string,
): Promise<{ items: Tenancy[]; total: number }> {
  const page = await listTenancies(ctx.db, siteIds, q, today, caller.lang);
  if (page.items.length) {
    await appendAudit(ctx.db, caller.actor, {
      action: 'tenancy.list',
      subjectType: q.roomId ? 'room' : 'tenancy',
      subjectId: q.roomId,
      fields: TENANCY_READ_FIELDS,
      siteId: siteIds.length === 1 ? siteIds[0] : null,
      purpose: auditPurpose('audit.tenancyList', { filter: q.filter, count: page.items.length }),
    });
  }
  return page;
}

/** A tenancy with the chain of contracts it renewed (newest first); the read is audited. */
export async function tenancyWithHistory(ctx: AppContext, caller: RegistryCaller, id: string, today: string) {
  const { db } = ctx;
  const siteIds = caller.siteIds;
  const rows = await queryRows<TenancyQueryRow & { depth: number; site_id: string }>(
    db,
    sql`WITH RECURSIVE chain AS (
          SELECT t.*, 0 AS depth FROM tenancies t WHERE t.id = ${id} AND t.site_id = ${anyUuid(siteIds)}
          UNION ALL
          SELECT p.*, c.depth + 1 FROM tenancies p JOIN chain c ON p.id = c.previous_tenancy_id WHERE c.depth < 100)
        SELECT t.id, t.room_id, rm.label AS room_label, t.household_id, t.landlord_name, t.landlord_person_id,
          t.start_date::text AS start_date, t.end_date::text AS end_date, t.monthly_rent::float8 AS monthly_rent,
          t.file_id, t.previous_tenancy_id, ${tenancyStatusSql('t', today)} AS status, t.depth, t.site_id,
          (SELECT jsonb_agg(jsonb_build_object('personId', p.id, 'name', p.name) ORDER BY r.created_at, p.name)
             FROM residencies r JOIN persons p ON p.id = r.person_id WHERE r.tenancy_id = t.id) AS tenants,
          0 AS total
        FROM chain t JOIN rooms rm ON rm.id = t.room_id
        ORDER BY t.depth`,
  );
  if (!rows.length) throw notFound(m.msg('tenancy.notFound'));
  const [current, ...history] = rows.map((r) => toTenancy(r, today, caller.lang));
  await appendAudit(db, caller.actor, {
    action: 'tenancy.read',
    subjectType: 'tenancy',
    subjectId: current!.id,
    fields: [...TENANCY_READ_FIELDS, 'history'],
    siteId: rows[0]!.site_id,
  });
  return { ...current!, history };
}

export function toTenancy(r: TenancyQueryRow, today: string, lang: Lang): Tenancy {
  return {
    id: r.id,
    roomId: r.room_id,
    roomLabel: r.room_label,
    householdId: r.household_id,
    landlordName: r.landlord_name,
    landlordPersonId: r.landlord_person_id,
    startDate: r.start_date,
    endDate: r.end_date,
    monthlyRent: r.monthly_rent === null ? null : Number(r.monthly_rent),
    fileId: r.file_id,
    previousTenancyId: r.previous_tenancy_id,
    status: r.status,
    statusLabel: tenancyStatusLabel(r.status, lang),
    daysLeft: daysBetween(today, r.end_date),
    tenants: r.tenants ?? [],
  };
}

export async function latestTenancyOfRoom(
  db: Db,
  roomId: string,
  today: string,
  lang: Lang,
): Promise<Tenancy | null> {
  const rows = await queryRows<TenancyQueryRow>(
    db,
    sql`SELECT t.id, t.room_id, rm.label AS room_label, t.household_id, t.landlord_name, t.landlord_person_id,
          t.start_date::text AS start_date, t.end_date::text AS end_date, t.monthly_rent::float8 AS monthly_rent,
          t.file_id, t.previous_tenancy_id, ${tenancyStatusSql('t', today)} AS status,
          (SELECT jsonb_agg(jsonb_build_object('personId', p.id, 'name', p.name) ORDER BY r.created_at, p.name)
             FROM residencies r JOIN persons p ON p.id = r.person_id WHERE r.tenancy_id = t.id) AS tenants,
          0 AS total
        FROM tenancies t JOIN rooms rm ON rm.id = t.room_id
        WHERE t.room_id = ${roomId} AND t.status IN ('active', 'expired')
        ORDER BY t.start_date DESC LIMIT 1`,
  );
  return rows[0] ? toTenancy(rows[0], today, lang) : null;
}
