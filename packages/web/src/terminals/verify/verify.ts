import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  base64UrlDecode,
  type CertificateClaims,
  type PublicKey,
  parseCertificateToken,
  type VerifyResult,
  type VerifyStatus,
} from '@anju/contracts';
import { API_BASE } from '../../app/api.ts';
import { currentLang } from '../../app/i18n.tsx';

// Synchronous verification with a pure-JS SHA-512: no WebCrypto, so the check runs on a plain
// HTTP LAN page too (browsers give crypto.subtle to secure origins only).
ed.hashes.sha512 = sha512;

/** An office's published signing key (`GET /api/v1/kiosk/verify/keys`). */
export type OfficeKey = PublicKey;

/**
 * What the browser alone can say about a scanned or pasted text, before the server is asked:
 * - `malformed`: not a certificate token at all, or one whose content no longer decodes (cut, altered);
 * - `unknown_key`: well formed, but names a key no office has published (made elsewhere);
 * - `bad_signature`: the signature does not match the content under the named key: the content
 *   was changed after signing, or the signature was forged;
 * - `valid`: signed by the named office key (which may since have been retired by a rotation).
 */
export type SignatureCheck =
  | { kind: 'empty' }
  | { kind: 'malformed' }
  | { kind: 'unknown_key'; claims: CertificateClaims; token: string }
  | { kind: 'bad_signature'; claims: CertificateClaims; token: string; key: OfficeKey }
  | { kind: 'valid'; claims: CertificateClaims; token: string; key: OfficeKey };

/** The token part of a scanned or pasted text: a /verify#… URL, or the token itself. */
export function tokenOf(text: string): string {
  const trimmed = text.trim();
  return trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1).trim() : trimmed;
}

export function checkSignature(text: string, keys: OfficeKey[]): SignatureCheck {
  const token = tokenOf(text);
  if (!token) return { kind: 'empty' };
  const parsed = parseCertificateToken(token);
  if (!parsed) return { kind: 'malformed' };
  const { claims, signed, signature } = parsed;
  const key = keys.find((k) => k.kid === claims.k);
  if (!key) return { kind: 'unknown_key', claims, token };
  const publicKey = base64UrlDecode(key.publicKey);
  let ok = false;
  try {
    ok = !!publicKey && publicKey.length === 32 && ed.verify(signature, signed, publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  return ok ? { kind: 'valid', claims, token, key } : { kind: 'bad_signature', claims, token, key };
}

const KEYS_CACHE = 'anju.verifyKeys';

/**
 * The offices' public keys: fetched, and kept in this browser so that a phone that has checked
 * once can still check signatures without a connection (`fromCache` says so).
 */
export async function loadKeys(): Promise<{ keys: OfficeKey[]; fromCache: boolean }> {
  try {
    const response = await fetch(`${API_BASE}/kiosk/verify/keys`, {
      credentials: 'omit',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { keys } = (await response.json()) as { keys: OfficeKey[] };
    try {
      localStorage.setItem(KEYS_CACHE, JSON.stringify(keys));
    } catch {
      // Private mode: no offline copy.
    }
    return { keys, fromCache: false };
  } catch (error) {
    const cached = (() => {
      try {
        return JSON.parse(localStorage.getItem(KEYS_CACHE) ?? 'null') as OfficeKey[] | null;
      } catch {
        return null;
      }
    })();
    if (cached) return { keys: cached, fromCache: true };
    throw error;
  }
}

export type CertificateStatus = VerifyStatus;
export type StatusResult = VerifyResult;

/** The certificate's status at the server; asked only after the signature checked out here. */
export async function fetchStatus(token: string): Promise<StatusResult> {
  const response = await fetch(`${API_BASE}/kiosk/verify`, {
    method: 'POST',
    credentials: 'omit',
    headers: {
      accept: 'application/json',
      'accept-language': currentLang(),
      'content-type': 'application/json',
    },
    body: JSON.stringify({ token }),
    signal: AbortSignal.timeout(10_000),
  });
  const data = (await response.json().catch(() => null)) as
    | (StatusResult & { error?: { code: string; message: string } })
    | null;
  if (!response.ok || !data) {
    throw new Error(data?.error?.message ?? `HTTP ${response.status}`);
  }
  return data;
}
