/**
 * bench:kiosk-face — the kiosk's 1:1 person-and-ID check (modules/face/verify.ts) on the dev set, and
 * the choice of KIOSK_VERIFY.minScore.
 *   npm run bench:kiosk-face -- [--data <dir>] [--workers N] [--latency-runs 60]
 * For every identity (enrolled and impostor lists alike) photo 1 becomes a simulated ID-card chip
 * photo: a head-and-shoulders crop around the face (face box ≈ 55 % of the width, like an ID photo),
 * resized to 102×126 and JPEG-encoded (quality 85); its enrolled template is photo 1 at full size through
 * enrolment.ts (flip-averaged). Every photo of every identity becomes a live kiosk frame (the photo at
 * about 300 px on a 640×480 grey frame, as bench:gate does).
 *   genuine pairs:  chip(A) vs live frames of A's other photos
 *   impostor pairs: chip(A) vs every live frame of every other identity B (all pairs)
 * Each pair is decided by decideVerification() (the kiosk's own code: live quality, liveness,
 * chip reference, threshold). FAR counts impostor pairs that reached the comparison (live frame and
 * chip both usable); FRR is end to end (a refused live frame or chip counts as a reject).
 * Prints candidate thresholds with Clopper–Pearson 95 % intervals, then one JSON object (last line).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { FaceAnalysis } from '../packages/server/src/modules/face/engine.ts';
import { enrolFromImage } from '../packages/server/src/modules/face/enrolment.ts';
import { FaceEnginePool } from '../packages/server/src/modules/face/pool.ts';
import {
  KIOSK_LIVE_QUALITY,
  KIOSK_VERIFY,
  MATCH_MODEL_ID,
} from '../packages/server/src/modules/face/thresholds.ts';
import {
  type ChipReference,
  chipReferenceFrom,
  decideVerification,
  LIVE_FLIP,
  prepareChipPhoto,
  verifyFaces,
} from '../packages/server/src/modules/face/verify.ts';
import { cameraFrame } from '../packages/server/test/face-photos.ts';
import { argValue, DEFAULT_DATA_DIR, type ImageRef, loadDataset, percentile } from './face-lib.ts';
import { clopperPearson } from './face-stats.ts';

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const CHIP_W = 102;
const CHIP_H = 126;
/** Face box width / photo width on an ID photo (head ≈ 2/3 of the width, face-api's box ≈ 0.8 head). */
const CHIP_FACE_FRACTION = 0.55;

/** A 102×126 JPEG framed like an ID photo around `box` (original pixels); centre crop without a box. */
async function chipPhoto(
  bytes: Buffer,
  box: { x: number; y: number; width: number; height: number } | undefined,
): Promise<Buffer> {
  const img = sharp(bytes).rotate();
  const meta = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  const W = meta.info.width;
  const H = meta.info.height;
  let region: { left: number; top: number; width: number; height: number } | undefined;
  if (box) {
    let w = box.width / CHIP_FACE_FRACTION;
    let h = (w * CHIP_H) / CHIP_W;
    const s = Math.min(1, W / w, H / h);
    w *= s;
    h *= s;
    const cx = box.x + box.width / 2;
    // Eyes a little above the middle: the face centre sits at ~55 % of the height.
    const cy = box.y + box.height / 2;
    const left = Math.min(Math.max(0, cx - w / 2), W - w);
    const top = Math.min(Math.max(0, cy - 0.55 * h), H - h);
    region = { left: Math.round(left), top: Math.round(top), width: Math.floor(w), height: Math.floor(h) };
  }
  const base = region ? sharp(meta.data).extract(region) : img;
  return base.resize(CHIP_W, CHIP_H, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
}

interface Live {
  ref: ImageRef;
  flip: boolean;
  analysis: FaceAnalysis | null;
}

async function main() {
  const started = Date.now();
  const dir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);
  const ds = loadDataset(dir);
  const workers = Number(argValue('workers') ?? availableParallelism());
  const latencyRuns = Number(argValue('latency-runs') ?? 60);
  const pool = await FaceEnginePool.start({ size: workers, maxQueue: 10_000 });
  if (pool.modelId !== MATCH_MODEL_ID)
    throw new Error(`thresholds are for ${MATCH_MODEL_ID}, engine is ${pool.modelId}`);
  try {
    const identities = [...ds.enrolled, ...ds.impostors];
    const firsts = new Map(ds.images.filter((i) => i.n === 1).map((i) => [i.identity, i]));

    // Templates (photo 1 at full size, enrolment path) and the chip photos framed from its face box.
    const templates = new Map<string, Float32Array>();
    const chips = new Map<string, Buffer>();
    await Promise.all(
      identities.map(async (id) => {
        const ref = firsts.get(id);
        if (!ref) return;
        const bytes = readFileSync(ref.file);
        const a = await pool.analyze(bytes, { embed: 'none' });
        chips.set(id, await chipPhoto(bytes, a.faces[0]?.box));
        const e = await enrolFromImage(pool, bytes);
        if (e.ok) templates.set(id, e.template.embedding);
      }),
    );

    // Chip references as verify.ts makes them (upscaled, flip-averaged).
    const chipRefs = new Map<string, ChipReference>();
    await Promise.all(
      [...chips].map(async ([id, bytes]) => {
        const a = await pool.analyze(await prepareChipPhoto(bytes), { embed: 'primary', flip: true });
        chipRefs.set(id, chipReferenceFrom(a));
      }),
    );

    // Live frames: every photo, embedded plain and flip-averaged (--variants product: as verify.ts only).
    const flips = argValue('variants') === 'product' ? [LIVE_FLIP] : [false, true];
    const lives: Live[] = [];
    for (const flip of flips) {
      let next = 0;
      const refs = ds.images;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (next < refs.length) {
            const ref = refs[next++]!;
            try {
              const frame = await cameraFrame(readFileSync(ref.file));
              lives.push({ ref, flip, analysis: await pool.analyze(frame, { embed: 'primary', flip }) });
            } catch {
              lives.push({ ref, flip, analysis: null });
            }
          }
        }),
      );
    }

    const liveLimits = (ratio: number) => ({ ...KIOSK_LIVE_QUALITY, competingFaceRatio: ratio });
    /** Live-frame verdict (does not depend on the reference): decided once against a dummy reference. */
    const liveOutcome = (l: Live, ratio: number) => {
      if (!l.analysis) return 'error';
      const d = decideVerification(
        l.analysis,
        { templates: [new Float32Array(pool.embeddingDim).fill(1)] },
        { liveQuality: liveLimits(ratio) },
      );
      return d.outcome === 'match' || d.outcome === 'mismatch' ? 'ok' : (d.reason ?? d.outcome);
    };
    const livenessValues = lives
      .filter((l) => l.flip === flips[0])
      .map((l) => l.analysis?.faces[0]?.liveness)
      .filter((v): v is number => v !== undefined);

    interface Config {
      flip: boolean;
      ratio: number;
      withTemplate: boolean;
    }
    const scoresFor = (c: Config) => {
      const genuine: Array<number | null> = [];
      const impostor: number[] = [];
      let impostorUnscored = 0;
      const usable = lives.filter((l) => l.flip === c.flip);
      const ok = new Map(usable.map((l) => [l, liveOutcome(l, c.ratio) === 'ok']));
      for (const [id, chip] of chipRefs) {
        const tpl = templates.get(id);
        if (c.withTemplate && !tpl) continue;
        for (const l of usable) {
          const same = l.ref.identity === id;
          if (same && l.ref.n === 1) continue;
          let s: number | null = null;
          if (l.analysis && ok.get(l)) {
            // Threshold -1: every comparable pair gets its score; the threshold is applied below.
            const d = decideVerification(
              l.analysis,
              { chip, templates: c.withTemplate && tpl ? [tpl] : undefined },
              {
                thresholds: { ...KIOSK_VERIFY, minScore: -1, minScoreWithTemplate: -1 },
                liveQuality: liveLimits(c.ratio),
              },
            );
            s = d.outcome === 'match' ? d.score : null;
          }
          if (same) genuine.push(s);
          else if (s === null) impostorUnscored++;
          else impostor.push(s);
        }
      }
      return { genuine, impostor, impostorUnscored };
    };

    const evaluate = (m: ReturnType<typeof scoresFor>, thr: number) => {
      const fa = m.impostor.filter((s) => s >= thr).length;
      const fr = m.genuine.filter((s) => s === null || s < thr).length;
      const [farLo, farHi] = clopperPearson(fa, m.impostor.length);
      const [frrLo, frrHi] = clopperPearson(fr, m.genuine.length);
      return {
        threshold: round(thr, 4),
        false_accepts: fa,
        impostor_pairs: m.impostor.length,
        far: round(fa / Math.max(1, m.impostor.length), 7),
        far_ci95: [round(farLo, 7), round(farHi, 7)],
        false_rejects: fr,
        genuine_pairs: m.genuine.length,
        frr: round(fr / Math.max(1, m.genuine.length)),
        frr_ci95: [round(frrLo), round(frrHi)],
      };
    };
    /** Loosest threshold (3-decimal grid) whose FAR upper 95 % bound is <= 0.01 %. */
    const choose = (m: ReturnType<typeof scoresFor>) => {
      for (let t = 0.9; t <= 0.99; t += 0.001) {
        const r = evaluate(m, t);
        if (r.far_ci95[1]! <= 0.0001) return r;
      }
      return evaluate(m, 1);
    };

    const grid = [0.93, 0.935, 0.938, 0.94, 0.942, 0.945, 0.948, 0.95, 0.955];
    const report: Record<string, unknown> = {};
    const product: Config = {
      flip: LIVE_FLIP,
      ratio: KIOSK_LIVE_QUALITY.competingFaceRatio,
      withTemplate: false,
    };
    const configs: Config[] =
      argValue('variants') === 'product'
        ? [product, { ...product, withTemplate: true }]
        : flips.flatMap((flip) =>
            [0.6, 0.8].flatMap((ratio) =>
              [false, true].map((withTemplate) => ({ flip, ratio, withTemplate })),
            ),
          );
    for (const c of configs) {
      const m = scoresFor(c);
      const name = `live-flip-${c.flip}/second-face-${c.ratio}${c.withTemplate ? '/+template' : ''}`;
      const imp = [...m.impostor].sort((a, b) => b - a);
      const fta: Record<string, number> = {};
      for (const l of lives.filter((x) => x.flip === c.flip)) {
        const o = liveOutcome(l, c.ratio);
        if (o !== 'ok') fta[o] = (fta[o] ?? 0) + 1;
      }
      report[name] = {
        chosen: choose(m),
        at_current: evaluate(m, c.withTemplate ? KIOSK_VERIFY.minScoreWithTemplate : KIOSK_VERIFY.minScore),
        top_impostor_scores: imp.slice(0, 5).map((s) => round(s)),
        impostor_unscored: m.impostorUnscored,
        fta_live_by_reason: fta,
      };
      console.log(`${name}: fta ${JSON.stringify(fta)}`);
      for (const t of grid) console.log(`  ${JSON.stringify(evaluate(m, t))}`);
      console.log(`  chosen ${JSON.stringify(choose(m))}`);
    }
    const productName = `live-flip-${product.flip}/second-face-${product.ratio}`;
    const chipFta = [...chipRefs.values()].filter((r) => !r.ok).length;

    // Latency of one whole verifyFaces() call (live + chip in parallel on the pool), one at a time.
    const pairs = lives
      .filter((l) => l.flip === flips[0] && l.ref.n > 1 && chips.has(l.ref.identity))
      .slice(0, latencyRuns);
    const frames = await Promise.all(pairs.map((l) => cameraFrame(readFileSync(l.ref.file))));
    const times: number[] = [];
    for (const [i, l] of pairs.entries()) {
      const t0 = performance.now();
      await verifyFaces(pool, { live: frames[i]!, chipPhoto: chips.get(l.ref.identity)! });
      times.push(performance.now() - t0);
    }

    const current = report[productName] as {
      at_current: ReturnType<typeof evaluate>;
      fta_live_by_reason: Record<string, number>;
    };
    const liveFta = current.fta_live_by_reason;
    const liveCount = lives.filter((l) => l.flip === product.flip).length;
    const result = {
      min_liveness: KIOSK_VERIFY.minLiveness,
      ...current.at_current,
      threshold_with_template: KIOSK_VERIFY.minScoreWithTemplate,
      with_template: (report[`${productName}/+template`] as { at_current: unknown } | undefined)?.at_current,
      fta_live: round(Object.values(liveFta).reduce((a, b) => a + b, 0) / Math.max(1, liveCount)),
      fta_live_by_reason: liveFta,
      fta_chip: chipFta,
      chips: chips.size,
      live_frames: liveCount,
      liveness_p1_p5_p50: [0.01, 0.05, 0.5].map((q) => round(percentile(livenessValues, q), 3)),
      verify_p50_ms: round(percentile(times, 0.5), 1),
      verify_p95_ms: round(percentile(times, 0.95), 1),
      verify_runs: times.length,
      variants: report,
      model: `${pool.modelId}@${pool.modelVersion}`,
      workers,
      wall_s: round((Date.now() - started) / 1000, 1),
    };
    console.log(JSON.stringify(result));
  } finally {
    await pool.close();
  }
}

await main();
