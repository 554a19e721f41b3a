/**
 * bench:face — face accuracy and decision latency through the product's own code paths.
 *   npm run bench:face -- --data <dir> [--workers N] [--concurrency N]
 * <dir>: `<identity>/<n>.jpg`, enrolled.txt, impostors.txt (default: ../shared/faces/dev from the repo root).
 * Enrols `<id>/1.jpg` of every enrolled identity (enrolment.ts: engine -> quality gate -> template ->
 * gallery), probes every other image of enrolled identities (genuine) and every impostor image, each
 * through decision.ts, and prints one JSON object as the last line.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type FaceDecision, decideFace } from '../packages/server/src/modules/face/decision.ts';
import { addTemplateToGallery, enrolFromImage } from '../packages/server/src/modules/face/enrolment.ts';
import { FaceError } from '../packages/server/src/modules/face/errors.ts';
import { FaceGallery } from '../packages/server/src/modules/face/gallery.ts';
import { faceMessages } from '../packages/server/src/modules/face/messages.ts';
import { normalize } from '../packages/server/src/modules/face/engine.ts';
import { FaceEnginePool } from '../packages/server/src/modules/face/pool.ts';
import { MATCH_MODEL_ID, MATCH_THRESHOLDS } from '../packages/server/src/modules/face/thresholds.ts';
import { argValue, DEFAULT_DATA_DIR, type ImageRef, loadDataset, percentile } from './face-lib.ts';

interface ProbeOutcome {
  ref: ImageRef;
  decision: FaceDecision;
  embedding?: Float32Array;
  ms: number;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

async function main() {
  const started = Date.now();
  const dir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);
  const ds = loadDataset(dir);
  const workers = Number(argValue('workers') ?? availableParallelism());
  const concurrency = Number(argValue('concurrency') ?? workers);
  const pool = await FaceEnginePool.start({ size: workers, maxQueue: 10_000 });
  if (pool.modelId !== MATCH_MODEL_ID)
    throw new Error(`thresholds are for ${MATCH_MODEL_ID}, engine is ${pool.modelId}`);
  const gallery = new FaceGallery(pool.embeddingDim);
  try {
    // Enrolment through the product path.
    const enrolRefs = ds.images.filter((i) => i.role === 'enroll');
    const enrolFailures: Record<string, string> = {};
    await Promise.all(
      enrolRefs.map(async (ref) => {
        try {
          const r = await enrolFromImage(pool, readFileSync(ref.file));
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

    // Probes: each timed from image bytes in hand to the face decision (decode + analysis + 1:N).
    const probeRefs = ds.images.filter((i) => i.role !== 'enroll');
    const outcomes: ProbeOutcome[] = [];
    let next = 0;
    const runOne = async () => {
      while (next < probeRefs.length) {
        const ref = probeRefs[next++]!;
        const bytes = readFileSync(ref.file);
        const t0 = performance.now();
        try {
          const analysis = await pool.analyze(bytes, { embed: 'primary' });
          const decision = decideFace(analysis, gallery, { requireLiveness: pool.hasLiveness });
          const ms = performance.now() - t0;
          const acquired = decision.outcome !== 'no_face' && decision.outcome !== 'poor_quality';
          outcomes.push({
            ref,
            decision,
            ms,
            embedding: acquired ? analysis.faces[0]?.embedding : undefined,
          });
        } catch (err) {
          outcomes.push({
            ref,
            ms: performance.now() - t0,
            decision: {
              outcome: 'no_face',
              reason: 'no_face',
              message: err instanceof FaceError ? err.msg : faceMessages.msg('engine.failed'),
              score: null,
              secondScore: null,
            },
          });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, runOne));

    // Open-set (the gate decision).
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

    const times = outcomes.map((o) => o.ms);
    const reasons: Record<string, number> = {};
    for (const o of genuine)
      if (!correct.includes(o)) reasons[o.decision.reason] = (reasons[o.decision.reason] ?? 0) + 1;
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
      // Context for reading the figures.
      metric: 'cosine',
      margin: MATCH_THRESHOLDS.minMargin,
      misid_count: misid.length,
      impostors_granted: impostorGranted.length,
      false_accepts_1to1: falseAccepts,
      pairs_1to1: pairs,
      enrol_failures: enrolFailures,
      genuine_rejects_by_reason: reasons,
      model: `${pool.modelId}@${pool.modelVersion}`,
      workers,
      concurrency,
      wall_s: round((Date.now() - started) / 1000, 1),
    };
    console.log(`data: ${dir}`);
    console.log(`pool: ${JSON.stringify(pool.stats())}`);
    console.log(JSON.stringify(result));
  } finally {
    await pool.close();
  }
}

await main();
