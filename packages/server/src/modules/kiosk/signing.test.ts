import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, type CertificateClaims, parseCertificateToken } from '@anju/contracts';
import { createKeyring } from '../../platform/crypto.ts';
import { generateOfficeKey, signCertificate, verifyCertificateToken } from './signing.ts';

const keyring = createKeyring(crypto.randomBytes(32));

function claimsFor(kid: string, over: Partial<CertificateClaims> = {}): CertificateClaims {
  return {
    a: 'Ed25519',
    k: kid,
    s: 'HJ-20261202-000042',
    t: 'hukou',
    n: '张*明',
    i: '2026-12-02',
    u: '2027-03-01',
    o: '示范派出所（演示）',
    ...over,
  };
}

describe('certificate tokens', () => {
  const office = generateOfficeKey(keyring);
  const keys = new Map([[office.kid, office.publicKey]]);

  it('signs claims that verify with the published key, and keep the private key sealed', () => {
    const token = signCertificate(keyring, office, claimsFor(office.kid));
    expect(token).toMatch(/^c1\.[\w-]+\.[\w-]{86}$/);
    const check = verifyCertificateToken(`https://anju.example/verify#${token}`, keys);
    expect(check).toEqual({ ok: true, claims: claimsFor(office.kid) });
    expect(office.privateKeyEnc).not.toContain('PRIVATE');
    // A QR code that holds the URL stays small enough to scan from paper.
    expect(`https://192.168.1.10:8443/verify#${token}`.length).toBeLessThan(400);
  });

  it('refuses a tampered payload, a forged signature, an unknown key and malformed text', () => {
    const token = signCertificate(keyring, office, claimsFor(office.kid));
    const [v, payload, sig] = token.split('.') as [string, string, string];
    const forgedClaims = Buffer.from(JSON.stringify(claimsFor(office.kid, { u: '2099-12-31' }))).toString(
      'base64url',
    );
    expect(verifyCertificateToken(`${v}.${forgedClaims}.${sig}`, keys)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    expect(verifyCertificateToken(`${v}.${payload}.${flipped}`, keys)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // Another office's key (a forger's own key pair) signing the same kid.
    const forger = generateOfficeKey(keyring);
    const forged = signCertificate(keyring, { ...forger, kid: office.kid }, claimsFor(office.kid));
    expect(verifyCertificateToken(forged, keys)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCertificateToken(signCertificate(keyring, forger, claimsFor(forger.kid)), keys)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    for (const bad of ['', 'c1', 'c2.a.b', `c1.${payload}`, `c1.!!.${sig}`, `c1.${payload}.${sig}x`]) {
      expect(verifyCertificateToken(bad, keys), bad).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('keeps verifying what a rotated key signed', () => {
    const old = generateOfficeKey(keyring);
    const signedBefore = signCertificate(keyring, old, claimsFor(old.kid));
    const current = generateOfficeKey(keyring);
    const published = new Map([
      [old.kid, old.publicKey],
      [current.kid, current.publicKey],
    ]);
    expect(verifyCertificateToken(signedBefore, published).ok).toBe(true);
    expect(
      verifyCertificateToken(signCertificate(keyring, current, claimsFor(current.kid)), published).ok,
    ).toBe(true);
  });

  it('verifies with WebCrypto over the same bytes, as the verification page does', async () => {
    const token = signCertificate(keyring, office, claimsFor(office.kid));
    const parsed = parseCertificateToken(token)!;
    const key = await crypto.webcrypto.subtle.importKey(
      'raw',
      base64UrlDecode(office.publicKey)!,
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    expect(
      await crypto.webcrypto.subtle.verify({ name: 'Ed25519' }, key, parsed.signature, parsed.signed),
    ).toBe(true);
  });
});
