/**
 * bench:face-quality — what each probe / enrolment quality limit refuses on a face folder laid out
 * like ../shared/faces/dev, and the face brightness distribution the exposure limits are set on.
 *   npx tsx bench/face-quality-limits.ts [--data <dir>] [--workers N]
 * Uses bench:face's analysis cache (run bench:face first and this computes nothing new).
 * Each limit is counted alone (how many images it alone would refuse) and in the product's order
 * (the first failing check is the reason given). Last line JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnalyzedFace } from '../packages/server/src/modules/face/engine.ts';
import { FaceEnginePool } from '../packages/server/src/modules/face/pool.ts';
import { checkEnrolmentQuality, checkProbeQuality } from '../packages/server/src/modules/face/quality.ts';
import {
  ENROL_QUALITY,
  PROBE_QUALITY,
  type QualityLimits,
} from '../packages/server/src/modules/face/thresholds.ts';
import { AnalysisCache, sha256 } from './face-frames.ts';
import { argValue, DEFAULT_DATA_DIR, loadDataset, percentile } from './face-lib.ts';

function alone(face: AnalyzedFace | undefined, l: QualityLimits): Record<string, boolean> {
  if (!face) return { no_face: true };
  const q = face.quality;
  return {
    face_too_small: q.faceWidthPx < l.minFaceWidthPx,
    bad_pose: Math.abs(q.yaw) > l.maxYawDeg || Math.abs(q.pitch) > l.maxPitchDeg,
    too_dark: q.brightness !== undefined && l.minBrightness !== undefined && q.brightness < l.minBrightness,
    too_bright: q.brightness !== undefined && l.maxBrightness !== undefined && q.brightness > l.maxBrightness,
    too_blurry: q.blur < l.minBlur,
    low_liveness: l.minLiveness !== undefined && face.liveness !== undefined && face.liveness < l.minLiveness,
  };
}

async function main() {
  const ds = loadDataset(path.resolve(argValue('data') ?? DEFAULT_DATA_DIR));
  const pool = await FaceEnginePool.start({ size: Number(argValue('workers') ?? 2), maxQueue: 10_000 });
  const cache = new AnalysisCache(pool, true);
  try {
    const report = {
      probe: { n: 0, reasons: {} as Record<string, number>, alone: {} as Record<string, number> },
      enrol: { n: 0, reasons: {} as Record<string, number>, alone: {} as Record<string, number> },
    };
    const brightness: number[] = [];
    const enrolBrightness: number[] = [];
    for (const ref of ds.images) {
      const bytes = readFileSync(ref.file);
      const enrol = ref.role === 'enroll';
      const opts = enrol ? { embed: 'primary' as const, flip: true } : { embed: 'primary' as const };
      const { analysis } = await cache.analyze(sha256(bytes), () => bytes, opts);
      const side = enrol ? report.enrol : report.probe;
      side.n++;
      const verdict = enrol
        ? checkEnrolmentQuality(analysis, ENROL_QUALITY)
        : checkProbeQuality(analysis, PROBE_QUALITY, pool.hasLiveness);
      if (!verdict.ok) side.reasons[verdict.reason] = (side.reasons[verdict.reason] ?? 0) + 1;
      const face = analysis.faces[0];
      for (const [k, v] of Object.entries(alone(face, enrol ? ENROL_QUALITY : PROBE_QUALITY)))
        if (v) side.alone[k] = (side.alone[k] ?? 0) + 1;
      if (face?.quality.brightness !== undefined)
        (enrol ? enrolBrightness : brightness).push(face.quality.brightness);
    }
    const pcts = (v: number[]) =>
      Object.fromEntries(
        [0, 0.01, 0.05, 0.5, 0.95, 0.99, 1].map((p) => [`p${p * 100}`, Number(percentile(v, p).toFixed(1))]),
      );
    const result = {
      ...report,
      probe_brightness: pcts(brightness),
      enrol_brightness: pcts(enrolBrightness),
      limits: { probe: PROBE_QUALITY, enrol: ENROL_QUALITY },
      cache: { hits: cache.hits, misses: cache.misses },
    };
    console.log(JSON.stringify(result));
  } finally {
    await pool.close();
  }
}

await main();
