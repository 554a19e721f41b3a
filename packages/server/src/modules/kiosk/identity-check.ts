/**
 * The person-and-ID check (人证核验) at a kiosk: the card is validated (GB 11643, validity), the
 * registry person of the kiosk's site found by the ID number's keyed hash, then the live camera
 * frame is matched 1:1 against the chip photo (and the enrolled template when there is one) with
 * liveness. Three failed matches lock that ID number at that kiosk for LOCK_MINUTES (15). Every
 * attempt is a row of kiosk_checks (no image); a passed one is the check the next steps name,
 * bound to the device for CHECK_TTL_MS.
 */
import { and, eq } from 'drizzle-orm';
import {
  type IdCardInput,
  idCardInputSchema,
  idNumberMessage,
  idNumberFacts,
  idNumberProblem,
  type CheckOutcome,
} from '@anju/contracts';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { loginFailures } from '../../platform/auth/schema.ts';
import { isLocked, LOCK_MINUTES, recordFailure } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { HttpError, validationFailed } from '../../platform/errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { faceTemplates } from '../access/schema.ts';
import { templateFromBytes } from '../face/enrolment.ts';
import type { FaceEngineHolder } from '../face/shared-engine.ts';
import { idNumberHash } from '../registry/sql.ts';
import { kioskIdentityServerMessages as m } from './identity.messages.ts';
import { kioskPersonFacts, personIdOf } from './registry-facts.ts';
import { kioskChecks } from './schema-identity.ts';
import { verifyFaces } from '../face/verify.ts';

export const CHECK_TTL_MS = 10 * 60_000;
export const FACE_LOCK_THRESHOLD = 3;
export const faceLockKey = (deviceId: string, idHash: string) => `kiosk-face:${deviceId}:${idHash}`;

/** What the next steps (certificates, applications) know of a passed check. */
export interface VerifiedCheck {
  checkId: string;
  siteId: string;
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  personId: string | null;
  hukouRegionCode: string | null;
  hukouAddress: string | null;
}

// requireCheck(db, ...) keeps the signature the certificate routes were written against; the ID
// number is sealed, so the keyring travels with the database handle (as the audit chain's key
// does): bound when the kiosk routes start, found from any transaction opened on that handle.
const keyrings = new WeakMap<object, Keyring>();
const handleOf = (db: Db): object => ((db as unknown as { dialect?: object }).dialect ?? db) as object;
export function bindCheckKeyring(db: Db, keyring: Keyring): void {
  keyrings.set(handleOf(db), keyring);
}

type SealedCard = Omit<IdCardInput, 'idNumber'> & { idNumber: string };

const cardFields = idCardInputSchema.extend({
  // checked below, so a bad number is answered (and logged) as invalid_id_number
  idNumber: z.string().trim().toUpperCase().max(18),
});

function parseCard(raw: string | undefined): z.output<typeof cardFields> {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch {
    throw new HttpError(400, 'validation_error', m.msg('check.cardMissing'), [
      { field: 'body.card', message: m.msg('check.cardMissing') },
    ]);
  }
  const parsed = cardFields.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error.issues, ['body', 'card']);
  return parsed.data;
}

interface Attempt {
  outcome: CheckOutcome;
  score?: number | null;
  liveness?: number | null;
  comparedWith?: string | null;
  personId?: string | null;
  cardEnc?: string | null;
  expiresAt?: Date | null;
}

export interface CheckInput {
  /** the `card` text field: JSON IdCard without chipPhoto */
  card: string | undefined;
  chipPhoto: Buffer | null;
  live: Buffer | null;
}

/**
 * Runs one check. Returns the passed check, or throws the refusal (400 invalid_id_number /
 * card_expired, 422 face_mismatch {attemptsLeft} / no_face / poor_quality / liveness_failed,
 * 429 face_locked {until}) after logging the attempt.
 */
export async function runCheck(
  ctx: AppContext,
  faces: FaceEngineHolder,
  device: { deviceId: string; siteId: string },
  input: CheckInput,
): Promise<{ check: VerifiedCheck; expiresAt: Date; durationMs: number }> {
  const started = performance.now();
  const now = ctx.now();
  const card = parseCard(input.card);
  const idHash = idNumberHash(ctx.keyring, card.idNumber);
  const log = async (a: Attempt) => {
    const [row] = await ctx.db
      .insert(kioskChecks)
      .values({
        siteId: device.siteId,
        deviceId: device.deviceId,
        at: now,
        idNumberHash: idHash,
        outcome: a.outcome,
        score: a.score ?? null,
        liveness: a.liveness ?? null,
        comparedWith: a.comparedWith ?? null,
        durationMs: performance.now() - started,
        personId: a.personId ?? null,
        cardEnc: a.cardEnc ?? null,
        expiresAt: a.expiresAt ?? null,
      })
      .returning({ id: kioskChecks.id });
    return row!.id;
  };

  const problem = idNumberProblem(card.idNumber, now);
  if (problem) {
    await log({ outcome: 'invalid_id_number' });
    throw new HttpError(400, 'invalid_id_number', idNumberMessage(problem), [
      { field: 'card.idNumber', message: idNumberMessage(problem) },
    ]);
  }
  // The ID number encodes the birth date and sex (GB 11643): a card (or a reader bridge) whose
  // printed fields disagree with it has been tampered with or misread.
  const printed = idNumberFacts(card.idNumber);
  const disagreeing =
    printed.birthDate !== card.birthDate ? 'birthDate' : printed.gender !== card.sex ? 'sex' : null;
  if (disagreeing) {
    await log({ outcome: 'card_inconsistent' });
    const message = m.msg('check.cardInconsistent', { field: m.key(`check.field.${disagreeing}`) });
    throw new HttpError(400, 'card_inconsistent', message, [{ field: `card.${disagreeing}`, message }]);
  }
  const today = shanghaiDate(now);
  if (card.validTo !== 'long' && card.validTo < today) {
    await log({ outcome: 'card_expired' });
    throw new HttpError(400, 'card_expired', m.msg('check.cardExpired', { date: card.validTo }), [
      { field: 'card.validTo', message: m.msg('check.cardExpired', { date: card.validTo }) },
    ]);
  }
  const lockKey = faceLockKey(device.deviceId, idHash);
  if (await isLocked(ctx.db, lockKey, now)) {
    await log({ outcome: 'face_locked' });
    throw await lockedError(ctx.db, lockKey);
  }
  if (!input.live || input.live.length === 0) {
    throw new HttpError(400, 'validation_error', m.msg('check.liveMissing'), [
      { field: 'body.live', message: m.msg('check.liveMissing') },
    ]);
  }

  const personId = await personIdOf(ctx, device.siteId, card.idNumber);
  let templates: Float32Array[] = [];
  let verdict: Awaited<ReturnType<typeof verifyFaces>>;
  try {
    const engine = await faces.engine();
    if (personId) {
      const rows = await ctx.db
        .select({ enc: faceTemplates.embeddingEnc })
        .from(faceTemplates)
        .where(and(eq(faceTemplates.personId, personId), eq(faceTemplates.modelId, engine.modelId)));
      templates = rows.map((r) =>
        templateFromBytes(ctx.keyring.decrypt('face-template', r.enc), engine.embeddingDim),
      );
    }
    verdict = await verifyFaces(engine, { live: input.live, chipPhoto: input.chipPhoto, templates });
  } catch (error) {
    await log({ outcome: 'engine_error', personId });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500)
      throw new HttpError(422, 'poor_quality', m.msg('check.unreadableImage'), [
        { field: 'body.live', message: m.msg('check.unreadableImage') },
      ]);
    throw new HttpError(503, 'face_engine_unavailable', m.msg('check.engineUnavailable'));
  }
  const comparedWith = [input.chipPhoto ? 'chip' : null, templates.length ? 'template' : null]
    .filter(Boolean)
    .join('+');
  const facts = { score: verdict.score, liveness: verdict.liveness, comparedWith, personId };

  if (verdict.outcome === 'mismatch' || verdict.outcome === 'liveness_failed') {
    await recordFailure(ctx.db, lockKey, FACE_LOCK_THRESHOLD, now);
    const outcome = verdict.outcome === 'mismatch' ? 'face_mismatch' : 'liveness_failed';
    await log({ outcome, ...facts });
    const [row] = await ctx.db.select().from(loginFailures).where(eq(loginFailures.key, lockKey));
    const attemptsLeft = row?.lockedUntil ? 0 : Math.max(0, FACE_LOCK_THRESHOLD - (row?.count ?? 0));
    const message =
      outcome === 'face_mismatch'
        ? m.msg('check.faceMismatch', { left: attemptsLeft, minutes: LOCK_MINUTES })
        : m.msg('check.livenessFailed', { left: attemptsLeft, minutes: LOCK_MINUTES });
    throw new HttpError(422, outcome, message, [{ field: 'body.live', message, attemptsLeft }]);
  }
  if (verdict.outcome !== 'match') {
    // no_face / poor_quality (the face module's reason) / no_reference (chip photo unusable, none given)
    const code = verdict.outcome === 'no_reference' ? 'poor_quality' : verdict.outcome;
    await log({ outcome: code, ...facts });
    const message =
      verdict.outcome === 'no_reference' && verdict.reason === 'no_reference'
        ? m.msg('check.noReference')
        : verdict.message;
    throw new HttpError(422, code, message, [
      { field: 'body.live', message, reason: verdict.reason ?? null },
    ]);
  }

  // Passed: the count of failures for this ID number at this kiosk starts again.
  await ctx.db.delete(loginFailures).where(eq(loginFailures.key, lockKey));
  const expiresAt = new Date(now.getTime() + CHECK_TTL_MS);
  const sealed: SealedCard = { ...card };
  const checkId = await log({
    outcome: 'passed',
    ...facts,
    cardEnc: ctx.keyring.encrypt('id-number', JSON.stringify(sealed)),
    expiresAt,
  });
  const person = personId ? await kioskPersonFacts(ctx, device.siteId, personId, today) : null;
  return {
    check: {
      checkId,
      siteId: device.siteId,
      idNumber: card.idNumber,
      name: card.name,
      sex: card.sex,
      birthDate: card.birthDate,
      personId,
      hukouRegionCode: person?.hukouRegionCode ?? null,
      hukouAddress: person?.hukouAddress ?? null,
    },
    expiresAt,
    durationMs: performance.now() - started,
  };
}

async function lockedError(db: Db, key: string): Promise<HttpError> {
  const [row] = await db.select().from(loginFailures).where(eq(loginFailures.key, key));
  const until = row?.lockedUntil?.toISOString() ?? '';
  const message = m.msg('check.faceLocked', { minutes: LOCK_MINUTES });
  return new HttpError(429, 'face_locked', message, [{ field: 'body.live', message, until }]);
}

/**
 * The passed check `checkId` of this device, or 404 (unknown, failed, another kiosk's) / 410
 * check_expired. Registry facts are read now, not when the check passed.
 */
export async function requireCheck(
  db: Db | AppContext,
  deviceId: string,
  checkId: string,
  now: Date,
): Promise<VerifiedCheck> {
  const ctxLike = 'keyring' in db ? db : null;
  const handle = ctxLike ? ctxLike.db : (db as Db);
  const keyring = ctxLike?.keyring ?? keyrings.get(handleOf(handle));
  if (!keyring) throw new Error('requireCheck: no keyring bound to this database (bindCheckKeyring)');
  const uuidLike = /^[0-9a-f-]{36}$/i.test(checkId);
  const [row] = uuidLike
    ? await handle
        .select()
        .from(kioskChecks)
        .where(
          and(
            eq(kioskChecks.id, checkId),
            eq(kioskChecks.deviceId, deviceId),
            eq(kioskChecks.outcome, 'passed'),
          ),
        )
    : [];
  if (!row?.cardEnc || !row.expiresAt) throw new HttpError(404, 'not_found', m.msg('check.notFound'));
  if (row.expiresAt <= now) throw new HttpError(410, 'check_expired', m.msg('check.expired'));
  const card = JSON.parse(keyring.decrypt('id-number', row.cardEnc).toString('utf8')) as SealedCard;
  const ctx = { db: handle, keyring } as AppContext;
  const person = row.personId
    ? await kioskPersonFacts(ctx, row.siteId, row.personId, shanghaiDate(now))
    : null;
  return {
    checkId: row.id,
    siteId: row.siteId,
    idNumber: card.idNumber,
    name: card.name,
    sex: card.sex,
    birthDate: card.birthDate,
    personId: row.personId,
    hukouRegionCode: person?.hukouRegionCode ?? null,
    hukouAddress: person?.hukouAddress ?? null,
  };
}

/**
 * A passed check recorded without a face match: the demo seed, benchmarks and the certificate
 * tests stand for a kiosk that has already verified the holder. Never called by a route.
 */
export async function recordPassedCheck(
  ctx: AppContext,
  input: { deviceId: string; siteId: string; card: SealedCard },
  now: Date,
): Promise<VerifiedCheck> {
  const idNumber = input.card.idNumber.trim().toUpperCase();
  const personId = await personIdOf(ctx, input.siteId, idNumber);
  const [row] = await ctx.db
    .insert(kioskChecks)
    .values({
      siteId: input.siteId,
      deviceId: input.deviceId,
      at: now,
      idNumberHash: idNumberHash(ctx.keyring, idNumber),
      outcome: 'passed',
      comparedWith: 'recorded',
      personId,
      cardEnc: ctx.keyring.encrypt('id-number', JSON.stringify({ ...input.card, idNumber })),
      expiresAt: new Date(now.getTime() + CHECK_TTL_MS),
    })
    .returning({ id: kioskChecks.id });
  return requireCheck(ctx, input.deviceId, row!.id, now);
}
