/**
 * The incidents demo seeder (issue 15): a year of incidents for the demo compound with the
 * realistic mix — at least two thirds disputes and help requests, fraud peaking in the evening,
 * more noise disputes in summer — fraud victims from the registry, quickly, and only once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { analyseIncidents, safetyTipFacts } from '../src/modules/incidents/analysis.ts';
import { incidentsDemoSeeder } from '../src/modules/incidents/seed.ts';
import { incidents } from '../src/modules/incidents/schema.ts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const NOW = new Date('2026-12-07T10:00:00+08:00');

describeBackends('incidents demo seeder', (backend) => {
  let env: TestEnv;
  let siteId: string;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    siteId = (await signIn(env.app, 'police')).me.sites[0]!.id;
  }, 120_000);
  afterAll(async () => env?.close());

  it('seeds a year with the issue’s mix, fast and once', async () => {
    const t = performance.now();
    await incidentsDemoSeeder(env.ctx, siteId);
    expect(performance.now() - t).toBeLessThan(15_000);
    const count = (await env.ctx.db.select({ id: incidents.id }).from(incidents)).length;
    expect(count).toBe(1100);
    await incidentsDemoSeeder(env.ctx, siteId);
    expect((await env.ctx.db.select({ id: incidents.id }).from(incidents)).length).toBe(count);

    const a = await analyseIncidents(env.ctx.db, siteId, NOW, 12);
    expect(a.disputeHelp.share).toBeGreaterThanOrEqual(2 / 3);
    const facts = await safetyTipFacts(env.ctx.db, siteId, NOW, 52);
    expect(facts.total).toBeGreaterThan(1000);
    const [fraud] = await queryRows<{ evening: number; all: number }>(
      env.ctx.db,
      sql`SELECT count(*) FILTER (WHERE extract(hour FROM i.received_at AT TIME ZONE 'Asia/Shanghai') BETWEEN 18 AND 21)::int AS evening,
            count(*)::int AS "all"
          FROM incidents i JOIN incident_categories c ON c.id = i.category_id WHERE c."group" = 'fraud'`,
    );
    expect(fraud!.evening / fraud!.all).toBeGreaterThan(0.6);
    const [noise] = await queryRows<{ summer: number; winter: number }>(
      env.ctx.db,
      sql`SELECT
            count(*) FILTER (WHERE extract(month FROM i.received_at AT TIME ZONE 'Asia/Shanghai') IN (6, 7, 8))::int AS summer,
            count(*) FILTER (WHERE extract(month FROM i.received_at AT TIME ZONE 'Asia/Shanghai') IN (12, 1, 2))::int AS winter
          FROM incidents i JOIN incident_categories c ON c.id = i.category_id WHERE c.code = 'dispute.noise'`,
    );
    expect(noise!.summer).toBeGreaterThan(noise!.winter * 1.5);
    expect(a.fraudAgeBands.find((b) => b.band === '60+')!.count).toBeGreaterThan(0);
    expect(a.summary.zh[0]).toMatch(/^近四周/);
  }, 60_000);
});
