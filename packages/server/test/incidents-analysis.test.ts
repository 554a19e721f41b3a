/**
 * Incident analysis on a known fixture (issue 15): counts by category and group, heatmap cells
 * (Asia/Shanghai), the dispute + help share, fraud victims' age bands, the generated summary
 * matching the fixture's peaks ("近四周电信诈骗 9 起，多发于 19–22 时，6 起受害人 60 岁以上"), and the
 * suppressed public numbers (counts below 5 withheld).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import {
  analyseIncidents,
  peakSpan,
  publicIncidentNumbers,
  SUPPRESS_BELOW,
  safetyTipFacts,
  suppress,
} from '../src/modules/incidents/analysis.ts';
import { categoryRows } from '../src/modules/incidents/categories.ts';
import { incidentPersons, incidentPublicPlaces, incidents } from '../src/modules/incidents/schema.ts';
import { buildings } from '../src/modules/registry/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const NOW = new Date('2026-12-07T10:00:00+08:00'); // a Monday
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:30:00+08:00`);

describeBackends('incident analysis', (backend) => {
  let env: TestEnv;
  let siteId: string;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    const db = env.ctx.db;
    const [site] = await db.insert(sites).values({ name: 'Fixture' }).returning();
    siteId = site!.id;
    const cats = new Map((await categoryRows(db, siteId)).map((c) => [c.code, c.id]));
    const [place] = await db
      .insert(incidentPublicPlaces)
      .values({ siteId, nameZh: '中心广场', nameEn: 'Square' })
      .returning();
    const base = {
      siteId,
      channel: '110' as const,
      placeKind: 'public_place' as const,
      publicPlaceId: place!.id,
      placeLabel: '中心广场',
      summary: 'fixture',
      outcome: 'advice_given' as const,
      source: 'manual' as const,
    };
    // Nine telecom frauds in the last four weeks: eight between 19:00 and 22:00, one at 14:00.
    const fraudTimes = [
      at('2026-11-12', 19),
      at('2026-11-15', 19),
      at('2026-11-18', 20),
      at('2026-11-21', 20),
      at('2026-11-24', 20),
      at('2026-11-27', 21),
      at('2026-11-30', 21),
      at('2026-12-03', 19),
      at('2026-12-06', 14),
    ];
    const fraud = await db
      .insert(incidents)
      .values(
        fraudTimes.map((receivedAt) => ({ ...base, receivedAt, categoryId: cats.get('fraud.telecom')! })),
      )
      .returning({ id: incidents.id });
    // Three noise disputes on Saturday 5 December at 10:30, two help requests at 08:30.
    await db.insert(incidents).values([
      ...[1, 2, 3].map(() => ({
        ...base,
        receivedAt: at('2026-12-05', 10),
        categoryId: cats.get('dispute.noise')!,
      })),
      ...[1, 2].map(() => ({ ...base, receivedAt: at('2026-12-01', 8), categoryId: cats.get('help')! })),
      // A year before: five thefts in the same four weeks (outside the 12-month window).
      ...[1, 2, 3, 4, 5].map(() => ({
        ...base,
        receivedAt: at('2025-11-20', 3),
        categoryId: cats.get('theft')!,
      })),
    ]);
    // Victims: six of the frauds hit someone aged 60 or over, one someone of 30.
    const person = async (birth: string, k: number) =>
      (
        await queryRows<{ id: string }>(
          db,
          sql`INSERT INTO persons (site_id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash)
              VALUES (${siteId}, ${`V${k}`}, 'v', 'female', ${birth}, 'x', ${`fixture-${k}`}) RETURNING id`,
        )
      )[0]!.id;
    const links = [];
    for (let k = 0; k < 7; k++)
      links.push({
        incidentId: fraud[k]!.id,
        personId: await person(k < 6 ? '1950-03-01' : '1996-05-01', k),
        role: 'victim' as const,
      });
    await db.insert(incidentPersons).values(links);
  }, 120_000);
  afterAll(async () => env?.close());

  it('counts by category and group, the heatmap cells, the dispute + help share and the age bands', async () => {
    const a = await analyseIncidents(env.ctx.db, siteId, NOW);
    expect(a.from).toBe('2026-01-01');
    expect(a.to).toBe('2026-12-07');
    expect(a.total).toBe(14);
    expect(a.byCategory.map((c) => [c.nameZh, c.count])).toEqual([
      ['电信诈骗', 9],
      ['噪音纠纷', 3],
      ['求助', 2],
    ]);
    expect(Object.fromEntries(a.byGroup.map((g) => [g.group, g.count]))).toMatchObject({
      fraud: 9,
      dispute: 3,
      help: 2,
      theft: 0,
    });
    const cell = (weekday: number, hour: number) =>
      a.heatmap.find((c) => c.weekday === weekday && c.hour === hour)?.count ?? 0;
    expect(cell(6, 10)).toBe(3); // Saturday 10:00
    expect(cell(2, 8)).toBe(2); // Tuesday 08:00
    expect(cell(7, 14)).toBe(1); // Sunday 14:00 (a fraud)
    expect(a.heatmap.reduce((s, c) => s + c.count, 0)).toBe(14);
    expect(a.disputeHelp).toEqual({ count: 5, total: 14, share: 5 / 14 });
    expect(Object.fromEntries(a.fraudAgeBands.map((b) => [b.band, b.count]))).toEqual({
      '<18': 0,
      '18-39': 1,
      '40-59': 0,
      '60+': 6,
    });
    expect(a.topPlaces[0]).toMatchObject({ kind: 'public_place', label: '中心广场', count: 14 });
    // Trend: seven of the frauds fall in November (two in December); the thefts are last year's.
    const nov = a.monthly.find((m) => m.month === '2026-11')!;
    expect(nov).toEqual({ month: '2026-11', count: 7, lastYear: 5 });
    expect(a.monthly).toHaveLength(12);
    const weekOfTheft = a.weekly.find((w) => w.lastYear === 5);
    expect(weekOfTheft?.week).toBe('2026-11-16'); // 2025-11-17's week + 364 days
  });

  it('puts every building on the map with its incidents, none for a building without any', async () => {
    const db = env.ctx.db;
    const [other] = await db.insert(sites).values({ name: 'Map fixture' }).returning();
    const cats = new Map((await categoryRows(db, other!.id)).map((c) => [c.code, c.id]));
    const [b2, b1] = await db
      .insert(buildings)
      .values([
        { siteId: other!.id, name: '2号楼', number: 2, floors: 6, units: 2 },
        { siteId: other!.id, name: '1号楼', number: 1, floors: 6, units: 2 },
      ])
      .returning();
    const row = (buildingId: string, receivedAt: Date) => ({
      siteId: other!.id,
      channel: '110' as const,
      placeKind: 'building' as const,
      buildingId,
      placeLabel: 'b',
      summary: 'fixture',
      outcome: 'advice_given' as const,
      source: 'manual' as const,
      categoryId: cats.get('help')!,
      receivedAt,
    });
    // Three at 2号楼 this year, one at 2号楼 two years ago (outside the window), none at 1号楼.
    await db
      .insert(incidents)
      .values([
        row(b2!.id, at('2026-11-02', 9)),
        row(b2!.id, at('2026-11-03', 9)),
        row(b2!.id, at('2026-12-01', 9)),
        row(b2!.id, at('2024-11-01', 9)),
      ]);
    const a = await analyseIncidents(db, other!.id, NOW);
    expect(a.byBuilding).toEqual([
      { buildingId: b1!.id, name: '1号楼', count: 0 },
      { buildingId: b2!.id, name: '2号楼', count: 3 },
    ]);
    // The first fixture has no buildings: its map is empty, not another site's.
    expect((await analyseIncidents(db, siteId, NOW)).byBuilding).toEqual([]);
  });

  it('says the fixture’s peaks in words', async () => {
    const facts = await safetyTipFacts(env.ctx.db, siteId, NOW);
    expect(facts).toMatchObject({
      weeks: 4,
      topCategory: { nameZh: '电信诈骗', group: 'fraud', count: 9 },
      peakHours: { from: 19, to: 22 },
      mostHitAgeBand: { band: '60+', count: 6 },
      total: 14,
    });
    expect(facts.disputeHelpShare).toBeCloseTo(5 / 14);
    const a = await analyseIncidents(env.ctx.db, siteId, NOW);
    expect(a.summary.zh[0]).toBe('近四周电信诈骗 9 起，多发于 19–22 时，6 起受害人 60 岁以上。');
    expect(a.summary.zh[1]).toBe('近四周共 14 起，比去年同期多 9 起。');
    expect(a.summary.zh[2]).toBe('分析期内共 14 起警情，纠纷和求助 5 起，占 36%。');
    expect(a.summary.en[0]).toBe(
      'Last 4 weeks: 9 × Telecom fraud, mostly between 19:00 and 22:00, 6 with a victim aged 60 or over.',
    );
  });

  it('suppresses counts below 5 in the public numbers', async () => {
    expect(SUPPRESS_BELOW).toBe(5);
    expect(suppress(4)).toEqual({ count: null, suppressed: true });
    expect(suppress(5)).toEqual({ count: 5, suppressed: false });
    const p = await publicIncidentNumbers(env.ctx.db, siteId, NOW);
    expect(p.total).toEqual({ count: 14, suppressed: false });
    const group = Object.fromEntries(p.byGroup.map((g) => [g.group, g]));
    expect(group.fraud).toMatchObject({ count: 9, suppressed: false });
    expect(group.dispute).toMatchObject({ count: null, suppressed: true });
    expect(group.help).toMatchObject({ count: null, suppressed: true });
    expect(group.theft).toMatchObject({ count: null, suppressed: true });
    const band = Object.fromEntries(p.byHourBand.map((b) => [b.band, b]));
    expect(band['18-24']).toMatchObject({ count: 8, suppressed: false });
    expect(band['6-12']).toMatchObject({ count: 5, suppressed: false });
    expect(band['12-18']).toMatchObject({ count: null, suppressed: true });
    expect(JSON.stringify(p)).not.toMatch(/中心广场|V\d/);
  });

  it('finds the busiest three hours', () => {
    const hours = new Array(24).fill(0);
    expect(peakSpan(hours)).toBeNull();
    hours[19] = 3;
    hours[20] = 3;
    hours[21] = 2;
    hours[14] = 1;
    expect(peakSpan(hours)).toEqual({ from: 19, to: 22 });
  });

  it('answers the analysis route for police and refuses property', async () => {
    const police = await signIn(env.app, 'police');
    const property = await signIn(env.app, 'property');
    const site = police.me.sites[0]!.id;
    const res = await police.get(`/api/v1/incidents/analysis?siteId=${site}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary.zh.length).toBeGreaterThan(0);
    expect((await police.get(`/api/v1/incidents/public-numbers?siteId=${site}`)).statusCode).toBe(200);
    expect((await property.get(`/api/v1/incidents/analysis?siteId=${site}`)).statusCode).toBe(403);
  });
});
