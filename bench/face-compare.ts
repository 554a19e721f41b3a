/**
 * Compare face pipelines on the dev set (the table in bench/README-face.md).
 *   nice -n 10 npx tsx bench/face-compare.ts [--data <dir>] [--only name,name] [--workers 2]
 * Each pipeline analyses every image (enrolment images plain and flip-averaged, probes plain and
 * flip-averaged), then the 1:1 matrix and open-set 1:N measures are computed per variant, with
 * each variant's own threshold at 1:1 FAR <= 0.1 %. Raw embeddings are cached in the OS temp dir.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineSpec, FaceAnalysis } from '../packages/server/src/modules/face/engine.ts';
import { FaceEnginePool } from '../packages/server/src/modules/face/pool.ts';
import {
  argValue,
  cosine,
  DEFAULT_DATA_DIR,
  type Dataset,
  eer,
  loadDataset,
  matrixRates,
  matrixScores,
  negEuclidean,
  openSet,
  type Probe,
  percentile,
  type Scorer,
  thresholdAtFar,
} from './face-lib.ts';

const PIPELINES: Record<string, { spec: EngineSpec; flip: boolean; label: string }> = {
  'tiny-box': {
    label: 'face-api tiny416 + lm68 + rec128, face-api box crop, no padding',
    spec: { kind: 'faceapi', detector: 'tiny', inputSize: 416, padding: 'none', alignment: 'box' },
    flip: true,
  },
  'tiny-box-pad': {
    label: 'face-api tiny416, box crop, pad small frames + retry',
    spec: { kind: 'faceapi', detector: 'tiny', inputSize: 416, padding: 'both', alignment: 'box' },
    flip: true,
  },
  'tiny-dlib-pad': {
    label: 'face-api tiny416, dlib chip alignment, pad small frames + retry',
    spec: { kind: 'faceapi', detector: 'tiny', inputSize: 416, padding: 'both', alignment: 'dlib' },
    flip: true,
  },
  'tiny-dlib-pad-live': {
    label:
      'face-api tiny416, dlib chip, pad small + retry, + human antispoof/liveness (the product pipeline)',
    spec: {
      kind: 'faceapi',
      detector: 'tiny',
      inputSize: 416,
      padding: 'both',
      alignment: 'dlib',
      liveness: true,
    },
    flip: false,
  },
  'tiny-dlib-retry': {
    label: 'face-api tiny416, dlib chip, pad only as retry when no face',
    spec: { kind: 'faceapi', detector: 'tiny', inputSize: 416, padding: 'retry', alignment: 'dlib' },
    flip: false,
  },
  'tiny320-dlib-pad': {
    label: 'face-api tiny320, dlib chip, pad small + retry',
    spec: { kind: 'faceapi', detector: 'tiny', inputSize: 320, padding: 'both', alignment: 'dlib' },
    flip: false,
  },
  'ssd-dlib-pad': {
    label: 'face-api SSD MobileNetV1, dlib chip, pad small + retry',
    spec: { kind: 'faceapi', detector: 'ssd', padding: 'both', alignment: 'dlib' },
    flip: false,
  },
  human: {
    label: 'human blazeface + faceres 1024-d (cosine) + antispoof/liveness',
    spec: { kind: 'human', liveness: true },
    flip: false,
  },
  hybrid: {
    label: 'human blazeface + antispoof/liveness, face-api lm68 + dlib chip + rec128',
    spec: { kind: 'hybrid', liveness: true },
    flip: true,
  },
};

interface ImageResult {
  file: string;
  identity: string;
  role: string;
  faces: number;
  padded: boolean;
  ms: number;
  embedding: number[] | null;
  liveness?: number;
  quality?: FaceAnalysis['faces'][number]['quality'];
}

// Not under an `anju*` name: other tools clean those up.
const CACHE_DIR = path.resolve(argValue('cache') ?? path.join(tmpdir(), 'face-compare-cache'));

async function runPipeline(name: string, ds: Dataset, workers: number) {
  const { spec, flip } = PIPELINES[name]!;
  const cacheFile = path.join(CACHE_DIR, `${name}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, ImageResult[]>;
  } catch {}
  const pool = await FaceEnginePool.start({ size: workers, spec, maxQueue: 1000 });
  const run = async (refs: typeof ds.images, withFlip: boolean) =>
    Promise.all(
      refs.map(async (ref): Promise<ImageResult> => {
        const a = await pool.analyze(readFileSync(ref.file), { flip: withFlip });
        const f = a.faces[0];
        return {
          file: path.relative(ds.dir, ref.file),
          identity: ref.identity,
          role: ref.role,
          faces: a.faces.length,
          padded: a.padded,
          ms: a.decodeMs + a.analyzeMs,
          embedding: f?.embedding ? Array.from(f.embedding) : null,
          liveness: f?.liveness,
          quality: f?.quality,
        };
      }),
    );
  const enroll = ds.images.filter((i) => i.role === 'enroll');
  const probes = ds.images.filter((i) => i.role !== 'enroll');
  // Warm-up outside the timing.
  await Promise.all(enroll.slice(0, workers * 2).map((r) => pool.analyze(readFileSync(r.file))));
  const out: Record<string, ImageResult[]> = {
    enroll: await run(enroll, false),
    probes: await run(probes, false),
  };
  if (flip) {
    out.enrollFlip = await run(enroll, true);
    out.probesFlip = await run(probes, true);
  }
  await pool.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(out));
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function evaluate(enroll: ImageResult[], probesIn: ImageResult[], score: Scorer) {
  const templates = new Map(
    enroll.map((e) => [e.identity, e.embedding ? Float32Array.from(e.embedding) : null]),
  );
  const probes: Probe[] = probesIn.map((p) => ({
    identity: p.identity,
    genuine: p.role === 'probe',
    embedding: p.embedding ? Float32Array.from(p.embedding) : null,
  }));
  const m = matrixScores(templates, probes, score);
  const thr = thresholdAtFar(m.impostor, 0.001);
  const at = matrixRates(m, thr);
  const os = openSet(templates, probes, score, thr);
  return {
    enrolFta: enroll.filter((e) => !e.embedding).length,
    ftaGen: probes.filter((p) => p.genuine && !p.embedding).length,
    ftaImp: probes.filter((p) => !p.genuine && !p.embedding).length,
    thr,
    frr: at.frr,
    frrScored: at.frrScored,
    far1to1: at.far,
    fa: at.falseAccepts,
    pairs: at.impostorPairs,
    frrAt1: matrixRates(m, thresholdAtFar(m.impostor, 0.01)).frr,
    frrAt01: matrixRates(m, thresholdAtFar(m.impostor, 0.0001)).frr,
    eer: eer(m),
    open: os,
  };
}

async function main() {
  const dir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);
  const ds = loadDataset(dir);
  const workers = Number(argValue('workers') ?? 2);
  const only = argValue('only')?.split(',') ?? Object.keys(PIPELINES);
  const rows: string[] = [];
  const summary: Record<string, unknown> = {};
  for (const name of only) {
    const t0 = Date.now();
    const r = await runPipeline(name, ds, workers);
    const { spec, label, flip } = PIPELINES[name]!;
    const metrics: Array<[string, Scorer]> =
      spec.kind === 'human'
        ? [['cos', cosine]]
        : [
            ['l2', negEuclidean],
            ['cos', cosine],
          ];
    const variants: Array<[string, ImageResult[], ImageResult[]]> = [['', r.enroll!, r.probes!]];
    if (flip) {
      variants.push(['+flip enrol', r.enrollFlip!, r.probes!]);
      variants.push(['+flip both', r.enrollFlip!, r.probesFlip!]);
    }
    const times = [...r.enroll!, ...r.probes!].map((x) => x.ms);
    const live = r
      .probes!.filter((p) => p.role === 'probe' && p.liveness !== undefined)
      .map((p) => p.liveness!);
    for (const [mname, score] of metrics) {
      for (const [vname, en, pr] of variants) {
        const e = evaluate(en, pr, score);
        const key = `${name}${vname ? ` ${vname}` : ''} [${mname}]`;
        summary[key] = e;
        const thrShown = mname === 'l2' ? `d ≤ ${(-e.thr).toFixed(3)}` : `cos ≥ ${e.thr.toFixed(3)}`;
        rows.push(
          `| ${key} | ${e.enrolFta} / ${e.ftaGen} / ${e.ftaImp} | ${pct(e.frr)} (${pct(e.frrScored)}) | ${thrShown} | ${pct(e.far1to1)} (${e.fa}/${e.pairs}) | ${e.open.impostorGranted}/${e.open.impostors} | ${e.open.misid}/${e.open.genuine} | ${pct(e.frrAt1)} / ${pct(e.frrAt01)} | ${pct(e.eer)} | ${percentile(times, 0.5).toFixed(0)} / ${percentile(times, 0.95).toFixed(0)} |`,
        );
      }
    }
    if (live.length) {
      const l = live.sort((a, b) => a - b);
      const dist = [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => percentile(l, q).toFixed(2)).join(' / ');
      rows.push(
        `|   ↳ ${name} liveness min(real,live) on genuine probes p5/p25/p50/p75/p95: ${dist}; < 0.3: ${l.filter((x) => x < 0.3).length}/${l.length} |`,
      );
    }
    console.error(`${name}: ${label} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  console.log(
    '| pipeline [metric] | FTA enrol / genuine / impostor | FRR @ FAR 0.1 % (scored only) | threshold | FAR 1:1 (FA/pairs) | open-set impostors granted | misid | FRR @ FAR 1 % / 0.01 % | EER | p50 / p95 ms (decode+analyze, 2 workers) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  writeFileSync(path.join(CACHE_DIR, 'summary.json'), JSON.stringify(summary, null, 1));
}

await main();
