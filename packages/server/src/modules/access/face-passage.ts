/**
 * The face gate decides per passage, not per frame: each frame of the person at the gate is
 * analysed, written to face_passage_frames under the passage id, and the passage's frames within
 * the window go through decidePassage (modules/face/passage.ts). Until it decides, the terminal
 * hears "pending" (请稍候) and no access event is written; on a decision, completePassage applies
 * the person rules and writes the one access event, carrying the passage id. The state lives in the
 * database, so frames of one passage may reach different API processes.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import { renderMessage, type FaceGateResult, type Lang } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/errors.ts';
import type { FaceDecision } from '../face/decision.ts';
import { REFRESH_LIMITS, refreshFromPassage } from '../face/template-refresh.ts';
import { decidePassage, PASSAGE_DEFAULTS, type PassageFrame, type PassageParams } from '../face/passage.ts';
import type { FaceService } from './face-service.ts';
import type { siteAccessSettings } from './gates.ts';
import { accessMessages as m } from './messages.ts';
import { type Claim, completePassage } from './passage.ts';
import { accessEvents, facePassageFrames, type gates } from './schema.ts';
import { activeFaceCredentialId } from './credentials.ts';

type GateRow = typeof gates.$inferSelect;
type FrameKind = (typeof facePassageFrames.$inferInsert)['kind'];

export interface FaceFrameInput {
  gate: GateRow;
  deviceId: string;
  image: Uint8Array;
  /** The passage this frame continues (the id the previous answer gave); none for a first frame. */
  passageId?: string;
  at: Date;
  startedAt: number;
  settings: Awaited<ReturnType<typeof siteAccessSettings>>;
  lang: Lang;
  params?: PassageParams;
  /** Logs an engine failure (the route's request logger). */
  logError?: (error: unknown) => void;
}

/** A frame of the passage as decidePassage sees it, from a row of face_passage_frames. */
type FrameRow = Pick<
  typeof facePassageFrames.$inferSelect,
  'kind' | 'at' | 'personId' | 'score' | 'secondScore' | 'trackId'
>;

const passageFrame = (r: FrameRow): PassageFrame =>
  r.kind === 'face'
    ? {
        kind: 'face',
        atMs: r.at.getTime(),
        personId: r.personId,
        score: r.score,
        secondScore: r.secondScore,
        ...(r.trackId ? { trackId: r.trackId } : {}),
      }
    : { kind: r.kind, atMs: r.at.getTime(), ...(r.trackId ? { trackId: r.trackId } : {}) };

/**
 * The passage a frame belongs to: the requested one while it is open at this gate, a new one when
 * it has been decided or its last frame is older than the window (it starts over). An id this gate
 * never issued (another gate's or site's, or made up) is 404: nothing is written. Also the frames
 * it read that are within the window (none for a new passage): with the frame about to be written,
 * they are what the passage is decided on, so the frames are read once per frame.
 */
async function passageFor(
  ctx: AppContext,
  input: FaceFrameInput,
  windowMs: number,
): Promise<{ passageId: string; frames: FrameRow[] }> {
  const requested = input.passageId;
  const fresh = () => ({ passageId: randomUUID(), frames: [] });
  if (!requested) return fresh();
  const frames = await ctx.db
    .select({
      gateId: facePassageFrames.gateId,
      kind: facePassageFrames.kind,
      at: facePassageFrames.at,
      personId: facePassageFrames.personId,
      score: facePassageFrames.score,
      secondScore: facePassageFrames.secondScore,
      trackId: facePassageFrames.trackId,
    })
    .from(facePassageFrames)
    .where(eq(facePassageFrames.passageId, requested))
    .orderBy(asc(facePassageFrames.at));
  if (frames.length === 0 || frames.some((f) => f.gateId !== input.gate.id))
    throw new HttpError(404, 'passage_not_found', m.msg('passage.notFound'));
  const windowStart = input.at.getTime() - windowMs;
  const last = frames.at(-1)!.at.getTime();
  if (last <= windowStart) return fresh();
  const [decided] = await ctx.db
    .select({ n: count() })
    .from(accessEvents)
    // Bounded by the passage's first frame, so only that month's partition is read.
    .where(and(eq(accessEvents.passageId, requested), gte(accessEvents.at, frames[0]!.at)));
  if ((decided?.n ?? 0) > 0) return fresh();
  return { passageId: requested, frames: frames.filter((f) => f.at.getTime() > windowStart) };
}

const frameKind = (decision: FaceDecision | null): FrameKind =>
  decision === null
    ? 'refused'
    : decision.outcome === 'no_face'
      ? 'no_face'
      : decision.outcome === 'poor_quality' || decision.outcome === 'low_liveness'
        ? 'refused'
        : 'face';

/** Seconds before a face passage in which another person's card, PIN or QR at the gate contradicts it. */
const CONTRADICTION_WINDOW_MS = 30_000;

/**
 * Another person's non-face credential used at this gate shortly before: the face may have been
 * waved through behind someone else's card, so the passage must not teach the gallery.
 */
async function otherCredentialAtGate(
  ctx: AppContext,
  gateId: string,
  personId: string,
  at: Date,
): Promise<boolean> {
  const [other] = await ctx.db
    .select({ id: accessEvents.id })
    .from(accessEvents)
    .where(
      and(
        eq(accessEvents.gateId, gateId),
        gt(accessEvents.at, new Date(at.getTime() - CONTRADICTION_WINDOW_MS)),
        inArray(accessEvents.method, ['card', 'pin', 'qr', 'visitor']),
        or(isNull(accessEvents.personId), ne(accessEvents.personId, personId)),
      ),
    )
    .limit(1);
  return other !== undefined;
}

/** One frame at the gate: pending, or the passage's decision (with its one access event). */
export async function faceFrame(
  ctx: AppContext,
  faces: FaceService,
  input: FaceFrameInput,
): Promise<FaceGateResult> {
  const { db } = ctx;
  const params = input.params ?? PASSAGE_DEFAULTS;
  const { gate, at } = input;
  // The stranger snapshot is made only if the passage ends as a stranger (below), not per frame.
  const { claim, decision, probe, error } = await faces.claimFromFrame(gate.siteId, input.image, false);
  // The passage's frames are read once, after the engine and just before this frame is written: a
  // frame another process wrote for this passage while the engine ran here counts, and a passage
  // decided meanwhile is not continued. (Read before the engine, they would miss such frames: a
  // concurrent frame of another person could no longer stop the opening.) An id not this gate's is
  // still refused before anything is written, at the cost of one engine run.
  const { passageId, frames: earlier } = await passageFor(ctx, input, params.windowMs);
  const kind = frameKind(decision);
  const row = {
    kind,
    at,
    personId: decision?.outcome === 'match' ? (decision.personId ?? null) : null,
    score: decision?.score ?? null,
    secondScore: decision?.secondScore ?? null,
    trackId: null,
  } satisfies FrameRow;
  await db.insert(facePassageFrames).values({
    ...row,
    siteId: gate.siteId,
    gateId: gate.id,
    passageId,
    reason: decision?.reason ?? (claim.kind === 'refused' ? claim.reason : 'engine_error'),
  });
  const complete = (finalClaim: Claim, snapshotEnc: Buffer | null = null) =>
    completePassage(ctx, {
      gate,
      deviceId: input.deviceId,
      method: 'face',
      claim: finalClaim,
      at,
      startedAt: input.startedAt,
      snapshotEnc,
      settings: input.settings,
      lang: input.lang,
      passageId,
    }).then((result) => ({ ...result, pending: false as const, passageId }));

  // An unreadable frame or an engine in trouble fails safe at once, logged as today.
  if (decision === null) {
    if (claim.kind === 'refused' && claim.reason === 'engine_error') input.logError?.(error);
    return complete(claim);
  }

  const frames = [...earlier, row].map(passageFrame);
  const verdict = decidePassage(frames, params, at.getTime());
  const liveness = decision.liveness ?? null;

  if (verdict.action === 'open') {
    const result = await complete({
      kind: 'person',
      personId: verdict.personId,
      credentialId: await activeFaceCredentialId(db, verdict.personId),
      score: verdict.bestScore,
      liveness,
    });
    // A confirmed, granted passage whose last frame matched well above the threshold may refresh
    // the person's template set; the policy (modules/face/template-refresh.ts) sets the limits.
    if (
      result.decision === 'grant' &&
      probe &&
      decision.personId === verdict.personId &&
      decision.score !== null &&
      decision.score >= REFRESH_LIMITS.threshold + REFRESH_LIMITS.minScoreAboveThreshold
    ) {
      await refreshFromPassage(ctx, {
        siteId: gate.siteId,
        personId: verdict.personId,
        embedding: probe.embedding,
        modelId: probe.modelId,
        modelVersion: probe.modelVersion,
        score: decision.score,
        secondScore: decision.secondScore,
        credentialContradicts: await otherCredentialAtGate(ctx, gate.id, verdict.personId, at),
        quality: probe.quality,
        ...(liveness !== null ? { liveness } : {}),
        passageId,
      }).catch((refreshError: unknown) => input.logError?.(refreshError));
    }
    return result;
  }
  if (verdict.action === 'refuse_stranger') {
    const snapshotEnc = input.settings.keepStrangerSnapshots
      ? await faces.strangerSnapshot(input.image)
      : null;
    return complete(
      { kind: 'refused', reason: 'unknown_face', score: decision.score, liveness },
      snapshotEnc,
    );
  }
  // Still deciding: say so, with what the person can fix when this frame was not usable.
  const hinted = kind !== 'face' && claim.kind === 'refused';
  return {
    pending: true,
    passageId,
    message: m.text(input.lang, 'passage.pleaseWait'),
    hintReason: hinted ? claim.reason : null,
    hint: hinted ? renderMessage(decision.message, input.lang) : null,
    elapsedMs: Math.round(performance.now() - input.startedAt),
  };
}
