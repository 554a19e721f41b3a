/**
 * 1:1 verification for the kiosk's person-and-ID check (人证核验): one live camera frame against the
 * ID card's chip photo and, when the person is enrolled, their face templates. DB-free; the kiosk
 * module wraps it with the lock after failures and the attempt log.
 *
 *   const r = await verifyFaces(pool, { live, chipPhoto, templates });
 *   r.outcome === 'match' -> the person in front of the kiosk is the card's holder.
 *
 * Rules, in order (the first that fails decides):
 * 1. Live frame: a face (no_face), exactly one usable face and good enough to judge
 *    (poor_quality: multiple_faces / face_too_small / bad_pose / too_blurry), then liveness
 *    (liveness_failed; an engine without a liveness score fails closed unless requireLiveness: false).
 * 2. References: the chip photo's face (flip-averaged embedding, like an enrolment) and/or the
 *    enrolled templates. Neither usable -> no_reference.
 * 3. Combination: match only when EVERY reference given clears the threshold: the chip photo AND the
 *    best of the enrolled templates (templates are several photos of one person, so the best
 *    one counts). Why AND rather than either/average: the chip photo binds the face to the card (the
 *    credential presented) and the template binds it to the registry person staff enrolled in person;
 *    an impostor must now look like both, so at one threshold the combined false-accept rate is at
 *    most the chip check's alone, and a card whose chip photo does not show the enrolled person is
 *    refused. Because of that, the threshold with both references is a little lower
 *    (KIOSK_VERIFY.minScoreWithTemplate 0.945 vs minScore 0.953 for one reference alone), each chosen
 *    for the same FAR bound (thresholds.ts): FRR 24 % instead of 38 % on the dev set. Templates
 *    alone (no chip photo) use the stricter minScore: that case was not measured on its own.
 *    `score` is the lowest score among the references (the one that decided).
 * When the chip photo is absent (a reader that cannot give it) the templates alone decide; when the
 * chip photo is given but shows no usable face, that is no_reference, never a silent fallback.
 */
import type { Message } from '@anju/contracts';
import sharp from 'sharp';
import type { AnalyzedFace, FaceAnalysis, FaceEngine } from './engine.ts';
import { normalize } from './engine.ts';
import { faceMessages as m } from './messages.ts';
import { checkEnrolmentQuality, type QualityReason } from './quality.ts';
import {
  KIOSK_CHIP_QUALITY,
  KIOSK_LIVE_QUALITY,
  KIOSK_VERIFY,
  type KioskVerifyThresholds,
  type QualityLimits,
} from './thresholds.ts';

export type VerifyOutcome =
  | 'match'
  | 'mismatch'
  | 'no_face'
  | 'poor_quality'
  | 'liveness_failed'
  | 'no_reference';

/** Why the references could not be used. */
export type ReferenceReason = 'chip_no_face' | 'chip_poor_quality' | 'no_reference';

export interface VerifyResult {
  outcome: VerifyOutcome;
  /** The deciding (lowest) cosine over the references compared; null when nothing was compared. */
  score: number | null;
  /** Liveness score of the live face (min of antispoof and liveness), null when no face. */
  liveness: number | null;
  reason?: QualityReason | ReferenceReason | 'mismatch' | 'low_liveness';
  /** What the kiosk screen shows (zh-CN / en). */
  message: Message;
  /** Each reference's score, for the attempt log. */
  chipScore: number | null;
  templateScore: number | null;
}

/** Only what verification needs from an engine (the pool or an in-thread engine). */
export type VerifyEngine = Pick<FaceEngine, 'analyze' | 'hasLiveness'>;

export interface VerifyInput {
  /** Camera frame (JPEG/PNG/WebP). */
  live: Uint8Array;
  /** The ID card chip's photo (102x126 on a 二代证), already converted to JPEG/PNG by the reader. */
  chipPhoto?: Uint8Array | null;
  /**
   * The chip photo already analysed (analyzeChipPhoto, e.g. when the card was read, before the person
   * faces the camera): takes the chip's analysis off the check's critical path. Wins over chipPhoto.
   */
  chipReference?: ChipReference | null;
  /** The person's enrolled templates of this engine's model (L2-normalised or not). */
  templates?: Float32Array[];
}

export interface VerifyOptions {
  thresholds?: KioskVerifyThresholds;
  liveQuality?: QualityLimits;
  chipQuality?: QualityLimits;
  /** Default true: a face without a liveness score is refused. */
  requireLiveness?: boolean;
}

/**
 * The live frame's embedding is flip-averaged (the face and its mirror image): in bench:kiosk-face
 * FRR at the chosen threshold 43.4 % -> 38.1 % with the same FAR; costs ~35 ms, which the kiosk can
 * afford (it decides once, not per video frame).
 */
export const LIVE_FLIP = true;

/** Chip photos at most this wide are upscaled before analysis (see prepareChipPhoto). */
export const CHIP_UPSCALE_MAX_WIDTH = 160;
export const CHIP_UPSCALE_FACTOR = 2;

/**
 * A 102x126 chip photo has a face of ~55-65 px: upscale it 2x (Lanczos) so the landmark net and the
 * 150 px dlib chip see more than a handful of pixels per feature; the engine then pads it (frames
 * <= 400 px are padded with grey, which the tiny detector needs for face-filled pictures).
 */
export async function prepareChipPhoto(bytes: Uint8Array, factor = CHIP_UPSCALE_FACTOR): Promise<Uint8Array> {
  if (factor <= 1) return bytes;
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height || meta.width > CHIP_UPSCALE_MAX_WIDTH) return bytes;
  return sharp(bytes)
    .rotate()
    .resize(Math.round(meta.width * factor), Math.round(meta.height * factor), { kernel: 'lanczos3' })
    .png()
    .toBuffer();
}

const MESSAGES: Record<NonNullable<VerifyResult['reason']> | 'matched', Message> = {
  matched: m.msg('verify.matched'),
  mismatch: m.msg('verify.mismatch'),
  no_face: m.msg('quality.no_face'),
  multiple_faces: m.msg('quality.multiple_faces'),
  face_too_small: m.msg('quality.face_too_small'),
  bad_pose: m.msg('quality.bad_pose'),
  too_blurry: m.msg('quality.too_blurry'),
  too_dark: m.msg('quality.too_dark'),
  too_bright: m.msg('quality.too_bright'),
  low_liveness: m.msg('quality.low_liveness'),
  chip_no_face: m.msg('verify.chip_no_face'),
  chip_poor_quality: m.msg('verify.chip_no_face'),
  no_reference: m.msg('verify.no_reference'),
};

export type ChipReference =
  | { ok: true; embedding: Float32Array; face: AnalyzedFace }
  | { ok: false; reason: ReferenceReason };

/** The chip photo's analysis -> its embedding, or why it cannot serve as a reference. */
export function chipReferenceFrom(
  analysis: FaceAnalysis,
  limits: QualityLimits = KIOSK_CHIP_QUALITY,
): ChipReference {
  const verdict = checkEnrolmentQuality(analysis, limits);
  if (!verdict.ok)
    return { ok: false, reason: verdict.reason === 'no_face' ? 'chip_no_face' : 'chip_poor_quality' };
  const e = verdict.face.embedding;
  if (!e) return { ok: false, reason: 'chip_no_face' };
  return { ok: true, embedding: normalize(Float32Array.from(e)), face: verdict.face };
}

/** Analyse a chip photo the way verifyFaces does (upscaled, flip-averaged embedding). */
export async function analyzeChipPhoto(
  engine: VerifyEngine,
  chipPhoto: Uint8Array,
  limits: QualityLimits = KIOSK_CHIP_QUALITY,
): Promise<ChipReference> {
  const analysis = await engine.analyze(await prepareChipPhoto(chipPhoto), { embed: 'primary', flip: true });
  return chipReferenceFrom(analysis, limits);
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * The pure decision: the live frame's analysis + the references -> outcome. bench:kiosk-face calls
 * this with cached analyses, so what it measures is what the kiosk decides.
 */
export function decideVerification(
  live: FaceAnalysis,
  refs: { chip?: ChipReference | null; templates?: Float32Array[] },
  opts: VerifyOptions = {},
): VerifyResult {
  const thresholds = opts.thresholds ?? KIOSK_VERIFY;
  const requireLiveness = opts.requireLiveness ?? true;
  const verdict = checkEnrolmentQuality(live, opts.liveQuality ?? KIOSK_LIVE_QUALITY);
  const face = verdict.face;
  const liveness = face?.liveness ?? null;
  const base = { liveness, chipScore: null, templateScore: null, score: null };
  if (!verdict.ok) {
    const outcome: VerifyOutcome = verdict.reason === 'no_face' ? 'no_face' : 'poor_quality';
    return { ...base, outcome, reason: verdict.reason, message: MESSAGES[verdict.reason] };
  }
  if (liveness === null ? requireLiveness : liveness < thresholds.minLiveness) {
    return { ...base, outcome: 'liveness_failed', reason: 'low_liveness', message: MESSAGES.low_liveness };
  }
  const probe = verdict.face.embedding;
  if (!probe) throw new Error('decideVerification needs the live face embedded (embed: "primary")');
  const q = normalize(Float32Array.from(probe));

  const chip = refs.chip ?? null;
  if (chip && !chip.ok)
    return { ...base, outcome: 'no_reference', reason: chip.reason, message: MESSAGES[chip.reason] };
  const templates = refs.templates ?? [];
  if (!chip && templates.length === 0)
    return { ...base, outcome: 'no_reference', reason: 'no_reference', message: MESSAGES.no_reference };

  const chipScore = chip ? dot(q, chip.embedding) : null;
  const templateScore =
    templates.length > 0 ? Math.max(...templates.map((t) => dot(q, normalize(Float32Array.from(t))))) : null;
  const scores = [chipScore, templateScore].filter((s): s is number => s !== null);
  const score = Math.min(...scores);
  // Both references: the AND rule's own threshold; one reference alone: the stricter one.
  const threshold =
    chipScore !== null && templateScore !== null ? thresholds.minScoreWithTemplate : thresholds.minScore;
  const matched = score >= threshold;
  return {
    outcome: matched ? 'match' : 'mismatch',
    reason: matched ? undefined : 'mismatch',
    message: matched ? MESSAGES.matched : MESSAGES.mismatch,
    score,
    liveness,
    chipScore,
    templateScore,
  };
}

/**
 * The person-and-ID check's face part: analyse the live frame and the chip photo (in parallel, on two
 * pool workers), then decide. Image errors (not an image, truncated...) are thrown as FaceError, as
 * everywhere in the face module.
 */
export async function verifyFaces(
  engine: VerifyEngine,
  input: VerifyInput,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const [live, chip] = await Promise.all([
    engine.analyze(input.live, { embed: 'primary', flip: LIVE_FLIP }),
    input.chipReference
      ? Promise.resolve(input.chipReference)
      : input.chipPhoto && input.chipPhoto.length > 0
        ? analyzeChipPhoto(engine, input.chipPhoto, opts.chipQuality)
        : Promise.resolve(null),
  ]);
  return decideVerification(live, { chip, templates: input.templates }, opts);
}
