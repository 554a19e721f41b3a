import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/errors.ts';
import { persons } from '../registry/schema.ts';
import { idNumberHash } from '../registry/sql.ts';
import { kioskMessages as m } from './messages.ts';

/**
 * PLACEHOLDER for the identity helper's person-and-ID check (identity-check.ts, branch
 * kiosk-identity): the integrator replaces the imports of this file with H2's `requireCheck`,
 * which has the same signature, and deletes this file. Until then checks live in memory here so
 * the certificate routes can be built and tested.
 */
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

const CHECK_TTL_MS = 10 * 60_000;
const checks = new Map<string, VerifiedCheck & { deviceId: string; expiresAt: number }>();

/** The verified check of this device, or 404 / 410 `check_expired`. */
export async function requireCheck(
  _db: Db,
  deviceId: string,
  checkId: string,
  now: Date,
): Promise<VerifiedCheck> {
  const check = checks.get(checkId);
  if (!check || check.deviceId !== deviceId)
    throw new HttpError(404, 'not_found', m.msg('error.checkNotFound'));
  if (check.expiresAt <= now.getTime())
    throw new HttpError(410, 'check_expired', m.msg('error.checkExpired'));
  const { deviceId: _d, expiresAt: _e, ...verified } = check;
  return verified;
}

/** Records a passed check (tests, bench): the registry facts are looked up as H2's check does. */
export async function recordStubCheck(
  ctx: AppContext,
  input: {
    deviceId: string;
    siteId: string;
    idNumber: string;
    name: string;
    sex: 'male' | 'female';
    birthDate: string;
  },
  now: Date,
): Promise<VerifiedCheck> {
  const [person] = await ctx.db
    .select({ id: persons.id, hukouRegionCode: persons.hukouRegionCode, hukouAddress: persons.hukouAddress })
    .from(persons)
    .where(
      and(
        eq(persons.siteId, input.siteId),
        eq(persons.idNumberHash, idNumberHash(ctx.keyring, input.idNumber)),
        eq(persons.status, 'active'),
      ),
    );
  const check: VerifiedCheck = {
    checkId: crypto.randomUUID(),
    siteId: input.siteId,
    idNumber: input.idNumber,
    name: input.name,
    sex: input.sex,
    birthDate: input.birthDate,
    personId: person?.id ?? null,
    hukouRegionCode: person?.hukouRegionCode ?? null,
    hukouAddress: person?.hukouAddress ?? null,
  };
  checks.set(check.checkId, { ...check, deviceId: input.deviceId, expiresAt: now.getTime() + CHECK_TTL_MS });
  return check;
}
