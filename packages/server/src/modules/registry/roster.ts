import crypto from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import {
  careFlagText,
  relationText,
  residencyStatusText,
  residencyTypeText,
  CARE_FLAGS,
  type CareFlag,
  idNumberMessageKey,
  idNumberFacts,
  idNumberProblem,
  IMPORT_MAX_ROWS,
  type Lang,
  LANGS,
  maskIdNumber,
  type Message,
  personInputSchema,
  RELATIONS,
  type Relation,
  RESIDENCY_TYPES,
  type ResidencyStatus,
  type ResidencyType,
  ROSTER_COLUMNS,
  type RosterColumnKey,
} from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { bulkInsert } from './bulk.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import {
  type ImportLogger,
  importJob,
  type RowError,
  startImport,
} from '../../platform/spreadsheet/import-job.ts';
import { badFile, type Cell, checkDataRows, readSheet } from '../../platform/spreadsheet/read.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { type RegistryCaller, seesFullIdNumber } from './caller.ts';
import { hukouRegionName } from './disclosure.ts';
import { nameInitials } from './persons.ts';
import { rosterMessages as m } from './roster.messages.ts';
import { siteSettingsOf } from './settings.ts';
import {
  households,
  persons,
  type residencies,
  rooms,
  shops,
  type tenancies,
  type visits,
} from './schema.ts';
import { anyUuid, openSealed, residencyStatusSql, sealIdNumber, sealPhone } from './sql.ts';

// ---------------------------------------------------------------------------------------------
// Reading a roster (the file itself: platform/spreadsheet/read.ts)

/** A column's title in one language (the header an export writes). */
const titleOf = (lang: Lang, key: RosterColumnKey | 'status' | 'hukouRegion') =>
  m.text(lang, `column.${key}` as const);

/**
 * What a cell (or a header) means, by its text in any language or by its English key; English
 * words in any case. Chinese titles stay accepted whatever language the console shows: they are
 * what the files people have carry.
 */
function lookupTable<T extends string>(
  values: readonly T[],
  words: (lang: Lang, value: T) => string,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const value of values) {
    map.set(value.toLowerCase(), value);
    for (const lang of LANGS) map.set(words(lang, value).toLowerCase(), value);
  }
  return map;
}
const lookup = <T extends string>(map: Map<string, T>, text: string): T | undefined =>
  map.get(text) ?? map.get(text.toLowerCase());

const COLUMN_BY_HEADER = lookupTable(
  ROSTER_COLUMNS.map((c) => c.key),
  titleOf,
);
const REQUIRED_COLUMNS: RosterColumnKey[] = ['name', 'idNumber', 'room', 'type'];

/** The missing columns named in each language (a list of titles is no single parameter). */
function missingColumns(missing: RosterColumnKey[]): Message {
  const list = (lang: Lang) => missing.map((k) => titleOf(lang, k)).join(lang === 'en' ? ', ' : '、');
  return {
    key: `${m.prefix}.file.missingColumns`,
    params: { columns: missing.join(',') },
    texts: {
      zh: m.text('zh-CN', 'file.missingColumns', { columns: list('zh-CN') }),
      en: m.text('en', 'file.missingColumns', { columns: list('en') }),
    },
  };
}

type RosterRecord = { rowNumber: number; values: Partial<Record<RosterColumnKey, Cell>> };
interface ParsedSheet {
  format: 'xlsx' | 'csv';
  records: RosterRecord[];
}

export async function readRoster(bytes: Buffer): Promise<ParsedSheet> {
  const { format, rows } = await readSheet(bytes, { maxRows: IMPORT_MAX_ROWS });
  const [header, ...data] = rows;
  const columns = header!.cells.map((c) => lookup(COLUMN_BY_HEADER, c.text));
  const missing = REQUIRED_COLUMNS.filter((k) => !columns.includes(k));
  if (missing.length) throw badFile(missingColumns(missing));
  checkDataRows(data, IMPORT_MAX_ROWS);
  return {
    format,
    records: data.map((r) => {
      const values: Partial<Record<RosterColumnKey, Cell>> = {};
      columns.forEach((key, i) => {
        if (key && r.cells[i]) values[key] = r.cells[i];
      });
      return { rowNumber: r.rowNumber, values };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

const TYPE_BY_TEXT = lookupTable(RESIDENCY_TYPES, (lang, t) => residencyTypeText(t, lang));
// i18n-data: other words people type into a Chinese sheet's cells for the same residency types.
for (const [text, t] of Object.entries({
  家属: 'family',
  租客: 'tenant',
  承租人: 'tenant',
  经营者: 'shop_operator',
  员工: 'employee',
} as Record<string, ResidencyType>)) {
  TYPE_BY_TEXT.set(text, t);
}
const RELATION_BY_TEXT = lookupTable(RELATIONS, (lang, r) => relationText(r, lang));
// i18n-data: kinship words people type into a Chinese sheet's cells.
for (const [text, r] of Object.entries({
  本人: 'head',
  妻: 'spouse',
  夫: 'spouse',
  妻子: 'spouse',
  丈夫: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  父亲: 'parent',
  母亲: 'parent',
  儿媳: 'child_in_law',
  女婿: 'child_in_law',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙: 'grandchild',
  外孙女: 'grandchild',
} as Record<string, Relation>)) {
  RELATION_BY_TEXT.set(text, r);
}
const CARE_BY_TEXT = lookupTable(CARE_FLAGS, (lang, f) => careFlagText(f, lang));
const GENDER_BY_TEXT = lookupTable(['male', 'female'] as const, (lang, g) =>
  m.text(lang, `gender.${g}` as const),
);

const splitList = (s: string) =>
  s
    .split(/[,，、;；\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/** 2024-03-05, 2024/3/5 and 2024.3.5 all become 2024-03-05; anything else is null. */
export function normalizeDate(s: string): string | null {
  const m = s.trim().match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

interface ValidRow {
  rowNumber: number;
  person: ReturnType<typeof personInputSchema.parse>;
  roomId: string;
  type: ResidencyType;
  relation: Relation | null;
  validFrom: string;
  contractEnd: string | null;
  landlordName: string | null;
}

interface ImportContext {
  siteId: string;
  today: string;
  now: Date;
  roomsByLabel: Map<string, { id: string; kind: 'home' | 'shop' }>;
  shopByRoom: Map<string, string>;
  knownIdHashes: Set<string>;
  /** rooms whose owner household already has a head */
  roomsWithHead: Set<string>;
}

function validateRecord(
  ctx: AppContext,
  ic: ImportContext,
  rec: ParsedSheet['records'][number],
  seenInFile: Map<string, number>,
  headsInFile: Set<string>,
): { row?: ValidRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const v = (k: RosterColumnKey) => rec.values[k]?.text ?? '';
  /** `message`: a message string (a catalogue key, or a schema's message as it comes). */
  const fail = (k: RosterColumnKey, message: string) =>
    errors.push({ row: rec.rowNumber, field: m.key(`column.${k}` as const), message });

  if (rec.values.idNumber?.numeric) fail('idNumber', m.key('row.idNumberNumeric'));
  const genderText = v('gender');
  const gender = genderText ? lookup(GENDER_BY_TEXT, genderText) : undefined;
  if (genderText && !gender) fail('gender', m.key('row.genderInvalid'));
  const careFlags = splitList(v('careFlags')).map((t) => lookup(CARE_BY_TEXT, t) ?? t);
  const candidate: Record<string, unknown> = {
    name: v('name'),
    idNumber: v('idNumber'),
    gender,
    ethnicity: v('ethnicity') || undefined,
    phone: v('phone') || undefined,
    hukouAddress: v('hukouAddress') || undefined,
    hukouRegionCode: v('hukouRegionCode') || undefined,
    workplace: v('workplace') || undefined,
    emergencyContactName: v('emergencyContactName') || undefined,
    emergencyContactPhone: v('emergencyContactPhone') || undefined,
    vehiclePlates: splitList(v('vehiclePlates')),
    careFlags,
  };
  const parsed = personInputSchema.safeParse(candidate);
  const FIELD_COLUMN: Record<string, RosterColumnKey> = {
    name: 'name',
    idNumber: 'idNumber',
    gender: 'gender',
    ethnicity: 'ethnicity',
    phone: 'phone',
    hukouAddress: 'hukouAddress',
    hukouRegionCode: 'hukouRegionCode',
    workplace: 'workplace',
    emergencyContactName: 'emergencyContactName',
    emergencyContactPhone: 'emergencyContactPhone',
    vehiclePlates: 'vehiclePlates',
    careFlags: 'careFlags',
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = FIELD_COLUMN[String(issue.path[0])] ?? 'name';
      if (key === 'idNumber' && rec.values.idNumber?.numeric) continue;
      fail(key, issue.message);
    }
  }
  const person = parsed.success ? parsed.data : null;
  if (person) {
    const problem = idNumberProblem(person.idNumber, ic.now);
    if (problem) fail('idNumber', idNumberMessageKey(problem));
    else if (person.gender && person.gender !== idNumberFacts(person.idNumber).gender) {
      fail('gender', m.key('row.genderMismatch'));
    }
    const hash = sealIdNumberHash(ctx, person.idNumber);
    const earlier = seenInFile.get(hash);
    if (ic.knownIdHashes.has(hash)) fail('idNumber', m.key('row.idRegistered'));
    else if (earlier !== undefined) fail('idNumber', m.key('row.idRepeated', { row: earlier }));
    else seenInFile.set(hash, rec.rowNumber);
  }

  const room = ic.roomsByLabel.get(v('room'));
  if (!v('room')) fail('room', m.key('row.roomRequired'));
  // Row errors name the row and column, never the cell's value: the job keeps them for days.
  else if (!room) fail('room', m.key('row.roomNotFound'));
  const type = lookup(TYPE_BY_TEXT, v('type'));
  if (!type) fail('type', m.key('row.typeInvalid'));
  const relationText = v('relationToHead');
  const relation = relationText ? (lookup(RELATION_BY_TEXT, relationText) ?? null) : null;
  if (relationText && !relation) fail('relationToHead', m.key('row.relationUnknown'));
  const fromText = v('validFrom');
  const validFrom = fromText ? normalizeDate(fromText) : ic.today;
  if (!validFrom) fail('validFrom', m.key('row.validFromFormat'));
  let contractEnd: string | null = null;
  const landlordName = v('landlordName') || null;
  if (room && type) {
    const isShopRole = type === 'shop_operator' || type === 'employee';
    if (isShopRole && room.kind !== 'shop') fail('type', m.key('row.shopRoleNeedsShop'));
    if (!isShopRole && room.kind === 'shop') fail('type', m.key('row.shopTakesShopRoles'));
    if (isShopRole && room.kind === 'shop' && !ic.shopByRoom.has(room.id))
      fail('room', m.key('row.shopWithoutBusiness'));
    if (type === 'tenant') {
      contractEnd = normalizeDate(v('contractEnd'));
      if (!fromText) fail('validFrom', m.key('row.tenantNeedsFrom'));
      if (!contractEnd) fail('contractEnd', m.key('row.tenantNeedsEnd'));
      else if (validFrom && contractEnd < validFrom) fail('contractEnd', m.key('row.endBeforeFrom'));
      if (!landlordName) fail('landlordName', m.key('row.tenantNeedsLandlord'));
    }
    if ((type === 'owner' || type === 'family') && relation === 'head') {
      if (ic.roomsWithHead.has(room.id) || headsInFile.has(room.id)) {
        fail('relationToHead', m.key('row.headExists'));
      } else if (!errors.length) headsInFile.add(room.id);
    }
  }
  if (errors.length || !person || !room || !type || !validFrom) return { errors };
  return {
    errors,
    row: {
      rowNumber: rec.rowNumber,
      person,
      roomId: room.id,
      type,
      relation,
      validFrom,
      contractEnd,
      landlordName,
    },
  };
}

const sealIdNumberHash = (ctx: AppContext, id: string) =>
  ctx.keyring.lookupHash('id-number', id.trim().toUpperCase());

async function loadImportContext(db: Db, siteId: string, now: Date): Promise<ImportContext> {
  const [roomRows, shopRows, hashRows, headRows] = await Promise.all([
    db
      .select({ id: rooms.id, label: rooms.label, kind: rooms.kind })
      .from(rooms)
      .where(eq(rooms.siteId, siteId)),
    db.select({ id: shops.id, roomId: shops.roomId }).from(shops).where(eq(shops.siteId, siteId)),
    db.select({ hash: persons.idNumberHash }).from(persons).where(eq(persons.siteId, siteId)),
    queryRows<{ room_id: string }>(
      db,
      sql`SELECT h.room_id FROM households h
          WHERE h.site_id = ${siteId} AND h.kind = 'owner' AND h.status = 'active' AND h.head_person_id IS NOT NULL`,
    ),
  ]);
  return {
    siteId,
    now,
    today: shanghaiDate(now),
    roomsByLabel: new Map(roomRows.map((r) => [r.label, { id: r.id, kind: r.kind }])),
    shopByRoom: new Map(shopRows.map((s) => [s.roomId, s.id])),
    knownIdHashes: new Set(hashRows.map((h) => h.hash)),
    roomsWithHead: new Set(headRows.map((h) => h.room_id)),
  };
}

/**
 * Starts the background import of a roster (platform/spreadsheet/import-job.ts runs it): the file
 * is read and refused as a whole here, before the job exists.
 */
export async function startRosterImport(
  ctx: AppContext,
  caller: RegistryCaller,
  siteId: string,
  file: { bytes: Buffer; fileName: string | null },
  skipInvalid: boolean,
  log?: ImportLogger,
): Promise<{ id: string }> {
  const sheet = await readRoster(file.bytes);
  return startImport(
    ctx,
    {
      kind: ROSTER_IMPORT,
      siteId,
      userId: caller.userId,
      fileName: file.fileName ?? `import.${sheet.format}`,
      skipInvalid,
      records: sheet.records,
      async prepare() {
        const ic = await loadImportContext(ctx.db, siteId, ctx.now());
        const seen = new Map<string, number>();
        const heads = new Set<string>();
        return {
          validate: (rec) => validateRecord(ctx, ic, rec, seen, heads),
          write: (tx, rows, jobId) => writeRows(tx, ctx, caller, ic, rows, jobId),
        };
      },
    },
    log,
  );
}

/** The job kind of a roster import (import_jobs.kind). */
export const ROSTER_IMPORT = 'registry.roster';

/** A roster import's job as `lang` reads it; another site's (or another module's) is a 404. */
export const rosterImportJob = (db: Db, siteIds: readonly string[], id: string, lang: Lang) =>
  importJob(db, ROSTER_IMPORT, siteIds, id, lang);

async function writeRows(
  db: Db,
  ctx: AppContext,
  caller: RegistryCaller,
  ic: ImportContext,
  rows: ValidRow[],
  jobId: string,
): Promise<void> {
  if (!rows.length) return;
  const { now, siteId } = ic;
  const existingOwner = await queryRows<{ id: string; room_id: string }>(
    db,
    sql`SELECT id, room_id FROM households WHERE site_id = ${siteId} AND kind = 'owner' AND status = 'active'`,
  );
  const ownerHousehold = new Map(existingOwner.map((h) => [h.room_id, h.id]));
  const personRows: (typeof persons.$inferInsert)[] = [];
  const householdRows: (typeof households.$inferInsert)[] = [];
  const tenancyRows: (typeof tenancies.$inferInsert)[] = [];
  const residencyRows: (typeof residencies.$inferInsert)[] = [];
  const visitRows: (typeof visits.$inferInsert)[] = [];
  const tenancyByKey = new Map<string, { tenancyId: string; householdId: string }>();
  const touchedRooms = new Set<string>();

  for (const r of rows) {
    const p = r.person;
    const personId = crypto.randomUUID();
    const facts = idNumberFacts(p.idNumber);
    const id = sealIdNumber(ctx.keyring, p.idNumber);
    const phone = sealPhone(ctx.keyring, p.phone);
    personRows.push({
      id: personId,
      siteId,
      name: p.name,
      nameInitials: nameInitials(p.name),
      gender: facts.gender,
      birthDate: facts.birthDate,
      // i18n-data: the name of an ethnic group, the default of a person without one.
      ethnicity: p.ethnicity ?? '汉族',
      idNumberEnc: id.enc,
      idNumberHash: id.hash,
      phoneEnc: phone.enc,
      phoneHash: phone.hash,
      hukouAddress: p.hukouAddress || null,
      hukouRegionCode: p.hukouRegionCode ?? p.idNumber.slice(0, 6),
      workplace: p.workplace || null,
      emergencyContactName: p.emergencyContactName || null,
      emergencyContactPhoneEnc: sealPhone(ctx.keyring, p.emergencyContactPhone).enc,
      vehiclePlates: [...new Set(p.vehiclePlates ?? [])],
      careFlags: [...new Set(p.careFlags ?? [])],
      createdAt: now,
      updatedAt: now,
    });
    touchedRooms.add(r.roomId);
    const base = {
      siteId,
      personId,
      roomId: r.roomId,
      createdBy: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    if (r.type === 'owner' || r.type === 'family') {
      let householdId = ownerHousehold.get(r.roomId);
      let relation = r.relation ?? 'other';
      if (!householdId) {
        householdId = crypto.randomUUID();
        relation = r.relation ?? 'head';
        ownerHousehold.set(r.roomId, householdId);
        householdRows.push({
          id: householdId,
          siteId,
          roomId: r.roomId,
          kind: 'owner',
          headPersonId: relation === 'head' ? personId : null,
          createdAt: now,
        });
      } else if (relation === 'head') {
        const pending = householdRows.find((h) => h.id === householdId);
        if (pending) pending.headPersonId = personId;
        else
          await db.update(households).set({ headPersonId: personId }).where(eq(households.id, householdId));
      }
      residencyRows.push({
        ...base,
        householdId,
        type: r.type,
        relationToHead: relation,
        validFrom: r.validFrom,
      });
    } else if (r.type === 'tenant') {
      const key = [r.roomId, r.validFrom, r.contractEnd, r.landlordName].join('|');
      let t = tenancyByKey.get(key);
      if (!t) {
        t = { tenancyId: crypto.randomUUID(), householdId: crypto.randomUUID() };
        tenancyByKey.set(key, t);
        householdRows.push({
          id: t.householdId,
          siteId,
          roomId: r.roomId,
          kind: 'tenant',
          headPersonId: personId,
          createdAt: now,
        });
        tenancyRows.push({
          id: t.tenancyId,
          siteId,
          roomId: r.roomId,
          householdId: t.householdId,
          landlordName: r.landlordName!,
          startDate: r.validFrom,
          endDate: r.contractEnd!,
          createdBy: caller.userId,
          createdAt: now,
          updatedAt: now,
        });
      }
      const isFirst = residencyRows.every((x) => x.tenancyId !== t.tenancyId);
      residencyRows.push({
        ...base,
        householdId: t.householdId,
        tenancyId: t.tenancyId,
        type: 'tenant',
        relationToHead: isFirst ? 'head' : (r.relation ?? 'other'),
        validFrom: r.validFrom,
        validTo: r.contractEnd,
      });
    } else {
      residencyRows.push({
        ...base,
        shopId: ic.shopByRoom.get(r.roomId)!,
        type: r.type,
        validFrom: r.validFrom,
      });
    }
    visitRows.push({
      siteId,
      personId,
      collectorUserId: caller.userId,
      collectorName: caller.displayName,
      at: now,
      kind: 'create',
      changedFields: ['import'],
      // Kept in Chinese: the visit history holds the notes collectors type, shown as written.
      note: m.text('zh-CN', 'record.visitNote', { jobId }),
    });
  }
  await bulkInsert(db, 'persons', personRows);
  await bulkInsert(db, 'households', householdRows);
  await bulkInsert(db, 'tenancies', tenancyRows);
  await bulkInsert(db, 'residencies', residencyRows);
  await bulkInsert(db, 'visits', visitRows);
  await db
    .update(rooms)
    .set({ verifiedAt: now })
    .where(inArray(rooms.id, [...touchedRooms]));
  await appendAudit(db, caller.actor, {
    action: 'registry.import',
    subjectType: 'import_job',
    subjectId: jobId,
    fields: ROSTER_COLUMNS.map((c) => c.key),
    siteId,
    // The audit log's entries are sealed as written and shown as written: in the office's language.
    purpose: m.text('zh-CN', 'record.importPurpose', { rows: rows.length }),
  });
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export

type ExportKey = RosterColumnKey | 'status' | 'hukouRegion';
const EXPORT_COLUMNS: readonly ExportKey[] = [...ROSTER_COLUMNS.map((c) => c.key), 'status'];
/**
 * For roles that see ID numbers masked: no hukou address or 6-digit region code (with the
 * mask's 4+4 digits they would give most of the number back, see disclosure.ts), the province /
 * city by name instead.
 */
const MASKED_EXPORT_COLUMNS: readonly ExportKey[] = EXPORT_COLUMNS.flatMap((key): ExportKey[] =>
  key === 'hukouAddress' ? ['hukouRegion'] : key === 'hukouRegionCode' ? [] : [key],
);

interface ExportRow {
  id: string;
  site_id: string;
  name: string;
  gender: 'male' | 'female';
  ethnicity: string;
  id_number_enc: string;
  phone_enc: string | null;
  hukou_address: string | null;
  hukou_region_code: string | null;
  workplace: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone_enc: string | null;
  vehicle_plates: string[];
  care_flags: string[];
  room_label: string | null;
  type: ResidencyType | null;
  relation_to_head: string | null;
  valid_from: string | null;
  contract_end: string | null;
  landlord_name: string | null;
  st: ResidencyStatus | null;
}

/** Spreadsheet cells starting like a formula are prefixed so Excel shows them as text. */
const safeCell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * The roster of the caller's sites, one row per person with their current residency, its
 * headers and words in the caller's language `lang` (an import reads either). ID numbers stay
 * masked for roles that only see them masked; the export is audited.
 */
export async function exportRoster(
  ctx: AppContext,
  caller: RegistryCaller,
  siteIds: string[],
  format: 'xlsx' | 'csv',
  purpose: string | undefined,
  lang: Lang,
): Promise<{ body: Buffer; mime: string; fileName: string; rows: number }> {
  const today = shanghaiDate(ctx.now());
  const rows = await queryRows<ExportRow>(
    ctx.db,
    sql`SELECT p.id, p.site_id, p.name, p.gender, p.ethnicity, p.id_number_enc, p.phone_enc, p.hukou_address,
          p.hukou_region_code, p.workplace, p.emergency_contact_name, p.emergency_contact_phone_enc,
          p.vehicle_plates, p.care_flags, pr.room_label, pr.type, pr.relation_to_head, pr.valid_from,
          pr.contract_end, pr.landlord_name, pr.st
        FROM persons p
        LEFT JOIN LATERAL (
          SELECT x.* FROM (
            SELECT rm.label AS room_label, r.type, r.relation_to_head, r.valid_from::text AS valid_from,
              t.end_date::text AS contract_end, t.landlord_name, ${residencyStatusSql('r', 't', today)} AS st
            FROM residencies r JOIN rooms rm ON rm.id = r.room_id LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.person_id = p.id) x
          ORDER BY CASE x.st WHEN 'active' THEN 0 WHEN 'pending' THEN 1 WHEN 'expired' THEN 2 ELSE 3 END,
            x.valid_from DESC
          LIMIT 1) pr ON true
        WHERE p.site_id = ${anyUuid(siteIds)}
        ORDER BY pr.room_label NULLS LAST, p.birth_date`,
  );
  const full = seesFullIdNumber(caller);
  const columns: readonly ExportKey[] = full ? EXPORT_COLUMNS : MASKED_EXPORT_COLUMNS;
  const titles = columns.map((key) => titleOf(lang, key));
  const list = (items: string[]) => items.join(lang === 'en' ? ', ' : '、');
  // Every person exported lives in one of siteIds: each has its city settings here.
  const cities = new Map(
    await Promise.all(siteIds.map(async (id) => [id, await siteSettingsOf(ctx.db, id)] as const)),
  );
  const table = rows.map((r) => {
    const idNumber = openSealed(ctx.keyring, 'id-number', r.id_number_enc)!;
    const values: Record<ExportKey, string> = {
      name: r.name,
      idNumber: full ? idNumber : maskIdNumber(idNumber),
      gender: m.text(lang, `gender.${r.gender}` as const),
      ethnicity: r.ethnicity,
      phone: openSealed(ctx.keyring, 'phone', r.phone_enc) ?? '',
      room: r.room_label ?? '',
      type: r.type ? residencyTypeText(r.type, lang) : '',
      relationToHead: RELATIONS.includes(r.relation_to_head as Relation)
        ? relationText(r.relation_to_head as Relation, lang)
        : '',
      validFrom: r.valid_from ?? '',
      contractEnd: r.type === 'tenant' ? (r.contract_end ?? '') : '',
      landlordName: r.type === 'tenant' ? (r.landlord_name ?? '') : '',
      hukouAddress: r.hukou_address ?? '',
      hukouRegionCode: r.hukou_region_code ?? '',
      hukouRegion: hukouRegionName(r.hukou_region_code, cities.get(r.site_id)!, lang) ?? '',
      workplace: r.workplace ?? '',
      emergencyContactName: r.emergency_contact_name ?? '',
      emergencyContactPhone: openSealed(ctx.keyring, 'phone', r.emergency_contact_phone_enc) ?? '',
      vehiclePlates: list(r.vehicle_plates),
      careFlags: list(
        r.care_flags.map((f) => (CARE_FLAGS.includes(f as CareFlag) ? careFlagText(f as CareFlag, lang) : f)),
      ),
      status: r.st ? residencyStatusText(r.st, lang) : m.text(lang, 'status.none'),
    };
    return columns.map((key) => safeCell(values[key]));
  });
  const stamp = today.replaceAll('-', '');
  let body: Buffer;
  let mime: string;
  if (format === 'csv') {
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    const lines = [titles, ...table].map((cells) => cells.map(esc).join(','));
    body = Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
    mime = 'text/csv; charset=utf-8';
  } else {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Anju';
    const ws = wb.addWorksheet(m.text(lang, 'export.sheet'));
    ws.columns = columns.map((key, i) => ({
      header: titles[i],
      key,
      width: key === 'idNumber' ? 22 : key === 'hukouAddress' ? 30 : 12,
      style: { numFmt: '@' },
    }));
    for (const cells of table) ws.addRow(cells);
    ws.getRow(1).font = { bold: true };
    body = Buffer.from(await wb.xlsx.writeBuffer());
    mime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  }
  await appendAudit(ctx.db, caller.actor, {
    action: 'registry.export',
    subjectType: 'site',
    subjectId: siteIds.join(','),
    fields: columns.map((key) => (key === 'idNumber' && !full ? 'idNumber:masked' : key)),
    siteId: siteIds.length === 1 ? siteIds[0] : null,
    // The audit log's entries are sealed as written and shown as written: in the office's language.
    purpose: purpose
      ? m.text('zh-CN', 'record.exportPurposeWithReason', { purpose, rows: rows.length, format })
      : m.text('zh-CN', 'record.exportPurpose', { rows: rows.length, format }),
  });
  const fileName = `${m.text(lang, 'export.fileName', { stamp })}.${format}`;
  return { body, mime, fileName, rows: rows.length };
}
