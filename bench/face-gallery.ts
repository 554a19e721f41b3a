/**
 * 1:N scan speed of the site gallery at 50,000 templates: plain JS loop vs usearch exactSearch.
 *   nice -n 10 npx tsx bench/face-gallery.ts [--n 50000] [--dim 128] [--queries 300]
 * Prints one JSON line per (dim, scan) and checks that both scans return the same top-2.
 */
import { FaceGallery, type ScanKind } from '../packages/server/src/modules/face/gallery.ts';
import { argValue, percentile } from './face-lib.ts';

// Deterministic pseudo-random numbers (mulberry32) so runs are comparable.
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function run(n: number, dim: number, queries: number) {
  const rand = rng(42);
  const galleries: Record<ScanKind, FaceGallery> = {
    js: new FaceGallery(dim, { scan: 'js' }),
    usearch: new FaceGallery(dim, { scan: 'usearch' }),
  };
  const stored: Float32Array[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const v = new Float32Array(dim);
    for (let d = 0; d < dim; d++) v[d] = rand();
    // Every 5th person has two templates, like residents enrolled from two photos.
    const person = `p${i % 5 === 4 ? i - 1 : i}`;
    galleries.js.add(`t${i}`, person, v);
    galleries.usearch.add(`t${i}`, person, v);
    if (i % Math.ceil(n / queries) === 0) stored.push(v);
  }
  const buildMs = (performance.now() - t0) / 2;
  const probes = stored.map((v) => {
    const q = Float32Array.from(v);
    for (let d = 0; d < dim; d++) q[d] = q[d]! + rand() * 0.3;
    return q;
  });
  const results: Record<string, unknown>[] = [];
  let mismatches = 0;
  for (const kind of ['js', 'usearch'] as const) {
    const g = galleries[kind];
    for (let i = 0; i < 20; i++) g.search(probes[i % probes.length]!);
    const times: number[] = [];
    for (const q of probes) {
      const t = performance.now();
      g.search(q);
      times.push(performance.now() - t);
    }
    results.push({
      n,
      dim,
      scan: kind,
      memoryMB: +((n * dim * 4) / 1048576).toFixed(1),
      p50_ms: +percentile(times, 0.5).toFixed(3),
      p95_ms: +percentile(times, 0.95).toFixed(3),
      max_ms: +Math.max(...times).toFixed(3),
    });
  }
  for (const q of probes) {
    const a = galleries.js.search(q);
    const b = galleries.usearch.search(q);
    if (a.best?.templateId !== b.best?.templateId || a.second?.personId !== b.second?.personId) mismatches++;
  }
  for (const r of results) console.log(JSON.stringify({ ...r, buildMs: +buildMs.toFixed(0), mismatches }));
}

const n = Number(argValue('n') ?? 50_000);
const queries = Number(argValue('queries') ?? 300);
const dims = (argValue('dim') ?? '128,1024').split(',').map(Number);
for (const dim of dims) run(n, dim, queries);
