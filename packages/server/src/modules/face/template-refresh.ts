/**
 * Template refresh from confirmed passages: faces age, haircuts and glasses change, and the photo
 * staff enrolled was taken once. A passage the gate opened with a score well above the threshold
 * may add the frame's embedding as an automatic template (source 'passage_refresh'), with limits
 * that stop drift and poisoning:
 * - the frame must match the person's ENROLLED photos (not an earlier refreshed template) well above
 *   the gate threshold, so refreshed templates never chain away from what staff enrolled;
 * - the margin over the best other person must be large (a look-alike never teaches the gallery);
 * - no other credential may contradict the passage (e.g. another person's card at that gate within
 *   seconds: the caller decides and passes `credentialContradicts`);
 * - at most one refresh per person per `minDaysBetween` days, at most FACE_SET.maxRefreshed refreshed
 *   templates (the oldest refreshed one is replaced; enrolled photos are never replaced);
 * - the person's face consent must be active; every refresh is audited; withdrawal deletes refreshed
 *   templates with the rest (access/credentials.ts withdrawConsent deletes every template of the person).
 *
 * `refreshPolicy` is pure (unit-tested); `refreshFromPassage` reads the state, applies it and writes
 * in one transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/service.ts';
import { activeConsent } from '../access/credentials.ts';
import { storedQuality } from '../access/face-service.ts';
import { faceTemplates } from '../access/schema.ts';
import { persons } from '../registry/schema.ts';
import { normalize, type FaceQuality } from './engine.ts';
import { templateFromBytes, templateToBytes } from './enrolment.ts';
import { FACE_SET, MATCH_MODEL_ID, MATCH_THRESHOLDS, PROBE_QUALITY } from './thresholds.ts';

export interface RefreshLimits {
  /** Score against the enrolled photos must reach the gate threshold plus this. */
  minScoreAboveThreshold: number;
  /** Best score minus the best other person's score must reach this. */
  minMargin: number;
  /** Days between two refreshes of one person. */
  minDaysBetween: number;
  maxRefreshed: number;
  /** The gate threshold the margin above is counted from. */
  threshold: number;
  /** The frame's face must be at least this wide and this frontal (a better frame than the gate needs). */
  minFaceWidthPx: number;
  maxYawDeg: number;
  maxPitchDeg: number;
}

/**
 * +0.03 over the gate threshold (0.932 -> 0.962): on the dev set the highest impostor pair
 * (cross-identity, 1:1, ~17,000 pairs) scores 0.940, 0.022 below; of the 250 genuine probes that
 * clear 0.932, 113 (45 %) clear 0.962, so a regular resident still gets a refresh within weeks. Margin 0.05, five
 * times the gate's: a frame that is close to a second person is exactly the one not to learn from.
 * Once a week at most, two refreshed templates at most: a poisoned template (if all else failed)
 * lives at most two refresh periods and can never outnumber the enrolled photos.
 */
export const REFRESH_LIMITS: RefreshLimits = {
  minScoreAboveThreshold: 0.03,
  minMargin: 0.05,
  minDaysBetween: 7,
  maxRefreshed: FACE_SET.maxRefreshed,
  threshold: MATCH_THRESHOLDS.minScore,
  minFaceWidthPx: Math.max(PROBE_QUALITY.minFaceWidthPx, 80),
  maxYawDeg: 25,
  maxPitchDeg: 25,
};

export type RefreshRefusal =
  | 'consent_inactive'
  | 'no_enrolled_template'
  | 'model_mismatch'
  | 'contradicted'
  | 'score_too_low'
  | 'margin_too_small'
  | 'poor_quality'
  | 'too_soon';

export interface RefreshCandidate {
  /** The frame's score against the person's enrolled photos (refreshed templates not counted). */
  enrolledScore: number;
  /** The gate's best score for the person (any template) and the best other person's, if any. */
  score: number;
  secondScore: number | null;
  credentialContradicts: boolean;
  quality: Pick<FaceQuality, 'faceWidthPx' | 'yaw' | 'pitch'>;
}

export interface RefreshState {
  consentActive: boolean;
  /** The embedding comes from the model the thresholds were chosen for. */
  modelMatches: boolean;
  /** The person's templates of that model (enrolled and refreshed). */
  templates: ReadonlyArray<{ id: string; source: string; createdAt: Date }>;
  now: Date;
}

export type RefreshVerdict =
  | { add: true; replaceTemplateId: string | null }
  | { add: false; reason: RefreshRefusal };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a confirmed passage may add a template, and which refreshed template it replaces. */
export function refreshPolicy(
  c: RefreshCandidate,
  state: RefreshState,
  limits: RefreshLimits = REFRESH_LIMITS,
): RefreshVerdict {
  if (!state.consentActive) return { add: false, reason: 'consent_inactive' };
  if (!state.modelMatches) return { add: false, reason: 'model_mismatch' };
  if (c.credentialContradicts) return { add: false, reason: 'contradicted' };
  const enrolled = state.templates.filter((t) => t.source !== 'passage_refresh');
  if (enrolled.length === 0) return { add: false, reason: 'no_enrolled_template' };
  const minScore = limits.threshold + limits.minScoreAboveThreshold;
  if (!(c.enrolledScore >= minScore) || !(c.score >= minScore))
    return { add: false, reason: 'score_too_low' };
  if (c.secondScore !== null && !(c.score - c.secondScore >= limits.minMargin))
    return { add: false, reason: 'margin_too_small' };
  const q = c.quality;
  if (
    q.faceWidthPx < limits.minFaceWidthPx ||
    Math.abs(q.yaw) > limits.maxYawDeg ||
    Math.abs(q.pitch) > limits.maxPitchDeg
  )
    return { add: false, reason: 'poor_quality' };
  const refreshed = state.templates
    .filter((t) => t.source === 'passage_refresh')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const last = refreshed.at(-1);
  if (last && state.now.getTime() - last.createdAt.getTime() < limits.minDaysBetween * DAY_MS)
    return { add: false, reason: 'too_soon' };
  const replace = refreshed.length >= limits.maxRefreshed ? refreshed[0]!.id : null;
  return { add: true, replaceTemplateId: replace };
}

export interface RefreshInput {
  siteId: string;
  personId: string;
  /** The embedding of the passage's best frame (any norm; the engine's, model `modelId`). */
  embedding: Float32Array;
  modelId: string;
  modelVersion: string;
  /** That frame's gate decision: score for the person, and the best other person's (null if none). */
  score: number;
  secondScore: number | null;
  /** Another credential contradicts the passage (e.g. another person's card at the gate within seconds). */
  credentialContradicts: boolean;
  /** That frame's face quality (stored with the template) and liveness if scored. */
  quality: FaceQuality;
  liveness?: number;
  /** For the audit entry. */
  passageId?: string;
}

export type RefreshResult =
  | { added: true; templateId: string; replacedTemplateId: string | null }
  | { added: false; reason: RefreshRefusal };

const REFRESH_ACTOR: AuditActor = { id: null, name: 'system:face-refresh', role: 'system', ip: null };

/**
 * Applies the refresh policy to a confirmed passage and, when it allows, stores the embedding as a
 * 'passage_refresh' template (encrypted like the others), replacing the oldest refreshed one if the
 * person has FACE_SET.maxRefreshed already; audited as `face.refresh` and announced on the event bus
 * so every process's gallery reloads the person. Idempotent enough to call after every opened passage.
 */
export async function refreshFromPassage(
  ctx: Pick<AppContext, 'db' | 'keyring' | 'events' | 'now'>,
  input: RefreshInput,
  limits: RefreshLimits = REFRESH_LIMITS,
): Promise<RefreshResult> {
  const { db, keyring } = ctx;
  const probe = normalize(Float32Array.from(input.embedding));
  const result = await db.transaction(async (tx): Promise<RefreshResult> => {
    // Serialises with enrolment and other refreshes of the same person.
    await tx.select({ id: persons.id }).from(persons).where(eq(persons.id, input.personId)).for('update');
    const consentActive = (await activeConsent(tx, input.personId, 'face_recognition')) !== null;
    const rows = await tx
      .select({
        id: faceTemplates.id,
        source: faceTemplates.source,
        createdAt: faceTemplates.createdAt,
        modelId: faceTemplates.modelId,
        enc: faceTemplates.embeddingEnc,
      })
      .from(faceTemplates)
      .where(and(eq(faceTemplates.personId, input.personId), eq(faceTemplates.siteId, input.siteId)));
    let enrolledScore = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      if (row.source === 'passage_refresh' || row.modelId !== input.modelId) continue;
      const t = templateFromBytes(keyring.decrypt('face-template', row.enc), probe.length);
      let dot = 0;
      for (let i = 0; i < probe.length; i++) dot += probe[i]! * t[i]!;
      enrolledScore = Math.max(enrolledScore, dot);
    }
    const verdict = refreshPolicy(
      {
        enrolledScore,
        score: input.score,
        secondScore: input.secondScore,
        credentialContradicts: input.credentialContradicts,
        quality: input.quality,
      },
      {
        consentActive,
        // The thresholds above belong to one embedding space.
        modelMatches: input.modelId === MATCH_MODEL_ID,
        templates: rows.filter((r) => r.source === 'passage_refresh' || r.modelId === input.modelId),
        now: ctx.now(),
      },
      limits,
    );
    if (!verdict.add) return { added: false, reason: verdict.reason };
    if (verdict.replaceTemplateId)
      await tx.delete(faceTemplates).where(eq(faceTemplates.id, verdict.replaceTemplateId));
    const [row] = await tx
      .insert(faceTemplates)
      .values({
        siteId: input.siteId,
        personId: input.personId,
        modelId: input.modelId,
        modelVersion: input.modelVersion,
        embeddingEnc: keyring.encrypt('face-template', Buffer.from(templateToBytes(probe))),
        photoEnc: null,
        quality: { ...storedQuality(input.quality, input.liveness), score: input.score },
        source: 'passage_refresh',
        createdBy: null,
        createdAt: ctx.now(),
      })
      .returning({ id: faceTemplates.id });
    await appendAudit(tx, REFRESH_ACTOR, {
      action: 'face.refresh',
      subjectType: 'person',
      subjectId: input.personId,
      siteId: input.siteId,
      fields: ['face_template'],
      ...(input.passageId ? { purpose: `passage ${input.passageId}` } : {}),
    });
    return { added: true, templateId: row!.id, replacedTemplateId: verdict.replaceTemplateId };
  });
  if (result.added)
    await ctx.events.publish('face.gallery_changed', {
      siteId: input.siteId,
      personId: input.personId,
      change: 'added',
    });
  return result;
}
