/**
 * Mediation core (issue 16): intake (also from a police call), the state machine refusing every
 * illegal transition without changing anything, the team's "2", recusal (same household, declared),
 * the mediator's view limited to their own team's cases (list, detail, files: 404), other roles
 * and sites refused, violation first, attachments by content, bad input naming the field; roster
 * housekeeping (deactivate a member who served, delete only one who never did) and cancelling a
 * scheduled session (its room freed).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import {
  createTestEnv,
  DEMO_PASSWORD,
  describeBackends,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('fake image body'),
]);

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const boundary = '----mediationtest';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

type Status = 'intake' | 'graded' | 'team_ready' | 'in_mediation' | 'fulfilment' | 'closed';

describeBackends('mediation core', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let mediator: Client;
  let mediator2: Client;
  let property: Client;
  let resident: Client;
  let policeB: Client;
  let siteA = '';
  const roster = { m1: '', m2: '', lawyer: '', elder: '', inactive: '' };
  /** two persons of one active household, and a third person elsewhere */
  let partyPerson = '';
  let housemate = '';
  let otherPerson = '';

  const put = (c: Client, url: string, payload: unknown) =>
    c.request({ method: 'PUT', url, payload: payload as object });

  async function intake(over: Record<string, unknown> = {}) {
    const res = await police.post('/api/v1/mediation/cases', {
      siteId: siteA,
      source: 'walk_in',
      type: 'noise',
      facts: '楼上装修噪音扰民，双方争执',
      risk: 'medium',
      parties: [
        { role: 'applicant', personId: partyPerson },
        { role: 'respondent', name: '李四', phone: '13900001111', address: '3-2-1501' },
      ],
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; serial: string; status: Status };
  }

  const team = (caseId: string, mediatorRosterId = roster.m1, memberRosterIds: string[] = []) =>
    put(police, `/api/v1/mediation/cases/${caseId}/team`, {
      officerUserId: police.me.user.id,
      mediatorRosterId,
      memberRosterIds,
    });

  const session = (record: string | null) => ({
    startsAt: '2030-01-07T09:00:00+08:00',
    endsAt: '2030-01-07T10:00:00+08:00',
    place: { kind: 'on_site', text: '3号楼楼道' },
    attendees: ['张三', '李四'],
    statements: '双方陈述',
    legalAdvice: '律师解释《民法典》相邻关系',
    record,
  });

  /** A case driven through the API to `status` (fulfilment and closed through the outcome routes). */
  async function caseIn(status: Status, mediatorRosterId = roster.m1): Promise<string> {
    const c = await intake();
    if (status === 'intake') return c.id;
    if (status === 'closed') {
      const r = await police.post(`/api/v1/mediation/cases/${c.id}/settle-on-spot`, {
        outcome: 'oral_agreement',
        note: '现场说和，双方握手言和',
      });
      expect(r.statusCode, r.body).toBe(200);
      return c.id;
    }
    expect((await police.post(`/api/v1/mediation/cases/${c.id}/grade`, {})).statusCode).toBe(200);
    if (status === 'graded') return c.id;
    const t = await team(c.id, mediatorRosterId);
    expect(t.statusCode, t.body).toBe(200);
    if (status === 'team_ready') return c.id;
    const s = await police.post(`/api/v1/mediation/cases/${c.id}/sessions`, session('调解笔录'));
    expect(s.statusCode, s.body).toBe(201);
    if (status === 'in_mediation') return c.id;
    // fulfilment: the state only (the agreement's own routes are tested in mediation-agreements)
    await env.ctx.db.execute(sql`UPDATE mediation_cases SET status = 'fulfilment' WHERE id = ${c.id}`);
    return c.id;
  }

  /** Everything a refused request could have changed about a case. */
  async function snapshot(caseId: string): Promise<string> {
    const rows = await queryRows<Record<string, unknown>>(
      env.ctx.db,
      sql`SELECT row_to_json(c)::text AS c,
            (SELECT count(*)::int FROM mediation_team WHERE case_id = c.id) AS team,
            (SELECT count(*)::int FROM mediation_sessions WHERE case_id = c.id) AS sessions,
            (SELECT count(*)::int FROM mediation_violation_records WHERE case_id = c.id) AS violation,
            (SELECT count(*)::int FROM mediation_recusal_declarations WHERE case_id = c.id) AS recusals,
            (SELECT count(*)::int FROM mediation_files WHERE case_id = c.id) AS files
          FROM mediation_cases c WHERE c.id = ${caseId}`,
    );
    return JSON.stringify(rows[0]);
  }

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    mediator = await signIn(env.app, 'mediator');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    siteA = police.me.sites[0]!.id;
    await createUser(env.ctx.db, {
      username: 'mediator_two',
      displayName: '调解员二',
      role: 'mediator',
      password: DEMO_PASSWORD,
      siteIds: [siteA],
    });
    mediator2 = await signIn(env.app, 'mediator_two');
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    await createUser(env.ctx.db, {
      username: 'police_b',
      displayName: '乙民警',
      role: 'police',
      password: DEMO_PASSWORD,
      siteIds: [b!.id],
    });
    policeB = await signIn(env.app, 'police_b');
    const [pair] = await queryRows<{ a: string; b: string }>(
      env.ctx.db,
      sql`SELECT r1.person_id AS a, r2.person_id AS b FROM residencies r1
          JOIN residencies r2 ON r2.household_id = r1.household_id AND r2.person_id <> r1.person_id
          WHERE r1.site_id = ${siteA} AND r1.status = 'active' AND r2.status = 'active'
            AND r1.household_id IS NOT NULL AND r1.valid_to IS NULL AND r2.valid_to IS NULL LIMIT 1`,
    );
    partyPerson = pair!.a;
    housemate = pair!.b;
    const [other] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`SELECT p.id FROM persons p WHERE p.site_id = ${siteA} AND NOT EXISTS (
            SELECT 1 FROM residencies r JOIN residencies r2 ON r2.household_id = r.household_id
            WHERE r.person_id = p.id AND r2.person_id = ${partyPerson}) LIMIT 1`,
    );
    otherPerson = other!.id;
    const add = async (body: Record<string, unknown>) => {
      const r = await police.post('/api/v1/mediation/roster', { siteId: siteA, ...body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    roster.m1 = await add({
      name: '王调解',
      kind: 'people_mediator',
      userId: mediator.me.user.id,
      specialities: ['noise', 'neighbour'],
      phone: '13800001234',
    });
    roster.m2 = await add({ name: '赵调解', kind: 'people_mediator', userId: mediator2.me.user.id });
    roster.lawyer = await add({
      name: '钱律师',
      kind: 'lawyer',
      personId: housemate,
      specialities: ['noise'],
    });
    roster.elder = await add({
      name: '孙老',
      kind: 'elder',
      personId: otherPerson,
      specialities: ['family'],
    });
    roster.inactive = await add({ name: '周代表', kind: 'deputy', active: false });
  }, 120_000);
  afterAll(() => env?.close());

  it('takes a case in with its serial, deadlines and sealed phone; bad input names the field, nothing written', async () => {
    const c = await intake({ source: 'phone' });
    const detail = (await police.get(`/api/v1/mediation/cases/${c.id}`)).json();
    expect(detail.serial).toMatch(/^TJ-\d{8}-\d{4}$/);
    expect(detail.status).toBe('intake');
    expect(detail.firstContactDue).not.toBeNull();
    expect(detail.parties.map((p: { name: string }) => p.name)).toContain('李四');
    expect(detail.parties.find((p: { name: string }) => p.name === '李四').phone).toBe('13900001111');
    const [stored] = await queryRows<{ phone_enc: string }>(
      env.ctx.db,
      sql`SELECT phone_enc FROM mediation_parties WHERE case_id = ${c.id} AND name = '李四'`,
    );
    expect(stored!.phone_enc).not.toContain('13900001111');
    expect(detail.allowed).toEqual(expect.arrayContaining(['grade', 'settleOnSpot', 'contact']));

    const count = async () =>
      (await queryRows<{ n: number }>(env.ctx.db, sql`SELECT count(*)::int AS n FROM mediation_cases`))[0]!.n;
    const before = await count();
    const bad = async (over: Record<string, unknown>, field: string) => {
      const r = await police.post('/api/v1/mediation/cases', {
        siteId: siteA,
        source: 'walk_in',
        type: 'noise',
        facts: '事实',
        risk: 'low',
        parties: [
          { role: 'applicant', name: '甲' },
          { role: 'respondent', name: '乙' },
        ],
        ...over,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ type: 'murder' }, 'body.type');
    await bad({ facts: '  ' }, 'body.facts');
    await bad({ parties: [{ role: 'applicant', name: '甲' }] }, 'body.parties');
    await bad(
      { parties: [{ role: 'applicant' }, { role: 'respondent', name: '乙' }] },
      'body.parties.0.name',
    );
    await bad({ source: 'incident' }, 'body.incidentId');
    await bad(
      {
        parties: [
          { role: 'applicant', name: '甲', phone: '12345' },
          { role: 'respondent', name: '乙' },
        ],
      },
      'body.parties.0.phone',
    );
    await bad({ acceptedAt: new Date(Date.now() + 86400_000).toISOString() }, 'body.acceptedAt');
    const policeBPerson = await bad(
      {
        parties: [
          { role: 'applicant', personId: '00000000-0000-4000-8000-000000000000' },
          { role: 'respondent', name: '乙' },
        ],
      },
      'body.parties.0.personId',
    );
    void policeBPerson;
    expect(await count()).toBe(before);
  });

  it('turns a police call into a case and marks the incident with its serial (once)', async () => {
    const [cat] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO incident_categories (site_id, name_zh, name_en, "group") VALUES (${siteA}, '纠纷', 'Dispute', 'dispute') RETURNING id`,
    );
    const [place] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO incident_public_places (site_id, name_zh, name_en) VALUES (${siteA}, '广场', 'Square') RETURNING id`,
    );
    const [incident] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO incidents (site_id, received_at, channel, category_id, place_kind, public_place_id, place_label,
            summary, outcome, source)
          VALUES (${siteA}, now(), '110', ${cat!.id}, 'public_place', ${place!.id}, '广场', '噪音纠纷', 'pending', 'manual')
          RETURNING id`,
    );
    const c = await intake({ source: 'incident', incidentId: incident!.id });
    const inc = (await police.get(`/api/v1/incidents/${incident!.id}`)).json();
    expect(inc.mediationCaseRef).toBe(c.serial);
    const again = await police.post('/api/v1/mediation/cases', {
      siteId: siteA,
      source: 'incident',
      incidentId: incident!.id,
      type: 'noise',
      facts: '再次',
      risk: 'low',
      parties: [
        { role: 'applicant', name: '甲' },
        { role: 'respondent', name: '乙' },
      ],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('incident_has_case');
  });

  it('refuses every illegal transition with 409 illegal_transition, naming from and to, and changes nothing', async () => {
    // What the design allows, written out here (not read from machine.ts).
    const allowed: Record<string, Status[]> = {
      contact: ['intake', 'graded', 'team_ready'],
      settleOnSpot: ['intake'],
      grade: ['intake'],
      assignTeam: ['graded', 'team_ready', 'in_mediation'],
      violation: ['intake', 'graded', 'team_ready'],
      scheduleSession: ['team_ready', 'in_mediation'],
      recordSession: ['team_ready', 'in_mediation'],
      conclude: ['in_mediation'],
      extend: ['intake', 'graded', 'team_ready', 'in_mediation', 'fulfilment'],
    };
    const send: Record<string, (id: string) => Promise<{ statusCode: number; body: string }>> = {
      contact: (id) => police.post(`/api/v1/mediation/cases/${id}/contact`, {}),
      settleOnSpot: (id) =>
        police.post(`/api/v1/mediation/cases/${id}/settle-on-spot`, { outcome: 'agreement', note: '说和' }),
      grade: (id) => police.post(`/api/v1/mediation/cases/${id}/grade`, {}),
      assignTeam: (id) => team(id),
      violation: (id) =>
        police.post(`/api/v1/mediation/cases/${id}/violation`, {
          facts: '推搡',
          consequencesTold: '告知后果',
        }),
      scheduleSession: (id) => police.post(`/api/v1/mediation/cases/${id}/sessions`, session(null)),
      recordSession: (id) => police.post(`/api/v1/mediation/cases/${id}/sessions`, session('笔录')),
      conclude: (id) =>
        police.post(`/api/v1/mediation/cases/${id}/conclude`, {
          outcome: 'no_agreement',
          note: '告知可诉讼',
        }),
      extend: (id) =>
        police.post(`/api/v1/mediation/cases/${id}/extend`, {
          concludeDue: '2099-01-01T00:00:00+08:00',
          consentNote: '双方同意延长',
        }),
    };
    const statuses: Status[] = ['intake', 'graded', 'team_ready', 'in_mediation', 'fulfilment', 'closed'];
    let refused = 0;
    for (const status of statuses) {
      const id = await caseIn(status);
      for (const [action, from] of Object.entries(allowed)) {
        if (from.includes(status)) continue;
        const before = await snapshot(id);
        const res = await send[action]!(id);
        expect(res.statusCode, `${action} in ${status}: ${res.body}`).toBe(409);
        const error = JSON.parse(res.body).error;
        expect(error.code, `${action} in ${status}`).toBe('illegal_transition');
        expect(error.details[0].from).toBe(status);
        expect(typeof error.details[0].to).toBe('string');
        expect(await snapshot(id), `${action} in ${status} changed the case`).toBe(before);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(30);
  });

  it('requires the "2": an officer of the site and an active people’s mediator; nothing written otherwise', async () => {
    const id = await caseIn('graded');
    const before = await snapshot(id);
    const missing = await put(police, `/api/v1/mediation/cases/${id}/team`, {
      memberRosterIds: [roster.lawyer],
    });
    expect(missing.statusCode).toBe(400);
    const fields = missing.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.officerUserId', 'body.mediatorRosterId']));
    const notOfficer = await put(police, `/api/v1/mediation/cases/${id}/team`, {
      officerUserId: mediator.me.user.id,
      mediatorRosterId: roster.m1,
    });
    expect(notOfficer.statusCode).toBe(409);
    expect(notOfficer.json().error.code).toBe('team_incomplete');
    expect(notOfficer.json().error.details[0].field).toBe('body.officerUserId');
    for (const wrong of [roster.elder, roster.inactive]) {
      const r = await team(id, wrong);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('team_incomplete');
      expect(r.json().error.details[0].field).toBe('body.mediatorRosterId');
    }
    const inactiveMember = await team(id, roster.m1, [roster.inactive]);
    expect(inactiveMember.statusCode).toBe(400);
    expect(inactiveMember.json().error.details[0].field).toBe('body.memberRosterIds.0');
    expect(await snapshot(id)).toBe(before);
    const ok = await team(id, roster.m1, [roster.elder]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('team_ready');
    expect(
      ok
        .json()
        .team.map((t: { role: string }) => t.role)
        .sort(),
    ).toEqual(['mediator', 'member', 'officer']);
  });

  it('refuses a member who shares a household with a party, and one who declared a relation', async () => {
    const id = await caseIn('graded');
    const before = await snapshot(id);
    const household = await team(id, roster.m1, [roster.elder, roster.lawyer]);
    expect(household.statusCode).toBe(409);
    const e = household.json().error;
    expect(e.code).toBe('recused');
    expect(e.details[0]).toMatchObject({
      field: 'body.memberRosterIds.1',
      rosterId: roster.lawyer,
      reason: 'household',
    });
    expect(e.message).toContain('钱律师');
    expect(await snapshot(id)).toBe(before);

    const sugg = (await police.get(`/api/v1/mediation/cases/${id}/suggestions`)).json().items as {
      id: string;
      matches: boolean;
      recusedReason: string | null;
    }[];
    expect(sugg.find((s) => s.id === roster.lawyer)).toMatchObject({ matches: true });
    expect(sugg.find((s) => s.id === roster.lawyer)!.recusedReason).toContain('钱律师');
    expect(sugg.find((s) => s.id === roster.elder)).toMatchObject({ matches: false, recusedReason: null });
    expect(sugg.some((s) => s.id === roster.inactive)).toBe(false);
    expect(sugg[0]!.matches).toBe(true);

    const declared = await mediator.request({
      method: 'POST',
      url: `/api/v1/mediation/cases/${id}/recusals`,
      payload: { rosterId: roster.elder, reason: '系申请人的远房亲戚' },
    });
    // The mediator is not on this case's team yet: the case does not exist for them.
    expect(declared.statusCode).toBe(404);
    const byPolice = await police.post(`/api/v1/mediation/cases/${id}/recusals`, {
      rosterId: roster.elder,
      reason: '系申请人的远房亲戚',
    });
    expect(byPolice.statusCode, byPolice.body).toBe(200);
    const afterDeclared = await snapshot(id);
    const refused = await team(id, roster.m1, [roster.elder]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details[0]).toMatchObject({ rosterId: roster.elder, reason: 'declared' });
    expect(refused.json().error.message).toContain('远房亲戚');
    expect(await snapshot(id)).toBe(afterDeclared);
    // A member already on the team steps off the team before declaring.
    const ok = await team(id, roster.m1, []);
    expect(ok.statusCode).toBe(200);
  });

  it('shows a mediator only the cases of their own team: list, detail, files and actions', async () => {
    const mine = await caseIn('team_ready', roster.m1);
    const theirs = await caseIn('team_ready', roster.m2);
    const upload = await police.request({
      method: 'POST',
      url: `/api/v1/mediation/cases/${theirs}/files`,
      ...multipart({}, { name: 'photo.png', bytes: PNG, type: 'image/png' }),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const fileId = upload.json().id as string;
    expect(upload.json().contentType).toBe('image/png');

    const ids = async (c: Client) =>
      (await c.get(`/api/v1/mediation/cases?siteId=${siteA}&limit=200`))
        .json()
        .items.map((i: { id: string }) => i.id);
    const seen = await ids(mediator);
    expect(seen).toContain(mine);
    expect(seen).not.toContain(theirs);
    expect(await ids(mediator2)).toContain(theirs);
    expect(await ids(police)).toEqual(expect.arrayContaining([mine, theirs]));
    expect(await ids(auxiliary)).toEqual(expect.arrayContaining([mine, theirs]));

    expect((await mediator.get(`/api/v1/mediation/cases/${mine}`)).statusCode).toBe(200);
    const hidden = await mediator.get(`/api/v1/mediation/cases/${theirs}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    expect((await mediator.get(`/api/v1/mediation/files/${fileId}`)).statusCode).toBe(404);
    expect((await mediator.get(`/api/v1/mediation/cases/${theirs}/suggestions`)).statusCode).toBe(404);
    const before = await snapshot(theirs);
    const write = await mediator.post(`/api/v1/mediation/cases/${theirs}/sessions`, session('笔录'));
    expect(write.statusCode).toBe(404);
    const attach = await mediator.request({
      method: 'POST',
      url: `/api/v1/mediation/cases/${theirs}/files`,
      ...multipart({}, { name: 'photo.png', bytes: PNG, type: 'image/png' }),
    });
    expect(attach.statusCode).toBe(404);
    expect(await snapshot(theirs)).toBe(before);

    const own = await mediator2.get(`/api/v1/mediation/files/${fileId}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(own.rawPayload, PNG)).toBe(0);
    // The mediator works their own case.
    const rec = await mediator.post(
      `/api/v1/mediation/cases/${mine}/sessions`,
      session('调解笔录：双方达成一致'),
    );
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json().status).toBe('in_mediation');
  });

  it('refuses property and resident (403) and answers 404 for another site’s case', async () => {
    const id = await caseIn('intake');
    for (const c of [property, resident]) {
      expect((await c.get(`/api/v1/mediation/cases?siteId=${siteA}`)).statusCode).toBe(403);
      expect((await c.get(`/api/v1/mediation/cases/${id}`)).statusCode).toBe(403);
      expect((await c.post(`/api/v1/mediation/cases/${id}/grade`, {})).statusCode).toBe(403);
    }
    expect((await mediator.post(`/api/v1/mediation/cases/${id}/grade`, {})).statusCode).toBe(403);
    const before = await snapshot(id);
    expect((await policeB.get(`/api/v1/mediation/cases/${id}`)).statusCode).toBe(404);
    expect((await policeB.post(`/api/v1/mediation/cases/${id}/grade`, {})).statusCode).toBe(404);
    expect((await policeB.get(`/api/v1/mediation/cases?siteId=${siteA}`)).statusCode).toBe(403);
    expect(await snapshot(id)).toBe(before);
  });

  it('holds no session before the police record of a violation (police only), then proceeds', async () => {
    const c = await intake({ violationInvolved: true, type: 'neighbour' });
    await police.post(`/api/v1/mediation/cases/${c.id}/grade`, {});
    expect((await team(c.id)).statusCode).toBe(200);
    const before = await snapshot(c.id);
    const first = await police.post(`/api/v1/mediation/cases/${c.id}/sessions`, session('笔录'));
    expect(first.statusCode).toBe(409);
    expect(first.json().error.code).toBe('violation_first');
    expect((await police.post(`/api/v1/mediation/cases/${c.id}/sessions`, session(null))).statusCode).toBe(
      409,
    );
    expect(await snapshot(c.id)).toBe(before);
    const body = { facts: '李四推搡张三，未致伤', consequencesTold: '告知再犯将依《治安管理处罚法》处理' };
    expect((await auxiliary.post(`/api/v1/mediation/cases/${c.id}/violation`, body)).statusCode).toBe(403);
    expect((await mediator.post(`/api/v1/mediation/cases/${c.id}/violation`, body)).statusCode).toBe(403);
    const rec = await police.post(`/api/v1/mediation/cases/${c.id}/violation`, body);
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().violation.facts).toBe(body.facts);
    expect((await police.post(`/api/v1/mediation/cases/${c.id}/violation`, body)).json().error.code).toBe(
      'violation_exists',
    );
    const seenByAux = (await auxiliary.get(`/api/v1/mediation/cases/${c.id}`)).json();
    expect(seenByAux.violation).toBeNull();
    expect(seenByAux.violationRecorded).toBe(true);
    const seenByMediator = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).json();
    expect(seenByMediator.violation).toBeNull();
    const ok = await police.post(`/api/v1/mediation/cases/${c.id}/sessions`, session('笔录'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().status).toBe('in_mediation');
  });

  it('reserves the mediation room through appointments and refuses a double booking', async () => {
    const [room] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO appointment_resources (site_id, name_zh, name_en) VALUES (${siteA}, '调解室', 'Mediation room') RETURNING id`,
    );
    const a = await caseIn('team_ready');
    const b = await caseIn('team_ready');
    const inRoom = { ...session(null), place: { kind: 'room', resourceId: room!.id } };
    const first = await police.post(`/api/v1/mediation/cases/${a}/sessions`, inRoom);
    expect(first.statusCode, first.body).toBe(201);
    const s = first.json().sessions[0];
    expect(s.roomReservationRef).toBe(`mediation:${s.id}`);
    const [held] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM resource_reservations WHERE ref = ${s.roomReservationRef} AND cancelled_at IS NULL`,
    );
    expect(held!.n).toBe(1);
    const before = await snapshot(b);
    const clash = await police.post(`/api/v1/mediation/cases/${b}/sessions`, inRoom);
    expect(clash.statusCode).toBe(409);
    expect(await snapshot(b)).toBe(before);
    // Record the scheduled one.
    const rec = await police.post(`/api/v1/mediation/sessions/${s.id}/record`, {
      record: '调解笔录',
      legalAdvice: '律师意见',
    });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().status).toBe('in_mediation');
    expect(
      (await police.post(`/api/v1/mediation/sessions/${s.id}/record`, { record: '再记' })).json().error.code,
    ).toBe('session_recorded');
  });

  it('accepts PNG/JPEG/PDF attachments by content only', async () => {
    const id = await caseIn('intake');
    const send = (bytes: Buffer, name: string, type: string) =>
      police.request({
        method: 'POST',
        url: `/api/v1/mediation/cases/${id}/files`,
        ...multipart({}, { name, bytes, type }),
      });
    const fake = await send(Buffer.from('MZ not a picture'), 'photo.png', 'image/png');
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.details[0].field).toBe('body.file');
    const pdf = await send(Buffer.from('%PDF-1.4\n%%EOF\n'), 'record.bin', 'application/octet-stream');
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json().contentType).toBe('application/pdf');
    const none = await police.request({
      method: 'POST',
      url: `/api/v1/mediation/cases/${id}/files`,
      ...multipart({ a: 'b' }),
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details[0].field).toBe('body.file');
  });

  it('filters the list (status, type, overdue, words) and audits each detail read', async () => {
    // Accepted 25 hours ago: the first contact (1 h) and the grading (24 h) are overdue.
    const c = await intake({
      source: 'phone',
      type: 'dog',
      facts: '小狗深夜吠叫扰民',
      acceptedAt: new Date(Date.now() - 25 * 3600_000).toISOString(),
    });
    const fresh = await intake({ source: 'phone', type: 'dog', facts: '小狗白天吠叫' });
    const list = (await police.get(`/api/v1/mediation/cases?siteId=${siteA}&type=dog&overdue=true`)).json();
    const listed = list.items.map((i: { id: string }) => i.id);
    expect(listed).toContain(c.id);
    expect(listed).not.toContain(fresh.id);
    const item = list.items.find((i: { id: string }) => i.id === c.id);
    expect(item.overdue).toEqual({ firstContact: true, grading: true, conclude: false });
    const words = (
      await police.get(`/api/v1/mediation/cases?siteId=${siteA}&q=${encodeURIComponent('深夜吠叫')}`)
    ).json();
    expect(words.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect((await police.post(`/api/v1/mediation/cases/${c.id}/grade`, {})).statusCode).toBe(200);
    const graded = (
      await police.get(`/api/v1/mediation/cases?siteId=${siteA}&status=graded&type=dog`)
    ).json();
    expect(graded.items.find((i: { id: string }) => i.id === c.id).overdue).toEqual({
      firstContact: true,
      grading: false,
      conclude: false,
    });
    expect((await police.post(`/api/v1/mediation/cases/${c.id}/contact`, {})).statusCode).toBe(200);
    const contacted = (
      await police.get(`/api/v1/mediation/cases?siteId=${siteA}&type=dog&overdue=true`)
    ).json();
    expect(contacted.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    const bad = await police.get(`/api/v1/mediation/cases?siteId=${siteA}&overdue=maybe`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.overdue');
    const [audits] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mediation.case.read' AND subject_id = ${c.id}`,
    );
    const read = await police.get(`/api/v1/mediation/cases/${c.id}`);
    expect(read.statusCode).toBe(200);
    const [after] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mediation.case.read' AND subject_id = ${c.id}`,
    );
    expect(after!.n).toBe(audits!.n + 1);
  });

  it('deactivates a member who served (kept on their cases, no longer suggested or assignable); deletes only one who never served', async () => {
    const add = async (name: string) => {
      const r = await police.post('/api/v1/mediation/roster', {
        siteId: siteA,
        name,
        kind: 'elder',
        specialities: ['noise'],
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const served = await add('吴老');
    const a = await caseIn('graded');
    expect((await team(a, roster.m1, [served])).statusCode).toBe(200);
    const rosterCount = async () =>
      (await police.get(`/api/v1/mediation/roster?siteId=${siteA}`)).json().items.length as number;
    const before = await rosterCount();

    // Served on a case: not deleted (409 naming it), nothing changed; a mediator may not try (403).
    expect(
      (await mediator.request({ method: 'DELETE', url: `/api/v1/mediation/roster/${served}` })).statusCode,
    ).toBe(403);
    const refused = await police.request({ method: 'DELETE', url: `/api/v1/mediation/roster/${served}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('roster_served');
    expect(refused.json().error.message).toContain('吴老');
    expect(await rosterCount()).toBe(before);

    // Deactivated instead: hidden from suggestions, refused for a new team, kept on the old case.
    const off = await police.request({
      method: 'PATCH',
      url: `/api/v1/mediation/roster/${served}`,
      payload: { active: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const b = await caseIn('graded');
    const sugg = (await police.get(`/api/v1/mediation/cases/${b}/suggestions`)).json().items as {
      id: string;
    }[];
    expect(sugg.map((x) => x.id)).not.toContain(served);
    const beforeB = await snapshot(b);
    const assign = await team(b, roster.m1, [served]);
    expect(assign.statusCode).toBeGreaterThanOrEqual(400);
    expect(assign.json().error.details.map((d: { field: string }) => d.field)).toContain(
      'body.memberRosterIds.0',
    );
    expect(await snapshot(b)).toBe(beforeB);
    const history = (await police.get(`/api/v1/mediation/cases/${a}`)).json();
    expect(history.team.map((m: { rosterId: string | null }) => m.rosterId)).toContain(served);

    // Never served: deleted, audited; a second delete and another id are 404.
    const unused = await add('郑老');
    const del = await police.request({ method: 'DELETE', url: `/api/v1/mediation/roster/${unused}` });
    expect(del.statusCode, del.body).toBe(200);
    expect(await rosterCount()).toBe(before);
    const [audited] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mediation.roster.delete' AND subject_id = ${unused}`,
    );
    expect(audited!.n).toBe(1);
    expect(
      (await police.request({ method: 'DELETE', url: `/api/v1/mediation/roster/${unused}` })).statusCode,
    ).toBe(404);
  });

  it('cancels a scheduled session with a reason and frees its room; not a recorded one, not off the team', async () => {
    const [room] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO appointment_resources (site_id, name_zh, name_en) VALUES (${siteA}, '第二调解室', 'Room 2') RETURNING id`,
    );
    const inRoom = {
      ...session(null),
      startsAt: '2030-02-04T14:00:00+08:00',
      endsAt: '2030-02-04T15:00:00+08:00',
      place: { kind: 'room', resourceId: room!.id },
    };
    const a = await caseIn('team_ready');
    const b = await caseIn('team_ready');
    const scheduled = await police.post(`/api/v1/mediation/cases/${a}/sessions`, inRoom);
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const s = scheduled.json().sessions[0];
    // The room is held: another case cannot have it then.
    expect((await police.post(`/api/v1/mediation/cases/${b}/sessions`, inRoom)).statusCode).toBe(409);
    const live = async (ref: string) =>
      (
        await queryRows<{ n: number }>(
          env.ctx.db,
          sql`SELECT count(*)::int AS n FROM resource_reservations WHERE ref = ${ref} AND cancelled_at IS NULL`,
        )
      )[0]!.n;
    expect(await live(s.roomReservationRef)).toBe(1);

    const before = await snapshot(a);
    // A mediator off the team: 404 (the session's existence does not leak); no reason: 400 naming it.
    expect(
      (await mediator2.post(`/api/v1/mediation/sessions/${s.id}/cancel`, { reason: '当事人出差' }))
        .statusCode,
    ).toBe(404);
    const blank = await police.post(`/api/v1/mediation/sessions/${s.id}/cancel`, { reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.map((d: { field: string }) => d.field)).toContain('body.reason');
    expect(await snapshot(a)).toBe(before);
    expect(await live(s.roomReservationRef)).toBe(1);

    // The team's mediator cancels: the session is gone, the room free, the reason audited.
    const ok = await mediator.post(`/api/v1/mediation/sessions/${s.id}/cancel`, {
      reason: '当事人出差，另行安排',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sessions).toEqual([]);
    expect(ok.json().status).toBe('team_ready');
    expect(await live(s.roomReservationRef)).toBe(0);
    const [audit] = await queryRows<{ purpose: string | null }>(
      env.ctx.db,
      sql`SELECT purpose FROM audit_log WHERE action = 'mediation.session.cancel' AND subject_id = ${s.id}`,
    );
    expect(audit?.purpose).toBe('当事人出差，另行安排');
    expect((await police.post(`/api/v1/mediation/sessions/${s.id}/cancel`, { reason: 'x' })).statusCode).toBe(
      404,
    );

    // The freed slot can be booked by the other case; once recorded, it cannot be cancelled.
    const taken = await police.post(`/api/v1/mediation/cases/${b}/sessions`, inRoom);
    expect(taken.statusCode, taken.body).toBe(201);
    const sb = taken.json().sessions[0];
    expect(
      (await police.post(`/api/v1/mediation/sessions/${sb.id}/record`, { record: '调解笔录' })).statusCode,
    ).toBe(200);
    const beforeB = await snapshot(b);
    const recorded = await police.post(`/api/v1/mediation/sessions/${sb.id}/cancel`, { reason: '误建' });
    expect(recorded.statusCode).toBe(409);
    expect(recorded.json().error.code).toBe('session_recorded');
    expect(await snapshot(b)).toBe(beforeB);
    expect(await live(sb.roomReservationRef)).toBe(1);
  });
});

describe('mediation state machine (pure)', () => {
  it('names the statuses it refuses in both languages', async () => {
    const { illegalTransition } = await import('../src/modules/mediation/machine.ts');
    const { renderMessage } = await import('@anju/contracts');
    const e = illegalTransition('closed', 'grade');
    expect(e.statusCode).toBe(409);
    expect(renderMessage(e.msg, 'zh-CN')).toContain('已结案');
    expect(renderMessage(e.msg, 'en')).toContain('closed');
    expect(renderMessage(e.msg, 'en')).toContain('graded');
  });
});
