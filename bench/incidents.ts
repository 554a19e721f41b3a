/**
 * bench:incidents — the incidents module under the issue's speed targets.
 *   npm run bench:incidents [-- --incidents 50000] [-- --requests 40] [-- --pg postgres://…/test]
 * Runs on PGlite (the embedded default) and, when a PostgreSQL URL is given (or DATABASE_URL), on
 * a fresh database there too: the demo registry, `--incidents` incidents over the last two years
 * (the demo seeder's mix, fraud victims among the registry's people) written in bulk; then each
 * query of the analysis page on its own (analysisQueries, the summary's and the boards'
 * queries), `--requests` times each after a warm-up, p50/p95; and the whole page over HTTP
 * (GET /incidents/analysis on a loopback port: session, guard, every query, serialisation).
 * Prints one line per query and one JSON object per backend, then (last line) the summary:
 * incidents, analysis_p95_ms (the slowest query's p95 over the backends) and import_10k_s.
 * Then the import: a generated dispatch export of 10,000 calls (CSV) posted to
 * POST /incidents/imports like the console does, its job followed through GET /incidents/imports/:id
 * until done (the progress seen on the way is printed); import_10k_s is the slowest over the backends.
 * Targets: every analysis query's p95 <= 150 ms; the import of 10,000 rows <= 10 s.
 */
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import {
  analyseIncidents,
  analysisQueries,
  publicIncidentNumbers,
  safetyTipFacts,
  summaryOf,
} from '../packages/server/src/modules/incidents/analysis.ts';
import { categoryRows } from '../packages/server/src/modules/incidents/categories.ts';
import {
  incidentPersons,
  incidentPublicPlaces,
  incidents,
} from '../packages/server/src/modules/incidents/schema.ts';
import { rooms } from '../packages/server/src/modules/registry/schema.ts';
import type { Db } from '../packages/server/src/db/client.ts';
import {
  ensurePublicPlaces,
  generateIncidents,
  placesOf,
  prng,
} from '../packages/server/src/modules/incidents/seed.ts';
import { persons } from '../packages/server/src/modules/registry/schema.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import { type Backend, type Client, createTestEnv, signIn } from '../packages/server/test/harness.ts';
import { timeRuns } from './face-lib.ts';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '50000' },
    requests: { type: 'string', default: '40' },
    pg: { type: 'string' },
  },
});
const COUNT = Number(values.incidents);
const REQUESTS = Number(values.requests);
const PG_URL = values.pg ?? process.env.DATABASE_URL;

const round = (n: number) => Math.round(n * 10) / 10;

const IMPORT_ROWS = 10_000;

/**
 * A dispatch export of IMPORT_ROWS calls at the site's places (flat addresses, shops, public
 * places) over the last year, posted as the console posts it; answers the seconds from the post
 * to the job's end and the progress seen on the way.
 */
async function importBench(db: Db, police: Client, siteId: string, now: Date) {
  const cats = (await categoryRows(db, siteId)).filter((c) => c.active);
  const placeNames = [
    ...(await db.select({ label: rooms.label }).from(rooms).where(eq(rooms.siteId, siteId))).map(
      (r) => r.label,
    ),
    ...(
      await db
        .select({ name: incidentPublicPlaces.nameZh })
        .from(incidentPublicPlaces)
        .where(eq(incidentPublicPlaces.siteId, siteId))
    ).map((p) => p.name),
  ];
  const rand = prng(15);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const lines = ['警情编号,接警时间,警情类别,发生地点,简要警情,处理结果,处警人'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    // Beijing wall-clock, 1 … 365 days ago.
    const at = new Date(now.getTime() + 8 * 3600_000 - (1 + rand() * 364) * 86_400_000);
    const when = at.toISOString().slice(0, 16).replace('T', ' ');
    lines.push(
      [
        `BENCH-${i}`,
        when,
        pick(cats).nameZh,
        pick(placeNames),
        `批量导入测试警情 ${i}`,
        pick(['现场调解', '告知', '立案', '']),
        '王警官',
      ].join(','),
    );
  }
  const form = new FormData();
  form.append('siteId', siteId);
  form.append('mode', 'all_or_nothing');
  form.append(
    'mapping',
    JSON.stringify({
      externalRef: 0,
      receivedAt: 1,
      category: 2,
      place: 3,
      summary: 4,
      outcome: 5,
      officer: 6,
    }),
  );
  form.append('file', new Blob([`${lines.join('\r\n')}\r\n`]), 'dispatch-10k.csv');
  const t0 = performance.now();
  const res = await police.request({
    method: 'POST',
    url: '/api/v1/incidents/imports',
    payload: form as unknown as string,
  });
  if (res.statusCode !== 202) throw new Error(`import: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const id = (res.json() as { id: string }).id;
  const progress: { s: number; status: string; processed: number }[] = [];
  for (;;) {
    const job = (await police.get(`/api/v1/incidents/imports/${id}`)).json() as {
      status: string;
      processed: number;
      imported: number;
      errors: unknown[];
    };
    const s = round((performance.now() - t0) / 1000);
    const last = progress.at(-1);
    if (!last || last.processed !== job.processed || last.status !== job.status)
      progress.push({ s, status: job.status, processed: job.processed });
    if (job.status === 'done' || job.status === 'failed') {
      if (job.imported !== IMPORT_ROWS) throw new Error(`import: ${JSON.stringify(job).slice(0, 400)}`);
      return { import_10k_s: s, import_progress: progress };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function run(backend: Backend) {
  if (backend === 'postgres') process.env.TEST_DATABASE_URL = PG_URL;
  const env = await createTestEnv(backend);
  try {
    const db = env.ctx.db;
    const police = await signIn(env.app, 'police');
    const siteId = police.me.sites[0]!.id;
    const byCode = new Map(
      (await categoryRows(db, siteId)).flatMap((c) => (c.code ? [[c.code, c.id] as const] : [])),
    );
    await ensurePublicPlaces(db, siteId);
    const places = await placesOf(db, siteId);
    const now = env.ctx.now();
    const today = shanghaiDate(now);
    const t0 = performance.now();
    const rows = generateIncidents(
      prng(1),
      COUNT,
      siteId,
      shanghaiDayStart(addDays(today, -730)),
      shanghaiDayStart(today),
      byCode,
      places,
    );
    // Fraud victims among the registry's people, as the demo seeder links them (the age bands join them).
    const people = await db.select({ id: persons.id }).from(persons).where(eq(persons.siteId, siteId));
    const rand = prng(2);
    for (let i = 0; i < rows.length; i += 2000) {
      const part = rows.slice(i, i + 2000);
      const ids = await db
        .insert(incidents)
        .values(part.map((r) => r.row))
        .returning({ id: incidents.id });
      const links = ids.flatMap((r, k) =>
        part[k]!.code.startsWith('fraud.') && people.length
          ? [
              {
                incidentId: r.id,
                personId: people[Math.floor(rand() * people.length)]!.id,
                role: 'victim' as const,
              },
            ]
          : [],
      );
      if (links.length) await db.insert(incidentPersons).values(links);
    }
    const loadS = round((performance.now() - t0) / 1000);
    // PostgreSQL's autovacuum analyses and vacuums a table this freshly filled within a minute or
    // so (and would do it midway through the timings): do it now, so every figure is the steady
    // state. PGlite runs no autovacuum (and the app no ANALYZE), so it stays without statistics.
    if (backend === 'postgres') await db.execute(sql`VACUUM ANALYZE incidents, incident_persons`);

    // Each query of the page on its own (what analyseIncidents runs), then the boards' two.
    const q = analysisQueries(db, siteId, now);
    const categories = await q.categories();
    const tip = await q.facts(categories);
    const page = await analyseIncidents(db, siteId, now);
    const period = { total: page.total, disputeHelp: page.disputeHelp.count };
    const pageQueries: Record<string, () => Promise<unknown>> = {
      categories: q.categories,
      by_category: q.by_category, // the dispute + help share is summed from it
      trend: q.trend, // weekly and monthly: the weeks shown
      trend_last_year: q.trend_last_year, // and the year before them
      heatmap: q.heatmap,
      top_places: q.top_places,
      by_building: q.by_building, // the building map
      fraud_ages: () => q.fraud_ages(categories),
      facts: () => q.facts(categories), // last 4 weeks: counts, then the top category's hours and victims
      summary: () => summaryOf(db, siteId, now, tip.facts, period, tip.bands.get('60+') ?? 0),
    };
    const boardQueries: Record<string, () => Promise<unknown>> = {
      board_safety_tip_facts: () => safetyTipFacts(db, siteId, now),
      board_public_numbers: () => publicIncidentNumbers(db, siteId, now),
    };
    const perQuery: Record<string, { p50: number; p95: number }> = {};
    for (const [name, fn] of Object.entries({ ...pageQueries, ...boardQueries })) {
      perQuery[name] = await timeRuns(REQUESTS, fn);
      console.log(
        `${backend.padEnd(8)} ${name.padEnd(22)} p50 ${perQuery[name].p50} ms  p95 ${perQuery[name].p95} ms`,
      );
    }

    // The whole page over HTTP (on PostgreSQL its queries run concurrently on the pool).
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const address = env.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const url = `http://127.0.0.1:${address.port}/api/v1/incidents/analysis?siteId=${siteId}`;
    const pageMs = await timeRuns(REQUESTS, async () => {
      const res = await fetch(url, { headers: { cookie: police.cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`analysis: ${res.status} ${body.slice(0, 200)}`);
    });
    console.log(
      `${backend.padEnd(8)} ${'page (HTTP)'.padEnd(22)} p50 ${pageMs.p50} ms  p95 ${pageMs.p95} ms`,
    );
    const imported = await importBench(db, police, siteId, now);
    const result = {
      backend,
      incidents: COUNT,
      n: REQUESTS,
      load_s: loadS,
      queries_ms: perQuery,
      analysis_page_ms: pageMs,
      analysis_p95_ms: Math.max(...Object.keys(pageQueries).map((k) => perQuery[k]!.p95)),
      ...imported,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await env.close();
  }
}

const backends: Backend[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];
const results = [];
for (const b of backends) results.push(await run(b));
console.log(
  JSON.stringify({
    incidents: COUNT,
    analysis_p95_ms: Math.max(...results.map((r) => r.analysis_p95_ms)),
    import_10k_s: Math.max(...results.map((r) => r.import_10k_s)),
    backends: results,
  }),
);
