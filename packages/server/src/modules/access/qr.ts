import crypto from 'node:crypto';
import type { Keyring } from '../../platform/crypto.ts';
import { safeEqual } from '../../platform/crypto.ts';

/**
 * QR credentials. A resident's personal code is short-lived and single-use (replays refused by
 * nonce); a visitor's code names a pass whose window and uses live in the database. Both are
 * signed with the installation's key, so a forged or altered code fails before any lookup.
 */
export const PERSONAL_QR_TTL_SECONDS = 60;
const PERSONAL = 'AJP1';
const VISITOR = 'AJV1';

export interface PersonalQr {
  kind: 'personal';
  personId: string;
  siteId: string;
  expiresAt: Date;
  nonce: string;
}
export interface VisitorQr {
  kind: 'visitor';
  passId: string;
}
export type QrProblem = 'qr_invalid' | 'qr_expired';

export function issuePersonalQr(
  keyring: Keyring,
  personId: string,
  siteId: string,
  now: Date,
): { code: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + PERSONAL_QR_TTL_SECONDS * 1000);
  const payload = Buffer.from(
    JSON.stringify({
      p: personId,
      s: siteId,
      e: Math.floor(expiresAt.getTime() / 1000),
      n: crypto.randomBytes(9).toString('base64url'),
    }),
  ).toString('base64url');
  const body = `${PERSONAL}.${payload}`;
  return { code: `${body}.${keyring.sign('qr-pass', body)}`, expiresAt };
}

export function issueVisitorQr(keyring: Keyring, passId: string): string {
  const body = `${VISITOR}.${passId}`;
  return `${body}.${keyring.sign('qr-pass', body)}`;
}

/** Checks signature and expiry; the caller checks the nonce (personal) or the pass (visitor). */
export function readQr(keyring: Keyring, code: string, now: Date): PersonalQr | VisitorQr | QrProblem {
  const parts = code.trim().split('.');
  if (parts.length !== 3) return 'qr_invalid';
  const [kind, payload, signature] = parts as [string, string, string];
  const body = `${kind}.${payload}`;
  if (!safeEqual(signature, keyring.sign('qr-pass', body))) return 'qr_invalid';
  if (kind === VISITOR)
    return /^[0-9a-f-]{36}$/.test(payload) ? { kind: 'visitor', passId: payload } : 'qr_invalid';
  if (kind !== PERSONAL) return 'qr_invalid';
  let data: { p?: unknown; s?: unknown; e?: unknown; n?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'qr_invalid';
  }
  if (
    typeof data.p !== 'string' ||
    typeof data.s !== 'string' ||
    typeof data.e !== 'number' ||
    typeof data.n !== 'string'
  ) {
    return 'qr_invalid';
  }
  const expiresAt = new Date(data.e * 1000);
  if (expiresAt <= now) return 'qr_expired';
  return { kind: 'personal', personId: data.p, siteId: data.s, expiresAt, nonce: data.n };
}
