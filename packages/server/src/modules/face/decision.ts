/**
 * The face part of a gate decision, pure and synchronous: probe analysis + site gallery + thresholds
 * -> match / unknown face / ambiguous / no face / poor quality. The gate endpoint and bench:face both
 * call this; the access module then applies the person rules (residency, tenancy, schedule...).
 */
import type { AnalyzedFace, FaceAnalysis } from './engine.ts';
import type { FaceGallery } from './gallery.ts';
import type { Message } from '@anju/contracts';
import { faceMessages as m } from './messages.ts';
import { checkProbeQuality, qualityMessage, type QualityReason } from './quality.ts';
import { MATCH_THRESHOLDS, type MatchThresholds, PROBE_QUALITY, type QualityLimits } from './thresholds.ts';

export type FaceOutcome =
  | 'match'
  | 'unknown_face'
  | 'ambiguous'
  | 'no_face'
  | 'poor_quality'
  | 'low_liveness';

export type FaceDecisionReason = 'matched' | 'unknown_face' | 'ambiguous_match' | QualityReason;

export interface FaceDecision {
  outcome: FaceOutcome;
  reason: FaceDecisionReason;
  /** Short text for the gate screen, as a message (the access module adds the masked name on a match). */
  message: Message;
  personId?: string;
  templateId?: string;
  /** Cosine similarity of the best template; null when nothing was compared. */
  score: number | null;
  /** Best score of a different person (margin rule). */
  secondScore: number | null;
  liveness?: number;
  /** The face the decision is about (for the access event and the screen overlay). */
  face?: Pick<AnalyzedFace, 'box' | 'quality'>;
}

export interface DecideOptions {
  thresholds?: MatchThresholds;
  quality?: QualityLimits;
  /**
   * The engine scores liveness (engine.hasLiveness): a face without a score is refused as
   * low_liveness rather than let through unchecked.
   */
  requireLiveness?: boolean;
}

const MESSAGES = {
  matched: m.msg('decision.matched'),
  unknown_face: m.msg('decision.unknown_face'),
  ambiguous_match: m.msg('decision.ambiguous_match'),
} satisfies Record<'matched' | 'unknown_face' | 'ambiguous_match', Message>;

export function decideFace(
  analysis: FaceAnalysis,
  gallery: FaceGallery,
  opts: DecideOptions = {},
): FaceDecision {
  const thresholds = opts.thresholds ?? MATCH_THRESHOLDS;
  const verdict = checkProbeQuality(analysis, opts.quality ?? PROBE_QUALITY, opts.requireLiveness ?? false);
  const face = verdict.face ? { box: verdict.face.box, quality: verdict.face.quality } : undefined;
  const liveness = verdict.face?.liveness;
  if (!verdict.ok) {
    const outcome: FaceOutcome =
      verdict.reason === 'no_face'
        ? 'no_face'
        : verdict.reason === 'low_liveness'
          ? 'low_liveness'
          : 'poor_quality';
    return {
      outcome,
      reason: verdict.reason,
      message: qualityMessage(verdict.reason),
      score: null,
      secondScore: null,
      liveness,
      face,
    };
  }
  const embedding = verdict.face.embedding;
  if (!embedding)
    throw new Error('decideFace needs the primary face embedded (analyze with embed: "primary")');
  const { best, second } = gallery.search(embedding);
  const score = best?.score ?? null;
  const secondScore = second?.score ?? null;
  const base = { score, secondScore, liveness, face };
  if (!best || best.score < thresholds.minScore) {
    return { outcome: 'unknown_face', reason: 'unknown_face', message: MESSAGES.unknown_face, ...base };
  }
  if (second && best.score - second.score < thresholds.minMargin) {
    // Two residents look alike to the model: opening for either could be the wrong one.
    return { outcome: 'ambiguous', reason: 'ambiguous_match', message: MESSAGES.ambiguous_match, ...base };
  }
  return {
    outcome: 'match',
    reason: 'matched',
    message: MESSAGES.matched,
    personId: best.personId,
    templateId: best.templateId,
    ...base,
  };
}
