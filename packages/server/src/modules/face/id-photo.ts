/**
 * ID-standard photo rules for ID-card (二代证) and residence-permit applications taken at the kiosk:
 * one face, centred, frontal and level, neutral (mouth closed), big enough, on a light plain
 * background, sharp and well exposed. Each failure is a specific problem code with a message
 * (messages.ts `idPhoto.*`); all failures are reported at once so the person can fix them together.
 *
 * How each rule is measured (limits in ID_PHOTO_LIMITS, calibrated in id-photo.test.ts on dev photos):
 * - face size / position: face-api's face box (brows to chin, cheek to cheek) against the image;
 *   an ID photo's head is ~2/3 of the width, so the box is ~0.45-0.65 of it, centred horizontally,
 *   the box centre at ~50-60 % of the height.
 * - frontal / level: yaw, pitch, roll from the 68 landmarks (align.ts poseFromLandmarks; rough).
 * - neutral: the engine has no expression model loaded (face-api's expression net is not part of
 *   the pipeline), so the landmarks' mouth openness is used: mean inner-lip gap (points 61-67,
 *   62-66, 63-65) over mouth width (48-54). A broad open smile or talking fails; a closed smile does not.
 * - background: the upper corners beside the head and the top band outside the head's width: mean
 *   luma (light), luma spread and mean gradient (plain: no objects, no texture).
 * - exposure: mean luma of the face box and the fraction of clipped pixels; uneven lighting from the
 *   two halves of the face.
 * - sharpness: the engine's variance of the Laplacian of the face at 96 px.
 */
import type { Message } from '@anju/contracts';
import sharp from 'sharp';
import type { AnalyzedFace, FaceBox } from './engine.ts';
import { faceMessages as m } from './messages.ts';
import type { VerifyEngine } from './verify.ts';

export const ID_PHOTO_PROBLEMS = [
  'no_face',
  'multiple_faces',
  'face_not_centred',
  'face_too_small',
  'face_too_large',
  'resolution_too_low',
  'face_not_frontal',
  'head_tilted',
  'not_neutral',
  'background_not_light',
  'background_not_plain',
  'too_dark',
  'too_bright',
  'uneven_lighting',
  'too_blurry',
] as const;
export type IdPhotoProblemCode = (typeof ID_PHOTO_PROBLEMS)[number];

export interface IdPhotoProblem {
  code: IdPhotoProblemCode;
  message: Message;
}

/** What was measured (for the application record and for calibration). */
export interface IdPhotoMeasures {
  faceWidthPx: number;
  /** Face box width / image width. */
  faceRatio: number;
  /** (box centre x - image centre x) / image width. */
  offsetX: number;
  /** Box centre y / image height. */
  centreY: number;
  yaw: number;
  pitch: number;
  roll: number;
  mouthOpen: number;
  /** null when too little background shows to judge it (a face far too large). */
  backgroundLuma: number | null;
  backgroundSpread: number | null;
  backgroundGradient: number | null;
  faceLuma: number;
  faceClipped: number;
  lightingAsymmetry: number;
  blur: number;
}

export interface IdPhotoResult {
  ok: boolean;
  problems: IdPhotoProblem[];
  measures?: IdPhotoMeasures;
}

export const ID_PHOTO_LIMITS = {
  /** Another face at least this fraction of the main face's width (and detector score >= 0.5). */
  competingFaceRatio: 0.4,
  maxOffsetX: 0.08,
  minCentreY: 0.4,
  maxCentreY: 0.68,
  minFaceRatio: 0.38,
  maxFaceRatio: 0.75,
  /** Face box width in original pixels (the 二代证 standard photo is 358x441 with a ~190 px face). */
  minFaceWidthPx: 120,
  maxYawDeg: 15,
  maxPitchDeg: 20,
  maxRollDeg: 8,
  maxMouthOpen: 0.12,
  /** Background luma 0..255: "light" (white / light blue / light grey). */
  minBackgroundLuma: 150,
  maxBackgroundSpread: 28,
  maxBackgroundGradient: 6,
  minFaceLuma: 70,
  maxFaceLuma: 215,
  /** Fraction of face pixels at <= 5 or >= 250. */
  maxFaceClipped: 0.15,
  maxLightingAsymmetry: 45,
  minBlur: 40,
} as const;

export type IdPhotoLimits = { [K in keyof typeof ID_PHOTO_LIMITS]: number };

const problem = (code: IdPhotoProblemCode): IdPhotoProblem => ({ code, message: m.msg(`idPhoto.${code}`) });

/** The working copy for the image statistics: grey, this wide. */
const STATS_WIDTH = 240;

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

function stats(values: number[]) {
  if (values.length === 0) return { mean: 0, sd: 0 };
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  let v2 = 0;
  for (const v of values) v2 += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(v2 / values.length) };
}

/**
 * Background = the two upper corners (beside the head, above the shoulders) and the top band outside
 * the head's width (the hair can reach the top edge). null when the head leaves too little of it to
 * judge (face far too large: that problem is reported instead).
 */
function backgroundStats(g: Grey, box: FaceBox) {
  const { width: W, height: H, data } = g;
  const headX0 = box.x - 0.3 * box.width;
  const headX1 = box.x + 1.3 * box.width;
  const cornerW = Math.round(0.16 * W);
  const cornerH = Math.min(Math.round(box.y + 0.5 * box.height), Math.round(0.45 * H));
  const bandH = Math.max(2, Math.round(0.06 * H));
  const lumas: number[] = [];
  let grad = 0;
  for (let y = 1; y < Math.max(cornerH, bandH); y++) {
    for (let x = 1; x < W - 1; x++) {
      const corner = y < cornerH && (x < cornerW || x >= W - cornerW) && (x < headX0 || x > headX1);
      const band = y < bandH && (x < headX0 || x > headX1);
      if (!corner && !band) continue;
      const i = y * W + x;
      lumas.push(data[i]!);
      grad += Math.abs(data[i + 1]! - data[i - 1]!) / 2 + Math.abs(data[i + W]! - data[i - W]!) / 2;
    }
  }
  if (lumas.length < 0.01 * W * H) return null;
  const { mean, sd } = stats(lumas);
  return { luma: mean, spread: sd, gradient: grad / lumas.length };
}

function faceStats(g: Grey, box: FaceBox) {
  const x0 = Math.max(0, Math.round(box.x + 0.1 * box.width));
  const x1 = Math.min(g.width, Math.round(box.x + 0.9 * box.width));
  const y0 = Math.max(0, Math.round(box.y + 0.1 * box.height));
  const y1 = Math.min(g.height, Math.round(box.y + 0.9 * box.height));
  const mid = (x0 + x1) / 2;
  let sum = 0;
  let n = 0;
  let clipped = 0;
  let left = 0;
  let leftN = 0;
  let right = 0;
  let rightN = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const v = g.data[y * g.width + x]!;
      sum += v;
      n++;
      if (v <= 5 || v >= 250) clipped++;
      if (x < mid) {
        left += v;
        leftN++;
      } else {
        right += v;
        rightN++;
      }
    }
  }
  return {
    luma: n ? sum / n : 0,
    clipped: n ? clipped / n : 0,
    asymmetry: leftN && rightN ? Math.abs(left / leftN - right / rightN) : 0,
  };
}

const dist = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Inner-lip gap over mouth width, from the 68 landmarks (0 = closed). */
export function mouthOpenness(lm: Array<[number, number]>): number {
  if (lm.length < 68) return 0;
  const width = dist(lm[48]!, lm[54]!);
  if (width <= 0) return 0;
  const gap = (dist(lm[61]!, lm[67]!) + dist(lm[62]!, lm[66]!) + dist(lm[63]!, lm[65]!)) / 3;
  return gap / width;
}

/** Measure the primary face of an analysed photo against its grey working copy. */
export function measureIdPhoto(
  face: AnalyzedFace,
  width: number,
  height: number,
  grey: Grey,
): IdPhotoMeasures {
  const s = grey.width / width;
  const box: FaceBox = {
    x: face.box.x * s,
    y: face.box.y * s,
    width: face.box.width * s,
    height: face.box.height * s,
  };
  const bg = backgroundStats(grey, box);
  const fs = faceStats(grey, box);
  const q = face.quality;
  return {
    faceWidthPx: q.faceWidthPx,
    faceRatio: face.box.width / width,
    offsetX: (face.box.x + face.box.width / 2 - width / 2) / width,
    centreY: (face.box.y + face.box.height / 2) / height,
    yaw: q.yaw,
    pitch: q.pitch,
    roll: q.roll,
    mouthOpen: mouthOpenness(face.landmarks ?? []),
    backgroundLuma: bg?.luma ?? null,
    backgroundSpread: bg?.spread ?? null,
    backgroundGradient: bg?.gradient ?? null,
    faceLuma: fs.luma,
    faceClipped: fs.clipped,
    lightingAsymmetry: fs.asymmetry,
    blur: q.blur,
  };
}

/** The rules on the measures -> problem codes, in the order the person should fix them. */
export function idPhotoProblems(
  mm: IdPhotoMeasures,
  limits: IdPhotoLimits = ID_PHOTO_LIMITS,
): IdPhotoProblemCode[] {
  const out: IdPhotoProblemCode[] = [];
  if (mm.faceRatio < limits.minFaceRatio) out.push('face_too_small');
  else if (mm.faceRatio > limits.maxFaceRatio) out.push('face_too_large');
  else if (mm.faceWidthPx < limits.minFaceWidthPx) out.push('resolution_too_low');
  if (
    Math.abs(mm.offsetX) > limits.maxOffsetX ||
    mm.centreY < limits.minCentreY ||
    mm.centreY > limits.maxCentreY
  )
    out.push('face_not_centred');
  if (Math.abs(mm.yaw) > limits.maxYawDeg || Math.abs(mm.pitch) > limits.maxPitchDeg)
    out.push('face_not_frontal');
  if (Math.abs(mm.roll) > limits.maxRollDeg) out.push('head_tilted');
  if (mm.mouthOpen > limits.maxMouthOpen) out.push('not_neutral');
  if (mm.faceLuma < limits.minFaceLuma) out.push('too_dark');
  else if (mm.faceLuma > limits.maxFaceLuma || mm.faceClipped > limits.maxFaceClipped) out.push('too_bright');
  else if (mm.lightingAsymmetry > limits.maxLightingAsymmetry) out.push('uneven_lighting');
  if (mm.backgroundLuma !== null && mm.backgroundLuma < limits.minBackgroundLuma)
    out.push('background_not_light');
  if (
    (mm.backgroundSpread ?? 0) > limits.maxBackgroundSpread ||
    (mm.backgroundGradient ?? 0) > limits.maxBackgroundGradient
  )
    out.push('background_not_plain');
  if (mm.blur < limits.minBlur) out.push('too_blurry');
  return out;
}

/**
 * Check one photo against the ID-photo rules. Image errors (not an image, truncated, too large) are
 * thrown as FaceError by the engine, as for every face image.
 */
export async function checkIdPhoto(
  engine: Pick<VerifyEngine, 'analyze'>,
  bytes: Uint8Array,
  limits: IdPhotoLimits = ID_PHOTO_LIMITS,
): Promise<IdPhotoResult> {
  const analysis = await engine.analyze(bytes, { embed: 'none' });
  const [face, ...others] = analysis.faces;
  if (!face) return { ok: false, problems: [problem('no_face')] };
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize({ width: STATS_WIDTH })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey: Grey = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
  const measures = measureIdPhoto(face, analysis.width, analysis.height, grey);
  const codes = idPhotoProblems(measures, limits);
  const competing = others.some(
    (o) =>
      o.quality.faceWidthPx >= face.quality.faceWidthPx * limits.competingFaceRatio &&
      o.quality.detectionScore >= 0.5,
  );
  if (competing) codes.unshift('multiple_faces');
  return { ok: codes.length === 0, problems: codes.map(problem), measures };
}
