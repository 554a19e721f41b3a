/**
 * STAND-IN for H5's modules/face/verify.ts (branch kiosk-face), same signature: the integrator
 * points the import in identity-check.ts at '../face/verify.ts' and deletes this file. A 1:1
 * comparison of the live frame with the chip photo and/or enrolled templates, cosine on
 * L2-normalised embeddings, with the kiosk's stricter probe limits (face size, pose, liveness).
 */
import type { FaceEngine } from '../face/engine.ts';
import { normalize } from '../face/engine.ts';
import { checkProbeQuality } from '../face/quality.ts';
import { MATCH_THRESHOLDS, PROBE_QUALITY, type QualityLimits } from '../face/thresholds.ts';

export type VerifyOutcome =
  | 'match'
  | 'mismatch'
  | 'no_face'
  | 'poor_quality'
  | 'liveness_failed'
  | 'no_reference';
export interface VerifyResult {
  outcome: VerifyOutcome;
  score: number | null;
  liveness: number | null;
  reason: string;
}

/** Until H5 picks them on the dev set: the gate's 1:1 score, a closer, more frontal face, stricter liveness. */
export const LOCAL_KIOSK_MIN_SCORE = MATCH_THRESHOLDS.minScore;
export const LOCAL_KIOSK_QUALITY: QualityLimits = {
  ...PROBE_QUALITY,
  minFaceWidthPx: 80,
  maxYawDeg: 35,
  maxPitchDeg: 35,
  minLiveness: 0.2,
};

const cosine = (a: Float32Array, b: Float32Array) => {
  const x = normalize(Float32Array.from(a));
  const y = normalize(Float32Array.from(b));
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
};

export async function verifyFaces(
  engine: FaceEngine,
  input: { live: Uint8Array; chipPhoto?: Uint8Array | null; templates?: Float32Array[] },
): Promise<VerifyResult> {
  const live = await engine.analyze(input.live, { embed: 'primary' });
  const verdict = checkProbeQuality(live, LOCAL_KIOSK_QUALITY, engine.hasLiveness);
  const liveness = verdict.face?.liveness ?? null;
  if (!verdict.ok) {
    const outcome: VerifyOutcome =
      verdict.reason === 'no_face'
        ? 'no_face'
        : verdict.reason === 'low_liveness'
          ? 'liveness_failed'
          : 'poor_quality';
    return { outcome, score: null, liveness, reason: verdict.reason };
  }
  const probe = verdict.face.embedding;
  if (!probe) return { outcome: 'poor_quality', score: null, liveness, reason: 'no_embedding' };
  const scores: number[] = [];
  if (input.chipPhoto) {
    const chip = await engine.analyze(input.chipPhoto, { embed: 'primary' });
    const face = chip.faces[0]?.embedding;
    if (!face) return { outcome: 'no_reference', score: null, liveness, reason: 'chip_no_face' };
    scores.push(cosine(probe, face));
  }
  if (input.templates?.length) scores.push(Math.max(...input.templates.map((t) => cosine(probe, t))));
  if (scores.length === 0) return { outcome: 'no_reference', score: null, liveness, reason: 'no_reference' };
  // Every reference must agree: the chip photo and, when there is one, the enrolled face.
  const score = Math.min(...scores);
  return score >= LOCAL_KIOSK_MIN_SCORE
    ? { outcome: 'match', score, liveness, reason: 'matched' }
    : { outcome: 'mismatch', score, liveness, reason: 'below_threshold' };
}
