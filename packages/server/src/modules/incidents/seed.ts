/**
 * Seed data of the incidents module: the category tree (stored per site, in Chinese with
 * its English name beside it) and the demo compound's year of incidents.
 */
import { mulberry32 } from '../../platform/random.ts';
import { and, eq } from 'drizzle-orm';
import type { IncidentGroup } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { gates } from '../access/schema.ts';
import { persons, rooms } from '../registry/schema.ts';
import { categoryRows } from './categories.ts';
import { incidentPersons, incidentPublicPlaces, incidents } from './schema.ts';

export interface DefaultCategory {
  code: string;
  zh: string;
  en: string;
  group: IncidentGroup;
  children?: { code: string; zh: string; en: string }[];
}

/** The tree, seeded for every site the first time its categories are needed. */
export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  {
    code: 'fraud',
    zh: '诈骗',
    en: 'Fraud',
    group: 'fraud',
    children: [
      { code: 'fraud.telecom', zh: '电信诈骗', en: 'Telecom fraud' },
      { code: 'fraud.health', zh: '保健品诈骗', en: 'Health-product fraud' },
      { code: 'fraud.online_shopping', zh: '网购诈骗', en: 'Online-shopping fraud' },
      { code: 'fraud.other', zh: '其他诈骗', en: 'Other fraud' },
    ],
  },
  { code: 'theft', zh: '盗窃', en: 'Theft', group: 'theft' },
  { code: 'fire', zh: '火灾隐患', en: 'Fire risk', group: 'fire' },
  {
    code: 'dispute',
    zh: '纠纷',
    en: 'Dispute',
    group: 'dispute',
    children: [
      { code: 'dispute.noise', zh: '噪音纠纷', en: 'Noise' },
      { code: 'dispute.pet', zh: '宠物纠纷', en: 'Pets' },
      { code: 'dispute.rental', zh: '租赁纠纷', en: 'Rental' },
      { code: 'dispute.property', zh: '物业纠纷', en: 'Property management' },
      { code: 'dispute.falling_objects', zh: '高空抛物', en: 'Objects thrown from high floors' },
      { code: 'dispute.neighbour', zh: '邻里纠纷', en: 'Neighbours' },
      { code: 'dispute.family', zh: '家庭纠纷', en: 'Family' },
      { code: 'dispute.debt', zh: '债务纠纷', en: 'Debt' },
      { code: 'dispute.other', zh: '其他纠纷', en: 'Other dispute' },
    ],
  },
  { code: 'help', zh: '求助', en: 'Help request', group: 'help' },
  { code: 'traffic', zh: '交通', en: 'Traffic', group: 'traffic' },
  { code: 'other', zh: '其他', en: 'Other', group: 'other' },
];

// ---------- generated incidents (the demo's year and the benchmark) ----------

/** The platform's deterministic PRNG, so the demo is the same on every machine. */
export const prng = mulberry32;

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
/** Weighted choice: [item, weight][] */
function weighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/**
 * The mix: about 70 % disputes and help requests (the article's "two thirds"), fraud mostly in
 * the evening, noise disputes twice as common in summer (June–August).
 */
const MIX: readonly (readonly [string, number])[] = [
  ['dispute.noise', 14],
  ['dispute.pet', 6],
  ['dispute.rental', 6],
  ['dispute.property', 7],
  ['dispute.falling_objects', 3],
  ['dispute.neighbour', 8],
  ['dispute.family', 5],
  ['dispute.debt', 2],
  ['help', 19],
  ['fraud.telecom', 6],
  ['fraud.health', 3],
  ['fraud.online_shopping', 3],
  ['theft', 6],
  ['fire', 3],
  ['traffic', 5],
  ['other', 4],
];
const SUMMARIES: Record<string, string[]> = {
  'dispute.noise': ['楼上装修噪音扰民', '深夜聚会声音过大', '广场舞音响音量过大'],
  'dispute.pet': ['犬只未拴绳惊吓老人', '宠物粪便未清理引发争执'],
  'dispute.rental': ['租客拖欠房租与房东争执', '退租押金纠纷'],
  'dispute.property': ['业主与物业因停车费争执', '电梯维修费用纠纷'],
  'dispute.falling_objects': ['楼上抛下杂物砸中电动车', '高空坠落花盆'],
  'dispute.neighbour': ['邻居占用楼道堆放杂物', '邻里因漏水争吵'],
  'dispute.family': ['夫妻争吵求助', '家庭赡养纠纷'],
  'dispute.debt': ['熟人借款不还发生争执'],
  help: ['老人走失求助', '钥匙反锁求助开门', '独居老人联系不上', '儿童走失'],
  'fraud.telecom': ['冒充公检法电话诈骗', '冒充客服退款诈骗', '刷单返利诈骗'],
  'fraud.health': ['老人被推销高价保健品', '免费体检讲座推销保健品'],
  'fraud.online_shopping': ['网购付款后未收到货', '二手平台交易被骗'],
  theft: ['电动车电瓶被盗', '快递被冒领', '非机动车被盗'],
  fire: ['楼道电动车充电隐患', '消防通道被占用'],
  traffic: ['小区内车辆剐蹭', '车辆堵塞消防通道'],
  other: ['可疑人员徘徊', '其他警情'],
};
const OUTCOMES = [
  ['settled_on_spot', 45],
  ['advice_given', 25],
  ['referred_mediation', 12],
  ['case_opened', 8],
  ['referred_other', 6],
  ['no_action', 4],
] as const;
const CHANNELS = [
  ['110', 55],
  ['phone', 20],
  ['walk_in', 15],
  ['patrol', 10],
] as const;

export const DEMO_PUBLIC_PLACES = [
  ['中心广场', 'Central square'],
  ['地下车库', 'Underground car park'],
  ['儿童游乐区', 'Playground'],
  ['东门外人行道', 'Pavement outside the east gate'],
] as const;

/** The hour of the day an incident of the category was received (Asia/Shanghai). */
function hourFor(rand: () => number, code: string): number {
  if (code.startsWith('fraud.telecom') || code.startsWith('fraud.online'))
    return weighted(rand, [
      [19, 5],
      [20, 6],
      [21, 5],
      [18, 2],
      [14, 1],
      [10, 1],
    ]);
  if (code === 'dispute.noise')
    return weighted(rand, [
      [21, 4],
      [22, 5],
      [23, 3],
      [12, 2],
      [19, 2],
      [9, 1],
    ]);
  return weighted(rand, [
    [8, 2],
    [9, 3],
    [10, 3],
    [11, 2],
    [14, 2],
    [15, 2],
    [16, 2],
    [17, 3],
    [18, 3],
    [19, 3],
    [20, 3],
    [21, 2],
    [22, 1],
    [2, 1],
  ]);
}

export interface GeneratePlaces {
  flats: { id: string; buildingId: string | null; unit: number | null; label: string }[];
  gates: { id: string; name: string }[];
  publicPlaces: { id: string; nameZh: string }[];
}

/** `count` incidents spread over the days from `from` (inclusive) to `to` (exclusive), as rows. */
export function generateIncidents(
  rand: () => number,
  count: number,
  siteId: string,
  from: Date,
  to: Date,
  categoryIdByCode: Map<string, string>,
  places: GeneratePlaces,
): { row: typeof incidents.$inferInsert; code: string }[] {
  const out: { row: typeof incidents.$inferInsert; code: string }[] = [];
  const span = to.getTime() - from.getTime();
  while (out.length < count) {
    const dayStart = from.getTime() + Math.floor((rand() * span) / 86_400_000) * 86_400_000;
    const month = new Date(dayStart + 8 * 3_600_000).getUTCMonth() + 1;
    let code = weighted(rand, MIX);
    // Summer: windows open, noise doubles (a second draw that keeps only noise).
    if (month >= 6 && month <= 8 && code !== 'dispute.noise' && rand() < 0.12) code = 'dispute.noise';
    const categoryId = categoryIdByCode.get(code);
    if (!categoryId) continue;
    const hour = hourFor(rand, code);
    // `from` is a Shanghai midnight: the hour is the Shanghai wall clock.
    const receivedAt = new Date(dayStart + hour * 3_600_000 + Math.floor(rand() * 3_600_000));
    if (receivedAt >= to) continue;
    const where = rand();
    let place: Partial<typeof incidents.$inferInsert>;
    if (where < 0.6 && places.flats.length) {
      const f = pick(rand, places.flats);
      place = {
        placeKind: 'flat',
        roomId: f.id,
        buildingId: f.buildingId,
        unit: f.unit,
        placeLabel: f.label,
      };
    } else if (where < 0.75 && places.gates.length) {
      const g = pick(rand, places.gates);
      place = { placeKind: 'gate', gateId: g.id, placeLabel: g.name };
    } else if (places.publicPlaces.length) {
      const p = pick(rand, places.publicPlaces);
      place = { placeKind: 'public_place', publicPlaceId: p.id, placeLabel: p.nameZh };
    } else continue;
    out.push({
      code,
      row: {
        siteId,
        receivedAt,
        channel: weighted(rand, CHANNELS),
        categoryId,
        placeKind: place.placeKind!,
        ...place,
        placeLabel: place.placeLabel!,
        summary: pick(rand, SUMMARIES[code] ?? ['其他警情']),
        outcome: weighted(rand, OUTCOMES),
        officerName: '王警官（演示）',
        source: 'manual',
      },
    });
  }
  return out;
}

/** The places generated incidents happen at: the site's flats, gates and public places. */
export async function placesOf(db: Db, siteId: string): Promise<GeneratePlaces> {
  const [flats, gateRows, publicPlaces] = await Promise.all([
    db
      .select({ id: rooms.id, buildingId: rooms.buildingId, unit: rooms.unit, label: rooms.label })
      .from(rooms)
      .where(and(eq(rooms.siteId, siteId), eq(rooms.kind, 'home')))
      .limit(500),
    db.select({ id: gates.id, name: gates.name }).from(gates).where(eq(gates.siteId, siteId)),
    db
      .select({ id: incidentPublicPlaces.id, nameZh: incidentPublicPlaces.nameZh })
      .from(incidentPublicPlaces)
      .where(eq(incidentPublicPlaces.siteId, siteId)),
  ]);
  return { flats, gates: gateRows, publicPlaces };
}

export async function ensurePublicPlaces(db: Db, siteId: string): Promise<void> {
  const [any] = await db
    .select({ id: incidentPublicPlaces.id })
    .from(incidentPublicPlaces)
    .where(eq(incidentPublicPlaces.siteId, siteId))
    .limit(1);
  if (!any)
    await db
      .insert(incidentPublicPlaces)
      .values(DEMO_PUBLIC_PLACES.map(([nameZh, nameEn]) => ({ siteId, nameZh, nameEn })));
}

/**
 * Demo: a year of incidents (about 1,100) for the demo compound up to yesterday, with fraud
 * victims among the registry's elderly residents (so the age bands and the summary have data).
 */
export const incidentsDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db } = ctx;
  const [existing] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.siteId, siteId))
    .limit(1);
  if (existing) return;
  const categories = await categoryRows(db, siteId);
  const byCode = new Map(categories.flatMap((c) => (c.code ? [[c.code, c.id] as const] : [])));
  await ensurePublicPlaces(db, siteId);
  const places = await placesOf(db, siteId);
  const today = shanghaiDate(ctx.now());
  const rand = prng(20_261_207);
  const generated = generateIncidents(
    rand,
    1100,
    siteId,
    shanghaiDayStart(addDays(today, -365)),
    shanghaiDayStart(today),
    byCode,
    places,
  );
  const ids: { id: string; code: string }[] = [];
  for (const part of chunks(generated, 500)) {
    const rows = await db
      .insert(incidents)
      .values(part.map((g) => g.row))
      .returning({ id: incidents.id });
    for (const [i, r] of rows.entries()) ids.push({ id: r.id, code: part[i]!.code });
  }
  // Fraud victims: mostly residents aged 60 or over, as the issue describes.
  const people = await db
    .select({ id: persons.id, birthDate: persons.birthDate })
    .from(persons)
    .where(eq(persons.siteId, siteId));
  const elderly = people.filter((p) => p.birthDate < addDays(today, -60 * 365));
  const others = people.filter((p) => p.birthDate >= addDays(today, -60 * 365));
  const links = ids
    .filter((i) => i.code.startsWith('fraud.'))
    .flatMap((i) => {
      const pool = (i.code === 'fraud.health' || rand() < 0.6) && elderly.length ? elderly : others;
      return pool.length
        ? [{ incidentId: i.id, personId: pick(rand, pool).id, role: 'victim' as const }]
        : [];
    });
  for (const part of chunks(links, 500)) await db.insert(incidentPersons).values(part).onConflictDoNothing();
};

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
