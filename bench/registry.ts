/**
 * Registry benchmark: seeds the full demo compound (1,940 households, ~5,900 people, 400 shops)
 * into an in-memory PGlite — the default embedded database — then measures, after a warm-up,
 * the building map and the search box through the real HTTP stack (app.inject: routing, session,
 * guard, validation, serialisation, audit writes where the API writes them).
 *   npm run bench:registry [-- --requests 200] [-- --postgres postgres://…/test]
 * Prints one JSON document: seeding time, counts, and p50/p95/max per operation in ms.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createTestEnv, signIn, type Client } from '../packages/server/test/harness.ts';
import { queryRows } from '../packages/server/src/db/client.ts';
import { seedDemo } from '../packages/server/src/platform/demo-seed.ts';
import { DEMO_REGISTRY, seedRegistry } from '../packages/server/src/modules/registry/seed.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '30' },
    postgres: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const WARMUP = Number(values.warmup);
if (values.postgres) process.env.TEST_DATABASE_URL = values.postgres;
const backend = values.postgres ? 'postgres' : 'pglite';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (n: number) => Math.round(n * 100) / 100;

/** A seeded PRNG so every run asks the same questions. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function measure(client: Client, urls: string[]) {
  for (const url of urls.slice(0, WARMUP)) await client.get(url);
  const times: number[] = [];
  let failures = 0;
  let hits = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const url = urls[i % urls.length]!;
    const t = performance.now();
    const res = await client.get(url);
    times.push(performance.now() - t);
    if (res.statusCode !== 200) failures++;
    else if (url.includes('/search')) hits += (res.json() as { items: unknown[] }).items.length > 0 ? 1 : 0;
    else hits++;
  }
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(times.at(-1)!),
    failures,
    found: hits,
  };
}

const envStarted = performance.now();
const env = await createTestEnv(backend, { demo: false });
let siteId = '';
await seedDemo(env.ctx, [
  async (_ctx, id) => {
    siteId = id;
  },
]);
const setupMs = performance.now() - envStarted;
const seed = await seedRegistry(env.ctx, siteId, DEMO_REGISTRY);

const police = await signIn(env.app, 'police');
const stats = (await police.get('/api/v1/registry/stats')).json();
const random = rng(42);
const pick = <T>(items: T[], n: number) =>
  Array.from({ length: n }, () => items[Math.floor(random() * items.length)]!);

const people = await queryRows<{
  name: string;
  name_initials: string;
  id_number_enc: string;
  phone_enc: string | null;
}>(
  env.ctx.db,
  sql`SELECT name, name_initials, id_number_enc, phone_enc FROM persons WHERE site_id = ${siteId} ORDER BY id`,
);
const withPhone = people.filter((p) => p.phone_enc);
const labels = await queryRows<{ label: string; id: string; kind: string }>(
  env.ctx.db,
  sql`SELECT label, id, kind FROM rooms WHERE site_id = ${siteId} ORDER BY id`,
);
const shopNames = await queryRows<{ name: string }>(env.ctx.db, sql`SELECT name FROM shops ORDER BY id`);
const buildings = (await police.get('/api/v1/registry/buildings')).json().items as { id: string }[];
const n = REQUESTS + WARMUP;
const q = (s: string) => `/api/v1/registry/search?q=${encodeURIComponent(s)}`;
const decrypt = (purpose: 'id-number' | 'phone', v: string) => env.ctx.keyring.decrypt(purpose, v).toString();

const operations: Record<string, string[]> = {
  buildingMap: pick(buildings, n).map((b) => `/api/v1/registry/buildings/${b.id}/map`),
  roomDetail: pick(
    labels.filter((l) => l.kind === 'home'),
    n,
  ).map((l) => `/api/v1/registry/rooms/${l.id}`),
  searchName: pick(people, n).map((p) => q(p.name)),
  searchInitials: pick(people, n).map((p) => q(p.name_initials)),
  searchIdNumber: pick(people, n).map((p) => q(decrypt('id-number', p.id_number_enc))),
  searchPhone: pick(withPhone, n).map((p) => q(decrypt('phone', p.phone_enc!))),
  searchFlatLabel: pick(
    labels.filter((l) => l.kind === 'home'),
    n,
  ).map((l) => q(l.label)),
  searchShopName: pick(shopNames, n).map((s) => q(s.name)),
};

const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
for (const [name, urls] of Object.entries(operations)) results[name] = await measure(police, urls);

const searchP95 = Math.max(
  ...Object.entries(results)
    .filter(([k]) => k.startsWith('search'))
    .map(([, r]) => r.p95),
);
console.log(
  JSON.stringify(
    {
      benchmark: 'registry',
      backend,
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        loadavg: os.loadavg().map(round),
        node: process.version,
      },
      setupMs: Math.round(setupMs),
      seeding: { ...seed, residentPersonId: undefined },
      stats,
      requestsPerOperation: REQUESTS,
      warmup: WARMUP,
      latencyMs: results,
      searchP95Ms: searchP95,
      searchTargetMet: searchP95 <= 50,
    },
    null,
    2,
  ),
);
await env.close();
