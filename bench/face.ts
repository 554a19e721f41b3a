/**
 * bench:face — face accuracy and decision latency through the product's own code paths.
 *   npm run bench:face -- --data <dir> [--workers N] [--concurrency N] [--frames 5] [--folds 5]
 *                         [--seed 17] [--far-target 0.0005] [--no-cache] [--calibration]
 * <dir>: `<identity>/<n>.jpg`, enrolled.txt, impostors.txt (default: ../shared/faces/dev from the repo root).
 * Enrols `<id>/1.jpg` of every enrolled identity (enrolment.ts: engine -> quality gate -> template ->
 * gallery), probes every other image of enrolled identities (genuine) and every impostor image, each
 * through decision.ts at the product thresholds (today's keys: frr, far_open_set, misid, p95_ms...).
 * Then:
 * - passages: each probe photo plus (frames - 1) mild augmentations (face-frames.ts) stand in for
 *   consecutive gate frames at 2 frames/s, decided by passage.ts (PASSAGE_DEFAULTS): passage_* keys.
 *   Augmented frames are more alike than real consecutive frames (same pose, expression, light).
 * - cross-validation over identities (face-cv.ts): threshold and margin fitted on the other folds'
 *   people, figures on the held-out people; pooled counts with exact 95 % intervals and the spread
 *   over folds, per frame and per passage shape (k of n): the `cv` key.
 * - --calibration (face-calibration.ts): cohort score normalisation and per-person (z-norm)
 *   thresholds against raw cosine, and enrolment from photos 1+2 against photo 1 alone (probes: photos
 *   3.. and impostors), same cross-validation: the `calibration` key.
 * Analyses are cached in $TMPDIR/anju-face-bench (keyed by image hash + engine version); a cached
 * frame keeps the latency measured when it was computed (`latency_cached` says how many).
 * Prints tables, then one JSON object as the last line.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { decideFace, type FaceDecision } from '../packages/server/src/modules/face/decision.ts';
import { normalize } from '../packages/server/src/modules/face/engine.ts';
import { addTemplateToGallery, enrolFromImage } from '../packages/server/src/modules/face/enrolment.ts';
import { FaceError } from '../packages/server/src/modules/face/errors.ts';
import { FaceGallery } from '../packages/server/src/modules/face/gallery.ts';
import { faceMessages } from '../packages/server/src/modules/face/messages.ts';
import { PASSAGE_DEFAULTS } from '../packages/server/src/modules/face/passage.ts';
import { FaceEnginePool } from '../packages/server/src/modules/face/pool.ts';
import { checkProbeQuality } from '../packages/server/src/modules/face/quality.ts';
import {
  MATCH_MODEL_ID,
  MATCH_THRESHOLDS,
  PROBE_QUALITY,
} from '../packages/server/src/modules/face/thresholds.ts';
import {
  type CountsSummary,
  CrossValidation,
  type FrameObs,
  type PassageShape,
  type ProbeObs,
  passageParams,
  type RateSummary,
  summarize,
} from './face-cv.ts';
import { CALIB_METHODS, type CalibSummary, calibrationLines, runCalibration } from './face-calibration.ts';
import { AnalysisCache, augmentationKey, augmentations, augmentFrame, sha256 } from './face-frames.ts';
import { argValue, DEFAULT_DATA_DIR, type ImageRef, loadDataset, percentile } from './face-lib.ts';
import { clopperPearson } from './face-stats.ts';

interface ProbeOutcome {
  ref: ImageRef;
  decision: FaceDecision;
  embedding?: Float32Array;
  ms: number;
  cached: boolean;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const ci = (k: number, n: number) => clopperPearson(k, n).map((x) => round(x, 6)) as [number, number];
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const hasFlag = (name: string) => process.argv.slice(2).includes(`--${name}`);

/** Round every number of a JSON-able value (the last line stays short). */
function roundDeep<T>(v: T, digits = 4): T {
  if (typeof v === 'number') return round(v, digits) as T;
  if (Array.isArray(v)) return v.map((x) => roundDeep(x, digits)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x, digits)])) as T;
  return v;
}

const SHAPES: PassageShape[] = [
  { k: 1, n: 1 },
  { k: 2, n: 2 },
  { k: 2, n: 3 },
  { k: 3, n: 3 },
  { k: 3, n: 4 },
  { k: 3, n: 5 },
];

const rateText = (r: RateSummary) =>
  `${r.count}/${r.of} ${pct(r.rate)} [${pct(r.ci[0])}–${pct(r.ci[1])}] folds ${pct(r.folds.min)}–${pct(r.folds.max)}`;

function cvLine(label: string, s: CountsSummary, ms?: number[]) {
  const t = s.threshold;
  return (
    `${label.padEnd(10)} thr ${t.mean.toFixed(4)} (${t.min.toFixed(3)}–${t.max.toFixed(3)}) margin ${s.margin.mean.toFixed(3)}` +
    ` | FRR ${rateText(s.frr)} | FAR ${rateText(s.far_open_set)} | misid ${rateText(s.misid)}` +
    (ms
      ? ` | decision p50/p95 ${percentile(ms, 0.5).toFixed(0)}/${percentile(ms, 0.95).toFixed(0)} ms`
      : '') +
    (s.infeasible_folds ? ` | ${s.infeasible_folds} fold(s) infeasible` : '')
  );
}

async function main() {
  const started = Date.now();
  const dir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);
  const ds = loadDataset(dir);
  const workers = Number(argValue('workers') ?? availableParallelism());
  const concurrency = Number(argValue('concurrency') ?? workers);
  const framesPerPassage = Number(argValue('frames') ?? 5);
  const folds = Number(argValue('folds') ?? 5);
  const seed = Number(argValue('seed') ?? 17);
  const farTarget = Number(argValue('far-target') ?? 0.0005);
  const pool = await FaceEnginePool.start({ size: workers, maxQueue: 10_000 });
  if (pool.modelId !== MATCH_MODEL_ID)
    throw new Error(`thresholds are for ${MATCH_MODEL_ID}, engine is ${pool.modelId}`);
  const cache = new AnalysisCache(pool, !hasFlag('no-cache'));
  const gallery = new FaceGallery(pool.embeddingDim);
  try {
    // Enrolment through the product path (the cache stands in for the engine).
    const enrolRefs = ds.images.filter((i) => i.role === 'enroll');
    const enrolFailures: Record<string, string> = {};
    const cachedEngine = cache.asEngine();
    await Promise.all(
      enrolRefs.map(async (ref) => {
        try {
          const r = await enrolFromImage(cachedEngine, readFileSync(ref.file));
          if (r.ok)
            addTemplateToGallery(
              gallery,
              `${ref.identity}/${ref.n}`,
              ref.identity,
              r.template,
              MATCH_MODEL_ID,
            );
          else enrolFailures[ref.identity] = r.reason;
        } catch (err) {
          enrolFailures[ref.identity] = (err as { code?: string }).code ?? String(err);
        }
      }),
    );
    const missing = ds.enrolled.filter((id) => !enrolRefs.some((r) => r.identity === id));
    for (const id of missing) enrolFailures[id] = 'no_enrolment_image';

    // Every frame of every passage: frame 0 is the probe photo, the rest its augmentations.
    const probeRefs = ds.images.filter((i) => i.role !== 'enroll');
    const outcomes: ProbeOutcome[] = new Array(probeRefs.length);
    const frameObs: FrameObs[][] = probeRefs.map(() => new Array<FrameObs>(framesPerPassage));
    const jobs = probeRefs.flatMap((_, p) => Array.from({ length: framesPerPassage }, (_, f) => ({ p, f })));
    let next = 0;
    const runOne = async () => {
      while (next < jobs.length) {
        const { p, f } = jobs[next++]!;
        const ref = probeRefs[p]!;
        const bytes = readFileSync(ref.file);
        const hash = sha256(bytes);
        const aug = f === 0 ? null : augmentations(hash, framesPerPassage - 1)[f - 1]!;
        try {
          const { analysis, ms, cached } = await cache.analyze(
            aug ? `${hash}|${augmentationKey(aug)}` : hash,
            () => (aug ? augmentFrame(bytes, aug) : bytes),
            { embed: 'primary' },
          );
          const verdict = checkProbeQuality(analysis, PROBE_QUALITY, pool.hasLiveness);
          const e = verdict.ok ? verdict.face.embedding : undefined;
          frameObs[p]![f] = {
            embedding: e ? normalize(Float32Array.from(e)) : null,
            unusable: e ? null : verdict.ok || verdict.reason !== 'no_face' ? 'refused' : 'no_face',
            ms,
          };
          if (f === 0) {
            // The product's per-frame decision; its time is added to the analysis time.
            const t0 = performance.now();
            const decision = decideFace(analysis, gallery, { requireLiveness: pool.hasLiveness });
            const acquired = decision.outcome !== 'no_face' && decision.outcome !== 'poor_quality';
            outcomes[p] = {
              ref,
              decision,
              ms: ms + performance.now() - t0,
              cached,
              embedding: acquired ? analysis.faces[0]?.embedding : undefined,
            };
          }
        } catch (err) {
          frameObs[p]![f] = { embedding: null, unusable: 'no_face', ms: 0 };
          if (f === 0)
            outcomes[p] = {
              ref,
              ms: 0,
              cached: false,
              decision: {
                outcome: 'no_face',
                reason: 'no_face',
                message: err instanceof FaceError ? err.msg : faceMessages.msg('engine.failed'),
                score: null,
                secondScore: null,
              },
            };
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, runOne));

    // Open-set (the gate decision, per frame, product thresholds).
    const genuine = outcomes.filter((o) => o.ref.role === 'probe');
    const impostors = outcomes.filter((o) => o.ref.role === 'impostor');
    const notAcquired = (o: ProbeOutcome) =>
      o.decision.outcome === 'no_face' || o.decision.outcome === 'poor_quality';
    const correct = genuine.filter(
      (o) => o.decision.outcome === 'match' && o.decision.personId === o.ref.identity,
    );
    const misid = genuine.filter(
      (o) => o.decision.outcome === 'match' && o.decision.personId !== o.ref.identity,
    );
    const impostorGranted = impostors.filter((o) => o.decision.outcome === 'match');
    const fta = outcomes.filter(notAcquired);

    // 1:1 matrix: every acquired probe against every enrolled template of another identity.
    const templates = ds.enrolled
      .filter((id) => !enrolFailures[id])
      .map((id) => ({ id, v: gallery.templateVector(`${id}/1`)! }));
    let pairs = 0;
    let falseAccepts = 0;
    for (const o of outcomes) {
      if (!o.embedding) continue;
      const q = normalize(Float32Array.from(o.embedding));
      for (const t of templates) {
        if (o.ref.role === 'probe' && t.id === o.ref.identity) continue;
        let s = 0;
        for (let i = 0; i < q.length; i++) s += q[i]! * t.v[i]!;
        pairs++;
        if (s >= MATCH_THRESHOLDS.minScore) falseAccepts++;
      }
    }

    // Passages at the product defaults (all probes, full gallery), and cross-validation.
    const probes: ProbeObs[] = probeRefs.map((ref, i) => ({
      identity: ref.identity,
      genuine: ref.role === 'probe',
      frames: frameObs[i]!,
    }));
    const cv = new CrossValidation(new Map(templates.map((t) => [t.id, t.v])), probes);
    const passage = cv.passageCounts(cv.allProbes, cv.fullGallery, PASSAGE_DEFAULTS);
    // Passage 1:1: each impostor (passage, template) pair gets all its frames as tries.
    const passagePairs = cv.passagePairs(PASSAGE_DEFAULTS);
    const passageFalseAccepts = passagePairs.filter(
      (p) => p.score !== null && p.score >= PASSAGE_DEFAULTS.minScore,
    ).length;
    const shapes = SHAPES.filter((s) => s.n <= framesPerPassage);
    const thresholds = Array.from({ length: 71 }, (_, i) => round(0.9 + i * 0.001, 3));
    const cvRun = cv.run({
      folds,
      seed,
      farTarget,
      thresholds,
      margins: [0, 0.005, 0.01, 0.02],
      shapes,
    });
    const cvFrame = summarize(
      cvRun.folds.map((f) => f.frame.held),
      cvRun.folds.map((f) => f.frame.fit),
    );
    const cvShapes = shapes.map((shape, si) => {
      const held = cvRun.folds.map((f) => f.passages[si]!.held);
      return {
        shape,
        summary: summarize(
          held,
          cvRun.folds.map((f) => f.passages[si]!.fit),
        ),
        ms: held.flatMap((h) => h.decisionMs),
      };
    });
    const chosen = cvShapes.find((s) => s.shape.k === PASSAGE_DEFAULTS.k && s.shape.n === PASSAGE_DEFAULTS.n);

    // Calibration and multi-photo enrolment (optional: --calibration).
    let calibration: {
      single: CalibSummary[];
      multi_photo: { one: CalibSummary[]; two: CalibSummary[] };
    } | null = null;
    if (hasFlag('calibration')) {
      const cohort = probes.flatMap((p) =>
        !p.genuine && p.frames[0]?.embedding ? [{ identity: p.identity, v: p.frames[0].embedding }] : [],
      );
      const single = new Map(templates.map((t) => [t.id, [t.v]]));
      const passageShape = {
        k: PASSAGE_DEFAULTS.k,
        n: PASSAGE_DEFAULTS.n,
        windowMs: PASSAGE_DEFAULTS.windowMs,
        strangerFrames: PASSAGE_DEFAULTS.strangerFrames,
      };
      const base = { cohort, folds, seed, passage: passageShape };
      const singleRows = runCalibration({ ...base, templates: single, probes });
      // Multi-photo: photo 2 enrolled too (same product path), probes = photos 3.. and impostors.
      const two = new Map<string, Float32Array[]>();
      for (const t of templates) {
        const ref = ds.images.find((i) => i.identity === t.id && i.n === 2);
        const r = ref ? await enrolFromImage(cachedEngine, readFileSync(ref.file)) : null;
        two.set(t.id, r?.ok ? [t.v, normalize(r.template.embedding)] : [t.v]);
      }
      const later = probes.filter((_, i) => probeRefs[i]!.role === 'impostor' || probeRefs[i]!.n >= 3);
      calibration = {
        single: singleRows,
        multi_photo: {
          one: runCalibration({ ...base, templates: single, probes: later }),
          two: runCalibration({ ...base, templates: two, probes: later }),
        },
      };
      console.log(
        `calibration (${CALIB_METHODS.join(', ')}; fit: lowest threshold with 0 impostors and 0 misid on the fitting folds), held-out pooled [95 % CI]:`,
      );
      for (const line of calibrationLines('all probes, 1 photo   ', singleRows)) console.log(line);
      for (const line of calibrationLines('photos 3.., 1 photo   ', calibration.multi_photo.one))
        console.log(line);
      for (const line of calibrationLines('photos 3.., photos 1+2', calibration.multi_photo.two))
        console.log(line);
      console.log(
        `multi-photo: ${[...two.values()].filter((v) => v.length === 2).length} of ${two.size} identities enrolled with 2 photos`,
      );
    }

    const times = outcomes.map((o) => o.ms);
    const reasons: Record<string, number> = {};
    for (const o of genuine)
      if (!correct.includes(o)) reasons[o.decision.reason] = (reasons[o.decision.reason] ?? 0) + 1;
    const passageMs = passage.decisionMs;
    const result = {
      enrolled: templates.length,
      genuine: genuine.length,
      impostors: impostors.length,
      threshold: MATCH_THRESHOLDS.minScore,
      frr: round(1 - correct.length / Math.max(1, genuine.length)),
      fta: round(fta.length / Math.max(1, outcomes.length)),
      far_open_set: round(impostorGranted.length / Math.max(1, impostors.length)),
      far_1to1: round(falseAccepts / Math.max(1, pairs), 6),
      misid: round(misid.length / Math.max(1, genuine.length)),
      p50_ms: round(percentile(times, 0.5), 1),
      p95_ms: round(percentile(times, 0.95), 1),
      // Exact (Clopper–Pearson) 95 % intervals of the rates above.
      frr_ci: ci(genuine.length - correct.length, genuine.length),
      far_open_set_ci: ci(impostorGranted.length, impostors.length),
      far_1to1_ci: ci(falseAccepts, pairs),
      misid_ci: ci(misid.length, genuine.length),
      // Per passage: the probe photo + augmentations at 2 frames/s, passage.ts at PASSAGE_DEFAULTS.
      passage_frr: round(passage.rejected / Math.max(1, passage.genuine)),
      passage_far_open_set: round(passage.impostorGranted / Math.max(1, passage.impostors)),
      passage_misid: round(passage.misid / Math.max(1, passage.genuine)),
      // Time to decision of genuine passages that opened: frames needed × 500 ms + that frame's latency.
      passage_ms: round(percentile(passageMs, 0.95), 1),
      passage_ms_p50: round(percentile(passageMs, 0.5), 1),
      passage_far_1to1: round(passageFalseAccepts / Math.max(1, passagePairs.length), 6),
      passage_frr_ci: ci(passage.rejected, passage.genuine),
      passage_far_open_set_ci: ci(passage.impostorGranted, passage.impostors),
      passage_misid_ci: ci(passage.misid, passage.genuine),
      passage_far_1to1_ci: ci(passageFalseAccepts, passagePairs.length),
      passage_params: PASSAGE_DEFAULTS,
      frames_per_passage: framesPerPassage,
      passage_frames:
        'photo + mild augmentations (shift ±4 %, zoom 0.93–1.07, brightness ±15 %, JPEG q60–90): more alike than real consecutive frames',
      // Cross-validated over identities: fitted on the other folds' people, reported on the held-out.
      cv: roundDeep({
        folds,
        seed,
        far_1to1_target: farTarget,
        frame: cvFrame,
        passage: chosen ? { ...chosen.shape, ...chosen.summary, ms_p95: percentile(chosen.ms, 0.95) } : null,
      }),
      ...(calibration ? { calibration: roundDeep(calibration) } : {}),
      // Context for reading the figures.
      metric: 'cosine',
      margin: MATCH_THRESHOLDS.minMargin,
      misid_count: misid.length,
      impostors_granted: impostorGranted.length,
      false_accepts_1to1: falseAccepts,
      pairs_1to1: pairs,
      passage_rejects: passage.rejected,
      passage_false_accepts_1to1: passageFalseAccepts,
      passage_pairs_1to1: passagePairs.length,
      passage_misid_count: passage.misid,
      passage_impostors_granted: passage.impostorGranted,
      enrol_failures: enrolFailures,
      genuine_rejects_by_reason: reasons,
      model: `${pool.modelId}@${pool.modelVersion}`,
      workers,
      concurrency,
      latency_cached: outcomes.filter((o) => o.cached).length,
      cache: { dir: cache.dir, hits: cache.hits, misses: cache.misses },
      wall_s: round((Date.now() - started) / 1000, 1),
    };
    console.log(`data: ${dir}`);
    console.log(`pool: ${JSON.stringify(pool.stats())}`);
    console.log(
      `cross-validation over identities: ${folds} folds (seed ${seed}); fit = lowest FRR with 0 impostors, 0 misid and 1:1 FAR <= ${farTarget} (per passage: passage pairs, all frames as tries) on the other folds' people; pooled held-out count [95 % CI], per-fold range:`,
    );
    console.log(
      cvLine(
        'per frame',
        cvFrame,
        cvRun.folds.flatMap((f) => f.frame.held.decisionMs),
      ),
    );
    for (const s of cvShapes) console.log(cvLine(`${s.shape.k} of ${s.shape.n}`, s.summary, s.ms));
    console.log(
      'passage frames are augmentations of one photo: more alike than real consecutive frames, so the k-of-n gain is not representative',
    );
    console.log(
      `passage windows: ${shapes.map((s) => `${s.k}/${s.n}: ${passageParams(s).windowMs} ms`).join(', ')}`,
    );
    for (const pi of passage.impostorsIn) {
      const ref = probeRefs[pi]!;
      const frames = cv
        .passageFrames(pi, cv.fullGallery)
        .map((f) =>
          f.kind === 'face'
            ? `${f.personId} ${f.score?.toFixed(4)} (2nd ${f.secondScore?.toFixed(4)})`
            : f.kind,
        );
      console.log(`impostor let in by the passage rule: ${ref.identity}/${ref.n}: ${frames.join(' | ')}`);
    }
    console.log(JSON.stringify(result));
  } finally {
    await pool.close();
  }
}

await main();
