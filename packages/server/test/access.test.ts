/**
 * The face gate end to end through the API, on real photos read from ../shared/faces/dev at test
 * time: enrolment with consent, 1:N at the gate, residency rules, withdrawal, non-face
 * credentials, visitor passes and the access trail.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { users } from '../src/platform/org/schema.ts';
import { addDays, shanghaiDate } from '../src/platform/time.ts';
import { accessEvents, faceTemplates } from '../src/modules/access/schema.ts';
import { persons, residencies, tenancies } from '../src/modules/registry/schema.ts';
import { faceUntilDecided, otherSiteGate, sendFaceFrame } from './gate-passage.ts';
import { createTestEnv, describeBackends, signIn, waitFor, type Client, type TestEnv } from './harness.ts';

const FACES = path.resolve(import.meta.dirname, '../../../../shared/faces/dev');
const photo = (identity: string, n: number) => fs.readFileSync(path.join(FACES, identity, `${n}.jpg`));
const hasFaces = fs.existsSync(FACES);

describeBackends('face gate and access rules', (backend) => {
  let env: TestEnv;
  let police: Client;
  let property: Client;
  let resident: Client;
  let siteId: string;
  let gateToken: string;
  let residentPersonId: string;
  let tenantPersonId: string;

  const gate = (url: string, payload: unknown, contentType?: string) =>
    env.app.inject({
      method: 'POST',
      url: `/api/v1/access/terminal/${url}`,
      payload: payload as string,
      headers: {
        authorization: `Bearer ${gateToken}`,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
    });
  const face = (image: Buffer) => gate('face', image, 'image/jpeg');
  /** The gate's decision on a passage of frames of `image` (the face gate decides per passage). */
  const pass = async (image: Buffer, headers?: Record<string, string>) =>
    (await faceUntilDecided(env, gateToken, image, { headers })).result;
  const credential = (method: 'card' | 'pin' | 'qr', value: string) => gate('credential', { method, value });

  beforeAll(async () => {
    if (!hasFaces) throw new Error(`face photos not found at ${FACES}`);
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    siteId = property.me.sites[0]!.id;

    const created = await property.post('/api/v1/access/gates', { siteId, name: '东门', direction: 'both' });
    expect(created.statusCode).toBe(201);
    const code = await property.post(`/api/v1/access/gates/${created.json().id}/pairing-code`);
    const paired = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/pair',
      payload: { code: code.json().code, name: '东门平板' },
    });
    expect(paired.statusCode).toBe(201);
    gateToken = paired.json().token;
    // The pairing code works once.
    const again = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/pair',
      payload: { code: code.json().code },
    });
    expect(again.statusCode).toBe(400);

    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    residentPersonId = residentUser!.personId!;
    const [tenant] = await queryRows<{ person_id: string; tenancy_id: string }>(
      env.ctx.db,
      sql`SELECT r.person_id, r.tenancy_id FROM residencies r JOIN tenancies t ON t.id = r.tenancy_id
          WHERE r.type = 'tenant' AND r.status = 'active' AND t.status = 'active' AND r.site_id = ${siteId} LIMIT 1`,
    );
    tenantPersonId = tenant!.person_id;
    // The contract ended yesterday (Shanghai date).
    const yesterday = addDays(shanghaiDate(new Date()), -1);
    await env.ctx.db
      .update(tenancies)
      .set({ endDate: yesterday, startDate: addDays(yesterday, -300) })
      .where(eq(tenancies.id, tenant!.tenancy_id));
    await env.ctx.db
      .update(residencies)
      .set({ validFrom: addDays(yesterday, -300), validTo: null })
      .where(eq(residencies.tenancyId, tenant!.tenancy_id));
  });
  afterAll(() => env?.close());

  const consent = (client: Client, personId: string, purpose = 'face_recognition') =>
    client.post(`/api/v1/access/persons/${personId}/consents`, {
      purpose,
      textVersion: 'face-2026-01',
      channel: 'in_person',
    });
  const enrol = (client: Client, personId: string, image: Buffer, query = '') =>
    client.request({
      method: 'POST',
      url: `/api/v1/access/persons/${personId}/faces${query}`,
      payload: image,
      headers: { 'content-type': 'image/jpeg' },
    });

  it('refuses enrolment without the separate consent and writes nothing', async () => {
    const res = await enrol(property, residentPersonId, photo('Abdullah_Gul', 1));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('consent_required');
    const rows = await env.ctx.db
      .select()
      .from(faceTemplates)
      .where(eq(faceTemplates.personId, residentPersonId));
    expect(rows).toHaveLength(0);
  });

  it('enrols with consent, stores the template encrypted and drops the photo', async () => {
    expect((await consent(property, residentPersonId)).statusCode).toBe(201);
    const res = await enrol(property, residentPersonId, photo('Abdullah_Gul', 1));
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await env.ctx.db
      .select()
      .from(faceTemplates)
      .where(eq(faceTemplates.personId, residentPersonId));
    expect(row!.embeddingEnc).toMatch(/^v1:/);
    expect(row!.photoEnc).toBeNull();
    expect(row!.modelId).toBeTruthy();
    // Keeping the photo needs its own consent.
    const keep = await enrol(property, residentPersonId, photo('Abdullah_Gul', 1), '?keepPhoto=true');
    expect(keep.statusCode).toBe(409);
    expect(keep.json().error.code).toBe('photo_consent_required');
  });

  it('rejects a photo without a usable face with a specific reason', async () => {
    const grey = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const res = await enrol(property, residentPersonId, grey);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('face_no_face');
    expect(res.json().error.message).toBe('未检测到人脸');
    const notImage = await enrol(property, residentPersonId, Buffer.from('%PDF-1.4 definitely not a jpeg'));
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().error).toEqual({ code: 'not_an_image', message: '文件不是图片' });
    // In English: the same codes and field, the face module's words in English.
    const inEnglish = (image: Buffer) =>
      property.request({
        method: 'POST',
        url: `/api/v1/access/persons/${residentPersonId}/faces`,
        payload: image,
        headers: { 'content-type': 'image/jpeg', 'accept-language': 'en' },
      });
    const greyEn = await inEnglish(grey);
    expect(greyEn.statusCode).toBe(422);
    expect(greyEn.json().error).toEqual({
      code: 'face_no_face',
      message: 'No face detected',
      details: [{ field: 'file', message: 'No face detected' }],
    });
    const notImageEn = await inEnglish(Buffer.from('%PDF-1.4 definitely not a jpeg'));
    expect(notImageEn.json().error).toEqual({ code: 'not_an_image', message: 'The file is not an image' });
  });

  it('opens for a different photo of the enrolled resident and greets them by masked name', async () => {
    const body = await pass(photo('Abdullah_Gul', 2));
    expect(body).toMatchObject({ decision: 'grant', reason: 'resident' });
    const [p] = await env.ctx.db.select().from(persons).where(eq(persons.id, residentPersonId));
    expect(body.displayName).toBe(`${[...p!.name][0]}${'*'.repeat([...p!.name].length - 1)}`);
    expect(body.message).toContain('欢迎回家');
    const [event] = await env.ctx.db.select().from(accessEvents).where(eq(accessEvents.id, body.eventId));
    expect(event).toMatchObject({ personId: residentPersonId, method: 'face', decision: 'grant' });
    expect(event!.score).toBeGreaterThan(0.9);
  });

  it('refuses an impostor as unknown_face, logs it and keeps an encrypted snapshot', async () => {
    const res = await pass(photo('Alice_Fisher', 1));
    expect(res).toMatchObject({ decision: 'deny', reason: 'unknown_face', displayName: null });
    const [event] = await env.ctx.db.select().from(accessEvents).where(eq(accessEvents.id, res.eventId));
    expect(event!.personId).toBeNull();
    expect(event!.snapshotEnc).not.toBeNull();
    const snap = await police.get(`/api/v1/access/events/${event!.id}/snapshot`);
    expect(snap.statusCode).toBe(200);
    expect(snap.headers['content-type']).toBe('image/jpeg');
    expect((await property.get(`/api/v1/access/events/${event!.id}/snapshot`)).statusCode).toBe(403);
  });

  it('refuses a tenant whose contract ended yesterday with the contract reason', async () => {
    expect((await consent(police, tenantPersonId)).statusCode).toBe(201);
    expect((await enrol(police, tenantPersonId, photo('Adrien_Brody', 1))).statusCode).toBe(201);
    // The passage is recognised; the rules still refuse it.
    expect(await pass(photo('Adrien_Brody', 2))).toMatchObject({
      decision: 'deny',
      reason: 'tenancy_expired',
      message: '合同已到期，请到警务室登记',
    });
    // A terminal set to English hears the same refusal in English.
    expect(await pass(photo('Adrien_Brody', 2), { 'accept-language': 'en' })).toMatchObject({
      decision: 'deny',
      reason: 'tenancy_expired',
      message: 'Tenancy expired; please register at the police office',
    });
  });

  it('logs unreadable frames as access attempts at once; a frame without a face keeps the passage waiting', async () => {
    const notImage = await face(Buffer.from('hello, not a picture'));
    expect(notImage.json()).toMatchObject({ pending: false, decision: 'deny', reason: 'invalid_image' });
    const truncated = photo('Abdullah_Gul', 3).subarray(0, 2000);
    expect((await face(truncated)).json()).toMatchObject({ decision: 'deny', reason: 'invalid_image' });
    const grey = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    const empty = (await face(grey)).json();
    expect(empty).toMatchObject({ pending: true, hintReason: 'no_face', hint: '未检测到人脸' });
    expect(
      await env.ctx.db.select().from(accessEvents).where(eq(accessEvents.passageId, empty.passageId)),
    ).toHaveLength(0);
  });

  it('withdrawing consent deletes the templates at once and the gate forgets the face', async () => {
    const list = await resident.get('/api/v1/access/me/consents');
    const faceConsent = list
      .json()
      .items.find(
        (c: { purpose: string; withdrawnAt: string | null }) =>
          c.purpose === 'face_recognition' && !c.withdrawnAt,
      );
    const res = await resident.post(`/api/v1/access/me/consents/${faceConsent.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(res.json().templatesDeleted).toBe(1);
    expect(
      await env.ctx.db.select().from(faceTemplates).where(eq(faceTemplates.personId, residentPersonId)),
    ).toHaveLength(0);
    expect((await pass(photo('Abdullah_Gul', 2))).reason).toBe('unknown_face');
  });

  it('admits the resident by personal QR once, and refuses replay, forgery and expiry', async () => {
    const qr = await resident.get('/api/v1/access/me/qr');
    expect(qr.statusCode).toBe(200);
    const { code } = qr.json();
    expect((await credential('qr', code)).json()).toMatchObject({ decision: 'grant', reason: 'resident' });
    expect((await credential('qr', code)).json()).toMatchObject({ decision: 'deny', reason: 'qr_replayed' });
    const forged = `${code.slice(0, -3)}${code.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await credential('qr', forged)).json()).toMatchObject({ decision: 'deny', reason: 'qr_invalid' });
    const fresh = (await resident.get('/api/v1/access/me/qr')).json().code;
    env.setNow(new Date(Date.now() + 2 * 60_000));
    try {
      expect((await credential('qr', fresh)).json()).toMatchObject({
        decision: 'deny',
        reason: 'qr_expired',
      });
    } finally {
      env.setNow(undefined);
    }
  });

  it('admits by card and PIN, and refuses revoked cards and wrong PINs', async () => {
    const card = await property.post(`/api/v1/access/persons/${residentPersonId}/cards`, {
      cardNumber: 'A1B2C3D4',
    });
    expect(card.statusCode).toBe(201);
    expect((await credential('card', 'a1b2c3d4')).json()).toMatchObject({
      decision: 'grant',
      reason: 'resident',
    });
    const dup = await property.post(`/api/v1/access/persons/${tenantPersonId}/cards`, {
      cardNumber: 'A1B2C3D4',
    });
    expect(dup.statusCode).toBe(409);
    expect((await property.post(`/api/v1/access/credentials/${card.json().id}/revoke`)).statusCode).toBe(200);
    expect((await credential('card', 'A1B2C3D4')).json()).toMatchObject({
      decision: 'deny',
      reason: 'card_revoked',
    });
    expect((await credential('card', 'FFFF0000')).json()).toMatchObject({
      decision: 'deny',
      reason: 'unknown_card',
    });

    const pin = await property.post(`/api/v1/access/persons/${residentPersonId}/pin`);
    expect(pin.json().pin).toMatch(/^\d{8}$/);
    expect((await credential('pin', pin.json().pin)).json()).toMatchObject({ decision: 'grant' });
    const wrong = pin.json().pin === '00000000' ? '00000001' : '00000000';
    expect((await credential('pin', wrong)).json()).toMatchObject({
      decision: 'deny',
      reason: 'invalid_pin',
    });
    const tenantCard = await property.post(`/api/v1/access/persons/${tenantPersonId}/cards`, {
      cardNumber: '99887766',
    });
    expect(tenantCard.statusCode).toBe(201);
    expect((await credential('card', '99887766')).json()).toMatchObject({
      decision: 'deny',
      reason: 'tenancy_expired',
    });
  });

  it('accepts a visitor pass only inside its window and within its uses', async () => {
    const now = Date.now();
    const issue = (from: number, to: number, maxUses: number) =>
      resident.post('/api/v1/access/me/visitor-passes', {
        siteId,
        visitorName: '王小明',
        validFrom: new Date(from).toISOString(),
        validTo: new Date(to).toISOString(),
        maxUses,
      });
    const pass = await issue(now - 60_000, now + 3600_000, 1);
    expect(pass.statusCode).toBe(201);
    expect(pass.json().qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await credential('qr', pass.json().code)).json()).toMatchObject({
      decision: 'grant',
      reason: 'visitor',
      displayName: '王**',
    });
    expect((await credential('qr', pass.json().code)).json()).toMatchObject({
      reason: 'visitor_pass_used_up',
    });
    const later = await issue(now + 3600_000, now + 7200_000, 2);
    expect((await credential('qr', later.json().code)).json()).toMatchObject({
      reason: 'visitor_pass_not_yet_valid',
    });
    const bad = await issue(now + 7200_000, now, 1);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.validTo');
  });

  it('refuses a QR code of this site at a gate of another site', async () => {
    const { token: tokenB } = await otherSiteGate(env, police);
    const qr = (await resident.get('/api/v1/access/me/qr')).json().code;
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method: 'qr', value: qr },
      headers: { authorization: `Bearer ${tokenB}` },
    });
    expect(res.json()).toMatchObject({ decision: 'deny', reason: 'qr_invalid' });
    // and the other site's device cannot read this site's log
    const log = await env.app.inject({
      url: '/api/v1/access/events',
      headers: { authorization: `Bearer ${tokenB}` },
    });
    expect(log.statusCode).toBe(403);
  });

  it('lets staff search the trail; following a named person is police-only, needs a purpose and is audited', async () => {
    const all = await property.get('/api/v1/access/events?pageSize=200');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { reason: string; personName: string | null }[];
    expect(items.some((e) => e.reason === 'unknown_face')).toBe(true);
    expect(items.some((e) => e.reason === 'tenancy_expired')).toBe(true);
    // property sees masked names
    expect(items.filter((e) => e.personName).every((e) => /\*/.test(e.personName!))).toBe(true);
    const denied = await property.get('/api/v1/access/events?decision=deny');
    expect(denied.json().items.every((e: { decision: string }) => e.decision === 'deny')).toBe(true);

    expect(
      (await property.get(`/api/v1/access/events?personId=${residentPersonId}&purpose=x`)).statusCode,
    ).toBe(403);
    const noPurpose = await police.get(`/api/v1/access/events?personId=${residentPersonId}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.details[0].field).toBe('query.purpose');
    expect(noPurpose.json().error.message).toBe('按人员查询须填写查询事由');
    // The same refusals for an English reader: same status, code and field, English words.
    const inEnglish = (client: Client, url: string) =>
      client.request({ method: 'GET', url, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    const noPurposeEn = await inEnglish(police, `/api/v1/access/events?personId=${residentPersonId}`);
    expect(noPurposeEn.statusCode).toBe(400);
    expect(noPurposeEn.json().error).toEqual({
      code: 'validation_error',
      message: 'A search by person needs a stated purpose',
      details: [{ field: 'query.purpose', message: 'Enter the purpose of the search' }],
    });
    const trackEn = await inEnglish(property, `/api/v1/access/events?personId=${residentPersonId}&purpose=x`);
    expect(trackEn.statusCode).toBe(403);
    expect(trackEn.json().error).toEqual({
      code: 'forbidden',
      message: 'Only police officers may search passages by person or room',
    });
    const noGate = await inEnglish(
      property,
      '/api/v1/access/gates/00000000-0000-4000-8000-000000000000/relay/attempts',
    );
    expect(noGate.json().error).toEqual({ code: 'not_found', message: 'Gate not found' });
    expect(
      (await property.get('/api/v1/access/gates/00000000-0000-4000-8000-000000000000/relay/attempts')).json()
        .error.message,
    ).toBe('门禁不存在');
    const tracked = await police.get(
      `/api/v1/access/events?personId=${residentPersonId}&purpose=${encodeURIComponent('返乡人员健康核验')}`,
    );
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json().items.length).toBeGreaterThanOrEqual(3);
    expect(tracked.json().items.every((e: { personId: string }) => e.personId === residentPersonId)).toBe(
      true,
    );
    const audit = await queryRows<{ action: string; purpose: string }>(
      env.ctx.db,
      sql`SELECT action, purpose FROM audit_log WHERE action = 'access.track_person' AND subject_id = ${residentPersonId}`,
    );
    expect(audit[0]?.purpose).toBe('返乡人员健康核验');
    const own = await resident.get('/api/v1/access/me/events');
    expect(own.json().items.every((e: { personId: string }) => e.personId === residentPersonId)).toBe(true);
  });

  it('emergency release opens every gate for anyone, and manual opens record who and why', async () => {
    const on = await property.post(`/api/v1/access/sites/${siteId}/emergency`, {
      open: true,
      reason: '3号楼火警',
    });
    expect(on.statusCode).toBe(200);
    expect((await credential('card', 'DEADBEEF')).json()).toMatchObject({
      decision: 'grant',
      reason: 'emergency_release',
    });
    await property.post(`/api/v1/access/sites/${siteId}/emergency`, { open: false, reason: '火警解除' });
    expect((await credential('card', 'DEADBEEF')).json()).toMatchObject({
      decision: 'deny',
      reason: 'unknown_card',
    });
    const gates = (await property.get('/api/v1/access/gates')).json().items;
    const manual = await property.post(`/api/v1/access/gates/${gates[0].id}/open`, {
      reason: '快递车辆进出',
    });
    expect(manual.statusCode).toBe(200);
    const [event] = await env.ctx.db
      .select()
      .from(accessEvents)
      .where(and(eq(accessEvents.id, manual.json().eventId)));
    expect(event).toMatchObject({
      method: 'manual',
      decision: 'grant',
      operatorId: property.me.user.id,
      note: '快递车辆进出',
    });
    expect((await property.post(`/api/v1/access/gates/${gates[0].id}/open`, { reason: '' })).statusCode).toBe(
      400,
    );
    // Schema messages by key: the route's own and the contract's, in the reader's language.
    const post = (url: string, payload: unknown, lang?: string) =>
      property.request({
        method: 'POST',
        url,
        payload: payload as Record<string, unknown>,
        headers: lang ? { 'accept-language': lang } : {},
      });
    const noReason = `/api/v1/access/gates/${gates[0].id}/open`;
    expect((await post(noReason, { reason: '' })).json().error.details).toEqual([
      { field: 'body.reason', message: '请填写开门原因' },
    ]);
    expect((await post(noReason, { reason: '' }, 'en')).json().error.details).toEqual([
      { field: 'body.reason', message: 'Enter the reason for opening' },
    ]);
    const noName = { siteId, name: ' ', direction: 'in' };
    expect((await post('/api/v1/access/gates', noName)).json().error.details).toEqual([
      { field: 'body.name', message: '请输入门禁名称' },
    ]);
    expect((await post('/api/v1/access/gates', noName, 'en')).json().error.details).toEqual([
      { field: 'body.name', message: 'Enter the gate name' },
    ]);
  });

  it('exports the trail as xlsx and audits the export', async () => {
    const res = await property.get('/api/v1/access/events/export?decision=deny');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('通行记录')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('时间');
    expect(sheet.rowCount).toBeGreaterThan(3);
    const reasons = new Set<string>();
    // The property desk's sheet has no flat column (no person keys): find 结果 by its title.
    const decision = (sheet.getRow(1).values as unknown[]).indexOf('结果');
    sheet.eachRow((row, n) => n > 1 && reasons.add(String(row.getCell(decision).value)));
    expect([...reasons]).toEqual(['拒绝']);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('通行记录-'));

    // The sheet an English reader downloads is in English (the data as it was recorded).
    const en = await property.request({
      method: 'GET',
      url: '/api/v1/access/events/export?decision=deny',
      headers: { 'accept-language': 'en' },
    });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-disposition']).toContain('access-log-');
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    const enSheet = enBook.getWorksheet('Access log')!;
    const titles = enSheet.getRow(1).values as unknown[];
    expect(titles.filter(Boolean)).toEqual([
      'Time',
      'Gate',
      'Direction',
      'Person',
      'Method',
      'Result',
      'Reason',
      'Similarity',
      'Note',
    ]);
    const enResults = new Set<string>();
    const enReasons = new Set<string>();
    enSheet.eachRow((row, n) => {
      if (n === 1) return;
      enResults.add(String(row.getCell(titles.indexOf('Result')).value));
      enReasons.add(String(row.getCell(titles.indexOf('Reason')).value));
    });
    expect([...enResults]).toEqual(['Denied']);
    expect(enReasons).toContain('Card not registered');
    expect((await property.get(`/api/v1/access/events/export?personId=${residentPersonId}`)).statusCode).toBe(
      403,
    );
  });

  it('purges stranger snapshots after the retention days and old events after theirs', async () => {
    const { runJob } = await import('../src/platform/jobs.ts');
    const { accessRetentionJob } = await import('../src/modules/access/retention.ts');
    const withSnapshot = await env.ctx.db
      .select()
      .from(accessEvents)
      .where(sql`${accessEvents.snapshotEnc} IS NOT NULL`);
    expect(withSnapshot.length).toBeGreaterThan(0);
    const eightDaysLater = new Date(Date.now() + 8 * 86400_000);
    const run = await runJob(env.ctx, accessRetentionJob, eightDaysLater);
    expect(run.ran).toBe(true);
    expect(run.result?.snapshotsPurged).toBe(withSnapshot.length);
    expect(
      await env.ctx.db.select().from(accessEvents).where(sql`${accessEvents.snapshotEnc} IS NOT NULL`),
    ).toHaveLength(0);
    expect(run.result?.eventsPurged).toBe(0);
    const later = await runJob(env.ctx, accessRetentionJob, new Date(Date.now() + 181 * 86400_000));
    expect(later.result?.eventsPurged).toBeGreaterThan(0);
  });

  it('re-enrols templates of an older model from a photo kept with consent', async () => {
    const personId = tenantPersonId;
    await env.ctx.db.delete(faceTemplates).where(eq(faceTemplates.personId, personId));
    const image = photo('Adrien_Brody', 1);
    const [old] = await env.ctx.db
      .insert(faceTemplates)
      .values({
        siteId,
        personId,
        modelId: 'an-older-model',
        modelVersion: '0.1',
        embeddingEnc: env.ctx.keyring.encrypt('face-template', Buffer.alloc(64)),
        photoEnc: Buffer.from(env.ctx.keyring.encrypt('file', image)),
        source: 'upload',
      })
      .returning();
    const { FaceService } = await import('../src/modules/access/face-service.ts');
    const service = new FaceService(env.ctx, 1);
    try {
      const result = await service.reenrolStale(siteId);
      expect(result.reenrolled).toBe(1);
      const [row] = await env.ctx.db.select().from(faceTemplates).where(eq(faceTemplates.id, old!.id));
      expect(row!.modelId).not.toBe('an-older-model');
      const gallery = await service.gallery(siteId);
      expect(gallery.has(old!.id)).toBe(true);
    } finally {
      await service.close();
    }
  });

  it.runIf(backend === 'postgres')(
    'a face enrolled through process A is recognised by a gate served by process B (told by LISTEN/NOTIFY, no reload)',
    async () => {
      const url = env.ctx.config.databaseUrl!;
      const { openDatabase } = await import('../src/db/client.ts');
      const { createEventBus } = await import('../src/platform/events.ts');
      const { buildApp } = await import('../src/app.ts');
      const database = await openDatabase({ url });
      const events = await createEventBus(url);
      const appB = await buildApp({ ...env.ctx, database, db: database.db, events }, { logger: false });
      appB.serving = true;
      try {
        const faceOnB = (image: Buffer, passage?: string) =>
          appB.inject({
            method: 'POST',
            url: `/api/v1/access/terminal/face${passage ? `?passage=${passage}` : ''}`,
            payload: image,
            headers: { authorization: `Bearer ${gateToken}`, 'content-type': 'image/jpeg' },
          });
        // B has loaded its gallery before anything is enrolled on A; a passage's frames may reach
        // either process (its state is in the database): a stranger's frames via B, A, B are refused.
        env.setNow(new Date());
        try {
          const first = (await faceOnB(photo('Alice_Fisher', 2))).json();
          expect(first).toMatchObject({ pending: true });
          env.setNow(new Date(env.ctx.now().getTime() + 500));
          const second = (
            await sendFaceFrame(env, gateToken, photo('Alice_Fisher', 2), first.passageId)
          ).json();
          expect(second).toMatchObject({ pending: true, passageId: first.passageId });
          env.setNow(new Date(env.ctx.now().getTime() + 500));
          const third = (await faceOnB(photo('Alice_Fisher', 2), first.passageId)).json();
          expect(third).toMatchObject({ pending: false, reason: 'unknown_face', passageId: first.passageId });
        } finally {
          env.setNow(undefined);
        }

        const [adult] = await queryRows<{ person_id: string }>(
          env.ctx.db,
          sql`SELECT r.person_id FROM residencies r JOIN persons p ON p.id = r.person_id
              WHERE r.site_id = ${siteId} AND r.status = 'active' AND r.type = 'owner'
                AND p.birth_date < now() - interval '18 years' AND r.person_id <> ${residentPersonId}
              LIMIT 1`,
        );
        expect((await consent(police, adult!.person_id)).statusCode).toBe(201);
        // B hears of the enrolment on its own event bus (PostgreSQL NOTIFY from A): wait for that,
        // not for a time. B's gallery reloads that person as it hears it.
        const told = new Promise<void>((resolve) => {
          const off = events.subscribe('face.gallery_changed', ({ personId }) => {
            if (personId !== adult!.person_id) return;
            off();
            resolve();
          });
        });
        expect((await enrol(police, adult!.person_id, photo('Kate_Hudson', 1))).statusCode).toBe(201);
        await told;
        // The reload is a query away from the notification: a probe that ran before it finished
        // would say unknown_face, and the gate would simply be asked again.
        // A passage that ran before it finished is refused as a stranger, and the person tries again.
        const res = await waitFor(
          async () => {
            const { result } = await faceUntilDecided(env, gateToken, photo('Kate_Hudson', 2), { app: appB });
            return result.decision === 'grant' ? result : null;
          },
          { message: 'B to recognise the face enrolled on A' },
        );
        expect(res).toMatchObject({ decision: 'grant', reason: 'resident' });
        const [event] = await env.ctx.db.select().from(accessEvents).where(eq(accessEvents.id, res.eventId));
        expect(event!.personId).toBe(adult!.person_id);
        // B's gallery had the new template from the notification alone (no periodic reload exists).
      } finally {
        await appB.close();
        await events.close();
        await database.close();
      }
    },
  );
});
