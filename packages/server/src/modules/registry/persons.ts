import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import {
  idNumberFacts,
  idNumberMessage,
  idNumberProblem,
  type Lang,
  maskIdNumber,
  type PersonDetail,
  type personInputSchema,
  type personPatchSchema,
  type ResidencyRow,
} from '@anju/contracts';
import type { z } from 'zod';
import { queryRows, type Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError, invalidField } from '../../platform/errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { type RegistryCaller, seesFullIdNumber, seesPoliceNotes, siteFor } from './caller.ts';
import { households, persons, residencies, rooms, shops, visits } from './schema.ts';
import { anyUuid, idNumberHash, openSealed, residencyStatusSql, sealIdNumber, sealPhone } from './sql.ts';
import { auditPurpose, registryMessages as m } from './messages.ts';
import { residencyStatusLabel } from './validity.ts';
import { isFloating, siteSettingsOf } from './settings.ts';
import { ageForViewer, birthYearOf, hukouRegionName } from './disclosure.ts';

export type PersonInputParsed = z.output<typeof personInputSchema>;
export type PersonPatchParsed = z.output<typeof personPatchSchema>;
type PersonRow = typeof persons.$inferSelect;
type RoomRow = typeof rooms.$inferSelect;

/** Pinyin initials for search: 张三 → zs, 欧阳娜娜 → oynn (surnames read as surnames). */
export function nameInitials(name: string): string {
  const letters = pinyin(name, { pattern: 'first', toneType: 'none', surname: 'head', type: 'array' });
  return letters
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** GB 11643 again, against the app clock (the schema used the wall clock). */
export function checkIdNumber(idNumber: string, now: Date, field: string): void {
  const problem = idNumberProblem(idNumber, now);
  if (problem) throw invalidField(field, idNumberMessage(problem));
}

const roomNotFound = (field: string) =>
  new HttpError(404, 'not_found', m.msg('room.notFound'), [{ field, message: m.msg('room.notInScope') }]);

/** A room the caller may act on, or 404 naming the field that pointed at it. */
export async function roomInScope(db: Db, caller: RegistryCaller, roomId: string, field: string) {
  const [room] = await db
    .select()
    .from(rooms)
    .where(and(eq(rooms.id, roomId), inArray(rooms.siteId, caller.siteIds)));
  if (!room) throw roomNotFound(field);
  return room;
}

export async function personInScope(db: Db, caller: RegistryCaller, personId: string, field?: string) {
  const [person] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, personId), inArray(persons.siteId, caller.siteIds)));
  if (!person) {
    throw new HttpError(
      404,
      'not_found',
      m.msg('person.notFound'),
      field ? [{ field, message: m.msg('person.notInScope') }] : undefined,
    );
  }
  return person;
}

/** 409 duplicate_person naming the existing record, so the form can open it instead. */
async function assertNoDuplicate(
  db: Db,
  ctx: AppContext,
  siteId: string,
  idNumber: string,
  exceptPersonId: string | null,
): Promise<void> {
  const hash = idNumberHash(ctx.keyring, idNumber);
  const where = [eq(persons.siteId, siteId), eq(persons.idNumberHash, hash)];
  if (exceptPersonId) where.push(ne(persons.id, exceptPersonId));
  const [existing] = await db
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(and(...where));
  if (existing) throw duplicatePerson(existing.id, existing.name);
}

export function duplicatePerson(existingPersonId: string, name: string): HttpError {
  const message = m.msg('person.duplicateId', { name });
  const detail = { field: 'body.idNumber', message, existingPersonId };
  return new HttpError(409, 'duplicate_person', message, [detail]);
}

/** Field names a create/update supplied (never values), for the visit record and the audit log. */
function suppliedFields(input: Record<string, unknown>): string[] {
  return Object.keys(input).filter(
    (k) => input[k] !== undefined && !['visitNote', 'placement', 'siteId'].includes(k),
  );
}

export async function createPerson(
  ctx: AppContext,
  caller: RegistryCaller,
  input: PersonInputParsed,
): Promise<{ id: string; residencyId: string | null; householdId: string | null }> {
  const now = ctx.now();
  checkIdNumber(input.idNumber, now, 'body.idNumber');
  const facts = idNumberFacts(input.idNumber);
  if (input.gender && input.gender !== facts.gender) {
    throw invalidField('body.gender', m.msg('person.genderMismatch'));
  }
  if (input.policeNote !== undefined && !seesPoliceNotes(caller)) {
    throw new HttpError(403, 'forbidden', m.msg('person.policeNoteForbidden'), [
      { field: 'body.policeNote', message: m.msg('person.policeNoteForbidden') },
    ]);
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const room = input.placement
        ? await roomInScope(tx, caller, input.placement.roomId, 'body.placement.roomId')
        : null;
      if (room && input.siteId && room.siteId !== input.siteId) {
        throw invalidField('body.placement.roomId', m.msg('room.wrongSite'));
      }
      const siteId = room?.siteId ?? siteFor(caller, input.siteId);
      await assertNoDuplicate(tx, ctx, siteId, input.idNumber, null);
      const id = sealIdNumber(ctx.keyring, input.idNumber);
      const phone = sealPhone(ctx.keyring, input.phone);
      const [person] = await tx
        .insert(persons)
        .values({
          siteId,
          name: input.name,
          nameInitials: nameInitials(input.name),
          gender: facts.gender,
          birthDate: facts.birthDate,
          ethnicity: input.ethnicity ?? '汉族', // i18n-data: the default ethnic group (a stored value)
          idNumberEnc: id.enc,
          idNumberHash: id.hash,
          phoneEnc: phone.enc,
          phoneHash: phone.hash,
          hukouAddress: input.hukouAddress || null,
          hukouRegionCode: input.hukouRegionCode ?? input.idNumber.slice(0, 6),
          workplace: input.workplace || null,
          emergencyContactName: input.emergencyContactName || null,
          emergencyContactPhoneEnc: sealPhone(ctx.keyring, input.emergencyContactPhone).enc,
          vehiclePlates: [...new Set(input.vehiclePlates ?? [])],
          careFlags: [...new Set(input.careFlags ?? [])],
          policeNote: input.policeNote || null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: persons.id });
      const personId = person!.id;
      let placed: { residencyId: string; householdId: string | null } | null = null;
      if (input.placement && room) {
        placed = await placePerson(tx, {
          siteId,
          personId,
          room,
          type: input.placement.type,
          relationToHead: input.placement.relationToHead,
          validFrom: input.placement.validFrom ?? shanghaiDate(now),
          createdBy: caller.userId,
          now,
          fieldPrefix: 'body.placement.',
        });
      }
      const fields = suppliedFields(input);
      await tx.insert(visits).values({
        siteId,
        personId,
        collectorUserId: caller.userId,
        collectorName: caller.displayName,
        at: now,
        kind: 'create',
        changedFields: fields,
        note: input.visitNote || null,
      });
      await appendAudit(tx, caller.actor, {
        action: 'person.create',
        subjectType: 'person',
        subjectId: personId,
        fields: placed ? [...fields, 'residency'] : fields,
        siteId,
        purpose: auditPurpose('audit.personCreate'),
      });
      return {
        id: personId,
        residencyId: placed?.residencyId ?? null,
        householdId: placed?.householdId ?? null,
      };
    });
  } catch (error) {
    // Two collectors saving the same person at once: the unique index decides.
    if (isUniqueViolation(error)) {
      const [existing] = await ctx.db
        .select({ id: persons.id, name: persons.name })
        .from(persons)
        .where(eq(persons.idNumberHash, idNumberHash(ctx.keyring, input.idNumber)));
      if (existing) throw duplicatePerson(existing.id, existing.name);
    }
    throw error;
  }
}

export interface Placement {
  siteId: string;
  personId: string;
  room: RoomRow;
  type: 'owner' | 'family' | 'shop_operator' | 'employee';
  relationToHead?: string | undefined;
  validFrom: string;
  createdBy: string | null;
  now: Date;
  fieldPrefix: string;
}

/**
 * Puts a person in a flat (joining its owner household, or founding one) or in a shop.
 * Tenants are placed only through a tenancy (tenancies.ts).
 */
export async function placePerson(
  db: Db,
  p: Placement,
): Promise<{ residencyId: string; householdId: string | null }> {
  const isShopRole = p.type === 'shop_operator' || p.type === 'employee';
  if (isShopRole !== (p.room.kind === 'shop')) {
    throw invalidField(
      `${p.fieldPrefix}type`,
      m.msg(isShopRole ? 'placement.shopOnly' : 'placement.homeOnly'),
    );
  }
  const [already] = await db
    .select({ id: residencies.id })
    .from(residencies)
    .where(
      and(
        eq(residencies.personId, p.personId),
        eq(residencies.roomId, p.room.id),
        eq(residencies.status, 'active'),
        sql`(${residencies.validTo} IS NULL OR ${residencies.validTo} >= ${p.validFrom}::date)`,
      ),
    );
  if (already) {
    throw new HttpError(409, 'already_resident', m.msg('placement.already'), [
      { field: `${p.fieldPrefix}roomId`, message: m.msg('placement.already') },
    ]);
  }

  let householdId: string | null = null;
  let shopId: string | null = null;
  let relation: string | null = p.relationToHead ?? null;
  if (isShopRole) {
    const [shop] = await db.select().from(shops).where(eq(shops.roomId, p.room.id)).limit(1);
    if (!shop) throw invalidField(`${p.fieldPrefix}roomId`, m.msg('placement.noBusiness'));
    shopId = shop.id;
    relation = null;
    if (p.type === 'shop_operator' && !shop.operatorPersonId) {
      await db.update(shops).set({ operatorPersonId: p.personId }).where(eq(shops.id, shop.id));
    }
  } else {
    const [household] = await db
      .select()
      .from(households)
      .where(
        and(eq(households.roomId, p.room.id), eq(households.kind, 'owner'), eq(households.status, 'active')),
      )
      .limit(1);
    if (household) {
      householdId = household.id;
      relation ??= 'other';
      if (relation === 'head') {
        const head = household.headPersonId
          ? await activeMember(db, household.id, household.headPersonId)
          : false;
        if (head) throw invalidField(`${p.fieldPrefix}relationToHead`, m.msg('placement.headTaken'));
        await db.update(households).set({ headPersonId: p.personId }).where(eq(households.id, household.id));
      }
    } else {
      relation ??= 'head';
      const [created] = await db
        .insert(households)
        .values({
          siteId: p.siteId,
          roomId: p.room.id,
          kind: 'owner',
          headPersonId: relation === 'head' ? p.personId : null,
          createdAt: p.now,
        })
        .returning({ id: households.id });
      householdId = created!.id;
    }
  }
  const [residency] = await db
    .insert(residencies)
    .values({
      siteId: p.siteId,
      personId: p.personId,
      roomId: p.room.id,
      householdId,
      shopId,
      type: p.type,
      relationToHead: relation,
      validFrom: p.validFrom,
      createdBy: p.createdBy,
      createdAt: p.now,
      updatedAt: p.now,
    })
    .returning({ id: residencies.id });
  await db.update(rooms).set({ verifiedAt: p.now }).where(eq(rooms.id, p.room.id));
  await db
    .update(persons)
    .set({ status: 'active' })
    .where(and(eq(persons.id, p.personId), eq(persons.status, 'moved_out')));
  return { residencyId: residency!.id, householdId };
}

async function activeMember(db: Db, householdId: string, personId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: residencies.id })
    .from(residencies)
    .where(
      and(
        eq(residencies.householdId, householdId),
        eq(residencies.personId, personId),
        eq(residencies.status, 'active'),
      ),
    )
    .limit(1);
  return !!row;
}

/** Decrypted, comparable view of the editable fields. */
function editableView(ctx: AppContext, p: PersonRow): Record<string, unknown> {
  return {
    name: p.name,
    idNumber: openSealed(ctx.keyring, 'id-number', p.idNumberEnc),
    gender: p.gender,
    ethnicity: p.ethnicity,
    phone: openSealed(ctx.keyring, 'phone', p.phoneEnc),
    hukouAddress: p.hukouAddress,
    hukouRegionCode: p.hukouRegionCode,
    workplace: p.workplace,
    emergencyContactName: p.emergencyContactName,
    emergencyContactPhone: openSealed(ctx.keyring, 'phone', p.emergencyContactPhoneEnc),
    vehiclePlates: p.vehiclePlates,
    careFlags: p.careFlags,
    policeNote: p.policeNote,
  };
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Updates a person from a (door-to-door) visit; the visit records which fields changed. */
export async function updatePerson(
  ctx: AppContext,
  caller: RegistryCaller,
  personId: string,
  patch: PersonPatchParsed,
): Promise<{ changedFields: string[] }> {
  const now = ctx.now();
  if (patch.policeNote !== undefined && !seesPoliceNotes(caller)) {
    throw new HttpError(403, 'forbidden', m.msg('person.policeNoteForbidden'), [
      { field: 'body.policeNote', message: m.msg('person.policeNoteForbidden') },
    ]);
  }
  if (patch.idNumber) checkIdNumber(patch.idNumber, now, 'body.idNumber');
  try {
    return await ctx.db.transaction(async (tx) => {
      const person = await personInScope(tx, caller, personId);
      const before = editableView(ctx, person);
      const changed: string[] = [];
      const set: Partial<typeof persons.$inferInsert> = {};
      const { visitNote, ...fields } = patch;
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined || key === 'gender') continue;
        const next = Array.isArray(value) ? [...new Set(value)] : value === '' ? null : value;
        if (sameValue(before[key], next)) continue;
        changed.push(key);
        switch (key) {
          case 'idNumber': {
            const id = String(next);
            await assertNoDuplicate(tx, ctx, person.siteId, id, person.id);
            const sealed = sealIdNumber(ctx.keyring, id);
            const facts = idNumberFacts(id);
            Object.assign(set, {
              idNumberEnc: sealed.enc,
              idNumberHash: sealed.hash,
              birthDate: facts.birthDate,
              gender: facts.gender,
            });
            break;
          }
          case 'phone': {
            const sealed = sealPhone(ctx.keyring, next as string | null);
            Object.assign(set, { phoneEnc: sealed.enc, phoneHash: sealed.hash });
            break;
          }
          case 'emergencyContactPhone':
            set.emergencyContactPhoneEnc = sealPhone(ctx.keyring, next as string | null).enc;
            break;
          case 'name':
            Object.assign(set, { name: next, nameInitials: nameInitials(String(next)) });
            break;
          default:
            Object.assign(set, { [key]: next });
        }
      }
      const gender = patch.gender;
      const effectiveGender = set.gender ?? person.gender;
      if (gender && gender !== effectiveGender) {
        throw invalidField('body.gender', m.msg('person.genderMismatch'));
      }
      if (set.gender && set.gender !== person.gender && !changed.includes('gender')) changed.push('gender');
      if (changed.length) {
        await tx
          .update(persons)
          .set({ ...set, updatedAt: now })
          .where(eq(persons.id, person.id));
      }
      await tx.insert(visits).values({
        siteId: person.siteId,
        personId: person.id,
        collectorUserId: caller.userId,
        collectorName: caller.displayName,
        at: now,
        kind: changed.length ? 'update' : 'visit',
        changedFields: changed,
        note: visitNote || null,
      });
      await appendAudit(tx, caller.actor, {
        action: changed.length ? 'person.update' : 'person.visit',
        subjectType: 'person',
        subjectId: person.id,
        fields: changed,
        siteId: person.siteId,
        purpose: auditPurpose('audit.personUpdate'),
      });
      return { changedFields: changed };
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.idNumber) {
      const [existing] = await ctx.db
        .select({ id: persons.id, name: persons.name })
        .from(persons)
        .where(eq(persons.idNumberHash, idNumberHash(ctx.keyring, patch.idNumber)));
      if (existing) throw duplicatePerson(existing.id, existing.name);
    }
    throw error;
  }
}

interface ResidencyQueryRow {
  id: string;
  person_id: string;
  person_name: string;
  room_id: string;
  room_label: string;
  household_id: string | null;
  shop_id: string | null;
  type: ResidencyRow['type'];
  relation_to_head: string | null;
  valid_from: string;
  valid_to: string | null;
  status: ResidencyRow['status'];
  end_reason: string | null;
  tenancy_id: string | null;
  tenancy_end_date: string | null;
}

/** Residency history (newest first) of a person or a room, with the status as of `today`. */
export async function residencyHistory(
  db: Db,
  siteIds: string[],
  by: { personId: string } | { roomId: string },
  today: string,
  lang: Lang,
): Promise<ResidencyRow[]> {
  const filter = 'personId' in by ? sql`r.person_id = ${by.personId}` : sql`r.room_id = ${by.roomId}`;
  const rows = await queryRows<ResidencyQueryRow>(
    db,
    sql`SELECT r.id, r.person_id, p.name AS person_name, r.room_id, rm.label AS room_label,
          r.household_id, r.shop_id, r.type, r.relation_to_head, r.valid_from::text AS valid_from,
          r.valid_to::text AS valid_to, r.end_reason, r.tenancy_id, t.end_date::text AS tenancy_end_date,
          ${residencyStatusSql('r', 't', today)} AS status
        FROM residencies r
        JOIN persons p ON p.id = r.person_id
        JOIN rooms rm ON rm.id = r.room_id
        LEFT JOIN tenancies t ON t.id = r.tenancy_id
        WHERE ${filter} AND r.site_id = ${anyUuid(siteIds)}
        ORDER BY r.valid_from DESC, r.created_at DESC`,
  );
  return rows.map((r) => toResidencyRow(r, lang));
}

export function toResidencyRow(r: ResidencyQueryRow, lang: Lang): ResidencyRow {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    roomId: r.room_id,
    roomLabel: r.room_label,
    householdId: r.household_id,
    shopId: r.shop_id,
    type: r.type,
    relationToHead: r.relation_to_head,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    statusLabel: residencyStatusLabel(r.status, lang),
    endReason: r.end_reason,
    tenancyId: r.tenancy_id,
    tenancyEndDate: r.tenancy_end_date,
  };
}

/**
 * A person's full record for the detail page. Police and auxiliary police see the ID number in
 * full and the police note; property staff see the ID number masked and no police-only fields.
 * Every read is written to the audit log with the fields returned.
 */
export async function personDetail(
  ctx: AppContext,
  caller: RegistryCaller,
  personId: string,
  purpose: string | undefined,
): Promise<PersonDetail> {
  const today = shanghaiDate(ctx.now());
  const p = await personInScope(ctx.db, caller, personId);
  const full = seesFullIdNumber(caller);
  const idNumber = openSealed(ctx.keyring, 'id-number', p.idNumberEnc)!;
  const [history, visitRows, city] = await Promise.all([
    residencyHistory(ctx.db, caller.siteIds, { personId: p.id }, today, caller.lang),
    ctx.db.select().from(visits).where(eq(visits.personId, p.id)).orderBy(desc(visits.at)).limit(50),
    siteSettingsOf(ctx.db, p.siteId),
  ]);
  const detail: PersonDetail = {
    id: p.id,
    siteId: p.siteId,
    name: p.name,
    gender: p.gender,
    // Birth date, hukou address and region code only beside a full ID number (disclosure.ts).
    ...(full ? { birthDate: p.birthDate } : {}),
    birthYear: birthYearOf(p.birthDate),
    age: ageForViewer(full, p.birthDate, today),
    ethnicity: p.ethnicity,
    idNumber: full ? idNumber : maskIdNumber(idNumber),
    idNumberMasked: !full,
    phone: openSealed(ctx.keyring, 'phone', p.phoneEnc),
    ...(full ? { hukouAddress: p.hukouAddress, hukouRegionCode: p.hukouRegionCode } : {}),
    hukouRegion: hukouRegionName(p.hukouRegionCode, city),
    isFloating: isFloating(p.hukouRegionCode, city.cityRegionPrefix),
    workplace: p.workplace,
    emergencyContactName: p.emergencyContactName,
    emergencyContactPhone: openSealed(ctx.keyring, 'phone', p.emergencyContactPhoneEnc),
    vehiclePlates: p.vehiclePlates,
    careFlags: p.careFlags,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    residencies: history,
    visits: visitRows.map((v) => ({
      id: v.id,
      at: v.at.toISOString(),
      kind: v.kind,
      collectorName: v.collectorName,
      changedFields: v.changedFields,
      note: v.note,
    })),
  };
  if (seesPoliceNotes(caller)) detail.policeNote = p.policeNote;
  const fields = Object.keys(detail)
    .filter((k) => !['id', 'siteId', 'idNumberMasked', 'createdAt', 'updatedAt'].includes(k))
    .map((k) => (k === 'idNumber' && !full ? 'idNumber:masked' : k));
  await appendAudit(ctx.db, caller.actor, {
    action: 'person.read',
    subjectType: 'person',
    subjectId: p.id,
    fields,
    siteId: p.siteId,
    purpose,
  });
  return detail;
}

/** Rows of persons by id, for lists (names, masked ID numbers). */
export async function personBriefs(db: Db, ids: string[]) {
  if (!ids.length) return new Map<string, { name: string }>();
  const rows = await db
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(inArray(persons.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name }]));
}
