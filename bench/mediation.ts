/**
 * bench:mediation — the mediation module under the speed targets.
 *   npm run bench:mediation [-- --cases 10000] [-- --requests 60] [-- --pg postgres://…/test]
 *                           [-- --skip-maintenance]
 * Runs on PGlite (the embedded default) and, when a PostgreSQL URL is given (or DATABASE_URL), on a
 * fresh database there too: the small demo registry, the demo roster and `--cases` cases built like
 * the demo seed's (every state; over the last two years; team, sessions, agreements, terms,
 * follow-ups) written in bulk, then the planner statistics a running product has (PostgreSQL's
 * autovacuum, PGlite's mediation-analyze job; not with --skip-maintenance). Then, through the app
 * (session, guard, validation, serialisation; app.inject), `--requests` times each after a warm-up:
 *   - the case list and its filters (status, type, grade, overdue, a search, a later page), as police
 *     and as the team-scoped mediator;
 *   - the statistics (last 12 months, and a 2-year period);
 *   - the agreement PDF of a case.
 * Prints one JSON object per backend, then (last line) the summary: cases, list_p95_ms, stats_p95_ms,
 * pdf_p95_ms — the worst over the backends — with every backend's figures.
 * Targets: list/filter p95 <= 50 ms; statistics p95 <= 100 ms; agreement PDF p95 <= 300 ms.
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import type { MediationStatus } from '@anju/contracts';
import { mediationAnalyzeJob } from '../packages/server/src/modules/mediation/analyze-job.ts';
import { mediationAgreements } from '../packages/server/src/modules/mediation/schema.ts';
import {
  buildCase,
  caseWorld,
  type CaseBundle,
  insertBundles,
  seedPeople,
} from '../packages/server/src/modules/mediation/seed.ts';
import { runJob } from '../packages/server/src/platform/jobs.ts';
import { Rng } from '../packages/server/src/platform/random.ts';
import { shanghaiDate } from '../packages/server/src/platform/time.ts';
import { type Backend, type Client, createTestEnv, signIn } from '../packages/server/test/harness.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '60' },
    pg: { type: 'string' },
    // The state right after a bulk load, before the product's maintenance job has run.
    'skip-maintenance': { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.cases);
const REQUESTS = Number(values.requests);
const PG_URL = values.pg ?? process.env.DATABASE_URL;
const API = '/api/v1/mediation';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};

/** `times` timed GETs (after 3 untimed), each answered 200. */
async function timed(client: Client, url: string, times: number): Promise<number[]> {
  const once = async () => {
    const t = performance.now();
    const res = await client.get(url);
    const ms = performance.now() - t;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return ms;
  };
  for (let i = 0; i < 3; i++) await once();
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await once());
  return out;
}

/** The state mix of a busy year: most cases closed, the rest spread over the open states. */
const STATES: readonly (readonly [MediationStatus, number])[] = [
  ['closed', 80],
  ['fulfilment', 6],
  ['in_mediation', 5],
  ['team_ready', 3],
  ['graded', 3],
  ['intake', 3],
];
function pickState(rng: Rng): MediationStatus {
  let r = rng.next() * 100;
  for (const [s, w] of STATES) {
    r -= w;
    if (r < 0) return s;
  }
  return 'closed';
}

async function run(backend: Backend) {
  if (backend === 'postgres') process.env.TEST_DATABASE_URL = PG_URL;
  const env = await createTestEnv(backend);
  try {
    const police = await signIn(env.app, 'police');
    const mediator = await signIn(env.app, 'mediator');
    const siteId = police.me.sites[0]!.id;
    const { db } = env.ctx;
    const world = await caseWorld(db, env.ctx.keyring, siteId, await seedPeople(db, siteId));
    const rng = new Rng(10_000);
    const now = env.ctx.now();
    const today = shanghaiDate(now);
    const serials = { day: new Map<string, number>(), year: new Map<string, number>() };
    const t0 = performance.now();
    const bundles: CaseBundle[] = [];
    for (let i = 0; i < COUNT; i++) {
      const state = pickState(rng);
      // Closed cases over the last two years; open ones in the last month (some past their deadlines).
      const daysAgo = state === 'closed' ? rng.int(40, 730) : rng.int(state === 'fulfilment' ? 20 : 1, 35);
      const at = new Date(now.getTime() - daysAgo * 86_400_000 - rng.int(0, 600) * 60_000);
      const b = buildCase(rng, world, state, at, today, serials);
      // Open cases' sessions and conclusions happened already (recent cases: squeezed into the past).
      for (const s of b.sessions) {
        if ((s.startsAt as Date) > now) {
          s.startsAt = new Date(at.getTime() + 3_600_000);
          s.endsAt = new Date(at.getTime() + 7_200_000);
        }
      }
      bundles.push(b);
    }
    for (let i = 0; i < bundles.length; i += 2000) await insertBundles(db, bundles.slice(i, i + 2000));
    const seedS = round((performance.now() - t0) / 1000);
    // The statistics a running product has for such data: PostgreSQL's autovacuum (forced here),
    // PGlite's daily mediation-analyze job (run here as its next round would).
    if (!values['skip-maintenance']) {
      if (backend === 'postgres') await db.execute('ANALYZE');
      await runJob(env.ctx, mediationAnalyzeJob);
    }

    const base = `${API}/cases?siteId=${siteId}`;
    const listUrls = [
      `${base}&limit=50`,
      `${base}&status=in_mediation&limit=50`,
      `${base}&type=noise&limit=50`,
      `${base}&grade=two_plus_n&status=closed&limit=50&offset=200`,
      `${base}&overdue=true&limit=50`,
      `${base}&q=TJ-&limit=50`,
    ];
    const perList: Record<string, { p50: number; p95: number }> = {};
    const listTimes: number[] = [];
    for (const url of listUrls) {
      const t = await timed(police, url, REQUESTS);
      perList[url.replace(`${base}&`, '')] = summary(t);
      listTimes.push(...t);
    }
    const mediatorTimes = await timed(mediator, `${base}&limit=50`, REQUESTS);
    perList['mediator: limit=50'] = summary(mediatorTimes);
    listTimes.push(...mediatorTimes);

    const statsTimes = [
      ...(await timed(police, `${API}/stats?siteId=${siteId}`, REQUESTS)),
      ...(await timed(
        police,
        `${API}/stats?siteId=${siteId}&from=${shanghaiDate(new Date(now.getTime() - 730 * 86_400_000))}&to=${today}`,
        REQUESTS,
      )),
    ];
    const stats = (await police.get(`${API}/stats?siteId=${siteId}`)).json() as Record<string, unknown>;

    const written = await db
      .select({ caseId: mediationAgreements.caseId })
      .from(mediationAgreements)
      .where(eq(mediationAgreements.siteId, siteId))
      .limit(REQUESTS);
    const pdfTimes: number[] = [];
    let pdfBytes = 0;
    for (const [i, a] of [...written, ...written.slice(0, 3)].entries()) {
      const t = performance.now();
      const res = await police.get(`${API}/cases/${a.caseId}/agreement.pdf`);
      const ms = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`pdf: ${res.statusCode} ${res.body.slice(0, 300)}`);
      pdfBytes = res.rawPayload.length;
      // The first 3 warm the font cache (a process parses the font once).
      if (i >= 3) pdfTimes.push(ms);
    }
    const result = {
      backend,
      cases: COUNT,
      seed_s: seedS,
      list: summary(listTimes),
      list_by_query: perList,
      stats: summary(statsTimes),
      pdf: summary(pdfTimes),
      pdf_bytes: pdfBytes,
      figures: {
        accepted: stats.accepted,
        concluded: stats.concluded,
        successRate: stats.successRate,
        fulfilmentRate: stats.fulfilmentRate,
        avgDaysToConclude: stats.avgDaysToConclude,
        repeatParties90d: stats.repeatParties90d,
      },
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await env.close();
  }
}

const results = [await run('pglite')];
if (PG_URL) results.push(await run('postgres'));
const worst = (pick: (r: (typeof results)[number]) => number) => Math.max(...results.map(pick));
console.log(
  JSON.stringify({
    cases: COUNT,
    list_p95_ms: worst((r) => r.list.p95),
    stats_p95_ms: worst((r) => r.stats.p95),
    pdf_p95_ms: worst((r) => r.pdf.p95),
    backends: results.map((r) => ({ backend: r.backend, list: r.list, stats: r.stats, pdf: r.pdf })),
  }),
);
process.exit(0);
