/**
 * access_hourly_counts (issue 18): the per-hour counts the duty dashboard and the sub-bureau
 * overview read instead of a day's events. Kept by statement triggers on access_events, so they
 * agree with the log after single and bulk inserts, after retention deletes a site's expired rows,
 * and after a month is dropped; and the dashboard's numbers are the events' numbers.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { accessPartitionsJob, monthOf, monthStart } from '../src/modules/access/partitions.ts';
import { accessRetentionJob } from '../src/modules/access/retention.ts';
import { accessSettings } from '../src/modules/access/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { runJob } from '../src/platform/jobs.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/platform/time.ts';
import { hourlyCountsDisagreeing } from './access-counts.ts';
import { type Client, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

describeBackends('access hourly counts kept by the database', (backend) => {
  let env: TestEnv;
  let police: Client;
  let siteId = '';
  let shortSiteId = '';
  let gateId = '';

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    siteId = police.me.sites[0]!.id;
    const [short] = await env.ctx.db.insert(sites).values({ name: '短期保存小区' }).returning();
    shortSiteId = short!.id;
    await env.ctx.db.insert(accessSettings).values({ siteId: shortSiteId, accessEventDays: 30 });
    const [g] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO gates (site_id, name, direction) VALUES (${siteId}, '计数测试门', 'in') RETURNING id`,
    );
    gateId = g!.id;
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  const countsRows = async () =>
    Number(
      (
        await queryRows<{ n: string | number }>(
          env.ctx.db,
          sql`SELECT count(*) AS n FROM access_hourly_counts`,
        )
      )[0]!.n,
    );

  it('agree with the events after single and bulk inserts of every kind', async () => {
    // One at a time, with and without a gate and direction.
    for (const [gate, direction, method, decision, reason] of [
      [gateId, 'in', 'face', 'grant', 'resident'],
      [gateId, 'in', 'face', 'deny', 'unknown_face'],
      [null, null, 'manual', 'grant', 'manual_open'],
      [gateId, 'in', 'emergency', 'grant', 'emergency_release'],
    ] as const) {
      await env.ctx.db.execute(sql`INSERT INTO access_events (site_id, gate_id, direction, at, method, decision, reason)
        VALUES (${siteId}, ${gate}, ${direction}, now() - interval '10 minutes', ${method}, ${decision}, ${reason})`);
    }
    // In bulk, across hours, days and two months, both sites.
    await env.ctx.db.execute(sql`
      INSERT INTO access_events (site_id, gate_id, direction, at, method, decision, reason)
      SELECT CASE WHEN g % 3 = 0 THEN ${shortSiteId}::uuid ELSE ${siteId}::uuid END,
             CASE WHEN g % 3 = 0 THEN NULL ELSE ${gateId}::uuid END,
             CASE WHEN g % 3 = 0 THEN NULL ELSE 'in' END,
             now() - g * interval '17 minutes',
             (ARRAY['face', 'card', 'qr', 'pin'])[1 + g % 4],
             CASE WHEN g % 7 = 0 THEN 'deny' ELSE 'grant' END,
             CASE WHEN g % 14 = 0 THEN 'unknown_face' WHEN g % 7 = 0 THEN 'unknown_card' ELSE 'resident' END
      FROM generate_series(1, 6000) g`);
    expect(await hourlyCountsDisagreeing(env.ctx.db)).toEqual([]);
    // Grouped, not a row per event: a busy hour at one gate is one count.
    const rowsBefore = await countsRows();
    const burst = new Date(Math.floor((Date.now() - 2 * 86_400_000) / 3600_000) * 3600_000);
    for (let i = 0; i < 2; i++) {
      await env.ctx.db.execute(sql`
        INSERT INTO access_events (site_id, gate_id, direction, at, method, decision, reason)
        SELECT ${siteId}::uuid, ${gateId}::uuid, 'in', ${burst}::timestamptz + g * interval '1 second',
               'visitor', 'grant', 'visitor'
        FROM generate_series(1, 500) g`);
    }
    expect(await countsRows()).toBe(rowsBefore + 1);
    const [busy] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT n FROM access_hourly_counts WHERE gate_id = ${gateId} AND hour = ${burst} AND method = 'visitor'`,
    );
    expect(busy!.n).toBe(1000);
    expect(await hourlyCountsDisagreeing(env.ctx.db)).toEqual([]);
  });

  it("the duty dashboard's numbers for today are the events' numbers (emergency releases apart)", async () => {
    const now = new Date();
    const dayStart = shanghaiDayStart(shanghaiDate(now));
    const dayEnd = shanghaiDayStart(addDays(shanghaiDate(now), 1));
    const [raw] = await queryRows<{ grant_in: number; denied: number; strangers: number; emergency: number }>(
      env.ctx.db,
      sql`SELECT count(*) FILTER (WHERE decision = 'grant' AND direction = 'in' AND method <> 'emergency')::int AS grant_in,
                 count(*) FILTER (WHERE decision = 'deny' AND method <> 'emergency')::int AS denied,
                 count(*) FILTER (WHERE reason = 'unknown_face' AND gate_id IS NOT NULL)::int AS strangers,
                 count(*) FILTER (WHERE method = 'emergency')::int AS emergency
          FROM access_events WHERE site_id = ${siteId} AND at >= ${dayStart} AND at < ${dayEnd}`,
    );
    expect(raw!.emergency).toBeGreaterThan(0);
    const res = await police.get(`/api/v1/alerts/dashboard?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      totals: { in: number; denied: number };
      byHour: Array<{ hour: number; in: number }>;
      strangers: { today: number; lastHour: number; byGate: Array<{ gateId: string; n: number }> };
    };
    expect(body.totals.in).toBe(raw!.grant_in);
    expect(body.totals.denied).toBe(raw!.denied);
    expect(body.byHour.reduce((s, h) => s + h.in, 0)).toBe(raw!.grant_in);
    expect(body.strangers.today).toBe(raw!.strangers);
    // The last hour is a sliding hour: the one unknown face 10 minutes ago at the counting gate.
    const [lastHour] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_events
          WHERE site_id = ${siteId} AND reason = 'unknown_face' AND gate_id IS NOT NULL
            AND at >= ${new Date(now.getTime() - 3600_000)} AND at >= ${dayStart}`,
    );
    expect(lastHour!.n).toBeGreaterThan(0);
    expect(body.strangers.lastHour).toBe(lastHour!.n);
    expect(body.strangers.byGate.find((g) => g.gateId === gateId)?.n).toBe(lastHour!.n);
  });

  it('retention: rows it deletes are subtracted, a dropped month takes its counts along', async () => {
    // An old month for the long-retention site: dropped whole once past 180 days.
    const old = new Date(Date.now() - 400 * 86_400_000);
    await runJob(env.ctx, accessPartitionsJob, old); // its partition, as the job made it then
    await env.ctx.db.execute(sql`
      INSERT INTO access_events (site_id, at, method, decision, reason)
      SELECT ${siteId}::uuid, ${old}::timestamptz + g * interval '1 minute', 'card', 'grant', 'resident'
      FROM generate_series(1, 50) g`);
    expect(await hourlyCountsDisagreeing(env.ctx.db)).toEqual([]);

    // The short-retention site's rows older than 30 days are deleted row by row.
    const [expired] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_events
          WHERE site_id = ${shortSiteId} AND at < now() - interval '30 days'`,
    );
    expect(expired!.n).toBeGreaterThan(0);
    const run = await runJob(env.ctx, accessRetentionJob);
    const result = run.result as {
      eventsPurged: number;
      partitionsDropped: string[];
      hourlyCountsPurged: number;
    };
    const oldMonth = monthOf(old);
    expect(result.partitionsDropped).toContain(
      `access_events_p${oldMonth.year}_${String(oldMonth.month).padStart(2, '0')}`,
    );
    // The dropped month's 50 rows are counted from the hourly counts, plus the short site's.
    expect(result.eventsPurged).toBe(50 + expired!.n);
    expect(result.hourlyCountsPurged).toBeGreaterThan(0);
    expect(await hourlyCountsDisagreeing(env.ctx.db)).toEqual([]);
    // Nothing is counted before the month the longest retention's cutoff falls in.
    const boundary = monthStart(monthOf(new Date(Date.now() - 180 * 86_400_000)));
    const [left] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_hourly_counts WHERE hour < ${boundary}`,
    );
    expect(left!.n).toBe(0);
  });
});
