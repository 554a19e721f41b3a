/**
 * Every tuned number of the face decision, in one place. Chosen on ../shared/faces/dev
 * (bench/README-face.md has the runs); security first: 1:1 FAR <= 0.1 % and no misidentification,
 * then FRR as low as the engineering allows. Valid only for MATCH_MODEL_ID templates.
 */

export interface QualityLimits {
  /** Face box width in original pixels. */
  minFaceWidthPx: number;
  /** Rough landmark-based pose, degrees. */
  maxYawDeg: number;
  maxPitchDeg: number;
  /** Variance of the Laplacian of the face at 96 px. */
  minBlur: number;
  /** Mean luma 0-255 of the middle of the face (FaceQuality.brightness): below = too_dark, above = too_bright. */
  minBrightness?: number;
  maxBrightness?: number;
  /** Only applied when the engine reports liveness. */
  minLiveness?: number;
  /** Enrolment: another face at least this fraction of the main face's width makes the photo ambiguous. */
  competingFaceRatio: number;
  competingFaceMinScore: number;
}

/** The embedding space these thresholds belong to (engine.modelId). */
export const MATCH_MODEL_ID = 'faceapi-rec128-dlibchip';

export interface MatchThresholds {
  /** Accept when cosine(probe, template) >= this. */
  minScore: number;
  /** ...and the best other person scores at least this much lower. */
  minMargin: number;
}

/**
 * On the dev set (50 enrolled, 274 genuine + 74 impostor probes, bench:face), cosine >= 0.932 with a
 * 0.01 margin gave: 1:1 FAR 0.054 % (9 of 16,831 impostor pairs), open-set FAR 0/74, misidentified 0,
 * FRR 10.2 % end to end (19 below threshold, 4 within the margin, 4 bad pose, 1 no face).
 * Why not lower: the in-sample FAR 0.1 % point is 0.929 (FAR 0.094 %, FRR 6.6 %), too close to the
 * limit for photos of other people; 0.932 keeps ~2x headroom. The margin removes the one impostor that
 * still cleared 0.932 one-to-many (0.936 vs 0.931 for two residents) at a cost of ~1.5 % FRR.
 */
export const MATCH_THRESHOLDS: MatchThresholds = {
  minScore: 0.932,
  minMargin: 0.01,
};

/**
 * Enrolment: every dev enrolment photo passes (faces 97-880 px, |yaw| <= 42, |pitch| <= 33,
 * blur >= 103, liveness >= 0.31); a second face >= 0.8x the main one's width (and itself >= 80 px)
 * means "multiple_faces" (0.6 rejected two dev photos whose background faces were cut off at the edge).
 */
export const ENROL_QUALITY: QualityLimits = {
  minFaceWidthPx: 80,
  maxYawDeg: 50,
  maxPitchDeg: 40,
  minBlur: 40,
  // Face brightness (mean luma of the middle of the face, 0-255) of the 50 dev enrolment photos:
  // 75-183 (p50 132): 60-215 refuses none of them, and refuses a median photo at 0.4x exposure.
  minBrightness: 60,
  maxBrightness: 215,
  minLiveness: 0.2,
  competingFaceRatio: 0.8,
  competingFaceMinScore: 0.5,
};

/**
 * Gate probe. Face width: dev probes shrunk into a 640x480 frame matched 95 % at 72 px, 88 % at 60 px
 * (4 % not even detected), 25 % at 48 px -> below 64 px say "face_too_small" (move closer).
 * |yaw| > 45: 4 of 5 such dev probes failed to match anyway -> "请正对摄像头". On the dev set the probe
 * limits refuse 6 of 348 probes: 5 bad_pose, 1 no_face (each alone: the same; size, blur, exposure
 * and liveness refuse none); the enrolment limits refuse none of the 50 enrolment photos. Liveness >= 0.1 rejects
 * no dev face that passes the pose check (lowest 0.125, a profile); it is a coarse filter only.
 */
export const PROBE_QUALITY: QualityLimits = {
  minFaceWidthPx: 64,
  maxYawDeg: 45,
  maxPitchDeg: 40,
  minBlur: 15,
  // Face brightness of the 348 dev probes: 64-197 (p1 67, p50 130, p99 190), bench/face-quality-limits.ts.
  // 45-225 refuses none of them ("光线太暗" at a median face under 0.35x exposure, e.g. a dark
  // doorway at night; "光线太强" only near saturation). Looser than enrolment: a frame is cheap to retry.
  minBrightness: 45,
  maxBrightness: 225,
  minLiveness: 0.1,
  competingFaceRatio: 1,
  competingFaceMinScore: 1,
};

/**
 * Kiosk person-and-ID check (verify.ts): 1:1, a live camera frame against the ID card's chip photo
 * (102x126 px) and, when the person has them, their enrolled templates. Stricter than the gate.
 */
export interface KioskVerifyThresholds {
  /** One reference (chip photo, or templates when no chip photo): accept when cosine >= this. */
  minScore: number;
  /** Chip photo AND enrolled template both compared: each must reach this (one alone: minScore). */
  minScoreWithTemplate: number;
  /** Live frame: refuse as liveness_failed below this (min of antispoof and liveness scores). */
  minLiveness: number;
}

/**
 * Chosen with bench:kiosk-face on ../shared/faces/dev (chip = photo 1 framed like an ID photo and
 * shrunk to 102x126 JPEG; live = every photo at ~300 px in a 640x480 frame; all cross-identity pairs
 * are impostors; live frame flip-averaged, chip upscaled 2x and flip-averaged). Rule: the loosest
 * threshold whose 1:1 FAR has a Clopper-Pearson 95 % upper bound <= 0.01 %, then the lowest FRR:
 * - chip only, cosine >= 0.953: FAR 0 / 41,690 impostor pairs (95 % CI 0-0.0088 %), FRR 38.1 %
 *   end to end (109 / 286 genuine pairs, 95 % CI 32.5-44.0 %; 19 of them live frames refused for a
 *   second face, pose or size). The one impostor pair above 0.945 scores 0.952.
 * - chip AND enrolled template, cosine >= 0.945 for both: FAR 0 / 40,556 (95 % CI 0-0.0091 %),
 *   FRR 24.2 % (69 / 285, 95 % CI 19.4-29.6 %). The template is photo 1 at full size, the same photo
 *   as the chip, so the two references are far from independent: the real gain of the AND rule is
 *   larger than measured here.
 * For comparison, chip only at 0.938 has point FAR 0.0072 % (3 / 41,690) but an upper bound of
 * 0.021 %, with FRR 16.4 %; 0.945 has 1 / 41,690 (upper 0.013 %) and FRR 23.1 %.
 * The FRR is that of LFW news photos taken years apart; a cooperative, frontal, lit kiosk frame
 * should do better, and three tries are allowed before the lock. Thresholds are in-sample.
 * Liveness >= 0.2 refuses no real dev face (p1 0.29, p5 0.41); no spoof samples exist to tune it.
 */
export const KIOSK_VERIFY: KioskVerifyThresholds = {
  minScore: 0.953,
  minScoreWithTemplate: 0.945,
  minLiveness: 0.2,
};

/**
 * The kiosk's live frame: the person stands at arm's length in front of a fixed camera, so the face
 * is large; exactly one usable face (a second face of at least `competingFaceRatio` of the main one's
 * width, itself >= 64 px, refuses the frame: nobody may stand beside or hold up a photo). 0.8 rather
 * than 0.6: on the dev frames 0.6 refused 24 of 398 frames for background faces of news photos, 0.8
 * refuses 11, and FRR at the chosen threshold drops from 39.9 % to 38.1 % with the same FAR.
 */
export const KIOSK_LIVE_QUALITY: QualityLimits = {
  minFaceWidthPx: 64,
  maxYawDeg: 45,
  maxPitchDeg: 40,
  minBlur: 15,
  competingFaceRatio: 0.8,
  competingFaceMinScore: 0.5,
};

/**
 * The chip photo is whatever the card holds (102x126 px, face ~55-65 px wide): only "a face is there
 * and roughly frontal"; its sharpness cannot be improved by the person, so no blur limit.
 */
export const KIOSK_CHIP_QUALITY: QualityLimits = {
  minFaceWidthPx: 30,
  maxYawDeg: 50,
  maxPitchDeg: 45,
  minBlur: 0,
  competingFaceRatio: 0.8,
  competingFaceMinScore: 0.5,
};

/**
 * A person's template set. Staff enrol at most `maxEnrolled` photos (a 4th is refused with 409:
 * staff choose which to delete — silently replacing one would drop a photo somebody picked on
 * purpose, and "lowest quality" by our figures is not always the worst likeness). Confirmed
 * passages may add at most `maxRefreshed` more (face/template-refresh.ts); the oldest refreshed
 * template is replaced, an enrolled one never is. The gallery keeps the best score per person,
 * so each extra template can only raise a person's score (a wrong-person risk that
 * bench:face --multi measures).
 */
export const FACE_SET = {
  maxEnrolled: 3,
  maxRefreshed: 2,
} as const;
