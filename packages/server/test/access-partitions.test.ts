/**
 * access_events partitioned by Shanghai month (migration access_events_partitions, issue 18): an
 * event lands in its month's partition across the UTC/Shanghai boundary, Drizzle's insert …
 * returning still answers, an event no month covers waits in the default partition until the
 * maintenance job gives its month a partition (moving it there, once), and retention drops whole
 * months older than the longest retention while deleting a site's younger-but-expired rows in
 * bounded batches.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import {
  accessPartitionsJob,
  MONTHS_AHEAD,
  monthOf,
  partitionName,
} from '../src/modules/access/partitions.ts';
import { accessRetentionJob, RETENTION_BATCH } from '../src/modules/access/retention.ts';
import { accessEvents, accessSettings } from '../src/modules/access/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { alertJobs, FORGET_BATCH } from '../src/modules/alerts/jobs.ts';
import { runJob } from '../src/platform/jobs.ts';
import { createTestEnv, describeBackends, type TestEnv } from './harness.ts';

describeBackends('access events partitioned by month', (backend) => {
  let env: TestEnv;
  let siteId: string;
  let shortSiteId: string;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    const [site] = await env.ctx.db.select({ id: sites.id }).from(sites).limit(1);
    siteId = site!.id;
    const [short] = await env.ctx.db
      .insert(sites)
      .values({ name: '短期保存小区' })
      .returning({ id: sites.id });
    shortSiteId = short!.id;
    await env.ctx.db.insert(accessSettings).values({ siteId: shortSiteId, accessEventDays: 30 });
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  const insert = (at: string, site = siteId) =>
    env.ctx.db
      .insert(accessEvents)
      .values({ siteId: site, at: new Date(at), method: 'card', decision: 'deny', reason: 'unknown_card' })
      .returning({ id: accessEvents.id, at: accessEvents.at });

  const whereIs = async (id: number) =>
    queryRows<{ part: string }>(
      env.ctx.db,
      sql`SELECT tableoid::regclass::text AS part FROM access_events WHERE id = ${id}`,
    );

  const partitions = async () =>
    (
      await queryRows<{ name: string }>(
        env.ctx.db,
        sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'access_events'::regclass ORDER BY 1`,
      )
    ).map((r) => r.name);

  it('is partitioned from migration: this month and the next ones, and a default partition', async () => {
    const [kind] = await queryRows<{ def: string }>(
      env.ctx.db,
      sql`SELECT pg_get_partkeydef('access_events'::regclass) AS def`,
    );
    expect(kind?.def).toBe('RANGE (at)');
    const names = await partitions();
    expect(names).toContain('access_events_default');
    const now = monthOf(new Date());
    for (let i = 0; i <= MONTHS_AHEAD; i++) {
      const m = {
        year: now.year + Math.floor((now.month - 1 + i) / 12),
        month: ((now.month - 1 + i) % 12) + 1,
      };
      expect(names).toContain(partitionName(m));
    }
  });

  it('puts an event at a Shanghai month boundary into the right month; insert … returning answers', async () => {
    const run = await runJob(env.ctx, accessPartitionsJob, new Date('2026-11-20T00:00:00Z'));
    expect(run.ran).toBe(true);
    const [lastOfNovember] = await insert('2026-11-30T15:59:59.999Z');
    const [firstOfDecember] = await insert('2026-11-30T16:00:00.000Z'); // 2026-12-01 00:00 in Shanghai
    expect(lastOfNovember?.id).toEqual(expect.any(Number));
    expect(firstOfDecember!.id).toBeGreaterThan(lastOfNovember!.id);
    expect(firstOfDecember!.at.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(await whereIs(lastOfNovember!.id)).toEqual([{ part: 'access_events_p2026_11' }]);
    expect(await whereIs(firstOfDecember!.id)).toEqual([{ part: 'access_events_p2026_12' }]);
  });

  it('keeps an event no month covers in the default partition, then moves it once to its new month', async () => {
    const [future] = await insert('2027-07-15T04:00:00Z');
    const [past] = await insert('2026-08-10T04:00:00Z');
    expect(await whereIs(future!.id)).toEqual([{ part: 'access_events_default' }]);
    expect(await whereIs(past!.id)).toEqual([{ part: 'access_events_default' }]);

    // Months ahead of "now" (June 2027: June … September), the July row moving with them.
    const ahead = await runJob(env.ctx, accessPartitionsJob, new Date('2027-06-05T00:00:00Z'));
    expect(ahead.result).toMatchObject({ moved: 2 }); // July's row, and August's below
    expect(ahead.result?.created).toEqual(expect.arrayContaining(['access_events_p2027_07']));
    expect(await whereIs(future!.id)).toEqual([{ part: 'access_events_p2027_07' }]);
    // The past month the default partition caught gets its own partition in that run too.
    expect(ahead.result?.created).toContain('access_events_p2026_08');
    expect(await whereIs(past!.id)).toEqual([{ part: 'access_events_p2026_08' }]);

    const again = await runJob(env.ctx, accessPartitionsJob, new Date('2027-06-05T00:00:00Z'));
    expect(again.result).toMatchObject({ created: [], moved: 0 });
    const [counts] = await queryRows<{ n: number; ids: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM access_events`,
    );
    expect(counts!.n).toBe(counts!.ids);
    expect(counts!.n).toBe(4);
  });

  it('drops months older than the longest retention whole, and deletes expired rows in bounded batches', async () => {
    await runJob(env.ctx, accessPartitionsJob, new Date('2026-09-05T00:00:00Z')); // September, October
    await insert('2026-09-03T04:00:00Z');
    // The month straddling the 180-day cutoff (2027-04-15 − 180 days = 2026-10-17): old rows of
    // the main site, more than one batch of them, and rows still kept.
    await env.ctx.db.execute(
      sql`INSERT INTO access_events (site_id, at, method, decision, reason)
          SELECT ${siteId}, '2026-10-02T00:00:00Z'::timestamptz + g * interval '1 second', 'card', 'grant', 'ok'
          FROM generate_series(1, ${RETENTION_BATCH + 3}) g`,
    );
    const [kept] = await insert('2026-10-20T04:00:00Z');
    // The 30-day site: expired by March, although its month is younger than any dropped one.
    const [shortOld] = await insert('2027-03-01T04:00:00Z', shortSiteId);
    const [shortKept] = await insert('2027-04-01T04:00:00Z', shortSiteId);

    const [inDropped] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_events WHERE at < '2026-09-30T16:00:00Z'`,
    );
    expect(inDropped!.n).toBe(2); // the August row moved earlier, and September's
    const now = new Date('2027-04-15T00:00:00Z');
    const first = await runJob(env.ctx, accessRetentionJob, now);
    // The short-retention site comes first in the batch; then the main site's oldest rows.
    expect(first.result).toMatchObject({
      eventsPurged: RETENTION_BATCH + inDropped!.n,
      partitionsDropped: ['access_events_p2026_08', 'access_events_p2026_09'],
    });
    expect(await whereIs(shortOld!.id)).toEqual([]);
    expect(await whereIs(shortKept!.id)).toHaveLength(1);
    expect(await partitions()).not.toContain('access_events_p2026_09');

    const second = await runJob(env.ctx, accessRetentionJob, now);
    expect(second.result).toMatchObject({ eventsPurged: 4, partitionsDropped: [] });
    const third = await runJob(env.ctx, accessRetentionJob, now);
    expect(third.result).toMatchObject({ eventsPurged: 0 });
    expect(await whereIs(kept!.id)).toHaveLength(1);
    const [left] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_events WHERE at < '2026-10-17T00:00:00Z'`,
    );
    expect(left!.n).toBe(0);
  });

  it('alerts.evaluate-missed forgets old evaluation markers a bounded batch a run, oldest first', async () => {
    await env.ctx.db.execute(
      sql`INSERT INTO alert_evaluations (access_event_id, evaluated_at)
          SELECT -g, now() - interval '3 days' - g * interval '1 second'
          FROM generate_series(1, ${FORGET_BATCH + 2}) g`,
    );
    await env.ctx.db.execute(sql`INSERT INTO alert_evaluations (access_event_id) VALUES (-999999999)`);
    const first = await runJob(env.ctx, alertJobs.missed);
    expect(first.result).toMatchObject({ forgotten: FORGET_BATCH });
    // The oldest went first: what is left of the old ones are the two youngest.
    const left = await queryRows<{ id: number }>(
      env.ctx.db,
      sql`SELECT access_event_id::int AS id FROM alert_evaluations WHERE access_event_id < 0 ORDER BY 1`,
    );
    expect(left.map((r) => r.id)).toEqual([-999999999, -2, -1]);
    const second = await runJob(env.ctx, alertJobs.missed);
    expect(second.result).toMatchObject({ forgotten: 2 });
    const third = await runJob(env.ctx, alertJobs.missed);
    expect(third.result).toMatchObject({ forgotten: 0 });
  });

  it.runIf(backend === 'postgres')(
    'leaves a month for a later run when its detach cannot have the lock in time (an ANALYZE holds it), counts kept',
    async () => {
      // October 2026 (Shanghai) holds the row the previous test kept; on 2027-05-20 the 180-day
      // cutoff lies in November, so October is due to be dropped.
      const october = sql`hour >= '2026-09-30T16:00:00Z' AND hour < '2026-10-31T16:00:00Z'`;
      const octoberCounted = async () =>
        (
          await queryRows<{ n: number }>(
            env.ctx.db,
            sql`SELECT coalesce(sum(n), 0)::int AS n FROM access_hourly_counts WHERE ${october}`,
          )
        )[0]!.n;
      expect(await octoberCounted()).toBeGreaterThan(0);
      const now = new Date('2027-05-20T00:00:00Z');
      const holder = new pg.Client({ connectionString: env.ctx.config.databaseUrl! });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE access_events IN SHARE UPDATE EXCLUSIVE MODE'); // as ANALYZE does
        const blocked = await runJob(env.ctx, accessRetentionJob, now);
        expect(blocked.result).toMatchObject({
          partitionsDropped: [],
          partitionsDeferred: ['access_events_p2026_10'],
        });
        expect(await partitions()).toContain('access_events_p2026_10');
        // The run's other work stands, and the month keeps the counts its drop will sum.
        expect(blocked.result?.eventsPurged).toBeGreaterThan(0); // the 30-day site's April row
        expect(await octoberCounted()).toBeGreaterThan(0);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      const later = await runJob(env.ctx, accessRetentionJob, now);
      expect(later.result).toMatchObject({
        partitionsDropped: ['access_events_p2026_10'],
        partitionsDeferred: [],
      });
      expect(await partitions()).not.toContain('access_events_p2026_10');
      expect(await octoberCounted()).toBe(0);
    },
  );
});
