import crypto from 'node:crypto';
import {
  base64UrlDecode,
  type CertificateClaims,
  certificateSigningInput,
  certificateToken,
  parseCertificateToken,
} from '@anju/contracts';
import type { Keyring } from '../../platform/crypto.ts';

/**
 * An office's Ed25519 key pair: the public key is published (the verification page checks
 * certificates with it, offline if need be); the private key is kept encrypted with the master
 * key and only ever used on the server.
 */
export interface OfficeKeyMaterial {
  /** key id, printed in every token it signs */
  kid: string;
  /** raw 32-byte public key, base64url */
  publicKey: string;
  /** PKCS#8 private key, sealed with the keyring (purpose `signing-key`) */
  privateKeyEnc: string;
}

export function generateOfficeKey(keyring: Keyring): OfficeKeyMaterial {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('Ed25519 public key without x');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    // Short, unguessable enough to be unique, and readable in a support call.
    kid: `k${crypto.randomBytes(6).toString('hex')}`,
    publicKey: x,
    privateKeyEnc: keyring.encrypt('signing-key', pkcs8),
  };
}

/** Signs a certificate's claims with the office key; returns the token the QR code carries. */
export function signCertificate(keyring: Keyring, key: OfficeKeyMaterial, claims: CertificateClaims): string {
  if (claims.k !== key.kid) throw new Error('claims name another key');
  const privateKey = crypto.createPrivateKey({
    key: keyring.decrypt('signing-key', key.privateKeyEnc),
    format: 'der',
    type: 'pkcs8',
  });
  const input = certificateSigningInput(claims);
  const signature = crypto.sign(null, Buffer.from(input, 'ascii'), privateKey);
  return certificateToken(input, new Uint8Array(signature));
}

export type TokenCheck =
  | { ok: true; claims: CertificateClaims }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

/**
 * Checks a token against the published keys (current and retired: a rotated key still verifies
 * what it signed). The same check the verification page runs in the browser.
 */
export function verifyCertificateToken(token: string, publicKeys: ReadonlyMap<string, string>): TokenCheck {
  const parsed = parseCertificateToken(token);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const x = publicKeys.get(parsed.claims.k);
  if (!x || !base64UrlDecode(x)) return { ok: false, reason: 'unknown_key' };
  const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  const good = crypto.verify(null, parsed.signed, publicKey, parsed.signature);
  return good ? { ok: true, claims: parsed.claims } : { ok: false, reason: 'bad_signature' };
}
