import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  maskIdNumber,
  normalizePhone,
  PLATE_PATTERN,
  type Building,
  type BuildingMap,
  type Member,
  type Occupancy,
  type OccupancyCounts,
  type RegistryStats,
  type ResidencyStatus,
  type RoomDetail,
  type SearchResult,
  type Shop,
} from '@anju/contracts';
import type { Lang, MyHousehold } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';

import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { type RegistryCaller, seesFullIdNumber } from './caller.ts';
import { ageForViewer } from './disclosure.ts';
import { auditPurpose, registryMessages as m } from './messages.ts';
import { residencyHistory } from './persons.ts';
import { buildings, households } from './schema.ts';
import {
  anyUuid,
  idNumberHash,
  isFloatingSql,
  isoTimestamp,
  openSealed,
  phoneHash,
  residencyStatusSql,
} from './sql.ts';
import { latestTenancyOfRoom } from './tenancies.ts';
import { residencyStatusLabel } from './validity.ts';

const emptyCounts = (): OccupancyCounts => ({
  owner_occupied: 0,
  rented: 0,
  vacant: 0,
  shop: 0,
  unverified: 0,
});

interface RoomOccupancyRow {
  id: string;
  building_id: string | null;
  unit: number | null;
  floor: number | null;
  number: string;
  label: string;
  kind: 'home' | 'shop';
  verified: boolean;
  tenants: number;
  owners: number;
  residents: number;
  expired: number;
  tenancy_end: string | null;
}

/**
 * How a flat shows on the map, from who lives there today: tenants → rented; owners or family
 * → owner-occupied; only lapsed tenants → unverified (nobody has confirmed who is there);
 * nobody and checked → vacant; never checked → unverified.
 */
export function occupancyOf(
  r: Pick<RoomOccupancyRow, 'kind' | 'tenants' | 'owners' | 'expired' | 'verified'>,
): Occupancy {
  if (r.kind === 'shop') return 'shop';
  if (r.tenants > 0) return 'rented';
  if (r.owners > 0) return 'owner_occupied';
  if (r.expired > 0) return 'unverified';
  return r.verified ? 'vacant' : 'unverified';
}

/**
 * Every room matching `where` with the counts its occupancy is decided from: one query. The
 * per-room LATERAL makes the planner walk the residencies index room by room (a building's
 * few hundred rows) instead of scanning every residency of the compound.
 */
async function roomOccupancy(db: Db, where: SQL, today: string): Promise<RoomOccupancyRow[]> {
  return queryRows<RoomOccupancyRow>(
    db,
    sql`SELECT rm.id, rm.building_id, rm.unit, rm.floor, rm.number, rm.label, rm.kind,
          rm.verified_at IS NOT NULL AS verified, occ.tenants, occ.owners, occ.residents, occ.expired, occ.tenancy_end
        FROM rooms rm
        CROSS JOIN LATERAL (
          SELECT
            (count(*) FILTER (WHERE res.st = 'active' AND res.type = 'tenant'))::int AS tenants,
            (count(*) FILTER (WHERE res.st = 'active' AND res.type IN ('owner', 'family')))::int AS owners,
            (count(*) FILTER (WHERE res.st = 'active'))::int AS residents,
            (count(*) FILTER (WHERE res.st = 'expired'))::int AS expired,
            (max(res.end_date) FILTER (WHERE res.type = 'tenant' AND res.st IN ('active', 'pending', 'expired')))::text
              AS tenancy_end
          FROM (
            SELECT r.type, t.end_date, ${residencyStatusSql('r', 't', today)} AS st
            FROM residencies r LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.room_id = rm.id AND r.status <> 'ended') res) occ
        WHERE ${where}`,
  );
}

export async function listBuildings(db: Db, siteIds: string[], today: string): Promise<Building[]> {
  const [rows, occupancy] = await Promise.all([
    db
      .select()
      .from(buildings)
      .where(inArray(buildings.siteId, siteIds))
      .orderBy(buildings.siteId, buildings.number),
    roomOccupancy(db, sql`rm.site_id = ${anyUuid(siteIds)} AND rm.building_id IS NOT NULL`, today),
  ]);
  const legends = new Map<string, { legend: OccupancyCounts; flats: number }>();
  for (const r of occupancy) {
    const entry = legends.get(r.building_id!) ?? { legend: emptyCounts(), flats: 0 };
    entry.legend[occupancyOf(r)]++;
    entry.flats++;
    legends.set(r.building_id!, entry);
  }
  return rows.map((b) => ({
    id: b.id,
    siteId: b.siteId,
    name: b.name,
    number: b.number,
    floors: b.floors,
    units: b.units,
    flatsPerFloor: b.flatsPerFloor,
    flats: legends.get(b.id)?.flats ?? 0,
    legend: legends.get(b.id)?.legend ?? emptyCounts(),
  }));
}

/** The floor × unit grid of one building, top floor first, each flat with its occupancy. */
export async function buildingMap(
  db: Db,
  siteIds: string[],
  buildingId: string,
  today: string,
): Promise<BuildingMap> {
  const [b] = await db
    .select()
    .from(buildings)
    .where(and(eq(buildings.id, buildingId), inArray(buildings.siteId, siteIds)));
  if (!b) throw notFound(m.msg('building.notFound'));
  const rows = await roomOccupancy(db, sql`rm.building_id = ${b.id}`, today);
  const legend = emptyCounts();
  const byFloor = new Map<number, BuildingMap['floors'][number]['cells']>();
  for (const r of rows) {
    const occupancy = occupancyOf(r);
    legend[occupancy]++;
    const floor = r.floor ?? 0;
    const cells = byFloor.get(floor) ?? [];
    cells.push({
      roomId: r.id,
      unit: r.unit ?? 0,
      number: r.number,
      label: r.label,
      occupancy,
      residents: r.residents,
      tenancyEndDate: r.tenancy_end,
      expiredTenants: r.expired,
    });
    byFloor.set(floor, cells);
  }
  const floors = [...byFloor.entries()]
    .sort((a, z) => z[0] - a[0])
    .map(([floor, cells]) => ({
      floor,
      cells: cells.sort((x, y) => x.unit - y.unit || x.number.localeCompare(y.number)),
    }));
  return {
    building: {
      id: b.id,
      siteId: b.siteId,
      name: b.name,
      number: b.number,
      floors: b.floors,
      units: b.units,
      flatsPerFloor: b.flatsPerFloor,
    },
    units: Array.from({ length: b.units }, (_, i) => i + 1),
    floors,
    legend,
  };
}

interface MemberRow {
  residency_id: string;
  person_id: string;
  household_id: string | null;
  shop_id: string | null;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  relation_to_head: string | null;
  type: Member['type'];
  valid_from: string;
  valid_to: string | null;
  status: ResidencyStatus;
  floating: boolean;
  care_flags: string[];
}

function toMember(r: MemberRow, today: string, fullIdNumber: boolean, lang: Lang): Member {
  return {
    personId: r.person_id,
    residencyId: r.residency_id,
    name: r.name,
    gender: r.gender,
    age: ageForViewer(fullIdNumber, r.birth_date, today),
    relationToHead: r.relation_to_head,
    type: r.type,
    since: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    statusLabel: residencyStatusLabel(r.status, lang),
    isFloating: r.floating,
    careFlags: r.care_flags,
  };
}

const RELATION_ORDER = [
  'head',
  'spouse',
  'parent',
  'grandparent',
  'child',
  'child_in_law',
  'grandchild',
  'sibling',
  'other',
];

/**
 * A flat (or shop) with who lives or works there: households and their members (relation,
 * residency type, since when, status), the current or lapsed tenancy, the shop, and history.
 * Audited as a read of the residents' details.
 */
export async function roomDetail(
  ctx: AppContext,
  caller: RegistryCaller,
  roomId: string,
): Promise<RoomDetail> {
  const { db } = ctx;
  const today = shanghaiDate(ctx.now());
  const [room] = await queryRows<{
    id: string;
    site_id: string;
    building_id: string | null;
    building_name: string | null;
    unit: number | null;
    floor: number | null;
    number: string;
    label: string;
    kind: 'home' | 'shop';
    area: number | null;
    verified_at: string | null;
  }>(
    db,
    sql`SELECT rm.id, rm.site_id, rm.building_id, b.name AS building_name, rm.unit, rm.floor, rm.number, rm.label,
          rm.kind, rm.area::float8 AS area, rm.verified_at
        FROM rooms rm LEFT JOIN buildings b ON b.id = rm.building_id
        WHERE rm.id = ${roomId} AND rm.site_id = ${anyUuid(caller.siteIds)}`,
  );
  if (!room) throw notFound(m.msg('room.notFound'));
  const [members, householdRows, occupancyRows, tenancy, history, shopRows] = await Promise.all([
    queryRows<MemberRow>(
      db,
      sql`SELECT * FROM (
            SELECT r.id AS residency_id, r.person_id, r.household_id, r.shop_id, p.name, p.gender,
              p.birth_date::text AS birth_date, r.relation_to_head, r.type, r.valid_from::text AS valid_from,
              LEAST(r.valid_to, t.end_date)::text AS valid_to, ${residencyStatusSql('r', 't', today)} AS status,
              ${isFloatingSql('p')} AS floating, p.care_flags
            FROM residencies r JOIN persons p ON p.id = r.person_id LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.room_id = ${room.id} AND r.status <> 'ended') m
          WHERE m.status <> 'ended'
          ORDER BY m.birth_date`,
    ),
    db.select().from(households).where(eq(households.roomId, room.id)),
    roomOccupancy(db, sql`rm.id = ${room.id}`, today),
    room.kind === 'home' ? latestTenancyOfRoom(db, room.id, today, caller.lang) : Promise.resolve(null),
    residencyHistory(db, caller.siteIds, { roomId: room.id }, today, caller.lang),
    room.kind === 'shop' ? shopList(db, caller.siteIds, { roomId: room.id, page: 1, pageSize: 1 }) : null,
  ]);
  const full = seesFullIdNumber(caller);
  const byHousehold = new Map<string, Member[]>();
  for (const m of members) {
    if (!m.household_id) continue;
    const list = byHousehold.get(m.household_id) ?? [];
    list.push(toMember(m, today, full, caller.lang));
    byHousehold.set(m.household_id, list);
  }
  const householdList = householdRows
    .filter((h) => h.status === 'active' || byHousehold.has(h.id))
    .map((h) => ({
      id: h.id,
      kind: h.kind,
      status: h.status,
      headPersonId: h.headPersonId,
      members: (byHousehold.get(h.id) ?? []).sort(
        (a, z) =>
          RELATION_ORDER.indexOf(a.relationToHead ?? 'other') -
          RELATION_ORDER.indexOf(z.relationToHead ?? 'other'),
      ),
    }))
    // Tenants first on a rented flat, then the owner's household.
    .sort((a, z) => (a.kind === z.kind ? 0 : a.kind === 'tenant' ? -1 : 1));
  const detail: RoomDetail = {
    room: {
      id: room.id,
      siteId: room.site_id,
      buildingId: room.building_id,
      buildingName: room.building_name,
      unit: room.unit,
      floor: room.floor,
      number: room.number,
      label: room.label,
      kind: room.kind,
      area: room.area === null ? null : Number(room.area),
      occupancy: occupancyRows[0] ? occupancyOf(occupancyRows[0]) : 'unverified',
      verifiedAt: room.verified_at ? isoTimestamp(room.verified_at) : null,
    },
    households: householdList,
    tenancy,
    shop: shopRows?.items[0] ?? null,
    shopPeople: members.filter((m) => m.shop_id).map((m) => toMember(m, today, full, caller.lang)),
    history: history.filter((h) => h.status === 'ended' || h.status === 'expired'),
  };
  if (members.length || history.length) {
    await appendAudit(db, caller.actor, {
      action: 'room.read',
      subjectType: 'room',
      subjectId: room.id,
      fields: [
        'name',
        'gender',
        'age',
        'relationToHead',
        'residencyType',
        'validity',
        'careFlags',
        'isFloating',
      ],
      siteId: room.site_id,
    });
  }
  return detail;
}

export async function shopList(
  db: Db,
  siteIds: string[],
  q: { q?: string | undefined; street?: string | undefined; roomId?: string; page: number; pageSize: number },
): Promise<{ items: Shop[]; total: number }> {
  const where = [sql`s.site_id = ${anyUuid(siteIds)}`];
  if (q.roomId) where.push(sql`s.room_id = ${q.roomId}`);
  if (q.street) where.push(sql`rm.street = ${q.street}`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    where.push(sql`(s.name ILIKE ${like} OR rm.label ILIKE ${like} OR s.licence_no = ${q.q.toUpperCase()})`);
  }
  const rows = await queryRows<{
    id: string;
    name: string;
    licence_no: string | null;
    category: string | null;
    room_id: string;
    room_label: string;
    street: string | null;
    status: string;
    operator_person_id: string | null;
    operator_name: string | null;
    employees: number;
    total: number;
  }>(
    db,
    sql`SELECT s.id, s.name, s.licence_no, s.category, s.room_id, rm.label AS room_label, rm.street, s.status,
          s.operator_person_id, op.name AS operator_name,
          (SELECT count(*) FROM residencies r WHERE r.shop_id = s.id AND r.type = 'employee' AND r.status = 'active')::int
            AS employees,
          count(*) OVER ()::int AS total
        FROM shops s JOIN rooms rm ON rm.id = s.room_id LEFT JOIN persons op ON op.id = s.operator_person_id
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY rm.street, rm.number
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      licenceNo: r.licence_no,
      category: r.category,
      roomId: r.room_id,
      roomLabel: r.room_label,
      street: r.street,
      status: r.status,
      operator: r.operator_person_id ? { personId: r.operator_person_id, name: r.operator_name ?? '' } : null,
      employees: r.employees,
    })),
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** 3-2-1501, 3-2, 3, or a flat number alone (1501). */
const ROOM_LABEL = /^\d{1,5}(-\d{1,5}){0,2}$/;

interface PersonHitRow {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  id_number_enc: string;
  room_id: string | null;
  room_label: string | null;
  type: Member['type'] | null;
  st: ResidencyStatus | null;
}

/**
 * One search box for everything: an 18-character ID number or a phone number is looked up
 * exactly through its keyed hash (never a partial match); '3-2-1501' finds the flat; a plate
 * finds its car's owner; anything else matches names, pinyin initials, shop names and labels.
 */
export async function search(
  ctx: AppContext,
  caller: RegistryCaller,
  siteIds: string[],
  rawQuery: string,
  limit: number,
): Promise<{ matchedBy: 'idNumber' | 'phone' | 'room' | 'plate' | 'text'; items: SearchResult[] }> {
  const { db, keyring } = ctx;
  const today = shanghaiDate(ctx.now());
  const q = rawQuery.trim();
  const sites = anyUuid(siteIds);
  const full = seesFullIdNumber(caller);

  if (/^\d{17}[\dXx]$/.test(q)) {
    const items = await personHits(
      ctx,
      sql`p.id_number_hash = ${idNumberHash(keyring, q)} AND p.site_id = ${sites}`,
      limit,
      today,
      full,
      caller.lang,
    );
    await auditLookup(ctx, caller, siteIds, 'idNumber', items);
    return { matchedBy: 'idNumber', items };
  }
  const phone = /^[+\d][\d\s-]{6,}$/.test(q) ? normalizePhone(q) : null;
  if (phone) {
    const items = await personHits(
      ctx,
      sql`p.phone_hash = ${phoneHash(keyring, phone)} AND p.site_id = ${sites}`,
      limit,
      today,
      full,
      caller.lang,
    );
    await auditLookup(ctx, caller, siteIds, 'phone', items);
    return { matchedBy: 'phone', items };
  }
  if (ROOM_LABEL.test(q)) {
    const rows = await queryRows<{
      id: string;
      label: string;
      kind: 'home' | 'shop';
      building_id: string | null;
    }>(
      db,
      sql`SELECT id, label, kind, building_id FROM rooms
          WHERE site_id = ${sites} AND (label = ${q} OR label LIKE ${`${q}-%`} OR label LIKE ${`${q}%`} OR number = ${q})
          ORDER BY (label = ${q}) DESC, length(label), label LIMIT ${limit}`,
    );
    return {
      matchedBy: 'room',
      items: rows.map((r) => ({
        kind: 'room',
        id: r.id,
        label: r.label,
        roomKind: r.kind,
        buildingId: r.building_id,
      })),
    };
  }
  const plate = q.toUpperCase().replace(/\s/g, '');
  if (PLATE_PATTERN.test(plate)) {
    const items = await personHits(
      ctx,
      sql`p.site_id = ${sites} AND ${plate} = ANY(p.vehicle_plates)`,
      limit,
      today,
      full,
      caller.lang,
    );
    await auditLookup(ctx, caller, siteIds, 'plate', items);
    return { matchedBy: 'plate', items };
  }

  const like = `%${escapeLike(q)}%`;
  const initials = /^[a-zA-Z]{1,10}$/.test(q) ? `${q.toLowerCase()}%` : null;
  const personWhere = initials
    ? sql`p.site_id = ${sites} AND (p.name_initials LIKE ${initials} OR p.name ILIKE ${like})`
    : sql`p.site_id = ${sites} AND p.name ILIKE ${like}`;
  const [people, shopRows, roomRows] = await Promise.all([
    personHits(ctx, personWhere, limit, today, full, caller.lang, q),
    queryRows<{
      id: string;
      name: string;
      room_id: string;
      room_label: string;
      operator_name: string | null;
    }>(
      db,
      sql`SELECT s.id, s.name, s.room_id, rm.label AS room_label, op.name AS operator_name
          FROM shops s JOIN rooms rm ON rm.id = s.room_id LEFT JOIN persons op ON op.id = s.operator_person_id
          WHERE s.site_id = ${sites} AND s.name ILIKE ${like}
          ORDER BY (s.name = ${q}) DESC, length(s.name), s.name LIMIT ${limit}`,
    ),
    queryRows<{ id: string; label: string; kind: 'home' | 'shop'; building_id: string | null }>(
      db,
      sql`SELECT id, label, kind, building_id FROM rooms
          WHERE site_id = ${sites} AND label ILIKE ${`${escapeLike(q)}%`}
          ORDER BY label LIMIT ${limit}`,
    ),
  ]);
  // A name search that shows people (name, masked ID number, age, flat) is a disclosure: audited.
  if (people.length) await auditLookup(ctx, caller, siteIds, 'name', people);
  const items: SearchResult[] = [
    ...people,
    ...shopRows.map((s) => ({
      kind: 'shop' as const,
      id: s.id,
      name: s.name,
      roomId: s.room_id,
      roomLabel: s.room_label,
      operatorName: s.operator_name,
    })),
    ...roomRows.map((r) => ({
      kind: 'room' as const,
      id: r.id,
      label: r.label,
      roomKind: r.kind,
      buildingId: r.building_id,
    })),
  ];
  return { matchedBy: 'text', items: items.slice(0, limit) };
}

async function personHits(
  ctx: AppContext,
  where: SQL,
  limit: number,
  today: string,
  fullIdNumber: boolean,
  lang: Lang,
  exactName?: string,
): Promise<SearchResult[]> {
  const rank = exactName
    ? sql`(p.name = ${exactName}) DESC, (p.name LIKE ${`${escapeLike(exactName)}%`}) DESC, p.name, p.birth_date`
    : sql`p.name`;
  // Rank and cut first, then look up the current residency of the few people shown.
  const rows = await queryRows<PersonHitRow>(
    ctx.db,
    sql`WITH hits AS (
          SELECT p.id, p.name, p.gender, p.birth_date, p.id_number_enc, row_number() OVER (ORDER BY ${rank}) AS rn
          FROM persons p
          WHERE ${where} ORDER BY ${rank} LIMIT ${limit})
        SELECT p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.id_number_enc,
          pr.room_id, pr.room_label, pr.type, pr.st
        FROM hits p
        LEFT JOIN LATERAL (
          SELECT x.* FROM (
            SELECT r.room_id, rm.label AS room_label, r.type, r.valid_from,
              ${residencyStatusSql('r', 't', today)} AS st
            FROM residencies r JOIN rooms rm ON rm.id = r.room_id LEFT JOIN tenancies t ON t.id = r.tenancy_id
            WHERE r.person_id = p.id) x
          ORDER BY CASE x.st WHEN 'active' THEN 0 WHEN 'pending' THEN 1 WHEN 'expired' THEN 2 ELSE 3 END,
            x.valid_from DESC
          LIMIT 1) pr ON true
        ORDER BY p.rn`,
  );
  return rows.map((r) => ({
    kind: 'person' as const,
    id: r.id,
    name: r.name,
    gender: r.gender,
    age: ageForViewer(fullIdNumber, r.birth_date, today),
    idNumberMasked: maskIdNumber(openSealed(ctx.keyring, 'id-number', r.id_number_enc)!),
    roomId: r.room_id,
    roomLabel: r.room_label,
    residencyType: r.type,
    status: r.st,
    statusLabel: r.st ? residencyStatusLabel(r.st, lang) : null,
  }));
}

/**
 * Looking someone up is a disclosure: who looked, for whom, by what (never the words searched).
 * The entry carries the site of the people found (else the one site searched), so the police of
 * that jurisdiction see it in their audit log.
 */
async function auditLookup(
  ctx: AppContext,
  caller: RegistryCaller,
  siteIds: string[],
  by: string,
  items: SearchResult[],
) {
  const people = items.filter((i) => i.kind === 'person');
  const found = people.length === 1 ? await siteOfPerson(ctx.db, people[0]!.id) : null;
  await appendAudit(ctx.db, caller.actor, {
    action: 'person.lookup',
    subjectType: 'person',
    subjectId: people.length === 1 ? people[0]!.id : undefined,
    fields: [by],
    purpose: people.length
      ? people.length > 1
        ? auditPurpose('audit.lookupMany', { count: people.length })
        : undefined
      : auditPurpose('audit.lookupNone'),
    siteId: found ?? (siteIds.length === 1 ? siteIds[0] : null),
  });
}

async function siteOfPerson(db: Db, personId: string): Promise<string | null> {
  const [row] = await queryRows<{ site_id: string }>(
    db,
    sql`SELECT site_id FROM persons WHERE id = ${personId}`,
  );
  return row?.site_id ?? null;
}

/** The dashboard's registry figures for the given sites (exact field names: contract). */
export async function registryStats(db: Db, siteIds: string[], today: string): Promise<RegistryStats> {
  const sites = anyUuid(siteIds);
  const [row] = await queryRows<RegistryStats>(
    db,
    sql`WITH live AS (
          SELECT r.person_id, r.type FROM residencies r LEFT JOIN tenancies t ON t.id = r.tenancy_id
          WHERE r.site_id = ${sites} AND r.status = 'active' AND ${residencyStatusSql('r', 't', today)} = 'active')
        SELECT
          (SELECT count(*) FROM households h WHERE h.site_id = ${sites} AND h.status = 'active')::int AS households,
          (SELECT count(*) FROM persons p WHERE p.site_id = ${sites} AND p.status = 'active')::int AS persons,
          (SELECT count(*) FROM shops s WHERE s.site_id = ${sites} AND s.status = 'open')::int AS shops,
          (SELECT count(DISTINCT person_id) FROM live WHERE type = 'owner')::int AS owners,
          (SELECT count(DISTINCT person_id) FROM live WHERE type = 'tenant')::int AS tenants,
          (SELECT count(*) FROM persons p WHERE p.site_id = ${sites} AND p.status = 'active' AND ${isFloatingSql('p')}
             AND EXISTS (SELECT 1 FROM live WHERE live.person_id = p.id))::int AS floating,
          (SELECT count(*) FROM tenancies t WHERE t.site_id = ${sites} AND t.status = 'active'
             AND t.end_date BETWEEN ${today}::date AND ${addDays(today, 30)}::date)::int AS "tenanciesExpiringIn30Days"`,
  );
  return row!;
}

/** The household(s) a person lives in (current, upcoming or lapsed), with their members. */
export async function householdsOf(
  db: Db,
  personId: string,
  siteIds: string[],
  today: string,
  lang: Lang,
): Promise<MyHousehold['households']> {
  const rows = await queryRows<{
    household_id: string;
    room_label: string;
    person_id: string;
    name: string;
    relation_to_head: string | null;
    type: Member['type'];
    valid_from: string;
    valid_to: string | null;
    status: ResidencyStatus;
  }>(
    db,
    sql`SELECT * FROM (
          SELECT r.household_id, rm.label AS room_label, r.person_id, p.name, r.relation_to_head, r.type,
            r.valid_from::text AS valid_from, LEAST(r.valid_to, t.end_date)::text AS valid_to,
            ${residencyStatusSql('r', 't', today)} AS status, p.birth_date
          FROM residencies r JOIN persons p ON p.id = r.person_id JOIN rooms rm ON rm.id = r.room_id
          LEFT JOIN tenancies t ON t.id = r.tenancy_id
          WHERE r.household_id IN (
            SELECT r2.household_id FROM residencies r2 LEFT JOIN tenancies t2 ON t2.id = r2.tenancy_id
            WHERE r2.person_id = ${personId} AND r2.household_id IS NOT NULL
              AND r2.site_id = ${anyUuid(siteIds)}
              AND ${residencyStatusSql('r2', 't2', today)} IN ('active', 'pending', 'expired'))) m
        WHERE m.status <> 'ended'
        ORDER BY m.household_id, m.birth_date`,
  );
  const map = new Map<string, MyHousehold['households'][number]>();
  for (const r of rows) {
    const h = map.get(r.household_id) ?? { id: r.household_id, roomLabel: r.room_label, members: [] };
    h.members.push({
      name: r.name,
      relationToHead: r.relation_to_head,
      type: r.type,
      since: r.valid_from,
      validTo: r.valid_to,
      status: r.status,
      statusLabel: residencyStatusLabel(r.status, lang),
      isMe: r.person_id === personId,
    });
    map.set(r.household_id, h);
  }
  return [...map.values()];
}

/** A resident's own household(s): the members and their residency, nothing about anyone else. */
export async function myHousehold(ctx: AppContext, caller: RegistryCaller): Promise<MyHousehold> {
  if (!caller.personId) throw notFound(m.msg('self.notLinked'));
  const households = await householdsOf(
    ctx.db,
    caller.personId,
    caller.siteIds,
    shanghaiDate(ctx.now()),
    caller.lang,
  );
  await appendAudit(ctx.db, caller.actor, {
    action: 'household.self_read',
    subjectType: 'person',
    subjectId: caller.personId,
    fields: ['name', 'relationToHead', 'residencyType', 'validity'],
  });
  return { households };
}
