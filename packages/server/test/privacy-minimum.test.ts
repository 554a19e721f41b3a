/**
 * Issue 10 §2, "minimum necessary really means it", through the API on both backends:
 * 1. nothing a role without registry.fullIdNumber receives about a person gives the 18-character
 *    ID number back (masked 4+4 digits + birth information + region information + check
 *    character still leave thousands of candidates); the police side is unchanged;
 * 2. access-log rows, their export, alerts and the live alert stream carry no stable person key
 *    (id, full name, flat) for roles without access.trackPerson; a police export needs a purpose
 *    and is audited with it;
 * 3. reads of personal data that were not audited are: name and plate searches, tenancy list and
 *    detail, alert list and stream (one entry per connection), visitor-pass lists;
 * 4. police read the audit entries of their own jurisdiction only; admin reads system events only.
 */
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AlertStreamEvent, idCheckChar, maskName } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { isSystemAction } from '../src/platform/audit/visibility.ts';
import { jurisdictions, sites, users } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { addDays, shanghaiDate } from '../src/platform/time.ts';
import { alertEvaluations } from '../src/modules/alerts/schema.ts';
import { connectSse, type SseConnection } from '../src/modules/alerts/sse-client.ts';
import { createTestEnv, describeBackends, pairedGate, signIn, type Client, type TestEnv } from './harness.ts';

// ---------------------------------------------------------------------------------------------
// What a set of visible fields says about an ID number.

const makeId = (region: string, birth: string, seq: string) => {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + idCheckChar(first17);
};

function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (
    let d = new Date(Date.UTC(year, 0, 1));
    d.getUTCFullYear() === year;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10).replaceAll('-', ''));
  }
  return out;
}

/**
 * How many 18-character ID numbers agree with what a viewer knows: the masked number's first
 * four and last four characters (always), the birth year (assumed known: an age or a year is
 * shown), and — if the response gave them away — the 6-digit region and the full birth date.
 * The check character (GB 11643) rules out about ten in eleven.
 */
function consistentIds(idNumber: string, known: { region6: boolean; birthDate: boolean }): number {
  const first4 = idNumber.slice(0, 4);
  const seq = idNumber.slice(14, 17);
  const check = idNumber[17];
  const regions = known.region6
    ? [idNumber.slice(0, 6)]
    : Array.from({ length: 100 }, (_, n) => `${first4}${String(n).padStart(2, '0')}`);
  const dates = known.birthDate ? [idNumber.slice(6, 14)] : datesOfYear(Number(idNumber.slice(6, 10)));
  let n = 0;
  for (const r of regions) for (const d of dates) if (idCheckChar(`${r}${d}${seq}`) === check) n++;
  return n;
}

interface Subject {
  id: string;
  name: string;
  idNumber: string;
  /** The hukou address: it names the district, which stands for digits 5–6. */
  hukouAddress: string;
}

const bounded = (s: string) => new RegExp(`(?<![0-9A-Za-z])${s}(?![0-9A-Za-z])`);

/** What a response body reveals about a subject's ID number beyond the mask. */
function revealed(body: string, p: Subject) {
  const birth = p.idNumber.slice(6, 14);
  const dashed = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`;
  const slashed = dashed.replaceAll('-', '/');
  return {
    fullIdNumber: body.includes(p.idNumber),
    region6: bounded(p.idNumber.slice(0, 6)).test(body) || body.includes(p.hukouAddress),
    birthDate: body.includes(dashed) || body.includes(slashed) || bounded(birth).test(body),
  };
}

async function xlsxText(payload: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.value ?? ''));
      });
    });
  }
  return cells.join('\t');
}

describeBackends('privacy: minimum necessary', (backend) => {
  let env: TestEnv;
  let base: string;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let resident: Client;
  let admin: Client;
  let siteId: string;
  let gateToken: string;
  let owner: Subject;
  let tenant: Subject;
  let ownerFlat: { roomId: string; label: string };
  let tenancyId: string;
  const CARD = '04A1B2C3D4E5F6';
  const PLATE = '豫A7P2Q9';
  const PHONE = '13912345678';
  const streams: SseConnection[] = [];

  const auditSince = async (mark: number, action: string) =>
    queryRows<{
      actor_name: string;
      subject_id: string | null;
      site_id: string | null;
      fields: string[];
      purpose: string | null;
    }>(
      env.ctx.db,
      sql`SELECT actor_name, subject_id, site_id, fields, purpose FROM audit_log
          WHERE id > ${mark} AND action = ${action} ORDER BY id`,
    );
  const auditMark = async () =>
    (
      await queryRows<{ n: number }>(env.ctx.db, sql`SELECT coalesce(max(id), 0)::int AS n FROM audit_log`)
    )[0]!.n;

  /** A card passage at the gate, waited for until the alert rules have looked at it. */
  const pass = async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method: 'card', value: CARD },
      headers: { authorization: `Bearer ${gateToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { eventId, decision } = res.json() as { eventId: number; decision: string };
    expect(decision).toBe('grant');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [done] = await env.ctx.db
        .select()
        .from(alertEvaluations)
        .where(eq(alertEvaluations.accessEventId, eventId));
      if (done) return eventId;
      if (Date.now() > deadline) throw new Error(`event ${eventId} not evaluated`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    env = await createTestEnv(backend);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    [police, auxiliary, property, resident, admin] = await Promise.all([
      signIn(env.app, 'police'),
      signIn(env.app, 'auxiliary'),
      signIn(env.app, 'property'),
      signIn(env.app, 'resident'),
      signIn(env.app, 'admin'),
    ]);
    siteId = police.me.sites[0]!.id;

    // Two flats nobody lives in: one for the owner, one for the tenancy.
    const buildings = (await police.get('/api/v1/registry/buildings')).json().items as { id: string }[];
    const map = (await police.get(`/api/v1/registry/buildings/${buildings[0]!.id}/map`)).json();
    const free = map.floors
      .flatMap((f: { cells: { roomId: string; label: string; occupancy: string }[] }) => f.cells)
      .filter((c: { occupancy: string }) => c.occupancy === 'vacant' || c.occupancy === 'unverified');
    ownerFlat = free[0];

    const ownerId = makeId('410105', '1987-06-12', '351');
    const created = await police.post('/api/v1/registry/persons', {
      name: '欧阳明轩',
      idNumber: ownerId,
      phone: PHONE,
      hukouAddress: '河南省郑州市金水区经三路 8 号',
      vehiclePlates: [PLATE],
      placement: { roomId: ownerFlat.roomId, type: 'owner', relationToHead: 'head' },
    });
    expect(created.statusCode, created.body).toBe(201);
    owner = {
      id: created.json().id,
      name: '欧阳明轩',
      idNumber: ownerId,
      hukouAddress: '河南省郑州市金水区经三路 8 号',
    };

    const tenantId = makeId('411302', '1995-08-23', '472');
    const t = await police.post('/api/v1/registry/persons', {
      name: '司马雨桐',
      idNumber: tenantId,
      siteId,
      hukouAddress: '河南省南阳市宛城区人民路 1 号',
    });
    expect(t.statusCode, t.body).toBe(201);
    tenant = {
      id: t.json().id,
      name: '司马雨桐',
      idNumber: tenantId,
      hukouAddress: '河南省南阳市宛城区人民路 1 号',
    };
    const today = shanghaiDate(new Date());
    const form = new FormData();
    for (const [k, v] of Object.entries({
      roomId: free[1].roomId,
      landlordName: '房东甲',
      startDate: addDays(today, -30),
      endDate: addDays(today, 300),
      tenants: JSON.stringify([{ personId: tenant.id, relationToHead: 'head' }]),
    }))
      form.append(k, v);
    form.append(
      'file',
      new Blob([Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1')], { type: 'application/pdf' }),
      'c.pdf',
    );
    const lease = await property.request({
      method: 'POST',
      url: '/api/v1/registry/tenancies',
      payload: form as unknown as string,
    });
    expect(lease.statusCode, lease.body).toBe(201);
    tenancyId = lease.json().id;

    // A gate, the owner's card, a watch rule that tells the property desk, two passages.
    ({ token: gateToken } = await pairedGate(env.app, property, { siteId, name: '东门', direction: 'in' }));
    const card = await property.post(`/api/v1/access/persons/${owner.id}/cards`, { cardNumber: CARD });
    expect(card.statusCode, card.body).toBe(201);
    const rule = await police.post('/api/v1/alerts/watch-rules', {
      siteId,
      personId: owner.id,
      purpose: '走失老人家属委托查找',
      legalBasis: '《中华人民共和国人民警察法》第二十一条',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      desk: 'property_desk',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    await pass();
    await pass();
    const visitor = await property.post('/api/v1/access/visitor-passes', {
      siteId,
      hostPersonId: owner.id,
      visitorName: '访客甲',
      validFrom: new Date().toISOString(),
      validTo: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(visitor.statusCode, visitor.body).toBe(201);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await env?.close();
  });

  /** Every response property staff can get that carries the two subjects, as text. */
  async function propertyResponses(): Promise<{ what: string; body: string }[]> {
    const out: { what: string; body: string }[] = [];
    const json = async (what: string, url: string) => {
      const res = await property.get(url);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(200);
      out.push({ what, body: res.body });
      return res.json();
    };
    const room = await json('room detail', `/api/v1/registry/rooms/${ownerFlat.roomId}`);
    await json('household detail', `/api/v1/registry/households/${room.households[0].id}`);
    await json('room residencies', `/api/v1/registry/rooms/${ownerFlat.roomId}/residencies`);
    for (const p of [owner, tenant]) {
      await json(`person detail ${p.name}`, `/api/v1/registry/persons/${p.id}`);
      await json(`person residencies ${p.name}`, `/api/v1/registry/persons/${p.id}/residencies`);
      await json(`search by name ${p.name}`, `/api/v1/registry/search?q=${encodeURIComponent(p.name)}`);
      await json(`search by ID ${p.name}`, `/api/v1/registry/search?q=${p.idNumber}`);
    }
    await json('search by plate', `/api/v1/registry/search?q=${encodeURIComponent(PLATE)}`);
    await json('search by phone', `/api/v1/registry/search?q=${PHONE}`);
    await json('search by initials', '/api/v1/registry/search?q=oymx');
    await json('tenancy list', '/api/v1/registry/tenancies?pageSize=200');
    await json('tenancy detail', `/api/v1/registry/tenancies/${tenancyId}`);
    await json('access log', '/api/v1/access/events?pageSize=500');
    await json('alerts', '/api/v1/alerts?pageSize=200');
    const alerts = (await property.get('/api/v1/alerts?kind=watch_match')).json().items;
    await json('alert detail', `/api/v1/alerts/${alerts[0].id}`);
    await json('credentials', `/api/v1/access/persons/${owner.id}/credentials`);
    await json('visitor passes', '/api/v1/access/visitor-passes');
    const csv = await property.get('/api/v1/registry/export?format=csv');
    out.push({ what: 'roster csv', body: csv.body });
    const xlsx = await property.get('/api/v1/registry/export?format=xlsx');
    out.push({ what: 'roster xlsx', body: await xlsxText(xlsx.rawPayload) });
    const log = await property.get('/api/v1/access/events/export');
    expect(log.statusCode, log.body).toBe(200);
    out.push({ what: 'access log xlsx', body: await xlsxText(log.rawPayload) });
    return out;
  }

  it('no response property staff receive lets them rebuild an ID number; the police side is unchanged', async () => {
    const responses = await propertyResponses();
    // The subjects do appear (by name or mask) in the person-bearing responses checked.
    const all = responses.map((r) => r.body).join('\n');
    expect(all).toContain(owner.name);
    expect(all).toContain(maskName(owner.name));
    for (const p of [owner, tenant]) {
      for (const r of responses) {
        const seen = revealed(r.body, p);
        expect(seen, `${r.what} / ${p.name}`).toEqual({
          fullIdNumber: false,
          region6: false,
          birthDate: false,
        });
        // Stronger: what is visible leaves thousands of ID numbers possible (≈ 100 × 365 / 11).
        expect(consistentIds(p.idNumber, seen), `${r.what} / ${p.name}`).toBeGreaterThan(3000);
      }
    }

    // What the console shows property instead: birth year, an age, the region by name.
    const detail = (await property.get(`/api/v1/registry/persons/${owner.id}`)).json();
    expect(detail).toMatchObject({
      idNumberMasked: true,
      birthYear: 1987,
      age: Number(shanghaiDate(new Date()).slice(0, 4)) - 1987,
      hukouRegion: '河南省郑州市',
      isFloating: false,
    });
    for (const key of ['birthDate', 'hukouRegionCode', 'hukouAddress'])
      expect(detail).not.toHaveProperty(key);
    expect((await property.get(`/api/v1/registry/persons/${tenant.id}`)).json()).toMatchObject({
      hukouRegion: '河南省',
      isFloating: true,
    });
    const csv = (await property.get('/api/v1/registry/export?format=csv')).body;
    const header = csv
      .replace(/^\ufeff/, '')
      .split('\r\n')[0]!
      .split(',');
    expect(header).toContain('户籍地');
    expect(header).not.toContain('户籍地区划代码');
    expect(header).not.toContain('户籍地址');

    // Police and auxiliary police (full ID number) see what they saw before.
    for (const officer of [police, auxiliary]) {
      const full = (await officer.get(`/api/v1/registry/persons/${owner.id}`)).json();
      expect(full).toMatchObject({
        idNumber: owner.idNumber,
        birthDate: '1987-06-12',
        hukouRegionCode: '410105',
        hukouAddress: '河南省郑州市金水区经三路 8 号',
        hukouRegion: '河南省郑州市',
      });
    }
    const policeCsv = (await police.get('/api/v1/registry/export?format=csv')).body;
    expect(policeCsv).toContain(owner.idNumber);
    expect(policeCsv.split('\r\n')[0]).toContain('户籍地区划代码');
  });

  it('access-log rows, their export and alerts carry no person key for roles without access.trackPerson', async () => {
    for (const viewer of [property, auxiliary]) {
      const log = await viewer.get('/api/v1/access/events?pageSize=500');
      const rows = log.json().items as {
        personId: string | null;
        personName: string | null;
        roomLabel: string | null;
      }[];
      const mine = rows.filter((r) => r.personName === maskName(owner.name));
      expect(mine.length, viewer.username).toBeGreaterThanOrEqual(2);
      expect(rows.every((r) => r.personId === null && r.roomLabel === null)).toBe(true);
      expect(log.body).not.toContain(owner.id);
      expect(log.body).not.toContain(owner.name);
      expect(log.body).not.toContain(ownerFlat.label);

      const alerts = await viewer.get('/api/v1/alerts?pageSize=200');
      const matches = (
        alerts.json().items as {
          kind: string;
          personId: string | null;
          personName: string | null;
          roomLabel: string | null;
        }[]
      ).filter((a) => a.kind === 'watch_match');
      expect(matches.length, viewer.username).toBeGreaterThanOrEqual(2);
      expect(matches.every((a) => a.personId === null && a.roomLabel === null)).toBe(true);
      expect(matches.every((a) => a.personName === maskName(owner.name))).toBe(true);
      expect(alerts.body).not.toContain(owner.id);
      expect(alerts.body).not.toContain(owner.name);
      expect(alerts.body).not.toContain(ownerFlat.label);
      // Nor can alerts be gathered by the person's flat or name.
      const byFlat = await viewer.get(`/api/v1/alerts?q=${encodeURIComponent(ownerFlat.label)}`);
      expect(byFlat.json().total, viewer.username).toBe(0);

      // The export without person keys needs no purpose; it has no flat column.
      const xlsx = await viewer.get('/api/v1/access/events/export');
      expect(xlsx.statusCode).toBe(200);
      const text = await xlsxText(xlsx.rawPayload);
      expect(text).toContain(maskName(owner.name));
      expect(text).not.toContain(owner.name);
      expect(text).not.toContain(ownerFlat.label);
      expect(text).not.toContain('房号');
    }

    // The live stream: the same view of the same alert.
    const live = await connectSse(`${base}/api/v1/alerts/stream`, { cookie: property.cookie });
    streams.push(live);
    expect(live.status).toBe(200);
    const eventId = await pass();
    const raised = JSON.parse(
      (await live.waitFor((e) => (JSON.parse(e.data) as AlertStreamEvent).alert?.accessEventId === eventId))
        .data,
    ) as AlertStreamEvent;
    expect(raised.alert).toMatchObject({ kind: 'watch_match', personId: null, roomLabel: null });
    expect(JSON.stringify(raised)).not.toContain(owner.id);
    expect(JSON.stringify(raised)).not.toContain(ownerFlat.label);

    // Police (access.trackPerson) still follow the person from a row: id, full name, flat.
    const policeRows = (await police.get('/api/v1/access/events?pageSize=500')).json().items as {
      personId: string | null;
      personName: string | null;
      roomLabel: string | null;
    }[];
    expect(policeRows.find((r) => r.personId === owner.id)).toMatchObject({
      personName: owner.name,
      roomLabel: ownerFlat.label,
    });
    const policeAlerts = (await police.get('/api/v1/alerts?kind=watch_match')).json().items;
    expect(policeAlerts[0]).toMatchObject({
      personId: owner.id,
      personName: owner.name,
      roomLabel: ownerFlat.label,
    });
    expect(
      (await police.get(`/api/v1/alerts?q=${encodeURIComponent(ownerFlat.label)}`)).json().total,
    ).toBeGreaterThan(0);
  });

  it('a police export of the access log needs a purpose and is audited with it, like a timeline', async () => {
    const refused = await police.get('/api/v1/access/events/export');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('query.purpose');
    const mark = await auditMark();
    const res = await police.get(`/api/v1/access/events/export?purpose=${encodeURIComponent('案件协查')}`);
    expect(res.statusCode).toBe(200);
    const text = await xlsxText(res.rawPayload);
    expect(text).toContain(owner.name);
    expect(text).toContain(ownerFlat.label);
    const [entry] = await auditSince(mark, 'access.export');
    expect(entry).toMatchObject({ actor_name: 'police', site_id: siteId });
    expect(entry!.purpose).toContain('案件协查');
    expect(entry!.fields).toEqual(expect.arrayContaining(['person', 'room']));
  });

  it('audits name and plate searches, tenancy reads, alert lists and streams, visitor-pass lists', async () => {
    let mark = await auditMark();
    await property.get(`/api/v1/registry/search?q=${encodeURIComponent(owner.name)}`);
    await property.get(`/api/v1/registry/search?q=${encodeURIComponent(PLATE)}`);
    expect(await auditSince(mark, 'person.lookup')).toEqual([
      expect.objectContaining({
        actor_name: 'property',
        subject_id: owner.id,
        fields: ['name'],
        site_id: siteId,
      }),
      expect.objectContaining({
        actor_name: 'property',
        subject_id: owner.id,
        fields: ['plate'],
        site_id: siteId,
      }),
    ]);

    mark = await auditMark();
    await property.get('/api/v1/registry/tenancies');
    await property.get(`/api/v1/registry/tenancies/${tenancyId}`);
    expect(await auditSince(mark, 'tenancy.list')).toEqual([
      expect.objectContaining({ actor_name: 'property', site_id: siteId }),
    ]);
    expect(await auditSince(mark, 'tenancy.read')).toEqual([
      expect.objectContaining({ actor_name: 'property', subject_id: tenancyId, site_id: siteId }),
    ]);

    mark = await auditMark();
    await property.get('/api/v1/alerts');
    expect(await auditSince(mark, 'alert.list')).toEqual([
      expect.objectContaining({ actor_name: 'property', site_id: siteId, fields: ['alert', 'name:masked'] }),
    ]);

    // The live stream: one entry when the console connects, none per event it receives.
    mark = await auditMark();
    const live = await connectSse(`${base}/api/v1/alerts/stream`, { cookie: property.cookie });
    streams.push(live);
    const eventId = await pass();
    await live.waitFor((e) => (JSON.parse(e.data) as AlertStreamEvent).alert?.accessEventId === eventId);
    const second = await pass();
    await live.waitFor((e) => (JSON.parse(e.data) as AlertStreamEvent).alert?.accessEventId === second);
    expect(await auditSince(mark, 'alert.stream')).toEqual([
      expect.objectContaining({ actor_name: 'property', site_id: siteId }),
    ]);

    mark = await auditMark();
    await property.get('/api/v1/access/visitor-passes');
    expect((await resident.get('/api/v1/access/me/visitor-passes')).statusCode).toBe(200);
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    expect(await auditSince(mark, 'visitor_pass.list')).toEqual([
      expect.objectContaining({ actor_name: 'property', site_id: siteId }),
      expect.objectContaining({ actor_name: 'resident', subject_id: residentUser!.personId }),
    ]);
  });

  it('police read their own jurisdiction’s audit entries only; admin reads system events only', async () => {
    // A second compound under another police office, with its own officer and property desk.
    const [officeB] = await env.ctx.db
      .insert(jurisdictions)
      .values({ level: 'police_office', name: '乙小区警务室' })
      .returning();
    const [siteB] = await env.ctx.db
      .insert(sites)
      .values({ name: '乙小区', policeOfficeId: officeB!.id })
      .returning();
    await createUser(env.ctx.db, {
      username: 'police_b',
      displayName: '乙民警',
      role: 'police',
      password: 'police-b-password',
      siteIds: [],
      jurisdictionId: officeB!.id,
    });
    await createUser(env.ctx.db, {
      username: 'property_b',
      displayName: '乙物业',
      role: 'property',
      password: 'property-b-password',
      siteIds: [siteB!.id],
    });
    const policeB = await signIn(env.app, 'police_b', 'police-b-password');
    const propertyB = await signIn(env.app, 'property_b', 'property-b-password');
    expect(policeB.me.sites.map((s) => s.id)).toEqual([siteB!.id]);
    const personB = await policeB.post('/api/v1/registry/persons', {
      name: '乙住户',
      idNumber: makeId('410105', '1970-02-03', '118'),
      siteId: siteB!.id,
    });
    expect(personB.statusCode, personB.body).toBe(201);
    const personBId = personB.json().id as string;
    expect((await propertyB.get(`/api/v1/registry/persons/${personBId}`)).statusCode).toBe(200);
    await propertyB.get(`/api/v1/registry/search?q=${encodeURIComponent('乙住户')}`);
    // Jurisdiction A: a read by its property desk.
    await property.get(`/api/v1/registry/persons/${owner.id}?purpose=${encodeURIComponent('核对')}`);

    const search = async (client: Client, query: string) => {
      const res = await client.get(`/api/v1/audit?pageSize=200&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        items: {
          action: string;
          siteId: string | null;
          actorName: string;
          subjectId: string | null;
          purpose: string | null;
        }[];
        total: number;
      };
    };

    // Police of A: A's reads, nothing of B — neither B's site entries nor B's staff's sign-ins.
    const readsA = await search(police, 'action=person.read');
    expect(readsA.items.some((e) => e.subjectId === owner.id && e.actorName === 'property')).toBe(true);
    expect(readsA.items.every((e) => e.siteId === siteId)).toBe(true);
    expect((await search(police, `subjectId=${personBId}`)).total).toBe(0);
    expect((await search(police, 'actor=property_b')).total).toBe(0);
    expect((await search(police, 'actor=police_b')).total).toBe(0);
    const everythingA = await search(police, 'action=person.');
    expect(everythingA.items.every((e) => e.siteId === siteId || e.siteId === null)).toBe(true);
    // Entries without a site are those of A's own staff (here: the property desk's sign-in).
    expect((await search(police, 'actor=property&action=auth.login')).total).toBeGreaterThan(0);

    // Police of B: B's entries, and B's staff's sign-ins; nothing of A.
    expect((await search(policeB, `subjectId=${personBId}`)).total).toBeGreaterThanOrEqual(2);
    expect((await search(policeB, 'actor=property_b&action=auth.login')).total).toBe(1);
    expect((await search(policeB, `subjectId=${owner.id}`)).total).toBe(0);
    const signIns = await search(policeB, 'action=auth.login');
    expect(signIns.items.map((e) => e.actorName)).toContain('property_b');
    expect(signIns.items.map((e) => e.actorName)).not.toContain('property');

    // Admin: system events (sign-ins, gates and devices) of every site, never reads of people,
    // watch rules (their purposes) or tracking.
    const system = await search(admin, '');
    expect(system.items.length).toBeGreaterThan(0);
    expect(system.items.every((e) => isSystemAction(e.action))).toBe(true);
    expect((await search(admin, 'action=auth.login')).total).toBeGreaterThan(0);
    expect((await search(admin, 'action=gate.create')).total).toBeGreaterThan(0);
    expect((await search(admin, 'actor=property_b&action=auth.login')).total).toBe(1);
    for (const action of [
      'person.',
      'watch_rule.',
      'access.track',
      'access.export',
      'alert.',
      'tenancy.',
      'room.read',
    ]) {
      expect((await search(admin, `action=${action}`)).total, action).toBe(0);
    }
    expect(JSON.stringify((await search(admin, `subjectId=${owner.id}`)).items)).toBe('[]');
    expect(JSON.stringify(system)).not.toContain('走失老人家属委托查找');
  });
});
