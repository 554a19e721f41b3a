/**
 * Quality gates. Enrolment is strict-ish (a bad template hurts every later passage); the gate probe
 * is looser and answers with something the person can fix ("请正对摄像头", "请靠近一点").
 */
import type { Message } from '@anju/contracts';
import type { AnalyzedFace, FaceAnalysis } from './engine.ts';
import { faceMessages as m } from './messages.ts';
import { ENROL_QUALITY, type QualityLimits, PROBE_QUALITY } from './thresholds.ts';

export type QualityReason =
  | 'no_face'
  | 'multiple_faces'
  | 'face_too_small'
  | 'bad_pose'
  | 'too_blurry'
  | 'too_dark'
  | 'too_bright'
  | 'low_liveness';

/** What the enrolment form / gate screen shows for each reason. */
export const qualityMessage = (reason: QualityReason): Message => m.msg(`quality.${reason}`);

export type QualityVerdict =
  | { ok: true; face: AnalyzedFace }
  | { ok: false; reason: QualityReason; face?: AnalyzedFace };

function checkFace(
  face: AnalyzedFace,
  limits: QualityLimits,
  requireLiveness = false,
): QualityReason | undefined {
  const q = face.quality;
  if (q.faceWidthPx < limits.minFaceWidthPx) return 'face_too_small';
  if (Math.abs(q.yaw) > limits.maxYawDeg || Math.abs(q.pitch) > limits.maxPitchDeg) return 'bad_pose';
  // Exposure before sharpness: a dark face also has little Laplacian energy, and "move into the
  // light" is what fixes it.
  if (q.brightness !== undefined) {
    if (limits.minBrightness !== undefined && q.brightness < limits.minBrightness) return 'too_dark';
    if (limits.maxBrightness !== undefined && q.brightness > limits.maxBrightness) return 'too_bright';
  }
  if (q.blur < limits.minBlur) return 'too_blurry';
  if (limits.minLiveness !== undefined) {
    if (face.liveness === undefined ? requireLiveness : face.liveness < limits.minLiveness)
      return 'low_liveness';
  }
  return undefined;
}

/**
 * Enrolment: exactly one usable face. Another usable face (itself big enough to enrol) at least
 * `competingFaceRatio` of the main face's width — a second person right beside — makes the photo
 * ambiguous; smaller background faces are ignored (the main face is the centred, largest one).
 */
export function checkEnrolmentQuality(
  analysis: FaceAnalysis,
  limits: QualityLimits = ENROL_QUALITY,
): QualityVerdict {
  const [face, ...others] = analysis.faces;
  if (!face) return { ok: false, reason: 'no_face' };
  const competing = others.filter(
    (o) =>
      o.quality.faceWidthPx >= face.quality.faceWidthPx * limits.competingFaceRatio &&
      o.quality.faceWidthPx >= limits.minFaceWidthPx &&
      o.quality.detectionScore >= limits.competingFaceMinScore,
  );
  if (competing.length > 0) return { ok: false, reason: 'multiple_faces', face };
  const reason = checkFace(face, limits);
  return reason ? { ok: false, reason, face } : { ok: true, face };
}

/** Gate probe: the primary face (centre, then largest) is judged; bystanders are ignored. */
export function checkProbeQuality(
  analysis: FaceAnalysis,
  limits: QualityLimits = PROBE_QUALITY,
  requireLiveness = false,
): QualityVerdict {
  const face = analysis.faces[0];
  if (!face) return { ok: false, reason: 'no_face' };
  const reason = checkFace(face, limits, requireLiveness);
  return reason ? { ok: false, reason, face } : { ok: true, face };
}
