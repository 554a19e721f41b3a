/**
 * Mediation speed work (issue 16's targets), behaviour it added or relies on:
 * - the case list's party names (the correlated sub-select once compared a party's id with itself:
 *   every list item came back with no names);
 * - `mediation_cases.repeat_call`, kept by the database trigger as parties are added, equals the
 *   rule the statistics used to apply at read time (a window over every party key), on random
 *   cases written in batches out of time order (so later batches make earlier cases' successors
 *   repeat calls), parties known by person only or by phone only, and a second site;
 * - the daily `mediation-analyze` job gives PGlite planner statistics (it has no autovacuum).
 */
import { MEDIATION_REPEAT_DAYS } from '@anju/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { MEDIATION_ANALYZED_TABLES, mediationAnalyzeJob } from '../src/modules/mediation/analyze-job.ts';
import {
  buildCase,
  caseWorld,
  type CaseBundle,
  type CaseWorld,
  insertBundles,
  seedPeople,
} from '../src/modules/mediation/seed.ts';
import { runJob } from '../src/platform/jobs.ts';
import { sites } from '../src/platform/org/schema.ts';
import { Rng } from '../src/platform/random.ts';
import { shanghaiDate } from '../src/platform/time.ts';
import { type Client, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const API = '/api/v1/mediation';
const DAY = 86_400_000;

describeBackends('mediation speed: party names, repeat-call flag, planner statistics', (backend) => {
  let env: TestEnv;
  let police: Client;
  let siteId: string;
  let world: CaseWorld;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    siteId = police.me.sites[0]!.id;
    // Few people over many cases: plenty of repeat calls, and plenty of gaps over 90 days.
    world = await caseWorld(env.ctx.db, env.ctx.keyring, siteId, await seedPeople(env.ctx.db, siteId, 60));
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lists each case with its party names', async () => {
    const res = await police.post(`${API}/cases`, {
      siteId,
      source: 'walk_in',
      type: 'noise',
      facts: '楼上装修噪音扰民',
      risk: 'low',
      parties: [
        { role: 'applicant', name: '王五', phone: '13900002222' },
        { role: 'respondent', name: '赵六', phone: '13900003333' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const list = await police.get(`${API}/cases?siteId=${siteId}&q=${encodeURIComponent('楼上装修')}`);
    expect(list.statusCode, list.body).toBe(200);
    const item = (list.json() as { items: { id: string; partyNames: string[] }[] }).items.find(
      (i) => i.id === id,
    );
    expect(item?.partyNames).toEqual(['王五', '赵六']);
  });

  it('keeps repeat_call equal to the read-time rule, whatever order cases and parties arrive in', async () => {
    // The trigger's 90 days are written in migration 0015: changing the constant means a migration.
    expect(MEDIATION_REPEAT_DAYS).toBe(90);
    const [other] = await env.ctx.db.insert(sites).values({ name: '丙小区' }).returning();
    const rng = new Rng(16);
    const now = env.ctx.now();
    const today = shanghaiDate(now);
    const serials = { day: new Map<string, number>(), year: new Map<string, number>() };
    const bundles: CaseBundle[] = [];
    for (let i = 0; i < 240; i++) {
      const at = new Date(now.getTime() - rng.int(40, 900) * DAY - rng.int(0, 1440) * 60_000);
      const b = buildCase(rng, world, 'closed', at, today, serials);
      b.case.serial = `TJ-SPEED-${String(i).padStart(4, '0')}`;
      if (b.agreement) b.agreement.serial = `XY-SPEED-${String(i).padStart(4, '0')}`;
      // Some parties known only by phone, some only as a registry person; a few cases elsewhere.
      for (const p of b.parties) {
        const r = rng.next();
        if (r < 0.2) p.personId = null;
        else if (r < 0.4) p.phoneHash = null;
      }
      if (i % 10 === 0) b.case.siteId = other!.id;
      bundles.push(b);
    }
    // Three batches, each spread over the whole period: every batch lands before and after
    // cases already there. One batch in single-case statements (the intake's shape).
    await insertBundles(env.ctx.db, bundles.slice(0, 100));
    for (const b of bundles.slice(100, 130)) await insertBundles(env.ctx.db, [b]);
    await insertBundles(env.ctx.db, bundles.slice(130));

    const rows = await queryRows<{ id: string; repeat_call: boolean; rule: boolean }>(
      env.ctx.db,
      sql`WITH k AS (
            SELECT c.id, c.site_id, c.accepted_at, k.key
              FROM mediation_cases c
              JOIN mediation_parties p ON p.case_id = c.id
              CROSS JOIN LATERAL (VALUES ('p:' || p.person_id::text), ('h:' || p.phone_hash)) AS k(key)
             WHERE k.key IS NOT NULL
          ), l AS (
            SELECT id, accepted_at, lag(accepted_at) OVER w AS prev, lag(id) OVER w AS prev_id
              FROM k WINDOW w AS (PARTITION BY site_id, key ORDER BY accepted_at, id)
          ), hit AS (
            SELECT DISTINCT id FROM l
             WHERE prev_id <> id AND accepted_at - prev <= make_interval(days => ${MEDIATION_REPEAT_DAYS})
          )
          SELECT c.id, c.repeat_call, (hit.id IS NOT NULL) AS rule
            FROM mediation_cases c LEFT JOIN hit ON hit.id = c.id
           WHERE c.serial LIKE 'TJ-SPEED-%'`,
    );
    expect(rows).toHaveLength(240);
    const flagged = rows.filter((r) => r.repeat_call).length;
    // Both kinds occur, so the comparison means something.
    expect(flagged).toBeGreaterThan(20);
    expect(flagged).toBeLessThan(220);
    expect(rows.filter((r) => r.repeat_call !== r.rule)).toEqual([]);
  });

  it('gives PGlite planner statistics with the daily mediation-analyze job', async () => {
    const statsRows = async () => {
      const [row] = await queryRows<{ n: number }>(
        env.ctx.db,
        sql`SELECT count(*)::int AS n FROM pg_stats
             WHERE schemaname = 'public' AND tablename IN ${MEDIATION_ANALYZED_TABLES}`,
      );
      return Number(row?.n ?? 0);
    };
    const before = await statsRows();
    const run = await runJob(env.ctx, mediationAnalyzeJob);
    expect(run.ran).toBe(true);
    if (backend === 'pglite') {
      // Never analysed before (no autovacuum); every table has its column statistics after.
      expect(before).toBe(0);
      expect(run.result).toEqual({ analyzed: [...MEDIATION_ANALYZED_TABLES] });
      const [tables] = await queryRows<{ n: number }>(
        env.ctx.db,
        sql`SELECT count(DISTINCT tablename)::int AS n FROM pg_stats
             WHERE schemaname = 'public' AND tablename IN ${MEDIATION_ANALYZED_TABLES}`,
      );
      expect(Number(tables?.n)).toBe(MEDIATION_ANALYZED_TABLES.length);
    } else {
      // PostgreSQL's autovacuum analyses: the job leaves it alone.
      expect(run.result).toEqual({ analyzed: [] });
    }
  });
});
