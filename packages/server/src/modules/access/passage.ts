import { and, count, eq, gt, sql } from 'drizzle-orm';
import {
  accessReasonText,
  CARD_NUMBER_PATTERN,
  maskName,
  type AccessMethod,
  type AccessReason,
  type GateResult,
  type Lang,
} from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { credentialHash } from './credentials.ts';
import { siteAccessSettings } from './gates.ts';
import { personAccessFacts } from './person-facts.ts';
import { readQr } from './qr.ts';
import { decide, type PersonSubject, type Verdict, type VisitorSubject } from './rules.ts';
import { accessMessages as m } from './messages.ts';
import { gateDecisionDuration, gateDecisions } from '../../platform/ops/metrics.ts';
import { accessEvents, credentials, type gates, qrNonces, visitorPasses } from './schema.ts';

/** How long the (simulated) relay holds the door open after a grant. */
export const DOOR_OPEN_MS = 5000;
/**
 * Guessing at a gate is throttled: wrong PINs / unknown cards at one gate within the window
 * before that method is refused there for the rest of it (valid ones too). Counted per gate, from
 * the access trail, so every tablet of a gate (and every process) shares one budget.
 */
export const PIN_FAILURES_PER_WINDOW = 5;
export const CARD_FAILURES_PER_WINDOW = 10;
export const GUESS_WINDOW_MS = 5 * 60_000;

type GateRow = typeof gates.$inferSelect;

/** Who is at the door, as far as the credential tells; resolved before the rules run. */
export type Claim =
  | {
      kind: 'person';
      personId: string;
      credentialId: string | null;
      score: number | null;
      liveness: number | null;
    }
  | { kind: 'visitor'; passId: string }
  | {
      kind: 'refused';
      reason: AccessReason;
      personId?: string | null;
      score?: number | null;
      liveness?: number | null;
    };

export interface PassageInput {
  gate: GateRow;
  deviceId: string | null;
  method: AccessMethod;
  claim: Claim;
  at: Date;
  startedAt: number;
  /** encrypted snapshot of an unknown face, when retention allows */
  snapshotEnc?: Buffer | null;
  /** The face passage this attempt ends (its frames are in face_passage_frames). */
  passageId?: string | null;
  /** The terminal's language (its Accept-Language, zh-CN when it sends none): what it shows and says. */
  lang: Lang;
  /** the site's access settings, when the caller has already read them this request */
  settings?: Awaited<ReturnType<typeof siteAccessSettings>>;
}

/**
 * Applies the rules to a resolved claim, writes the access event (always, granted or denied) and
 * publishes it. The visitor-pass use is counted in the same transaction as the event, and only
 * while uses remain, so two gates cannot both spend the last use.
 */
export async function completePassage(ctx: AppContext, input: PassageInput): Promise<GateResult> {
  const { db } = ctx;
  const { gate, claim, at } = input;
  const settings = input.settings ?? (await siteAccessSettings(db, gate.siteId));
  const gateFacts = {
    active: gate.active,
    allowedResidencyTypes: gate.allowedResidencyTypes as string[] | null,
    allowVisitors: gate.allowVisitors,
    schedule: gate.schedule ?? null,
  };
  let verdict: Verdict;
  let personId: string | null = null;
  let displayName: string | null = null;
  let visitorPassId: string | null = null;
  let credentialId: string | null = null;
  let score: number | null = null;
  let liveness: number | null = null;

  if (claim.kind === 'refused') {
    verdict = settings.emergencyOpen
      ? { decision: 'grant', reason: 'emergency_release' }
      : { decision: 'deny', reason: claim.reason };
    personId = claim.personId ?? null;
    score = claim.score ?? null;
    liveness = claim.liveness ?? null;
  } else if (claim.kind === 'visitor') {
    const [pass] = await db
      .select()
      .from(visitorPasses)
      .where(and(eq(visitorPasses.id, claim.passId), eq(visitorPasses.siteId, gate.siteId)));
    if (!pass) {
      verdict = settings.emergencyOpen
        ? { decision: 'grant', reason: 'emergency_release' }
        : { decision: 'deny', reason: 'qr_invalid' };
    } else {
      const subject: VisitorSubject = {
        kind: 'visitor',
        validFrom: pass.validFrom,
        validTo: pass.validTo,
        maxUses: pass.maxUses,
        uses: pass.uses,
        revoked: !!pass.revokedAt,
      };
      verdict = decide({ at, gate: gateFacts, emergencyOpen: settings.emergencyOpen, subject });
      visitorPassId = pass.id;
      displayName = maskName(pass.visitorName);
    }
  } else {
    score = claim.score;
    liveness = claim.liveness;
    credentialId = claim.credentialId;
    const facts = (await personAccessFacts(db, gate.siteId, [claim.personId], at)).get(claim.personId);
    if (!facts) {
      verdict = settings.emergencyOpen
        ? { decision: 'grant', reason: 'emergency_release' }
        : { decision: 'deny', reason: 'no_residency' };
    } else {
      personId = facts.personId;
      displayName = maskName(facts.name);
      let credentialWindow: PersonSubject['credential'] = null;
      if (claim.credentialId) {
        const [c] = await db.select().from(credentials).where(eq(credentials.id, claim.credentialId));
        if (c) credentialWindow = { validFrom: c.validFrom, validTo: c.validTo };
      }
      verdict = decide({
        at,
        gate: gateFacts,
        emergencyOpen: settings.emergencyOpen,
        subject: {
          kind: 'person',
          active: facts.active,
          residencies: facts.residencies,
          credential: credentialWindow,
        },
      });
    }
  }

  const eventId = await db.transaction(async (tx) => {
    if (visitorPassId && verdict.decision === 'grant' && verdict.reason === 'visitor') {
      const spent = await tx
        .update(visitorPasses)
        .set({ uses: sql`${visitorPasses.uses} + 1` })
        .where(
          and(eq(visitorPasses.id, visitorPassId), sql`${visitorPasses.uses} < ${visitorPasses.maxUses}`),
        )
        .returning({ id: visitorPasses.id });
      if (!spent[0]) verdict = { decision: 'deny', reason: 'visitor_pass_used_up' };
    }
    const [event] = await tx
      .insert(accessEvents)
      .values({
        siteId: gate.siteId,
        gateId: gate.id,
        deviceId: input.deviceId,
        direction: gate.direction,
        at,
        personId,
        method: input.method,
        decision: verdict.decision,
        reason: verdict.reason,
        score,
        liveness,
        credentialId,
        visitorPassId,
        snapshotEnc: verdict.reason === 'unknown_face' ? (input.snapshotEnc ?? null) : null,
        elapsedMs: Math.round(performance.now() - input.startedAt),
        passageId: input.passageId ?? null,
      })
      .returning({ id: accessEvents.id });
    return event!.id;
  });
  await ctx.events.publish('access.event', { siteId: gate.siteId, eventId });
  const outcome =
    verdict.decision === 'grant' ? 'granted' : verdict.reason === 'engine_error' ? 'error' : verdict.reason;
  gateDecisions.inc({ outcome });
  gateDecisionDuration.observe((performance.now() - input.startedAt) / 1000, { outcome: verdict.decision });

  return {
    decision: verdict.decision,
    reason: verdict.reason,
    message:
      verdict.decision === 'grant' && verdict.reason === 'resident' && displayName
        ? m.text(input.lang, 'passage.welcome', { name: displayName })
        : accessReasonText(verdict.reason, input.lang),
    displayName: verdict.decision === 'grant' ? displayName : null,
    eventId,
    // A denied face learns nothing about how close it came (the access log keeps both for staff).
    score: verdict.decision === 'grant' ? score : null,
    liveness: verdict.decision === 'grant' ? liveness : null,
    openMs: verdict.decision === 'grant' ? DOOR_OPEN_MS : 0,
    elapsedMs: Math.round(performance.now() - input.startedAt),
  };
}

/** True when `limit` attempts at the gate ended with `reason` within the window (see above). */
async function guessesSpent(
  ctx: AppContext,
  gate: GateRow,
  reason: 'invalid_pin' | 'unknown_card',
  limit: number,
  at: Date,
): Promise<boolean> {
  const [recent] = await ctx.db
    .select({ n: count() })
    .from(accessEvents)
    .where(
      and(
        eq(accessEvents.gateId, gate.id),
        eq(accessEvents.reason, reason),
        gt(accessEvents.at, new Date(at.getTime() - GUESS_WINDOW_MS)),
      ),
    );
  return (recent?.n ?? 0) >= limit;
}

/** Resolves a card number, PIN or QR code to a claim (no rules yet). */
export async function claimFromCredential(
  ctx: AppContext,
  gate: GateRow,
  method: 'card' | 'pin' | 'qr',
  value: string,
  at: Date,
): Promise<Claim> {
  const { db, keyring } = ctx;
  if (method === 'qr') {
    const qr = readQr(keyring, value, at);
    if (typeof qr === 'string') return { kind: 'refused', reason: qr };
    if (qr.kind === 'visitor') return { kind: 'visitor', passId: qr.passId };
    if (qr.siteId !== gate.siteId) return { kind: 'refused', reason: 'qr_invalid' };
    // Single use: the nonce row is the proof a code was spent.
    const fresh = await db
      .insert(qrNonces)
      .values({ nonce: qr.nonce, expiresAt: qr.expiresAt })
      .onConflictDoNothing()
      .returning();
    if (!fresh[0]) return { kind: 'refused', reason: 'qr_replayed', personId: qr.personId };
    return { kind: 'person', personId: qr.personId, credentialId: null, score: null, liveness: null };
  }
  if (method === 'pin' && (await guessesSpent(ctx, gate, 'invalid_pin', PIN_FAILURES_PER_WINDOW, at)))
    return { kind: 'refused', reason: 'invalid_pin' };
  if (method === 'card') {
    // Shorter than a real card's UID (or not hex): not looked up, and counted as a wrong card.
    if (!CARD_NUMBER_PATTERN.test(value.trim())) return { kind: 'refused', reason: 'unknown_card' };
    if (await guessesSpent(ctx, gate, 'unknown_card', CARD_FAILURES_PER_WINDOW, at))
      return { kind: 'refused', reason: 'unknown_card' };
  }
  const [credential] = await db
    .select()
    .from(credentials)
    .where(
      and(
        eq(credentials.siteId, gate.siteId),
        eq(credentials.kind, method),
        eq(credentials.secretHash, credentialHash(keyring, gate.siteId, method, value)),
      ),
    );
  if (!credential) return { kind: 'refused', reason: method === 'card' ? 'unknown_card' : 'invalid_pin' };
  if (credential.status !== 'active') {
    return {
      kind: 'refused',
      reason: method === 'card' ? 'card_revoked' : 'invalid_pin',
      personId: credential.personId,
    };
  }
  return {
    kind: 'person',
    personId: credential.personId,
    credentialId: credential.id,
    score: null,
    liveness: null,
  };
}
