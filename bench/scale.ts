/**
 * bench:scale — the access log, dashboard, export and background jobs at a sub-bureau's size.
 *   npm run bench:scale -- --database-url postgres://postgres@127.0.0.1:5432/anju_scale \
 *     --sites 50 --days 10 [--people 5000] [--requests 20] [--skip-fill]
 * Creates the database when missing and migrates it through the project's migrations (the demo
 * compound and accounts come with it), then fills it with bulk SQL (generate_series; setseed per
 * day, so a rerun makes the same data): `--sites` compounds (规模测试小区), 4 gates each,
 * `--people` people each, 4 passages a person a day over the last `--days` days (today included),
 * ~7 % denials of which ~5 points unknown faces. `--skip-fill` reuses what is there; `--extend`
 * keeps it and adds the older days up to `--days` (30 days filled, then `--days 90 --extend`: the
 * 60 days before them), so a larger size is reached without filling the first again.
 * Then the app (buildApp) listens on a loopback port and the API is timed over HTTP, signed in as
 * a one-compound officer and as a sub-bureau officer who sees every compound: the log's first
 * page (one site, all sites), filters (gate + day, denials over 7 days, one person), a deep page
 * (the cursor after 100 pages), the person timeline, the dashboard, the overview, the export's
 * first byte; then one run of every background job (MODULE_JOBS). `--requests` runs each after a
 * warm-up. Prints one line per measure; the last line is JSON (p50/p95 ms per query, rows, bytes
 * of access_events with its partitions and indexes).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { monthOf, monthBounds, partitionName } from '../packages/server/src/modules/access/partitions.ts';
import { MODULE_JOBS } from '../packages/server/src/modules/index.ts';
import type { AppContext } from '../packages/server/src/platform/context.ts';
import { createKeyring } from '../packages/server/src/platform/crypto.ts';
import { createEventBus } from '../packages/server/src/platform/events.ts';
import { runJob } from '../packages/server/src/platform/jobs.ts';
import { createUser } from '../packages/server/src/platform/org/service.ts';
import { prepareDatabase } from '../packages/server/src/platform/startup.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import { percentile, timeRuns } from './face-lib.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    sites: { type: 'string', default: '50' },
    days: { type: 'string', default: '10' },
    people: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '20' },
    'skip-fill': { type: 'boolean', default: false },
    extend: { type: 'boolean', default: false },
  },
});
const URL_ = values['database-url'] ?? process.env.DATABASE_URL;
if (!URL_) throw new Error('--database-url postgres://… is required');
const SITES = Number(values.sites);
const DAYS = Number(values.days);
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const PASSWORD = 'bench-scale-password-1';
const SITE_PREFIX = '规模测试小区';

const round = (n: number) => Math.round(n * 10) / 10;
const results: Record<string, { p50: number; p95: number }> = {};
async function timed(name: string, fn: () => Promise<unknown>, times = REQUESTS) {
  results[name] = await timeRuns(times, fn);
  console.log(`${name.padEnd(28)} p50 ${results[name].p50} ms  p95 ${results[name].p95} ms`);
}

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rows.length === 0) {
    await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    console.log(`created database ${name}`);
  }
  await c.end();
}

/** The compounds, gates, people and events, in bulk; reproducible (setseed). */
async function fill(url: string, today: string, extend: boolean) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('SET max_parallel_workers_per_gather = 0'); // one ordered random() stream
  const q = (text: string, params: unknown[] = []) => c.query(text, params);
  const existing = await q('SELECT count(*)::int AS n FROM sites WHERE name LIKE $1', [`${SITE_PREFIX}%`]);
  const started = performance.now();
  // With --extend, the days before the oldest one there (the compounds and people are reused).
  let newestDay = 0;
  if (existing.rows[0].n > 0) {
    if (!extend) throw new Error('the database already holds bench data: use --skip-fill or --extend');
    const oldest = await q(
      `SELECT min(at) AS at FROM access_events WHERE site_id = (SELECT id FROM sites WHERE name = $1)`,
      [`${SITE_PREFIX}001`],
    );
    const oldestDay = shanghaiDate(new Date(oldest.rows[0].at));
    while (addDays(today, -newestDay) >= oldestDay) newestDay++;
    console.log(`extending: days before ${oldestDay} (${newestDay} there)`);
  } else {
    await q(
      `INSERT INTO sites (name, address)
     SELECT $1 || lpad(s::text, 3, '0'), '规模测试路 ' || s || ' 号（虚构）' FROM generate_series(1, $2) s`,
      [SITE_PREFIX, SITES],
    );
    await q(
      `INSERT INTO gates (site_id, name, direction)
     SELECT s.id, g.name, g.direction FROM sites s
     CROSS JOIN (VALUES ('东门进', 'in'), ('东门出', 'out'), ('西门', 'both'), ('车库门', 'both')) AS g(name, direction)
     WHERE s.name LIKE $1`,
      [`${SITE_PREFIX}%`],
    );
    await q(
      `INSERT INTO persons (site_id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash)
     SELECT s.id, '规模' || n, 'gm', CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END,
            date '1950-01-01' + (n * 7919 % 20000), 'bench', md5(s.id::text || n)
     FROM sites s CROSS JOIN generate_series(1, $2) n WHERE s.name LIKE $1`,
      [`${SITE_PREFIX}%`, PEOPLE],
    );
  }
  // Numbered look-ups for the event generator.
  await q(`CREATE TEMP TABLE bench_people AS
     SELECT p.id, p.site_id, (row_number() OVER (PARTITION BY p.site_id ORDER BY p.id))::int AS idx
     FROM persons p JOIN sites s ON s.id = p.site_id WHERE s.name LIKE '${SITE_PREFIX}%'`);
  await q(`CREATE TEMP TABLE bench_gates AS
     SELECT g.id, g.site_id, g.direction, (row_number() OVER (PARTITION BY g.site_id ORDER BY g.name))::int - 1 AS idx
     FROM gates g JOIN sites s ON s.id = g.site_id WHERE s.name LIKE '${SITE_PREFIX}%'`);
  await q('ANALYZE bench_people');
  await q('ANALYZE bench_gates');
  console.log(`compounds, gates, people: ${round((performance.now() - started) / 1000)} s`);
  // Days grouped by month. A month with no partition yet is loaded into a table of its own with
  // no index, then attached (the parent's indexes and keys are built on it in one sort each, and
  // its hourly counts added as the migration added those of existing events): several times
  // faster than maintaining seven indexes row by row. A month that has its partition (the
  // current one, made by the migration) is filled through access_events and its triggers.
  const months = new Map<string, string[]>();
  for (let d = DAYS - 1; d >= newestDay; d--) {
    const day = addDays(today, -d);
    const name = partitionName(monthOf(shanghaiDayStart(day)));
    months.set(name, [...(months.get(name) ?? []), day]);
  }
  for (const [name, days] of months) {
    const exists = (await q('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${name}`])).rows[0]
      .present;
    const target = exists ? 'access_events' : `${name}_load`;
    if (!exists) {
      await q(`DROP TABLE IF EXISTS ${target}`);
      await q(`CREATE TABLE ${target} (LIKE access_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    }
    for (const day of days) {
      const t = performance.now();
      // Seeded by the date, so a day's events are the same whichever run fills it.
      await q('SELECT setseed($1)', [(Number(day.replaceAll('-', '')) % 997) / 997]);
      // 4 passages a person a day at random times; r picks the outcome: < 0.05 an unknown face
      // (no person), < 0.07 another denial, else a grant.
      const inserted = await q(
        `INSERT INTO ${target} (site_id, gate_id, direction, at, person_id, method, decision, reason, score, liveness)
         SELECT x.site_id, g.id, g.direction, x.at,
                CASE WHEN x.r < 0.05 THEN NULL ELSE x.person_id END,
                CASE WHEN x.r >= 0.07 AND x.r < 0.17 THEN 'card' ELSE 'face' END,
                CASE WHEN x.r < 0.07 THEN 'deny' ELSE 'grant' END,
                CASE WHEN x.r < 0.05 THEN 'unknown_face' WHEN x.r < 0.07 THEN 'person_inactive' ELSE 'resident' END,
                CASE WHEN x.r >= 0.07 AND x.r < 0.17 THEN NULL ELSE round((0.4 + x.r * 0.5)::numeric, 3)::real END,
                0.9
         FROM (
           SELECT p.site_id, p.id AS person_id, (p.idx + k) % 4 AS gate_idx, random() AS r,
                  $1::timestamptz + (random() * 86399999)::bigint * interval '1 millisecond' AS at
           FROM bench_people p CROSS JOIN generate_series(1, 4) k
         ) x JOIN bench_gates g ON g.site_id = x.site_id AND g.idx = x.gate_idx
         ORDER BY x.at`,
        [shanghaiDayStart(day)],
      );
      console.log(`day ${day}: ${inserted.rowCount} events in ${round((performance.now() - t) / 1000)} s`);
    }
    if (!exists) {
      const t = performance.now();
      const { from, to } = monthBounds(monthOf(shanghaiDayStart(days[0]!)));
      await q(
        `INSERT INTO access_hourly_counts AS c (site_id, hour, gate_id, direction, decision, method, stranger, n)
         SELECT site_id, date_trunc('hour', at, 'Asia/Shanghai'), gate_id, direction, decision, method,
                reason = 'unknown_face', count(*)
         FROM ${target} GROUP BY 1, 2, 3, 4, 5, 6, 7
         ON CONFLICT ON CONSTRAINT access_hourly_counts_key DO UPDATE SET n = c.n + excluded.n`,
      );
      await q(`ALTER TABLE ${target} RENAME TO ${name}`);
      await q(
        `ALTER TABLE access_events ATTACH PARTITION ${name}
         FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      console.log(`${name}: counted, indexed and attached in ${round((performance.now() - t) / 1000)} s`);
    }
  }
  // As autovacuum leaves an insert-only table: visibility map set (index-only counts), statistics fresh.
  await q('VACUUM ANALYZE access_events');
  await q('ANALYZE');
  console.log(`fill: ${round((performance.now() - started) / 1000)} s`);
  await c.end();
}

interface Http {
  cookie: string;
  get(pathAndQuery: string): Promise<Response>;
  json<T>(pathAndQuery: string): Promise<T>;
}

async function signIn(base: string, username: string, password: string): Promise<Http> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const get = (p: string) => fetch(`${base}/api/v1${p}`, { headers: { cookie } });
  return {
    cookie,
    get,
    async json<T>(p: string) {
      const r = await get(p);
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
  };
}

async function main() {
  await ensureDatabase(URL_!);
  const now = new Date();
  const today = shanghaiDate(now);
  const base = loadConfig(
    { ANJU_DATA_DIR: path.join(os.tmpdir(), 'anju-bench-scale-unused'), LOG_LEVEL: 'silent' },
    'demo',
  );
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-scale-anchor-'));
  const database = await openDatabase({ url: URL_, pgliteDir: 'memory://' });
  const ctx: AppContext = {
    config: {
      ...base,
      demoPassword: PASSWORD,
      databaseUrl: URL_,
      auditAnchor: { ...base.auditAnchor, dir: anchorDir },
    },
    database,
    db: database.db,
    // Fixed: a rerun with --skip-fill continues the same audit chain.
    keyring: createKeyring(crypto.createHash('sha256').update('bench-scale').digest()),
    events: await createEventBus(URL_),
    now: () => new Date(),
  };
  // A plain pool for the bench's own look-ups.
  const pool = new pg.Pool({ connectionString: URL_, max: 2 });
  const migrated = performance.now();
  await prepareDatabase(ctx, []);
  console.log(`migrations: ${round(performance.now() - migrated)} ms`);
  if (!values['skip-fill']) {
    await fill(URL_!, today, values.extend === true);
  }
  if (!values['skip-fill'] && !values.extend) {
    const siteRows = await pool.query<{ id: string }>(
      `SELECT id FROM sites WHERE name LIKE $1 ORDER BY name`,
      [`${SITE_PREFIX}%`],
    );
    const ids = siteRows.rows.map((r) => r.id);
    await createUser(ctx.db, {
      username: 'scale_subbureau',
      displayName: '分局民警（规模测试）',
      role: 'police',
      password: PASSWORD,
      siteIds: ids,
    });
    await createUser(ctx.db, {
      username: 'scale_onesite',
      displayName: '警务室民警（规模测试）',
      role: 'police',
      password: PASSWORD,
      siteIds: [ids[0]!],
    });
  }
  const [{ n: events }] = (await pool.query<{ n: string }>('SELECT count(*) AS n FROM access_events'))
    .rows as [{ n: string }];
  const bytes = Number(
    (
      await pool.query<{ b: string }>(
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS b FROM pg_class c
         WHERE c.oid = 'access_events'::regclass
            OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'access_events'::regclass)`,
      )
    ).rows[0]!.b,
  );
  console.log(`access_events: ${events} rows, ${round(bytes / 1024 ** 3)} GiB`);

  const app = await buildApp(ctx, { logger: false });
  app.serving = true;
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const one = await signIn(address, 'scale_onesite', PASSWORD);
  const all = await signIn(address, 'scale_subbureau', PASSWORD);
  const site = (
    await pool.query<{ id: string }>(`SELECT id FROM sites WHERE name = $1`, [`${SITE_PREFIX}001`])
  ).rows[0]!.id;
  const gate = (
    await pool.query<{ id: string }>(`SELECT id FROM gates WHERE site_id = $1 ORDER BY name LIMIT 1`, [site])
  ).rows[0]!.id;
  const person = (
    await pool.query<{ id: string }>(
      `SELECT id FROM persons WHERE site_id = $1 ORDER BY id LIMIT 1 OFFSET $2`,
      [site, Math.min(123, PEOPLE - 1)],
    )
  ).rows[0]!.id;
  const midDay = addDays(today, -Math.floor(DAYS / 2));
  const enc = encodeURIComponent;
  const dayRange = `from=${enc(shanghaiDayStart(midDay).toISOString())}&to=${enc(shanghaiDayStart(addDays(midDay, 1)).toISOString())}`;
  const weekAgo = enc(shanghaiDayStart(addDays(today, -6)).toISOString());

  type Page = { items: unknown[]; total: number; totalCapped: boolean; nextCursor: string | null };
  await timed('log_one_site', () => one.json<Page>('/access/events'));
  await timed('log_all_sites', () => all.json<Page>('/access/events'));
  await timed('log_gate_day', () =>
    all.json<Page>(`/access/events?siteId=${site}&gateId=${gate}&${dayRange}`),
  );
  await timed('log_deny_7_days', () =>
    all.json<Page>(`/access/events?siteId=${site}&decision=deny&from=${weekAgo}`),
  );
  await timed('log_deny_7_days_all_sites', () =>
    all.json<Page>(`/access/events?decision=deny&from=${weekAgo}`),
  );
  await timed('log_person', () => all.json<Page>(`/access/events?personId=${person}&purpose=bench`));
  await timed('person_timeline', () =>
    all.json<Page>(`/access/events?personId=${person}&purpose=bench&pageSize=500`),
  );
  // The cursor after 100 pages of the all-sites log.
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Page = await all.json<Page>(`/access/events${cursor ? `?cursor=${cursor}` : ''}`);
    cursor = page.nextCursor;
  }
  await timed('deep_page_all_sites', () => all.json<Page>(`/access/events?cursor=${cursor}`));
  await timed('dashboard_one_site', () => one.json('/alerts/dashboard'));
  await timed('dashboard_all_sites', () => all.json('/alerts/dashboard'));
  await timed('overview_all_sites', () => all.json('/access/overview'));
  // The export: time to the first chunk (then the download is abandoned).
  const firstByte: number[] = [];
  for (let i = 0; i < 3; i++) {
    const controller = new AbortController();
    const t = performance.now();
    const res = await fetch(`${address}/api/v1/access/events/export?siteId=${site}&purpose=bench`, {
      headers: { cookie: all.cookie },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    firstByte.push(performance.now() - t);
    controller.abort();
  }
  firstByte.sort((a, b) => a - b);
  const exportFirstByte = round(percentile(firstByte, 0.5));
  console.log(`export first byte           ${exportFirstByte} ms (median of 3)`);

  const jobs: Record<string, number> = {};
  for (const job of MODULE_JOBS) {
    const t = performance.now();
    await runJob(ctx, job, new Date());
    jobs[job.name] = round(performance.now() - t);
    console.log(`job ${job.name.padEnd(32)} ${jobs[job.name]} ms`);
  }
  await app.close();
  await ctx.events.close();
  await database.close();
  await pool.end();
  fs.rmSync(anchorDir, { recursive: true, force: true });

  const p95 = (k: string) => results[k]?.p95 ?? null;
  console.log(
    JSON.stringify({
      backend: 'postgres',
      sites: SITES,
      days: DAYS,
      people_per_site: PEOPLE,
      events: Number(events),
      bytes_on_disk: bytes,
      requests: REQUESTS,
      log_one_site_p95_ms: p95('log_one_site'),
      log_all_sites_p95_ms: p95('log_all_sites'),
      deep_page_p95_ms: p95('deep_page_all_sites'),
      dashboard_all_sites_p95_ms: p95('dashboard_all_sites'),
      overview_all_sites_p95_ms: p95('overview_all_sites'),
      export_first_byte_ms: exportFirstByte,
      job_max_ms: Math.max(...Object.values(jobs)),
      queries: results,
      jobs,
    }),
  );
}

await main();
