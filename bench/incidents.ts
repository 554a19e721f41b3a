/**
 * bench:incidents — the incidents module under the speed targets.
 *   npm run bench:incidents [-- --incidents 50000] [-- --requests 40] [-- --pg postgres://…/test]
 * Runs on PGlite (the embedded default) and, when a PostgreSQL URL is given (or DATABASE_URL), on
 * a fresh database there too: the demo registry, `--incidents` incidents over the last two years
 * (the demo seeder's mix) written in bulk; then the analysis page over HTTP
 * (GET /incidents/analysis, every analysis query in one request), the safety-tip facts and the
 * public numbers, `--requests` times each, p50/p95.
 * Then the import: a generated dispatch export of 10,000 calls (CSV) posted to
 * POST /incidents/imports like the console does, its job followed through GET /incidents/imports/:id
 * until done (the progress seen on the way is printed).
 * Prints one JSON object per backend, then (last line) the summary: incidents, analysis_p95_ms
 * (the slowest p95 over the backends) and import_10k_s (the slowest over the backends).
 * Targets: every analysis query's p95 <= 150 ms (here the whole page, which is stricter); the
 * import of 10,000 rows <= 10 s.
 */
import { parseArgs } from 'node:util';
import { publicIncidentNumbers, safetyTipFacts } from '../packages/server/src/modules/incidents/analysis.ts';
import { categoryRows } from '../packages/server/src/modules/incidents/categories.ts';
import { incidentPublicPlaces, incidents } from '../packages/server/src/modules/incidents/schema.ts';
import { rooms } from '../packages/server/src/modules/registry/schema.ts';
import type { Db } from '../packages/server/src/db/client.ts';
import { eq } from 'drizzle-orm';
import {
  ensurePublicPlaces,
  generateIncidents,
  placesOf,
  prng,
} from '../packages/server/src/modules/incidents/seed.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import { type Backend, type Client, createTestEnv, signIn } from '../packages/server/test/harness.ts';

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

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
async function timed(times: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

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
    for (let i = 0; i < rows.length; i += 2000)
      await db.insert(incidents).values(rows.slice(i, i + 2000).map((r) => r.row));
    const loadS = round((performance.now() - t0) / 1000);
    const page = await timed(REQUESTS, async () => {
      const res = await police.get(`/api/v1/incidents/analysis?siteId=${siteId}`);
      if (res.statusCode !== 200) throw new Error(`analysis: ${res.statusCode} ${res.body.slice(0, 200)}`);
    });
    const facts = await timed(REQUESTS, () => safetyTipFacts(db, siteId, now));
    const publicNumbers = await timed(REQUESTS, () => publicIncidentNumbers(db, siteId, now));
    const imported = await importBench(db, police, siteId, now);
    const result = {
      backend,
      incidents: COUNT,
      load_s: loadS,
      analysis_page_ms: page,
      safety_tip_facts_ms: facts,
      public_numbers_ms: publicNumbers,
      analysis_p95_ms: Math.max(page.p95, facts.p95, publicNumbers.p95),
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
