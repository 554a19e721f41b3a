/**
 * The browser's half of /verify: the Ed25519 check with the offices' published keys, telling a
 * good signature, a changed payload, a forged signature, an unknown key and a damaged code apart.
 * Keys and tokens are made here with node:crypto, as the server makes them.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base64UrlEncode,
  type CertificateClaims,
  certificateSigningInput,
  certificateToken,
} from '@anju/contracts';
import { checkSignature, type OfficeKey, tokenOf } from './verify.ts';

function officeKey(kid: string, status: OfficeKey['status'] = 'active') {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const published: OfficeKey = {
    kid,
    publicKey: publicKey.export({ format: 'jwk' }).x as string,
    office: '金水路警务室', // i18n-data: an office's name
    siteId: '00000000-0000-4000-8000-000000000001',
    status,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const signWith = (claims: CertificateClaims) => {
    const input = certificateSigningInput(claims);
    return certificateToken(input, new Uint8Array(sign(null, Buffer.from(input), privateKey)));
  };
  return { published, signWith };
}

const claims = (kid: string): CertificateClaims => ({
  a: 'Ed25519',
  k: kid,
  s: 'HJ-20261202-000001',
  t: 'hukou',
  n: '张*明', // i18n-data: a masked holder name
  i: '2026-12-02',
  u: '2027-03-01',
  o: '金水路警务室', // i18n-data: an office's name
});

describe('certificate signature check in the browser', () => {
  const office = officeKey('k-office-1');
  const retired = officeKey('k-office-0', 'retired');
  const keys = [office.published, retired.published];
  const token = office.signWith(claims('k-office-1'));

  it('accepts a token signed by the key it names, as a token or a /verify# link', () => {
    const result = checkSignature(token, keys);
    expect(result.kind).toBe('valid');
    expect(result.kind === 'valid' && result.claims.s).toBe('HJ-20261202-000001');
    expect(checkSignature(`https://anju.example/verify#${token}`, keys).kind).toBe('valid');
    expect(tokenOf(`  https://anju.example/verify#${token} `)).toBe(token);
  });

  it('still accepts a token of a key retired by a rotation', () => {
    const old = checkSignature(retired.signWith(claims('k-office-0')), keys);
    expect(old.kind).toBe('valid');
    expect(old.kind === 'valid' && old.key.status).toBe('retired');
  });

  it('refuses a payload changed after signing', () => {
    const [v, , sig] = token.split('.');
    const changed = base64UrlEncode(
      new TextEncoder().encode(JSON.stringify({ ...claims('k-office-1'), n: '王*' })),
    );
    expect(checkSignature(`${v}.${changed}.${sig}`, keys).kind).toBe('bad_signature');
  });

  it('refuses a signature made with another key under the office key id (forged)', () => {
    const forger = officeKey('k-office-1');
    expect(checkSignature(forger.signWith(claims('k-office-1')), keys).kind).toBe('bad_signature');
  });

  it('says when the key is none an office published', () => {
    const stranger = officeKey('k-nobody');
    const result = checkSignature(stranger.signWith(claims('k-nobody')), keys);
    expect(result.kind).toBe('unknown_key');
  });

  it('says when the text is no token at all, or a cut one', () => {
    expect(checkSignature('', keys).kind).toBe('empty');
    expect(checkSignature('hello', keys).kind).toBe('malformed');
    expect(checkSignature(token.slice(0, 60), keys).kind).toBe('malformed');
    expect(checkSignature(`${token.slice(0, -4)}AAAA`, keys).kind).toBe('bad_signature');
  });
});
