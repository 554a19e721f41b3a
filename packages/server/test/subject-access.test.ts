/**
 * The resident's own data (issue 10 §8, PIPL Art. 45–46) through the API on both backends: the
 * file a resident downloads (everything about them, secrets left out, police watch alerts
 * withheld, the download audited); the same file produced by the police office for a person at
 * the counter (with a note, audited; 404 for another site's person; not for the property desk);
 * correction requests that reach the desk that keeps the field as alerts, are decided there
 * (accepted with the record corrected, or rejected with a reason) and come back to the resident.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Correction, SubjectExport } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { alertJobs } from '../src/modules/alerts/jobs.ts';
import { alerts } from '../src/modules/alerts/schema.ts';
import { createAlert, withAlertWrite } from '../src/modules/alerts/store.ts';
import { runJob } from '../src/platform/jobs.ts';
import { persons } from '../src/modules/registry/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { type Client, createTestEnv, describeBackends, pairedGate, signIn, type TestEnv } from './harness.ts';

/** A 10-hex-digit card number, as a real card's UID. */
const CARD_NUMBER = '7A3F09C4E1';

describeBackends('subject access: export, counter export, corrections', (backend) => {
  let env: TestEnv;
  let resident: Client;
  let police: Client;
  let property: Client;
  let siteId: string;
  let me: { personId: string; name: string; idNumber: string };
  let pin: string;

  const auditOf = (action: string, subjectId: string) =>
    queryRows<{ actor_name: string; purpose: string | null; fields: string[] }>(
      env.ctx.db,
      sql`SELECT actor_name, purpose, fields FROM audit_log WHERE action = ${action} AND subject_id = ${subjectId}
          ORDER BY id`,
    );

  beforeAll(async () => {
    env = await createTestEnv(backend);
    [resident, police, property] = await Promise.all([
      signIn(env.app, 'resident'),
      signIn(env.app, 'police'),
      signIn(env.app, 'property'),
    ]);
    siteId = police.me.sites[0]!.id;
    const [row] = await queryRows<{ id: string; name: string; id_number_enc: string }>(
      env.ctx.db,
      sql`SELECT p.id, p.name, p.id_number_enc FROM users u JOIN persons p ON p.id = u.person_id
          WHERE u.username = 'resident'`,
    );
    me = {
      personId: row!.id,
      name: row!.name,
      idNumber: env.ctx.keyring.decrypt('id-number', row!.id_number_enc).toString('utf8'),
    };

    // Credentials with secrets the file must not carry: a card of known number and a PIN.
    const card = await property.post(`/api/v1/access/persons/${me.personId}/cards`, {
      cardNumber: CARD_NUMBER,
    });
    expect(card.statusCode, card.body).toBe(201);
    const issued = await property.post(`/api/v1/access/persons/${me.personId}/pin`);
    expect(issued.statusCode, issued.body).toBe(201);
    pin = issued.json().pin;

    // A passage by that card, for the access log.
    const gate = await pairedGate(env.app, property, { siteId, name: '南门', direction: 'in' });
    const passed = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      headers: { authorization: `Bearer ${gate.token}` },
      payload: { method: 'card', value: CARD_NUMBER },
    });
    expect(passed.statusCode, passed.body).toBe(200);

    // Two alerts naming the resident: a police watch-rule match and the elderly-care check.
    await withAlertWrite(env.ctx.db, env.ctx.now(), async (w) => {
      await createAlert(w, {
        siteId,
        kind: 'watch_match',
        level: 'warning',
        desk: 'police_office',
        at: env.ctx.now(),
        personId: me.personId,
        data: { direction: 'in', watchRule: { purpose: '秘密布控事由' } },
      });
      await createAlert(w, {
        siteId,
        kind: 'elderly_not_seen',
        level: 'warning',
        desk: 'property_desk',
        at: env.ctx.now(),
        personId: me.personId,
        data: { hours: 48 },
      });
    });
  });
  afterAll(() => env?.close());

  describe('the resident’s own file', () => {
    it('holds their record, household, credentials, access log and disclosable alerts, and no secret', async () => {
      const res = await resident.get('/api/v1/privacy/me/export');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''/);
      expect(res.headers['cache-control']).toBe('no-store');
      const file = res.json() as SubjectExport;
      expect(file).toMatchObject({
        format: 'anju-subject-export',
        requestedBy: { kind: 'self', staffName: null },
        site: { id: siteId },
        person: { id: me.personId, name: me.name, idNumber: me.idNumber },
      });
      expect(file.households.length).toBeGreaterThan(0);
      expect(file.households[0]!.members.some((m) => m.isMe && m.name === me.name)).toBe(true);
      expect(file.residencies.every((r) => r.personId === me.personId)).toBe(true);

      // Credentials: kind, status, validity and a card's last four, nothing to open a door with.
      const card = file.credentials.find(
        (c) => c.kind === 'card' && c.cardEnding === `****${CARD_NUMBER.slice(-4)}`,
      );
      expect(card).toMatchObject({ status: 'active' });
      expect(file.credentials.some((c) => c.kind === 'pin' && c.status === 'active')).toBe(true);
      expect(res.body).not.toContain(CARD_NUMBER);
      expect(res.body).not.toContain(pin);
      expect(res.body).not.toMatch(/secretHash|secret_hash|embedding|photoEnc|score/i);

      // Their own passage by card is in the access log.
      expect(
        file.accessLog.some((e) => e.gateName === '南门' && e.method === 'card' && e.decision === 'grant'),
      ).toBe(true);
      // The care check is disclosed; the police watch is not (PIPL Art. 18/35), not even its purpose.
      expect(file.alerts.map((a) => a.kind)).toEqual(['elderly_not_seen']);
      expect(res.body).not.toContain('watch_match');
      expect(res.body).not.toContain('秘密布控事由');
      expect(file.notes.join('')).toContain('第十八条');

      const audit = await auditOf('privacy.subject_export', me.personId);
      expect(audit.at(-1)).toMatchObject({ actor_name: 'resident' });
      expect(audit.at(-1)!.purpose).toContain('第四十五条');
      expect(audit.at(-1)!.fields).toEqual(expect.arrayContaining(['person', 'accessLog', 'idNumber']));
    });

    it('is the resident’s only: staff cannot call the resident routes, a resident not the staff ones', async () => {
      expect((await property.get('/api/v1/privacy/me/export')).statusCode).toBe(403);
      expect((await police.get('/api/v1/privacy/me/corrections')).statusCode).toBe(403);
      const other = await resident.post(`/api/v1/privacy/persons/${me.personId}/export`, {
        requesterNote: '本人',
      });
      expect(other.statusCode).toBe(403);
    });

    it('answers 409 for an account linked to no person, and exports nothing', async () => {
      await createUser(env.ctx.db, {
        username: 'unlinked_resident',
        displayName: '未关联居民',
        role: 'resident',
        password: 'unlinked-password-1',
        siteIds: [siteId],
      });
      const unlinked = await signIn(env.app, 'unlinked_resident', 'unlinked-password-1');
      const res = await unlinked.get('/api/v1/privacy/me/export');
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'no_person_linked',
        message: '账号未关联居民信息，请到物业或警务室登记',
      });
      const en = await unlinked.request({
        method: 'GET',
        url: '/api/v1/privacy/me/export',
        headers: { 'accept-language': 'en' },
      });
      expect(en.statusCode).toBe(409);
      expect(en.json().error).toMatchObject({
        code: 'no_person_linked',
        message: 'This account is not linked to a resident; register at the property office or police office',
      });
    });

    it('is written in the language of the one who asks for it; the audit entry stays Chinese', async () => {
      const zh = (await resident.get('/api/v1/privacy/me/export')).json() as SubjectExport;
      const res = await resident.request({
        method: 'GET',
        url: '/api/v1/privacy/me/export',
        headers: { 'accept-language': 'en-GB,en;q=0.9' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const file = res.json() as SubjectExport;
      expect(file.legalBasis).toMatch(/^Personal Information Protection Law/);
      expect(file.notes).toHaveLength(zh.notes.length);
      expect(file.notes.join(' ')).toContain('Art. 18 and 35');
      expect(file.notes.join(' ')).not.toMatch(/[\u3400-\u9fff]/);
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Anju-personal-data-");
      expect(zh.legalBasis).toContain('第四十五条');
      const audit = await auditOf('privacy.subject_export', me.personId);
      expect(audit.at(-1)!.purpose).toContain('第四十五条');
    });
  });

  describe('the file produced at the counter', () => {
    it('police produce the same file with a note on who asked; it is audited with that note', async () => {
      const res = await police.post(`/api/v1/privacy/persons/${me.personId}/export`, {
        requesterNote: '本人持身份证到警务室申请，已核验',
      });
      expect(res.statusCode, res.body).toBe(200);
      const file = res.json() as SubjectExport;
      expect(file).toMatchObject({
        requestedBy: { kind: 'counter', staffName: expect.any(String) },
        person: { id: me.personId, name: me.name },
      });
      expect(file.alerts.map((a) => a.kind)).not.toContain('watch_match');
      const audit = await auditOf('privacy.subject_export', me.personId);
      expect(audit.at(-1)).toMatchObject({ actor_name: 'police' });
      expect(audit.at(-1)!.purpose).toContain('本人持身份证到警务室申请，已核验');
    });

    it('needs the note, is police-only, and answers 404 for a person of another site', async () => {
      const before = (await auditOf('privacy.subject_export', me.personId)).length;
      const noNote = await police.post(`/api/v1/privacy/persons/${me.personId}/export`, {});
      expect(noNote.statusCode).toBe(400);
      expect(noNote.json().error.details[0].field).toBe('body.requesterNote');
      const byProperty = await property.post(`/api/v1/privacy/persons/${me.personId}/export`, {
        requesterNote: '本人申请',
      });
      expect(byProperty.statusCode).toBe(403);

      const [siteB] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
      await createUser(env.ctx.db, {
        username: 'police_b',
        displayName: '乙所民警',
        role: 'police',
        password: 'police-b-password',
        siteIds: [siteB!.id],
      });
      const policeB = await signIn(env.app, 'police_b', 'police-b-password');
      const elsewhere = await policeB.post(`/api/v1/privacy/persons/${me.personId}/export`, {
        requesterNote: '本人申请',
      });
      expect(elsewhere.statusCode).toBe(404);
      expect((await auditOf('privacy.subject_export', me.personId)).length).toBe(before);
    });
  });

  describe('correction requests', () => {
    const file = (field: string, proposedValue: string, note?: string) =>
      resident.post('/api/v1/privacy/me/corrections', { field, proposedValue, ...(note ? { note } : {}) });

    it('refuses a proposed value the record would refuse, naming the field, and files nothing', async () => {
      const bad = await file('phone', '12345');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual([
        expect.objectContaining({
          field: 'body.proposedValue',
          message: expect.stringContaining('手机号格式不正确'),
        }),
      ]);
      const unknown = await file('salary', '1');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].field).toBe('body.field');
      expect((await resident.get('/api/v1/privacy/me/corrections')).json().items).toEqual([]);
    });

    it('goes to the property desk as an alert, is accepted with the record corrected, and the resident sees it', async () => {
      const filed = await file('phone', '139 0000 1234', '换了新号码');
      expect(filed.statusCode, filed.body).toBe(201);
      const correction = filed.json() as Correction;
      expect(correction).toMatchObject({
        field: 'phone',
        status: 'pending',
        desk: 'property_desk',
        applied: false,
      });

      // A task, not an emergency: left unacknowledged for hours it is not escalated.
      await runJob(env.ctx, alertJobs.escalate, new Date(Date.now() + 3 * 3600_000));
      const [stored] = await env.ctx.db.select().from(alerts).where(eq(alerts.id, correction.id));
      expect(stored).toMatchObject({ level: 'info', escalated: false, status: 'new' });

      // The desk's list shows it, without the proposed value (that is read through the privacy route).
      const list = await property.get('/api/v1/alerts?kind=correction_request&status=open');
      const alert = list.json().items.find((a: { id: string }) => a.id === correction.id);
      expect(alert).toMatchObject({
        kind: 'correction_request',
        desk: 'property_desk',
        data: { field: 'phone' },
      });
      expect(JSON.stringify(alert)).not.toContain('13900001234');
      expect(alert.title).toContain('手机号');

      const detail = await property.get(`/api/v1/privacy/corrections/${correction.id}`);
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json()).toMatchObject({
        proposedValue: '139 0000 1234',
        note: '换了新号码',
        personId: me.personId,
        applicable: true,
      });

      const decided = await property.post(`/api/v1/privacy/corrections/${correction.id}/decide`, {
        outcome: 'accepted',
        note: '已核实，更正手机号',
        apply: true,
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ status: 'accepted', applied: true });
      const [p] = await env.ctx.db.select().from(persons).where(eq(persons.id, me.personId));
      expect(env.ctx.keyring.decrypt('phone', p!.phoneEnc!).toString('utf8')).toBe('13900001234');

      const mine = (await resident.get('/api/v1/privacy/me/corrections')).json().items as Correction[];
      expect(mine.find((c) => c.id === correction.id)).toMatchObject({
        status: 'accepted',
        decisionNote: '已核实，更正手机号',
        applied: true,
      });
      // Deciding again is refused; nothing changes.
      const again = await property.post(`/api/v1/privacy/corrections/${correction.id}/decide`, {
        outcome: 'rejected',
        note: '重复处理',
      });
      expect(again.statusCode).toBe(409);
      const actions = (await auditOf('privacy.correction_accepted', me.personId)).map((a) => a.fields);
      expect(actions).toEqual([['phone']]);
    });

    it('an identity field goes to the police office; the property desk cannot see or decide it; a rejection carries its reason', async () => {
      const filed = await file('name', '张三丰');
      expect(filed.statusCode, filed.body).toBe(201);
      const id = filed.json().id as string;
      expect(filed.json().desk).toBe('police_office');
      expect((await property.get(`/api/v1/privacy/corrections/${id}`)).statusCode).toBe(404);
      // Police of another compound do not see it either.
      const [siteC] = await env.ctx.db.insert(sites).values({ name: '丙小区' }).returning();
      await createUser(env.ctx.db, {
        username: 'police_c',
        displayName: '丙所民警',
        role: 'police',
        password: 'police-c-password',
        siteIds: [siteC!.id],
      });
      const policeC = await signIn(env.app, 'police_c', 'police-c-password');
      expect((await policeC.get(`/api/v1/privacy/corrections/${id}`)).statusCode).toBe(404);
      const elsewhere = await policeC.post(`/api/v1/privacy/corrections/${id}/decide`, {
        outcome: 'rejected',
        note: '越权处理',
      });
      expect(elsewhere.statusCode).toBe(404);
      const byProperty = await property.post(`/api/v1/privacy/corrections/${id}/decide`, {
        outcome: 'accepted',
        note: '越权处理',
        apply: true,
      });
      expect(byProperty.statusCode).toBe(404);

      const rejected = await police.post(`/api/v1/privacy/corrections/${id}/decide`, {
        outcome: 'rejected',
        note: '与户籍登记一致，无需更正',
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
      const [p] = await env.ctx.db.select().from(persons).where(eq(persons.id, me.personId));
      expect(p!.name).toBe(me.name);
      const mine = (await resident.get('/api/v1/privacy/me/corrections')).json().items as Correction[];
      expect(mine.find((c) => c.id === id)).toMatchObject({
        status: 'rejected',
        decisionNote: '与户籍登记一致，无需更正',
        applied: false,
      });
    });

    it('a value that cannot be written in is refused on accepting, and nothing is resolved', async () => {
      const filed = await file('residency', '我是 2024-05-01 入住的，不是 2024-06-01');
      expect(filed.statusCode, filed.body).toBe(201);
      const id = filed.json().id as string;
      const refused = await property.post(`/api/v1/privacy/corrections/${id}/decide`, {
        outcome: 'accepted',
        note: '已更正入住日期',
        apply: true,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'correction_not_applicable' });
      expect(refused.json().error.details[0].field).toBe('body.apply');
      const refusedEn = await property.request({
        method: 'POST',
        url: `/api/v1/privacy/corrections/${id}/decide`,
        headers: { 'accept-language': 'en' },
        payload: { outcome: 'accepted', note: 'corrected', apply: true },
      });
      expect(refusedEn.json().error).toMatchObject({
        code: 'correction_not_applicable',
        message:
          'This item must be corrected by hand in the registry record; it cannot be written in directly',
      });
      // A rule of the payload, in English too.
      const shortNote = await property.request({
        method: 'POST',
        url: `/api/v1/privacy/corrections/${id}/decide`,
        headers: { 'accept-language': 'en' },
        payload: { outcome: 'rejected', note: 'x' },
      });
      expect(shortNote.statusCode).toBe(400);
      expect(shortNote.json().error.details).toEqual([
        { field: 'body.note', message: 'Enter a note on the decision (at least 2 characters)' },
      ]);
      const mine = (await resident.get('/api/v1/privacy/me/corrections')).json().items as Correction[];
      expect(mine.find((c) => c.id === id)).toMatchObject({ status: 'pending' });
      // Corrected by hand in the registry, then closed as accepted.
      const ok = await property.post(`/api/v1/privacy/corrections/${id}/decide`, {
        outcome: 'accepted',
        note: '已在登记信息中更正入住日期',
      });
      expect(ok.json()).toMatchObject({ status: 'accepted', applied: false });
    });

    it('the resident’s file lists the corrections with their outcome', async () => {
      const res = await resident.get('/api/v1/privacy/me/export');
      const exported = res.json() as SubjectExport;
      expect(exported.corrections.map((c) => c.status).sort()).toEqual(['accepted', 'accepted', 'rejected']);
      expect(exported.person.phone).toBe('13900001234');
    });

    it('at most a handful open at once', async () => {
      const open = await queryRows<{ n: number }>(
        env.ctx.db,
        sql`SELECT count(*)::int AS n FROM alerts WHERE kind = 'correction_request' AND status <> 'resolved'
            AND person_id = ${me.personId}`,
      );
      for (let i = open[0]!.n; i < 10; i++) expect((await file('other', `第 ${i} 项`)).statusCode).toBe(201);
      const tooMany = await file('other', '第 11 项');
      expect(tooMany.statusCode).toBe(409);
      expect(tooMany.json().error).toMatchObject({
        code: 'too_many_corrections',
        message: '您已有 10 项更正申请尚未处理，请等处理后再提交',
      });
      const en = await resident.request({
        method: 'POST',
        url: '/api/v1/privacy/me/corrections',
        headers: { 'accept-language': 'en' },
        payload: { field: 'other', proposedValue: 'item 12' },
      });
      expect(en.statusCode).toBe(409);
      expect(en.json().error).toMatchObject({
        code: 'too_many_corrections',
        message: 'You already have 10 correction requests waiting; submit more once they are handled',
      });
    });
  });
});
