/**
 * bench:incidents — the incidents module under the speed targets.
 *   npm run bench:incidents [-- --incidents 50000] [-- --requests 40] [-- --pg postgres://…/test]
 * Runs on PGlite (the embedded default) and, when a PostgreSQL URL is given (or DATABASE_URL), on
 * a fresh database there too: the demo registry, `--incidents` incidents over the last two years
 * (the demo seeder's mix) written in bulk; then the analysis page over HTTP
 * (GET /incidents/analysis, every analysis query in one request), the safety-tip facts and the
 * public numbers, `--requests` times each, p50/p95.
 * Prints one JSON object per backend, then (last line) the summary: incidents, analysis_p95_ms
 * (the slowest p95 over the backends) and import_10k_s (null: the import is not built yet).
 * Target: every analysis query's p95 <= 150 ms (here the whole page, which is stricter).
 */
import { parseArgs } from 'node:util';
import { publicIncidentNumbers, safetyTipFacts } from '../packages/server/src/modules/incidents/analysis.ts';
import { categoryRows } from '../packages/server/src/modules/incidents/categories.ts';
import { incidents } from '../packages/server/src/modules/incidents/schema.ts';
import {
  ensurePublicPlaces,
  generateIncidents,
  placesOf,
  prng,
} from '../packages/server/src/modules/incidents/seed.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import { type Backend, createTestEnv, signIn } from '../packages/server/test/harness.ts';

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
    const result = {
      backend,
      incidents: COUNT,
      load_s: loadS,
      analysis_page_ms: page,
      safety_tip_facts_ms: facts,
      public_numbers_ms: publicNumbers,
      analysis_p95_ms: Math.max(page.p95, facts.p95, publicNumbers.p95),
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
    import_10k_s: null,
    backends: results,
  }),
);
