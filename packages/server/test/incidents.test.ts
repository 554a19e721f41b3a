/**
 * The incident register (issue 15): the seeded category tree and police editing it, recording an
 * incident at a registry place, bad input refused with the field named and nothing written
 * (unknown category, a place of another compound, a future received time), people involved
 * (police side only, audited), gate alert → incident, property and residents refused (403).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { incidents } from '../src/modules/incidents/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const NOW = new Date('2026-12-07T10:00:00+08:00');

describeBackends('incident register', (backend) => {
  let env: TestEnv;
  let siteId: string;
  let otherSiteId: string;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let resident: Client;
  let flatId: string;
  let otherFlatId: string;
  let gateId: string;
  let telecomId: string;
  let noiseId: string;
  const I = '/api/v1/incidents';
  const count = async () => (await env.ctx.db.select({ id: incidents.id }).from(incidents)).length;
  const first = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(env.ctx.db, q))[0]!;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    siteId = police.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: 'Site B' }).returning();
    otherSiteId = b!.id;
    flatId = (
      await first<{ id: string }>(
        sql`SELECT id FROM rooms WHERE site_id = ${siteId} AND kind = 'home' LIMIT 1`,
      )
    ).id;
    otherFlatId = (
      await first<{ id: string }>(sql`
        INSERT INTO rooms (site_id, number, kind, label) VALUES (${otherSiteId}, '0101', 'home', 'B-0101') RETURNING id`)
    ).id;
    gateId = (
      await first<{ id: string }>(sql`
        INSERT INTO gates (site_id, name, direction) VALUES (${siteId}, '东门', 'both') RETURNING id`)
    ).id;
  }, 120_000);
  afterAll(async () => env?.close());

  it('seeds the issue’s category tree once and lets police (only) extend it', async () => {
    const res = await police.get(`${I}/categories?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      id: string;
      nameZh: string;
      parentId: string | null;
      group: string;
    }[];
    const top = items.filter((c) => !c.parentId).map((c) => c.nameZh);
    expect(top).toEqual(['诈骗', '盗窃', '火灾隐患', '纠纷', '求助', '交通', '其他']);
    telecomId = items.find((c) => c.nameZh === '电信诈骗')!.id;
    noiseId = items.find((c) => c.nameZh === '噪音纠纷')!.id;
    expect(items.find((c) => c.id === noiseId)!.group).toBe('dispute');
    // A second read does not seed again.
    expect((await police.get(`${I}/categories?siteId=${siteId}`)).json().items).toHaveLength(items.length);

    const dispute = items.find((c) => c.nameZh === '纠纷')!;
    const added = await police.post(`${I}/categories`, {
      siteId,
      parentId: dispute.id,
      nameZh: '停车纠纷',
      nameEn: 'Parking',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().group).toBe('dispute');
    const tooDeep = await police.post(`${I}/categories`, {
      siteId,
      parentId: added.json().id,
      nameZh: '三级',
      nameEn: 'Third',
    });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().error.details[0].field).toBe('body.parentId');
    const aux = await auxiliary.post(`${I}/categories`, { siteId, nameZh: '辅警加', nameEn: 'Aux' });
    expect(aux.statusCode).toBe(403);
    const retired = await police.patch(`${I}/categories/${added.json().id}`, { active: false });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().active).toBe(false);
  });

  it('records an incident at a flat with the officer, lists and changes it', async () => {
    const res = await auxiliary.post(I, {
      siteId,
      receivedAt: '2026-12-06T20:15:00+08:00',
      channel: '110',
      categoryId: telecomId,
      place: { kind: 'flat', roomId: flatId },
      summary: '老人接到冒充公检法电话，被骗转账',
      outcome: 'case_opened',
    });
    expect(res.statusCode, res.body).toBe(201);
    const inc = res.json();
    expect(inc.group).toBe('fraud');
    expect(inc.categoryNameZh).toBe('电信诈骗');
    expect(inc.place.kind).toBe('flat');
    expect(inc.place.label).toMatch(/\d/);
    expect(inc.officerUserId).toBe(auxiliary.me.user.id);
    const list = await police.get(`${I}?siteId=${siteId}&group=fraud`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    expect(list.json().items[0].id).toBe(inc.id);
    const changed = await police.patch(`${I}/${inc.id}`, {
      outcome: 'advice_given',
      mediationCaseRef: 'TJ-1',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().outcome).toBe('advice_given');
    expect(changed.json().mediationCaseRef).toBe('TJ-1');
    // The list filters by outcome: the changed one is found under its new outcome only.
    const byOutcome = async (outcome: string) =>
      (await police.get(`${I}?siteId=${siteId}&group=fraud&outcome=${outcome}`)).json().total;
    expect(await byOutcome('advice_given')).toBe(1);
    expect(await byOutcome('case_opened')).toBe(0);
    const bad = await police.get(`${I}?siteId=${siteId}&outcome=lost`);
    expect(bad.statusCode).toBe(400);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const before = await count();
    const base = {
      siteId,
      receivedAt: '2026-12-06T09:00:00+08:00',
      channel: 'phone',
      categoryId: noiseId,
      place: { kind: 'flat', roomId: flatId },
      summary: '楼上装修噪音',
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ categoryId: '00000000-0000-4000-8000-000000000000' }, 'body.categoryId', 'unknown_category'],
      [{ place: { kind: 'flat', roomId: otherFlatId } }, 'body.place', 'place_not_in_site'],
      [{ place: { kind: 'shop', roomId: flatId } }, 'body.place', 'place_not_in_site'],
      [{ receivedAt: '2026-12-07T12:00:00+08:00' }, 'body.receivedAt', 'received_in_future'],
    ];
    for (const [over, field, code] of cases) {
      const res = await police.post(I, { ...base, ...over });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.details[0].field).toBe(field);
    }
    // Another compound's category is unknown here too.
    const [otherCat] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO incident_categories (site_id, name_zh, name_en, "group") VALUES (${otherSiteId}, '乙', 'B', 'other') RETURNING id`,
    );
    const res = await police.post(I, { ...base, categoryId: otherCat!.id });
    expect(res.json().error.code).toBe('unknown_category');
    expect(await count()).toBe(before);
  });

  it('keeps people involved to the police side, audited', async () => {
    const inc = (
      await police.post(I, {
        siteId,
        receivedAt: '2026-12-05T21:00:00+08:00',
        channel: 'walk_in',
        categoryId: noiseId,
        place: { kind: 'gate', gateId },
        summary: '门口争执',
      })
    ).json();
    const person = await first<{ id: string }>(sql`SELECT id FROM persons WHERE site_id = ${siteId} LIMIT 1`);
    const added = await police.post(`${I}/involved/${inc.id}`, { personId: person.id, role: 'party' });
    expect(added.statusCode, added.body).toBe(201);
    const again = await police.post(`${I}/involved/${inc.id}`, { personId: person.id, role: 'party' });
    expect(again.statusCode).toBe(409);
    const list = await auxiliary.get(`${I}/involved/${inc.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect((await property.get(`${I}/involved/${inc.id}`)).statusCode).toBe(403);
    expect((await resident.get(`${I}/involved/${inc.id}`)).statusCode).toBe(403);
    const audit = await queryRows<{ action: string }>(
      env.ctx.db,
      sql`SELECT action FROM audit_log WHERE action LIKE 'incidents.persons.%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['incidents.persons.add', 'incidents.persons.read']);
    const removed = await police.del(`${I}/involved/${inc.id}/${person.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
  });

  it('turns a gate alert of the same site into an incident once', async () => {
    const alert = await first<{ id: string }>(sql`
      INSERT INTO alerts (site_id, kind, level, status, desk, new_since, first_at, last_at, gate_id)
      VALUES (${siteId}, 'stranger', 'warning', 'new', 'property', now(), '2026-12-07T02:10:00+08:00', now(), ${gateId})
      RETURNING id`);
    const res = await police.post(`${I}/from-alert`, { alertId: alert.id, categoryId: noiseId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().channel).toBe('gate_alert');
    expect(res.json().alertId).toBe(alert.id);
    expect(res.json().place).toMatchObject({ kind: 'gate', gateId });
    expect(res.json().receivedAt).toBe(new Date('2026-12-07T02:10:00+08:00').toISOString());
    const twice = await police.post(`${I}/from-alert`, { alertId: alert.id, categoryId: noiseId });
    expect(twice.statusCode).toBe(409);
    const other = await first<{ id: string }>(sql`
      INSERT INTO alerts (site_id, kind, level, status, desk, new_since, first_at, last_at)
      VALUES (${otherSiteId}, 'stranger', 'warning', 'new', 'property', now(), now(), now()) RETURNING id`);
    expect(
      (await police.post(`${I}/from-alert`, { alertId: other.id, categoryId: noiseId })).statusCode,
    ).toBe(404);
    const rows = await env.ctx.db.select().from(incidents).where(eq(incidents.alertId, alert.id));
    expect(rows).toHaveLength(1);
  });

  it('refuses the register to property and residents (403)', async () => {
    for (const who of [property, resident]) {
      expect((await who.get(`${I}?siteId=${siteId}`)).statusCode).toBe(403);
      expect((await who.get(`${I}/categories?siteId=${siteId}`)).statusCode).toBe(403);
      const res = await who.post(I, { siteId });
      expect(res.statusCode).toBe(403);
    }
  });
});
