/**
 * Kiosk certificates end to end through the API: issue at the kiosk on a verified check, the PDF,
 * the public verification (signature, status, log, detail limit), revocation, key rotation, the
 * console's views by role, criminal records, settings and every "bad input" of the certificate side.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { certificateSigningInput, parseCertificateToken, type CertificateClaims } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { createKeyring } from '../src/platform/crypto.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { certificateOffers } from '../src/modules/kiosk/certificates.ts';
import { recordStubCheck } from '../src/modules/kiosk/check-ref.ts';
import { kioskDemoSeeder } from '../src/modules/kiosk/seed.ts';
import { generateOfficeKey, signCertificate } from '../src/modules/kiosk/signing.ts';
import {
  createTestEnv,
  describeBackends,
  kioskDevice,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';

interface Person {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  hukouRegionCode: string | null;
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** A valid ID number of someone who is in no registry (GB 11643 check character computed). */
function outsiderIdNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describeBackends('kiosk certificates', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let admin: Client;
  let siteA = '';
  let kiosk = { deviceId: '', token: '' };
  let otherKiosk = { deviceId: '', token: '' };
  let people: Person[] = [];
  let district: Person[] = [];
  let cityOnly: Person[] = [];
  let outside: Person[] = [];
  let districtCode = '';

  const terminal = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    env.app.inject({
      method,
      url: `/api/v1/kiosk${url}`,
      payload,
      headers: { authorization: `Bearer ${token}` },
    });
  const checkOf = (
    p: Pick<Person, 'idNumber' | 'name' | 'gender' | 'birthDate'>,
    deviceId = kiosk.deviceId,
  ) =>
    recordStubCheck(
      env.ctx,
      { deviceId, siteId: siteA, idNumber: p.idNumber, name: p.name, sex: p.gender, birthDate: p.birthDate },
      env.ctx.now(),
    );
  const issue = async (p: Person, type: string, purpose?: string) => {
    const check = await checkOf(p);
    const res = await terminal(kiosk.token, 'POST', '/terminal/certificates', {
      checkId: check.checkId,
      type,
      ...(purpose ? { purpose } : {}),
    });
    return { res, check };
  };
  const countCertificates = async () =>
    (await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM kiosk_certificates`))[0]!
      .n;
  const verify = (token: string) =>
    env.app.inject({ method: 'POST', url: '/api/v1/kiosk/verify', payload: { token } });
  const saveSettings = async (patch: Record<string, unknown>) => {
    const current = (await police.get(`/api/v1/kiosk/settings?siteId=${siteA}`)).json();
    const { hasSeal: _h, sealUpdatedAt: _s, isDefault: _d, ...rules } = current;
    const res = await police.request({
      method: 'PUT',
      url: '/api/v1/kiosk/settings',
      payload: { ...rules, ...patch },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    property = await signIn(env.app, 'property');
    admin = await signIn(env.app, 'admin');
    siteA = police.me.sites[0]!.id;
    kiosk = await kioskDevice(police, siteA, 'kiosk A');
    otherKiosk = await kioskDevice(police, siteA, 'kiosk A2');
    const rows = await queryRows<{
      id: string;
      name: string;
      gender: 'male' | 'female';
      birth_date: string;
      id_number_enc: string;
      hukou_region_code: string | null;
    }>(
      env.ctx.db,
      sql`SELECT p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.id_number_enc, p.hukou_region_code
          FROM persons p WHERE p.site_id = ${siteA} AND p.status = 'active' AND p.birth_date < '2005-01-01'
          ORDER BY p.name, p.birth_date`,
    );
    people = rows.map((r) => ({
      id: r.id,
      name: r.name,
      gender: r.gender,
      birthDate: r.birth_date,
      idNumber: env.ctx.keyring.decrypt('id-number', r.id_number_enc).toString('utf8'),
      hukouRegionCode: r.hukou_region_code,
    }));
    const local = people.filter((p) => p.hukouRegionCode?.startsWith('4101'));
    districtCode = local[0]!.hukouRegionCode!;
    district = local.filter((p) => p.hukouRegionCode === districtCode);
    cityOnly = local.filter((p) => p.hukouRegionCode !== districtCode);
    outside = people.filter((p) => p.hukouRegionCode && !p.hukouRegionCode.startsWith('4101'));
    expect(district.length).toBeGreaterThanOrEqual(4);
    expect(outside.length).toBeGreaterThanOrEqual(2);
    await saveSettings({ hukouRegionPrefixes: [districtCode], officeName: '甲小区警务室（测试）' });
  }, 120_000);
  afterAll(() => env?.close());

  it('issues a 户籍证明 at the kiosk: signed token, PDF with Chinese title, holder, serial, office and QR', async () => {
    const holder = district[0]!;
    const started = performance.now();
    const { res, check } = await issue(holder, 'hukou');
    expect(res.statusCode, res.body).toBe(201);
    const issued = res.json();
    expect(issued.serial).toMatch(/^HJ-\d{8}-\d{6}$/);
    expect(issued.verifyUrl).toMatch(/^https?:\/\/[^/]+\/verify#c1\./);
    expect(issued.verifyUrl.endsWith(issued.token)).toBe(true);
    const pdf = await terminal(
      kiosk.token,
      'GET',
      `/terminal/certificates/${issued.id}/pdf?checkId=${check.checkId}`,
    );
    const elapsed = performance.now() - started;
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.length).toBeLessThan(300_000);
    const text = await textOf(new Uint8Array(pdf.rawPayload));
    expect(text).toContain('户籍证明');
    expect(text).toContain(holder.name);
    expect(text).toContain(issued.serial);
    expect(text).toContain('甲小区警务室（测试）');
    expect(text).toContain('样章 SAMPLE');
    // The ID number is printed masked.
    expect(text).not.toContain(holder.idNumber);
    console.info(`[${backend}] issue+pdf ${elapsed.toFixed(0)} ms, pdf ${pdf.rawPayload.length} bytes`);

    // The token names the office's key, published for the verification page.
    const claims = parseCertificateToken(issued.token)!.claims;
    const keys = (await env.app.inject({ method: 'GET', url: '/api/v1/kiosk/verify/keys' })).json().keys;
    expect(keys.find((k: { kid: string }) => k.kid === claims.k)).toMatchObject({
      status: 'active',
      siteId: siteA,
    });
    const verified = await verify(issued.token);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.headers['cache-control']).toBe('no-store');
    expect(verified.json()).toMatchObject({
      status: 'valid',
      certificate: { serial: issued.serial, type: 'hukou', office: '甲小区警务室（测试）' },
    });
    expect(verified.json().certificate.maskedHolder).not.toBe(holder.name);
    // The verification URL works as well as the bare token.
    expect((await verify(issued.verifyUrl)).json().status).toBe('valid');
  });

  it('hands the PDF only to the check that issued it, on the kiosk that issued it', async () => {
    const { res, check } = await issue(district[1]!, 'hukou');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const other = await checkOf(district[2]!);
    expect(
      (await terminal(kiosk.token, 'GET', `/terminal/certificates/${id}/pdf?checkId=${other.checkId}`))
        .statusCode,
    ).toBe(404);
    expect(
      (await terminal(otherKiosk.token, 'GET', `/terminal/certificates/${id}/pdf?checkId=${check.checkId}`))
        .statusCode,
    ).toBe(404);
  });

  it('refuses, with a specific message and nothing issued: unknown person, non-local, record, over quota, expired check', async () => {
    const before = await countCertificates();
    // Unknown ID number (in no registry) asking for 户籍证明.
    const stranger = {
      idNumber: outsiderIdNumber('41010519900307123'),
      name: '路人甲',
      gender: 'male' as const,
      birthDate: '1990-03-07',
    };
    const unknown = await terminal(kiosk.token, 'POST', '/terminal/certificates', {
      checkId: (await checkOf(stranger)).checkId,
      type: 'hukou',
    });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json().error.code).toBe('not_eligible');
    expect(unknown.json().error.details[0].reasonCode).toBe('not_registered');

    // A non-local person asking for 无犯罪记录证明.
    const nonLocal = await issue(outside[0]!, 'no_criminal_record', '入职');
    expect(nonLocal.res.statusCode).toBe(403);
    expect(nonLocal.res.json().error.details[0].reasonCode).toBe('not_local');
    expect(nonLocal.res.json().error.message).toContain('本市户籍');

    // 无犯罪记录证明 needs a purpose.
    const noPurpose = await issue(district[2]!, 'no_criminal_record');
    expect(noPurpose.res.statusCode).toBe(400);
    expect(noPurpose.res.json().error.details[0].field).toBe('body.purpose');

    // A record present: "see the officer", never why.
    const flagged = district[3]!;
    const recorded = await police.post('/api/v1/kiosk/criminal-records', {
      siteId: siteA,
      idNumber: flagged.idNumber,
      name: flagged.name,
      offence: '盗窃罪（测试）',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const seeOfficer = await issue(flagged, 'no_criminal_record', '入职');
    expect(seeOfficer.res.statusCode).toBe(403);
    expect(seeOfficer.res.json().error.details[0].reasonCode).toBe('see_officer');
    expect(seeOfficer.res.body).not.toContain('盗窃');
    expect(seeOfficer.res.body).not.toMatch(/记录|record/i);
    const offers = await certificateOffers(
      env.ctx,
      siteA,
      { ...flagged, sex: flagged.gender, personId: flagged.id, hukouAddress: null },
      env.ctx.now(),
      'zh-CN',
    );
    expect(offers.find((o) => o.service === 'no_criminal_record')).toEqual({
      service: 'no_criminal_record',
      available: false,
      reasonCode: 'see_officer',
      reason: '请到警务室窗口办理',
      needsPurpose: true,
    });
    expect(offers.find((o) => o.service === 'hukou')!.available).toBe(true);

    // Over quota: 临时身份证明 at most 2 per period here.
    await saveSettings({ temporaryMaxPerPeriod: 2 });
    const traveller = outside[1]!;
    expect((await issue(traveller, 'temporary_identity')).res.statusCode).toBe(201);
    expect((await issue(traveller, 'temporary_identity')).res.statusCode).toBe(201);
    const third = await issue(traveller, 'temporary_identity');
    expect(third.res.statusCode).toBe(409);
    expect(third.res.json().error.code).toBe('quota_exceeded');
    const lang = await env.app.inject({
      method: 'POST',
      url: '/api/v1/kiosk/terminal/certificates',
      headers: { authorization: `Bearer ${kiosk.token}`, 'accept-language': 'en' },
      payload: { checkId: (await checkOf(traveller)).checkId, type: 'temporary_identity' },
    });
    expect(lang.json().error.message).toContain('limit');
    await saveSettings({ temporaryMaxPerPeriod: 3 });

    // An expired check (10 minutes).
    const late = await checkOf(district[2]!);
    env.setNow(new Date(Date.now() + 11 * 60_000));
    try {
      const expired = await terminal(kiosk.token, 'POST', '/terminal/certificates', {
        checkId: late.checkId,
        type: 'hukou',
      });
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.code).toBe('check_expired');
    } finally {
      env.setNow(undefined);
    }
    // Another kiosk's check is not this kiosk's.
    const foreign = await checkOf(district[2]!, otherKiosk.deviceId);
    expect(
      (
        await terminal(kiosk.token, 'POST', '/terminal/certificates', {
          checkId: foreign.checkId,
          type: 'hukou',
        })
      ).statusCode,
    ).toBe(404);
    expect(await countCertificates()).toBe(before + 2);
    // Each refusal is logged (audit: who, which kiosk, why — the reason code, never the record).
    const refusals = await queryRows<{ purpose: string }>(
      env.ctx.db,
      sql`SELECT purpose FROM audit_log WHERE action = 'kiosk.certificate.refused' ORDER BY id`,
    );
    expect(refusals.map((r) => r.purpose)).toEqual(
      expect.arrayContaining([
        'not_registered',
        'not_local',
        'purpose_required',
        'see_officer',
        'quota_exceeded',
      ]),
    );
  });

  it('issues 无犯罪记录证明 to a local person with a purpose, valid 3 months', async () => {
    const holder = cityOnly[0] ?? district[2]!;
    const { res } = await issue(holder, 'no_criminal_record', '入职审查');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().serial).toMatch(/^WF-/);
    const issuedOn: string = res.json().issuedOn;
    const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
    const end = new Date(Date.UTC(y, m - 1 + 3, d - 1)).toISOString().slice(0, 10);
    expect(res.json().validUntil).toBe(end);
  });

  it('verification: tampered payload, another key, forged signature, unknown serial are refused or unknown; all logged', async () => {
    const { res } = await issue(district[4] ?? district[0]!, 'hukou');
    const token: string = res.json().token;
    const logBefore = (
      await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM kiosk_verifications`)
    )[0]!.n;
    const [v, payload, sig] = token.split('.') as [string, string, string];
    const claims = parseCertificateToken(token)!.claims;

    // Tampered: another validity date, same signature.
    const altered: CertificateClaims = { ...claims, u: '2099-12-31' };
    const tampered = `${certificateSigningInput(altered)}.${sig}`;
    const t = await verify(tampered);
    expect(t.statusCode).toBe(400);
    expect(t.json().error.code).toBe('invalid_token');
    expect(t.json().error.details[0].reason).toBe('bad_signature');
    // Garbage in the payload.
    const g = await verify(`${v}.${payload.slice(0, -4)}AAAA.${sig}`);
    expect(g.statusCode).toBe(400);
    // Signed with another key under our key id: forged signature.
    const forgerKeyring = createKeyring(crypto.randomBytes(32));
    const forgerKey = generateOfficeKey(forgerKeyring);
    const forged = signCertificate(forgerKeyring, { ...forgerKey, kid: claims.k }, claims);
    const f = await verify(forged);
    expect(f.statusCode).toBe(400);
    expect(f.json().error.details[0].reason).toBe('bad_signature');
    // Another key of its own: unknown key.
    const other = signCertificate(forgerKeyring, forgerKey, { ...claims, k: forgerKey.kid });
    const o = await verify(other);
    expect(o.statusCode).toBe(400);
    expect(o.json().error.details[0].reason).toBe('unknown_key');
    // Our key, but a serial never issued: unknown.
    const [keyRow] = await queryRows<{ kid: string; public_key: string; private_key_enc: string }>(
      env.ctx.db,
      sql`SELECT kid, public_key, private_key_enc FROM kiosk_office_keys WHERE kid = ${claims.k}`,
    );
    const ghost = signCertificate(
      env.ctx.keyring,
      { kid: keyRow!.kid, publicKey: keyRow!.public_key, privateKeyEnc: keyRow!.private_key_enc },
      { ...claims, s: 'HJ-19990101-999999' },
    );
    const u = await verify(ghost);
    expect(u.statusCode).toBe(200);
    expect(u.json()).toEqual({ status: 'unknown' });
    const logAfter = (
      await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM kiosk_verifications`)
    )[0]!.n;
    expect(logAfter - logBefore).toBe(5);
  });

  it('shows revoked at once (police only, with a reason), expired after its date, details hidden after K views', async () => {
    const { res } = await issue(district[1]!, 'hukou');
    const { id, token } = res.json();
    expect((await verify(token)).json().status).toBe('valid');
    // Auxiliary officers and property staff cannot revoke.
    expect(
      (await auxiliary.post(`/api/v1/kiosk/certificates/${id}/revoke`, { reason: '测试' })).statusCode,
    ).toBe(403);
    expect(
      (await property.post(`/api/v1/kiosk/certificates/${id}/revoke`, { reason: '测试' })).statusCode,
    ).toBe(403);
    const noReason = await police.post(`/api/v1/kiosk/certificates/${id}/revoke`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const revoked = await police.post(`/api/v1/kiosk/certificates/${id}/revoke`, {
      reason: '信息有误，已重新出具',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const after = (await verify(token)).json();
    expect(after.status).toBe('revoked');
    expect(after.certificate.revokedReason).toBe('信息有误，已重新出具');
    expect(
      (await police.post(`/api/v1/kiosk/certificates/${id}/revoke`, { reason: '再次' })).statusCode,
    ).toBe(409);

    // Expired: the day after its last valid day.
    const other = (await issue(outside[0]!, 'temporary_identity')).res.json();
    env.setNow(new Date(`${other.validUntil}T23:59:00+08:00`));
    const lastDay = (await verify(other.token)).json().status;
    env.setNow(new Date(new Date(`${other.validUntil}T23:59:00+08:00`).getTime() + 120_000));
    const dayAfter = (await verify(other.token)).json().status;
    env.setNow(undefined);
    expect(lastDay).toBe('valid');
    expect(dayAfter).toBe('expired');

    // Detail views: at most K, then only the status.
    await saveSettings({ verifyDetailLimit: 2 });
    const fresh = (await issue(district[0]!, 'hukou')).res.json();
    const views = [];
    for (let i = 0; i < 3; i++) views.push((await verify(fresh.token)).json());
    expect(views[1].certificate.serial).toBe(fresh.serial);
    expect(views[2]).toEqual({ status: 'valid', detailsHidden: true });
    await saveSettings({ verifyDetailLimit: 20 });
    const detail = (await police.get(`/api/v1/kiosk/certificates/${fresh.id}`)).json();
    expect(detail.verifyCount).toBe(3);
    expect(detail.detailViews).toBe(2);
  });

  it('rotates the office key: new certificates use the new key, old ones keep verifying; a reissue supersedes', async () => {
    const old = (await issue(district[2]!, 'hukou')).res.json();
    const oldKid = parseCertificateToken(old.token)!.claims.k;
    expect((await auxiliary.post('/api/v1/kiosk/keys/rotate', { siteId: siteA })).statusCode).toBe(403);
    const rotated = await police.post('/api/v1/kiosk/keys/rotate', { siteId: siteA });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const keys = rotated.json().keys as { kid: string; status: string }[];
    expect(keys.find((k) => k.kid === oldKid)!.status).toBe('retired');
    expect(keys.filter((k) => k.status === 'active')).toHaveLength(1);
    const fresh = (await issue(district[0]!, 'hukou')).res.json();
    expect(parseCertificateToken(fresh.token)!.claims.k).not.toBe(oldKid);
    expect((await verify(old.token)).json().status).toBe('valid');
    expect((await verify(fresh.token)).json().status).toBe('valid');
    const published = (await env.app.inject({ method: 'GET', url: '/api/v1/kiosk/verify/keys' })).json().keys;
    expect(published.find((k: { kid: string }) => k.kid === oldKid).status).toBe('retired');
    // The same holder takes the same certificate again: the earlier one is superseded.
    const again = (await issue(district[2]!, 'hukou')).res.json();
    expect((await verify(old.token)).json().status).toBe('superseded');
    expect((await verify(again.token)).json().status).toBe('valid');
    expect((await police.get(`/api/v1/kiosk/certificates/${old.id}`)).json().supersededBy).toBe(again.id);
    expect((await police.get('/api/v1/kiosk/certificates?status=superseded')).json().total).toBeGreaterThan(
      0,
    );
  });

  it('console: police see full, property masked and never a criminal-record certificate; reprint audited; daily counts', async () => {
    const full = (await police.get(`/api/v1/kiosk/certificates?siteId=${siteA}&pageSize=200`)).json();
    expect(full.total).toBeGreaterThan(5);
    const ncr = full.items.find((c: { type: string }) => c.type === 'no_criminal_record');
    expect(ncr).toBeTruthy();
    expect(full.items.some((c: { holderIdNumber: string }) => /^\d{17}[\dX]$/.test(c.holderIdNumber))).toBe(
      true,
    );
    const masked = (await property.get(`/api/v1/kiosk/certificates?siteId=${siteA}&pageSize=200`)).json();
    expect(masked.items.some((c: { type: string }) => c.type === 'no_criminal_record')).toBe(false);
    expect(masked.items.every((c: { holderIdNumber: string }) => c.holderIdNumber.includes('*'))).toBe(true);
    expect(masked.items.every((c: { holderName: string }) => c.holderName.includes('*'))).toBe(true);
    expect((await property.get(`/api/v1/kiosk/certificates/${ncr.id}`)).statusCode).toBe(404);
    // Property's detail: no birth date or address beside the masked ID number (it could be rebuilt).
    const hukou = masked.items.find((c: { type: string }) => c.type === 'hukou');
    const propertyDetail = (await property.get(`/api/v1/kiosk/certificates/${hukou.id}`)).json();
    expect(Object.keys(propertyDetail.content).sort()).toEqual(['name', 'sex']);
    expect(propertyDetail.content.name).toContain('*');
    const policeDetail = (await police.get(`/api/v1/kiosk/certificates/${hukou.id}`)).json();
    expect(policeDetail.content.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await property.get(`/api/v1/kiosk/certificates?type=no_criminal_record`)).json().total).toBe(0);
    // Search by serial, by full ID number.
    const one = full.items[0];
    expect((await police.get(`/api/v1/kiosk/certificates?q=${one.serial}`)).json().items[0].id).toBe(one.id);
    expect(
      (await police.get(`/api/v1/kiosk/certificates?q=${one.holderIdNumber}`)).json().total,
    ).toBeGreaterThan(0);
    expect((await police.get('/api/v1/kiosk/certificates?status=revoked')).json().total).toBe(1);

    // Reprint: police side only, audited.
    expect((await property.get(`/api/v1/kiosk/certificates/${one.id}/pdf`)).statusCode).toBe(403);
    const reprint = await auxiliary.get(`/api/v1/kiosk/certificates/${one.id}/pdf`);
    expect(reprint.statusCode).toBe(200);
    expect(reprint.headers['content-type']).toBe('application/pdf');
    const [audit] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'kiosk.certificate.reprint' AND subject_id = ${one.id}`,
    );
    expect(audit!.n).toBe(1);

    // Daily counts: today's total is every certificate issued today (property: without criminal ones).
    const daily = (await police.get(`/api/v1/kiosk/certificates/daily?siteId=${siteA}&days=7`)).json();
    expect(daily.days).toHaveLength(7);
    const today = daily.days[6];
    expect(today.total).toBe(full.total);
    expect(today.no_criminal_record).toBeGreaterThan(0);
    const dailyProperty = (await property.get(`/api/v1/kiosk/certificates/daily?siteId=${siteA}`)).json();
    expect(dailyProperty.days).toHaveLength(14);
    expect(dailyProperty.days[13].no_criminal_record).toBe(0);
    expect(daily.verifications[6].count).toBeGreaterThan(0);
  });

  it('a kiosk token on staff routes and staff on kiosk routes are refused; another site answers 404', async () => {
    for (const url of [
      '/certificates',
      `/settings?siteId=${siteA}`,
      '/criminal-records',
      '/certificates/daily',
    ]) {
      const res = await terminal(kiosk.token, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const staff = await police.post('/api/v1/kiosk/terminal/certificates', {
      checkId: crypto.randomUUID(),
      type: 'hukou',
    });
    expect(staff.statusCode).toBe(403);
    // Site B's police officer.
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区（测试）' }).returning();
    await createUser(env.ctx.db, {
      username: 'police_kb',
      displayName: '乙民警',
      role: 'police',
      password: 'site-b-password-1',
      siteIds: [b!.id],
    });
    const outsider = await signIn(env.app, 'police_kb', 'site-b-password-1');
    const one = (await police.get('/api/v1/kiosk/certificates?pageSize=1')).json().items[0];
    expect((await outsider.get(`/api/v1/kiosk/certificates/${one.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/kiosk/certificates/${one.id}/pdf`)).statusCode).toBe(404);
    expect(
      (await outsider.post(`/api/v1/kiosk/certificates/${one.id}/revoke`, { reason: '越权' })).statusCode,
    ).toBe(404);
    expect((await outsider.get('/api/v1/kiosk/certificates')).json().total).toBe(0);
    expect((await outsider.get(`/api/v1/kiosk/certificates?siteId=${siteA}`)).statusCode).toBe(403);
  });

  it('criminal records: police only, ID number checked, kept by hash, deletable', async () => {
    expect((await auxiliary.get('/api/v1/kiosk/criminal-records')).statusCode).toBe(403);
    expect((await property.get('/api/v1/kiosk/criminal-records')).statusCode).toBe(403);
    const bad = await police.post('/api/v1/kiosk/criminal-records', {
      siteId: siteA,
      idNumber: '410105199003071230',
      name: '某人',
      offence: '测试',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.idNumber');
    const id = outsiderIdNumber('11010119800101001');
    const created = await police.post('/api/v1/kiosk/criminal-records', {
      siteId: siteA,
      idNumber: id,
      name: '外地人',
      offence: '诈骗罪（测试）',
      judgedOn: '2020-05-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = (await police.get(`/api/v1/kiosk/criminal-records?q=${id}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ idNumber: id, name: '外地人', personId: null });
    const stored = await queryRows<{ id_number_enc: string }>(
      env.ctx.db,
      sql`SELECT id_number_enc FROM kiosk_criminal_records WHERE name = '外地人'`,
    );
    expect(stored[0]!.id_number_enc).not.toContain(id);
    expect((await police.del(`/api/v1/kiosk/criminal-records/${created.json().id}`)).statusCode).toBe(200);
    expect((await police.get(`/api/v1/kiosk/criminal-records?q=${id}`)).json().total).toBe(0);
  });

  it('settings: defaults, validation, a PNG seal checked by content and printed', async () => {
    expect((await property.get(`/api/v1/kiosk/settings?siteId=${siteA}`)).statusCode).toBe(403);
    const settings = (await admin.get(`/api/v1/kiosk/settings?siteId=${siteA}`)).json();
    expect(settings).toMatchObject({
      cityPrefix: '4101',
      ncrValidMonths: 3,
      ncrMaxPerYear: 3,
      temporaryValidDays: 30,
      hasSeal: false,
    });
    const invalid = await police.request({
      method: 'PUT',
      url: '/api/v1/kiosk/settings',
      payload: {
        ...settings,
        hasSeal: undefined,
        sealUpdatedAt: undefined,
        isDefault: undefined,
        hukouRegionPrefixes: ['41x'],
      },
    });
    expect(invalid.statusCode).toBe(400);
    const upload = (bytes: Buffer, name = 'seal.png') => {
      const boundary = '----anjuSeal';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return police.request({
        method: 'PUT',
        url: `/api/v1/kiosk/settings/seal?siteId=${siteA}`,
        payload: body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    };
    const notPng = await upload(Buffer.from('GIF89a not a png at all'));
    expect(notPng.statusCode).toBe(415);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="90" fill="none" stroke="red" stroke-width="8"/></svg>',
    );
    const png = await sharp(svg).png().toBuffer();
    const ok = await upload(png);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().hasSeal).toBe(true);
    const { res, check } = await issue(district[0]!, 'hukou');
    const pdf = await terminal(
      kiosk.token,
      'GET',
      `/terminal/certificates/${res.json().id}/pdf?checkId=${check.checkId}`,
    );
    expect(pdf.statusCode).toBe(200);
    const text = await textOf(new Uint8Array(pdf.rawPayload));
    expect(text).not.toContain('样章 SAMPLE');
    expect(text).toContain('户籍证明');
  });

  it('the demo seed: key, settings, records for local people, certificates with one revoked and one expired', async () => {
    const before = (await queryRows<{ id: string }>(env.ctx.db, sql`SELECT id FROM kiosk_certificates`)).map(
      (r) => r.id,
    );
    await kioskDemoSeeder(env.ctx, siteA);
    const rows = (
      await queryRows<{ id: string; type: string; revoked: boolean; expired: boolean }>(
        env.ctx.db,
        sql`SELECT id, type, revoked_at IS NOT NULL AS revoked,
              valid_until < (now() AT TIME ZONE 'Asia/Shanghai')::date AS expired
            FROM kiosk_certificates WHERE site_id = ${siteA}`,
      )
    ).filter((r) => !before.includes(r.id));
    console.info(`[${backend}] seeded certificates: ${JSON.stringify(rows)}`);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => r.revoked)).toHaveLength(1);
    expect(rows.filter((r) => r.expired)).toHaveLength(1);
    const settings = (await police.get(`/api/v1/kiosk/settings?siteId=${siteA}`)).json();
    expect(settings.hukouRegionPrefixes).toEqual(['410105']);
    const [records] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM kiosk_criminal_records WHERE site_id = ${siteA}`,
    );
    expect(records!.n).toBeGreaterThanOrEqual(2);
    // The demo resident sees their own certificate on the phone page; staff have no such route.
    const resident = await signIn(env.app, 'resident');
    const mine = await resident.get('/api/v1/kiosk/my/certificates');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.length).toBeGreaterThanOrEqual(1);
    expect(mine.json().items[0].verifyUrl).toContain('/verify#c1.');
    expect((await police.get('/api/v1/kiosk/my/certificates')).statusCode).toBe(403);
  });
});
