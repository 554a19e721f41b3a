/**
 * The signed token a certificate's QR code carries, shared by the server (which signs) and the
 * public verification page (which checks the signature in the browser before asking the server
 * anything). Compact, so the QR stays small enough to scan from paper:
 *
 *   c1.<payload>.<signature>        payload = base64url(JSON), signature = base64url(64 bytes)
 *
 * The signature covers the ASCII text `c1.<payload>` exactly as printed, so no canonical JSON is
 * needed. The payload names its algorithm (`a`) and key (`k`): a key can be rotated (old keys keep
 * verifying) and another algorithm (SM2) added without changing the format.
 */

export const CERTIFICATE_TOKEN_VERSION = 'c1';
export const CERTIFICATE_ALGORITHMS = ['Ed25519'] as const;
export type CertificateAlgorithm = (typeof CERTIFICATE_ALGORITHMS)[number];
export const CERTIFICATE_TYPES = ['hukou', 'temporary_identity', 'no_criminal_record'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

/** What a certificate's QR code states: no more personal data than is printed (a masked name). */
export interface CertificateClaims {
  /** algorithm */
  a: CertificateAlgorithm;
  /** key id of the issuing office's signing key */
  k: string;
  /** serial number */
  s: string;
  /** certificate type */
  t: CertificateType;
  /** holder, masked as printed in the QR's summary (张*明) */
  n: string;
  /** issued on (Asia/Shanghai date) */
  i: string;
  /** valid until (Asia/Shanghai date, inclusive) */
  u: string;
  /** issuing office's name */
  o: string;
}

export interface ParsedCertificateToken {
  claims: CertificateClaims;
  /** the exact bytes the signature covers */
  signed: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c: string) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The part the signature covers (`c1.<payload>`). */
export function certificateSigningInput(claims: CertificateClaims): string {
  return `${CERTIFICATE_TOKEN_VERSION}.${base64UrlEncode(encoder.encode(JSON.stringify(claims)))}`;
}

export function certificateToken(signingInput: string, signature: Uint8Array): string {
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isClaims(value: unknown): value is CertificateClaims {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    CERTIFICATE_ALGORITHMS.includes(c.a as CertificateAlgorithm) &&
    typeof c.k === 'string' &&
    c.k.length > 0 &&
    c.k.length <= 64 &&
    typeof c.s === 'string' &&
    /^[A-Z0-9-]{6,40}$/.test(c.s) &&
    CERTIFICATE_TYPES.includes(c.t as CertificateType) &&
    typeof c.n === 'string' &&
    c.n.length <= 40 &&
    typeof c.i === 'string' &&
    DATE.test(c.i) &&
    typeof c.u === 'string' &&
    DATE.test(c.u) &&
    typeof c.o === 'string' &&
    c.o.length <= 80
  );
}

/**
 * Reads a token, or a verification URL that carries it after `#`; null when it is not a
 * well-formed token (the signature is checked separately, with the office's public key).
 */
export function parseCertificateToken(text: string): ParsedCertificateToken | null {
  const token = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text.trim();
  if (token.length > 1200) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== CERTIFICATE_TOKEN_VERSION) return null;
  const payload = base64UrlDecode(parts[1]!);
  const signature = base64UrlDecode(parts[2]!);
  if (!payload || !signature || signature.length !== 64) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return null;
  }
  if (!isClaims(claims)) return null;
  return { claims, signed: encoder.encode(`${parts[0]}.${parts[1]}`), signature };
}
