/**
 * Alerts through the API on both backends: watch rules (bad input, property kept out, fires once
 * per matching passage, expiry, auxiliary approval), the built-in rules (strangers with
 * escalation on real photos, repeated denials, expired tenants, emergency and manual opens), the
 * lifecycle (acknowledge, hand-off, resolve, with the 4xx cases), the scheduled rules with an
 * injected clock (unacknowledged escalation, elderly not seen, gate offline, tenancy digest) and
 * the outbound channels (signed webhook with back-off, demo SMS).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { runJob } from '../src/platform/jobs.ts';
import { sites, users } from '../src/platform/org/schema.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/platform/time.ts';
import { alertJobs } from '../src/modules/alerts/jobs.ts';
import { DELIVERY_BASE_MS } from '../src/modules/alerts/store.ts';
import {
  alertActions,
  alertDeliveries,
  alertEvaluations,
  alerts,
  watchRules,
} from '../src/modules/alerts/schema.ts';
import { persons, residencies, tenancies } from '../src/modules/registry/schema.ts';
import { faceUntilDecided } from './gate-passage.ts';
import { createTestEnv, describeBackends, pairedGate, signIn, type Client, type TestEnv } from './harness.ts';
import { errorInBothLanguages } from './languages.ts';

const FACES = path.resolve(import.meta.dirname, '../../../../shared/faces/dev');
const photo = (identity: string, n: number) => fs.readFileSync(path.join(FACES, identity, `${n}.jpg`));
const DAY = 86_400_000;
const MIN = 60_000;

async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeBackends('alerts: watch rules, built-in rules, lifecycle, jobs and channels', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let siteId: string;
  let gateId: string;
  let gate2Id: string;
  let gateToken: string;
  let residentId: string;
  let otherId: string;
  let tenantId: string;

  const pass = async (value: string, method: 'card' | 'pin' = 'card') => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method, value },
      headers: { authorization: `Bearer ${gateToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { eventId: number; decision: string; reason: string };
    await evaluated(body.eventId);
    return body;
  };
  /** The evaluation marker commits with the alerts the event raised: after it, nothing more comes. */
  const evaluated = (eventId: number) =>
    until(
      async () =>
        (
          await env.ctx.db.select().from(alertEvaluations).where(eq(alertEvaluations.accessEventId, eventId))
        )[0],
      `evaluation of event ${eventId}`,
    );
  const alertsWhere = (...conds: Parameters<typeof and>) =>
    env.ctx.db
      .select()
      .from(alerts)
      .where(and(...conds));
  const inDays = (days: number, from = Date.now()) => new Date(from + days * DAY).toISOString();
  const rule = (over: Record<string, unknown> = {}) => ({
    siteId,
    personId: residentId,
    purpose: '返乡人员健康核验',
    legalBasis: '《中华人民共和国传染病防治法》第三十九条；社区防控工作要求',
    expiresAt: inDays(7),
    desk: 'police_office',
    ...over,
  });

  beforeAll(async () => {
    // The webhook receiver listens on 127.0.0.1: the tests-only escape hatch of the outbound
    // address rules (ANJU_RELAY_ALLOW_LOOPBACK), which webhooks follow like lock controllers.
    env = await createTestEnv(backend, { config: { relayAllowLoopback: true } });
    [police, auxiliary, property] = await Promise.all([
      signIn(env.app, 'police'),
      signIn(env.app, 'auxiliary'),
      signIn(env.app, 'property'),
    ]);
    siteId = police.me.sites[0]!.id;
    ({ gateId, token: gateToken } = await pairedGate(
      env.app,
      property,
      { siteId, name: '东门', direction: 'in' },
      '东门平板',
    ));
    gate2Id = (await property.post('/api/v1/access/gates', { siteId, name: '西门', direction: 'out' })).json()
      .id;

    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    residentId = residentUser!.personId!;
    const [other] = await queryRows<{ person_id: string }>(
      env.ctx.db,
      sql`SELECT r.person_id FROM residencies r WHERE r.site_id = ${siteId} AND r.type = 'owner' AND r.status = 'active'
            AND r.person_id <> ${residentId} LIMIT 1`,
    );
    otherId = other!.person_id;
    const [tenant] = await queryRows<{ person_id: string; tenancy_id: string }>(
      env.ctx.db,
      sql`SELECT r.person_id, r.tenancy_id FROM residencies r JOIN tenancies t ON t.id = r.tenancy_id
          WHERE r.type = 'tenant' AND r.status = 'active' AND t.status = 'active' AND r.site_id = ${siteId} LIMIT 1`,
    );
    tenantId = tenant!.person_id;
    const yesterday = addDays(shanghaiDate(new Date()), -1);
    await env.ctx.db
      .update(tenancies)
      .set({ endDate: yesterday, startDate: addDays(yesterday, -300) })
      .where(eq(tenancies.id, tenant!.tenancy_id));
    await env.ctx.db
      .update(residencies)
      .set({ validFrom: addDays(yesterday, -300), validTo: null })
      .where(eq(residencies.tenancyId, tenant!.tenancy_id));

    for (const [personId, card] of [
      [residentId, 'A0000001'],
      [otherId, 'B0000002'],
      [tenantId, 'C0000003'],
    ] as const) {
      expect(
        (await property.post(`/api/v1/access/persons/${personId}/cards`, { cardNumber: card })).statusCode,
      ).toBe(201);
    }
  });
  afterAll(() => env?.close());

  it('refuses bad watch rules with the failing field named, and creates nothing', async () => {
    const bad = async (body: Record<string, unknown>, field: string, status = 400) => {
      const res = await police.post('/api/v1/alerts/watch-rules', body);
      expect(res.statusCode, res.body).toBe(status);
      if (status === 400)
        expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    const { purpose: _p, ...noPurpose } = rule();
    await bad(noPurpose, 'body.purpose');
    await bad(rule({ purpose: ' ' }), 'body.purpose');
    const { expiresAt: _e, ...noExpiry } = rule();
    await bad(noExpiry, 'body.expiresAt');
    await bad(rule({ expiresAt: inDays(40) }), 'body.expiresAt');
    await bad(rule({ expiresAt: inDays(-1) }), 'body.expiresAt');
    await bad(rule({ legalBasis: '' }), 'body.legalBasis');

    // A person of another compound, and a gate of another compound.
    const [siteB] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    const [stranger] = await env.ctx.db
      .insert(persons)
      .values({
        siteId: siteB!.id,
        name: '外小区人员',
        nameInitials: 'wxqry',
        gender: 'male',
        birthDate: '1980-01-01',
        idNumberEnc: 'x',
        idNumberHash: crypto.randomUUID(),
      })
      .returning();
    await bad(rule({ personId: stranger!.id }), 'body.personId');
    await bad(rule({ siteId: siteB!.id, personId: stranger!.id }), '', 403);
    const [gateB] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO gates (site_id, name, direction) VALUES (${siteB!.id}, '乙门', 'in') RETURNING id`,
    );
    await bad(rule({ gateId: gateB!.id }), 'body.gateId');
    expect(await env.ctx.db.select().from(watchRules)).toHaveLength(0);
  });

  it('keeps the property desk away from watch rules', async () => {
    expect((await property.get('/api/v1/alerts/watch-rules')).statusCode).toBe(403);
    expect((await property.post('/api/v1/alerts/watch-rules', rule())).statusCode).toBe(403);
    expect(await env.ctx.db.select().from(watchRules)).toHaveLength(0);
  });

  it('fires a watch rule exactly once per matching passage, and not for other people or other gates', async () => {
    const created = await police.post('/api/v1/alerts/watch-rules', rule());
    expect(created.statusCode, created.body).toBe(201);
    const ruleId = created.json().id;
    expect(created.json()).toMatchObject({
      status: 'active',
      purpose: '返乡人员健康核验',
      desk: 'police_office',
    });
    // A rule on another person limited to the west gate: passages at the east gate do not match.
    const westOnly = await police.post(
      '/api/v1/alerts/watch-rules',
      rule({ personId: otherId, gateId: gate2Id }),
    );
    expect(westOnly.statusCode).toBe(201);

    const first = await pass('A0000001');
    expect(first.decision).toBe('grant');
    await pass('B0000002');
    let matches = await alertsWhere(eq(alerts.kind, 'watch_match'));
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      watchRuleId: ruleId,
      personId: residentId,
      accessEventId: first.eventId,
      desk: 'police_office',
    });

    const second = await pass('A0000001');
    matches = await alertsWhere(eq(alerts.kind, 'watch_match'));
    expect(matches.map((m) => m.accessEventId).sort()).toEqual([first.eventId, second.eventId].sort());
    const [stored] = await env.ctx.db.select().from(watchRules).where(eq(watchRules.id, ruleId));
    expect(stored!.matchCount).toBe(2);

    const audit = await queryRows<{ action: string; purpose: string }>(
      env.ctx.db,
      sql`SELECT action, purpose FROM audit_log WHERE subject_id = ${residentId} AND action LIKE 'watch_rule.%' ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['watch_rule.create', 'watch_rule.match', 'watch_rule.match']);
    expect(audit.every((a) => a.purpose === '返乡人员健康核验')).toBe(true);

    const list = await police.get('/api/v1/alerts?kind=watch_match');
    const [name] = (
      await env.ctx.db.select({ name: persons.name }).from(persons).where(eq(persons.id, residentId))
    ).map((p) => p.name);
    expect(list.json().items[0].title).toContain(name);
    expect(list.json().items[0].watchRule.purpose).toBe('返乡人员健康核验');
    // The property desk sees none of the police office's alerts.
    expect(
      (await property.get('/api/v1/alerts'))
        .json()
        .items.filter((a: { kind: string }) => a.kind === 'watch_match'),
    ).toEqual([]);
  });

  it('does not fire an expired rule; a renewal (at most 30 days) brings it back', async () => {
    const created = await police.post(
      '/api/v1/alerts/watch-rules',
      rule({ personId: otherId, expiresAt: new Date(Date.now() + 1500).toISOString() }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const ruleId = created.json().id;
    // Waits until the rule is listed as expired (what the desk sees), not for a fixed time.
    await until(async () => {
      const listed = (await police.get('/api/v1/alerts/watch-rules?status=expired')).json().items;
      return listed.some((r: { id: string }) => r.id === ruleId);
    }, 'the rule to expire');
    expect((await pass('B0000002')).decision).toBe('grant');
    expect(await alertsWhere(eq(alerts.watchRuleId, ruleId))).toHaveLength(0);
    const tooLong = await police.patch(`/api/v1/alerts/watch-rules/${ruleId}`, { expiresAt: inDays(32) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details[0].field).toBe('body.expiresAt');
    const renewed = await police.patch(`/api/v1/alerts/watch-rules/${ruleId}`, { expiresAt: inDays(30) });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json().status).toBe('active');
    await pass('B0000002');
    expect(await alertsWhere(eq(alerts.watchRuleId, ruleId))).toHaveLength(1);
    expect((await police.post(`/api/v1/alerts/watch-rules/${ruleId}/end`)).json().status).toBe('ended');
    await pass('B0000002');
    expect(await alertsWhere(eq(alerts.watchRuleId, ruleId))).toHaveLength(1);
    expect(
      (await police.patch(`/api/v1/alerts/watch-rules/${ruleId}`, { expiresAt: inDays(3) })).statusCode,
    ).toBe(409);
  });

  it("holds an auxiliary officer's rule until a police officer approves it", async () => {
    const created = await auxiliary.post(
      '/api/v1/alerts/watch-rules',
      rule({ personId: tenantId, purpose: '核查租住人员身份' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const ruleId = created.json().id;
    expect(created.json().status).toBe('pending');
    // Watch rules fire on passages (grants): a second pending rule on the resident shows it.
    const aux = await auxiliary.post('/api/v1/alerts/watch-rules', rule({ purpose: '辅警布控测试' }));
    const auxRuleId = aux.json().id;
    await pass('A0000001');
    expect(await alertsWhere(eq(alerts.watchRuleId, auxRuleId))).toHaveLength(0);

    expect((await auxiliary.post(`/api/v1/alerts/watch-rules/${auxRuleId}/approve`)).statusCode).toBe(403);
    const approved = await police.post(`/api/v1/alerts/watch-rules/${auxRuleId}/approve`, { note: '同意' });
    expect(approved.json()).toMatchObject({ status: 'active', approvedBy: '王警官（演示）' });
    expect((await police.post(`/api/v1/alerts/watch-rules/${auxRuleId}/approve`)).statusCode).toBe(409);
    await pass('A0000001');
    expect(await alertsWhere(eq(alerts.watchRuleId, auxRuleId))).toHaveLength(1);

    // An auxiliary officer's edit of a live rule needs approval again.
    const edited = await auxiliary.patch(`/api/v1/alerts/watch-rules/${auxRuleId}`, {
      purpose: '辅警布控测试（扩大范围）',
    });
    expect(edited.json().status).toBe('pending');
    await pass('A0000001');
    expect(await alertsWhere(eq(alerts.watchRuleId, auxRuleId))).toHaveLength(1);
    const rejected = await police.post(`/api/v1/alerts/watch-rules/${ruleId}/reject`, {});
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.details[0].field).toBe('body.note');
    expect(
      (await police.post(`/api/v1/alerts/watch-rules/${ruleId}/reject`, { note: '依据不足' })).json().status,
    ).toBe('rejected');
    await police.post(`/api/v1/alerts/watch-rules/${auxRuleId}/end`);
  });

  it('gathers strangers at one gate and raises the level at the third within the window', {
    timeout: 120_000,
  }, async () => {
    const probes: [string, number][] = [
      ['Alice_Fisher', 1],
      ['Alice_Fisher', 2],
      ['Bill_Belichick', 1],
      ['Bill_Belichick', 2],
      ['Barbara_Esbin', 1],
    ];
    let strangers = 0;
    for (const [identity, n] of probes) {
      if (strangers === 3) break;
      // The gate decides per passage: frames of the stranger until it refuses them.
      const { result: body } = await faceUntilDecided(env, gateToken, photo(identity, n));
      await evaluated(body.eventId);
      if (body.reason !== 'unknown_face') continue;
      strangers++;
      const found = await alertsWhere(eq(alerts.kind, 'stranger'));
      expect(found).toHaveLength(1);
      expect(found[0]!.count).toBe(strangers);
      expect(found[0]!.level).toBe(strangers >= 3 ? 'critical' : 'warning');
    }
    expect(strangers).toBe(3);
    const [alert] = await alertsWhere(eq(alerts.kind, 'stranger'));
    expect(alert).toMatchObject({ desk: 'property_desk', escalated: true, gateId });
    const history = await env.ctx.db
      .select()
      .from(alertActions)
      .where(eq(alertActions.alertId, alert!.id))
      .orderBy(alertActions.id);
    expect(history.map((h) => h.action)).toEqual(['raised', 'repeated', 'repeated', 'escalated']);
    // The property desk sees it live in its list.
    const mine = (await property.get('/api/v1/alerts?status=open')).json().items;
    expect(mine.find((a: { id: string }) => a.id === alert!.id)?.title).toContain('东门');
  });

  it('reports repeated refusals of the same credential once, gathering the later ones', async () => {
    await pass('FFFF0001');
    await pass('FFFF0001');
    expect(await alertsWhere(eq(alerts.kind, 'repeated_denial'))).toHaveLength(0);
    await pass('FFFF0002');
    const [alert] = await alertsWhere(eq(alerts.kind, 'repeated_denial'));
    expect(alert).toMatchObject({ count: 3, desk: 'property_desk', dedupeKey: `gate:${gateId}:card` });
    await pass('FFFF0003');
    const after = await alertsWhere(eq(alerts.kind, 'repeated_denial'));
    expect(after).toHaveLength(1);
    expect(after[0]!.count).toBe(4);
  });

  it('tells the police office when a tenant whose contract expired keeps trying', async () => {
    const res = await pass('C0000003');
    expect(res).toMatchObject({ decision: 'deny', reason: 'tenancy_expired' });
    const [alert] = await alertsWhere(eq(alerts.kind, 'expired_tenant'));
    expect(alert).toMatchObject({ personId: tenantId, desk: 'police_office', level: 'info', count: 1 });
    await pass('C0000003');
    const after = await alertsWhere(eq(alerts.kind, 'expired_tenant'));
    expect(after).toHaveLength(1);
    expect(after[0]!.count).toBe(2);
  });

  it('acknowledges once, hands over to the property desk, resolves with a note; wrong moves get 4xx and change nothing', async () => {
    const [alert] = await alertsWhere(eq(alerts.kind, 'watch_match'));
    const id = alert!.id;
    const ack = await police.post(`/api/v1/alerts/${id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: '王警官（演示）' });
    const before = (await alertsWhere(eq(alerts.id, id)))[0]!;

    const twice = await auxiliary.post(`/api/v1/alerts/${id}/acknowledge`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('already_acknowledged');
    const propertyTry = await property.post(`/api/v1/alerts/${id}/resolve`, { note: '已处理' });
    expect(propertyTry.statusCode).toBe(403);
    expect(propertyTry.json().error.code).toBe('other_desk');
    expect((await property.get(`/api/v1/alerts/${id}`)).statusCode).toBe(404);
    const noMessage = await police.post(`/api/v1/alerts/${id}/hand-off`, { message: '' });
    expect(noMessage.statusCode).toBe(400);
    expect(noMessage.json().error.details[0].field).toBe('body.message');
    expect((await alertsWhere(eq(alerts.id, id)))[0]).toEqual(before);

    const handed = await police.post(`/api/v1/alerts/${id}/hand-off`, { message: '请物业查验其健康证明' });
    expect(handed.json()).toMatchObject({
      desk: 'property_desk',
      status: 'new',
      handoffMessage: '请物业查验其健康证明',
    });

    // The property desk now sees it: masked name, no watch-rule details.
    const seen = (await property.get('/api/v1/alerts?status=open'))
      .json()
      .items.find((a: { id: string }) => a.id === id);
    expect(seen.personName).toMatch(/^.\*+$/);
    expect(seen.watchRule).toBeNull();
    expect(seen.title).not.toContain('关注');
    expect(JSON.stringify(seen)).not.toContain('返乡人员健康核验');

    const auxTry = await auxiliary.post(`/api/v1/alerts/${id}/resolve`, { note: '已处理' });
    expect(auxTry.statusCode).toBe(403);
    const noNote = await property.post(`/api/v1/alerts/${id}/resolve`, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details[0].field).toBe('body.note');

    const done = await property.post(`/api/v1/alerts/${id}/resolve`, { note: '健康证明已查验' });
    expect(done.json()).toMatchObject({
      status: 'resolved',
      resolution: '健康证明已查验',
      resolvedBy: '赵经理（物业·演示）',
    });
    const again = await property.post(`/api/v1/alerts/${id}/resolve`, { note: '再次处置' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_resolved');

    const detail = (await police.get(`/api/v1/alerts/${id}`)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual([
      'raised',
      'acknowledged',
      'handed_off',
      'resolved',
    ]);
    expect(detail.history[2]).toMatchObject({
      fromDesk: 'police_office',
      desk: 'property_desk',
      note: '请物业查验其健康证明',
    });
    const found = (await police.get(`/api/v1/alerts?q=${encodeURIComponent('健康证明已查验')}`)).json().items;
    expect(found.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('raises one alert per emergency release (not one per gate) and one per manual open', async () => {
    expect(
      (await property.post(`/api/v1/access/sites/${siteId}/emergency`, { open: true, reason: '3号楼火警' }))
        .statusCode,
    ).toBe(200);
    const on = await until(async () => {
      const rows = await alertsWhere(eq(alerts.kind, 'emergency_release'));
      return rows.length ? rows : null;
    }, 'emergency alert');
    // Every gate's emergency event has been evaluated: nothing more can come.
    await until(
      async () =>
        (
          await queryRows<{ n: number }>(
            env.ctx.db,
            sql`SELECT count(*)::int AS n FROM access_events e
                LEFT JOIN alert_evaluations v ON v.access_event_id = e.id
                WHERE e.method = 'emergency' AND v.access_event_id IS NULL`,
          )
        )[0]!.n === 0,
      'every emergency event evaluated',
    );
    expect(await alertsWhere(eq(alerts.kind, 'emergency_release'))).toHaveLength(1);
    expect(on[0]).toMatchObject({ level: 'critical', desk: 'police_office' });
    await property.post(`/api/v1/access/sites/${siteId}/emergency`, { open: false, reason: '火警解除' });
    await until(
      async () => (await alertsWhere(eq(alerts.kind, 'emergency_release'))).length === 2,
      'emergency off alert',
    );

    const manual = await property.post(`/api/v1/access/gates/${gateId}/open`, { reason: '快递车辆进出' });
    await evaluated(manual.json().eventId);
    const [alert] = await alertsWhere(eq(alerts.kind, 'manual_open'));
    expect(alert).toMatchObject({ desk: 'police_office', level: 'info', gateId });
    const view = (await police.get(`/api/v1/alerts?kind=manual_open`)).json().items[0];
    expect(view.title).toContain('快递车辆进出');
    expect(view.title).toContain('赵经理');
  });

  it('escalates an alert nobody acknowledged, one level per interval, on the scheduler with an injected clock', async () => {
    // Acknowledged alerts stay where they are.
    const [tenantAlert] = await alertsWhere(eq(alerts.kind, 'expired_tenant'));
    expect((await police.post(`/api/v1/alerts/${tenantAlert!.id}/acknowledge`)).statusCode).toBe(200);
    const [alert] = await alertsWhere(eq(alerts.kind, 'manual_open'));
    const t0 = alert!.newSince.getTime();
    const run = async (at: number) => runJob(env.ctx, alertJobs.escalate, new Date(at));
    await run(t0 + 9 * MIN);
    expect((await alertsWhere(eq(alerts.id, alert!.id)))[0]!.level).toBe('info');
    await run(t0 + 11 * MIN);
    expect((await alertsWhere(eq(alerts.id, alert!.id)))[0]).toMatchObject({
      level: 'warning',
      escalated: true,
    });
    await run(t0 + 12 * MIN);
    expect((await alertsWhere(eq(alerts.id, alert!.id)))[0]!.level).toBe('warning');
    await run(t0 + 22 * MIN);
    expect((await alertsWhere(eq(alerts.id, alert!.id)))[0]!.level).toBe('critical');
    const history = await env.ctx.db.select().from(alertActions).where(eq(alertActions.alertId, alert!.id));
    expect(history.filter((h) => h.action === 'escalated')).toHaveLength(2);
    await run(Date.now() + 60 * MIN);
    expect((await alertsWhere(eq(alerts.id, tenantAlert!.id)))[0]!.level).toBe('info');
  });

  it('raises a care visit for an elderly person living alone not seen for 48 hours (scheduler, injected clock)', async () => {
    await env.ctx.db
      .update(persons)
      .set({ careFlags: sql`array_remove(${persons.careFlags}, 'elderly_alone')` });
    await env.ctx.db
      .update(persons)
      .set({ careFlags: ['elderly_alone'] })
      .where(eq(persons.id, residentId));
    const t0 = Date.now();
    env.setNow(new Date(t0));
    await pass('A0000001');
    env.setNow(undefined);
    const care = () => alertsWhere(eq(alerts.kind, 'elderly_not_seen'), eq(alerts.personId, residentId));
    const run = (h: number) => runJob(env.ctx, alertJobs.elderly, new Date(t0 + h * 3600_000));
    await run(47);
    expect(await care()).toHaveLength(0);
    const ran = await run(49);
    expect(ran.result).toMatchObject({ raised: 1 });
    expect(await care()).toHaveLength(1);
    expect((await care())[0]).toMatchObject({ desk: 'property_desk', level: 'warning' });
    await run(50);
    expect(await care()).toHaveLength(1);
    // Resolved after the visit; seen again; a new absence makes a new alert.
    const visited = await property.post(`/api/v1/alerts/${(await care())[0]!.id}/resolve`, {
      note: '已上门探望，老人身体无恙',
    });
    expect(visited.statusCode, visited.body).toBe(200);
    env.setNow(new Date(t0 + 51 * 3600_000));
    expect((await pass('A0000001')).decision).toBe('grant');
    env.setNow(undefined);
    await run(60);
    expect(await care()).toHaveLength(1);
    await run(51 + 49);
    expect(await care()).toHaveLength(2);
  });

  it('reports a gate whose terminal went silent, and closes it when the heartbeat returns', async () => {
    const t0 = Date.now();
    const run = (m: number) => runJob(env.ctx, alertJobs.gateOffline, new Date(t0 + m * MIN));
    await run(5);
    expect(await alertsWhere(eq(alerts.kind, 'gate_offline'))).toHaveLength(0);
    await run(11);
    const [offline] = await alertsWhere(eq(alerts.kind, 'gate_offline'));
    // Only the east gate has a terminal; the west gate has none and is not "offline".
    expect(offline).toMatchObject({ gateId, status: 'new', desk: 'property_desk' });
    await run(12);
    expect(await alertsWhere(eq(alerts.kind, 'gate_offline'))).toHaveLength(1);
    env.setNow(new Date(t0 + 13 * MIN));
    await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/heartbeat',
      payload: {},
      headers: { authorization: `Bearer ${gateToken}` },
    });
    env.setNow(undefined);
    await run(14);
    expect((await alertsWhere(eq(alerts.id, offline!.id)))[0]).toMatchObject({
      status: 'resolved',
      resolvedByName: '系统',
    });
  });

  it('sends one daily digest of contracts ending within 7 days', async () => {
    const today = shanghaiDate(new Date());
    const [t] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`SELECT id FROM tenancies WHERE site_id = ${siteId} AND status = 'active' AND end_date > ${addDays(today, 30)}::date LIMIT 2`,
    );
    await env.ctx.db
      .update(tenancies)
      .set({ endDate: addDays(today, 3) })
      .where(eq(tenancies.id, t!.id));
    const at = (h: number) => new Date(shanghaiDayStart(today).getTime() + h * 3600_000);
    expect((await runJob(env.ctx, alertJobs.tenancyDigest, at(7))).result).toMatchObject({ digests: 0 });
    expect((await runJob(env.ctx, alertJobs.tenancyDigest, at(9))).result).toMatchObject({ digests: 1 });
    expect((await runJob(env.ctx, alertJobs.tenancyDigest, at(15))).result).toMatchObject({ digests: 0 });
    const [digest] = await alertsWhere(eq(alerts.kind, 'tenancy_expiring'));
    const data = digest!.data as { total: number; items: { endDate: string }[] };
    expect(data.total).toBeGreaterThanOrEqual(1);
    expect(data.items.some((i) => i.endDate === addDays(today, 3))).toBe(true);
  });

  it('answers its errors in the caller’s language, with the same codes and fields', async () => {
    const both = (
      opts: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown },
      status: number,
      code: string,
    ) =>
      errorInBothLanguages(
        (headers) => police.request({ ...opts, headers } as Parameters<Client['request']>[0]),
        status,
        code,
      );
    const params = await both(
      {
        method: 'PUT',
        url: '/api/v1/alerts/rules/stranger',
        payload: {
          siteId,
          enabled: true,
          desk: 'property_desk',
          level: 'warning',
          params: { windowMinutes: 0 },
        },
      },
      400,
      'validation_error',
    );
    expect(params.zh).toMatchObject({
      code: 'validation_error',
      details: [{ field: 'body.params.windowMinutes', message: '统计时长（分钟）不能小于 1' }],
    });
    expect(params.en.details).toEqual([
      { field: 'body.params.windowMinutes', message: 'The time window (minutes) must be at least 1' },
    ]);
    expect(params.en.message).toBe('body.params.windowMinutes: The time window (minutes) must be at least 1');

    const expiry = await both(
      {
        method: 'POST',
        url: '/api/v1/alerts/watch-rules',
        payload: rule({ expiresAt: new Date(Date.now() - DAY).toISOString() }),
      },
      400,
      'validation_error',
    );
    expect(expiry.zh.message).toBe('到期时间须晚于当前时间');
    expect(expiry.en).toMatchObject({
      code: 'validation_error',
      message: 'The expiry time must be in the future',
      details: [{ field: 'body.expiresAt', message: 'The expiry time must be in the future' }],
    });

    const missing = await both(
      { method: 'GET', url: `/api/v1/alerts/${crypto.randomUUID()}` },
      404,
      'not_found',
    );
    expect(missing.zh).toMatchObject({ code: 'not_found', message: '预警不存在' });
    expect(missing.en).toMatchObject({ code: 'not_found', message: 'Alert not found' });

    const stream = await both({ method: 'GET', url: '/api/v1/alerts/stream' }, 406, 'not_acceptable');
    expect(stream.en).toMatchObject({
      code: 'not_acceptable',
      message:
        'This endpoint is a live stream (Server-Sent Events); send the header Accept: text/event-stream',
    });
  });

  it('lets police tune built-in rules within bounds; the property desk cannot', async () => {
    const bad = await police.request({
      method: 'PUT',
      url: '/api/v1/alerts/rules/stranger',
      payload: {
        siteId,
        enabled: true,
        desk: 'property_desk',
        level: 'warning',
        params: { windowMinutes: 0 },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.params.windowMinutes');
    const unknown = await police.request({
      method: 'PUT',
      url: '/api/v1/alerts/rules/stranger',
      payload: { siteId, enabled: true, desk: 'property_desk', level: 'warning', params: { everyone: 1 } },
    });
    expect(unknown.statusCode).toBe(400);
    expect((await property.get('/api/v1/alerts/rules')).statusCode).toBe(403);

    const off = await police.request({
      method: 'PUT',
      url: '/api/v1/alerts/rules/repeated_denial',
      payload: { siteId, enabled: false, desk: 'property_desk', level: 'warning', params: {} },
    });
    expect(off.statusCode, off.body).toBe(200);
    const countBefore = (await alertsWhere(eq(alerts.kind, 'repeated_denial')))[0]!.count;
    await pass('FFFF0004');
    expect((await alertsWhere(eq(alerts.kind, 'repeated_denial')))[0]!.count).toBe(countBefore);
    const listed = (await police.get('/api/v1/alerts/rules')).json().items;
    expect(listed.find((r: { rule: string }) => r.rule === 'repeated_denial')).toMatchObject({
      enabled: false,
      isDefault: false,
    });
    expect(listed.find((r: { rule: string }) => r.rule === 'stranger')).toMatchObject({
      enabled: true,
      isDefault: true,
      params: { windowMinutes: 10, escalateCount: 3 },
    });
    expect((await police.del(`/api/v1/alerts/rules/repeated_denial?siteId=${siteId}`)).json().enabled).toBe(
      true,
    );
  });

  it('signs webhook deliveries, retries a failed one with back-off on the scheduler, and logs SMS in demo mode', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = received.length === 1 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const noSecret = await police.post('/api/v1/alerts/channels', {
        siteId,
        kind: 'webhook',
        name: '指挥中心',
        url,
      });
      expect(noSecret.statusCode).toBe(400);
      expect(noSecret.json().error.details[0].field).toBe('body.secret');
      const secret = 'anju-webhook-secret-0001';
      const hook = await police.post('/api/v1/alerts/channels', {
        siteId,
        kind: 'webhook',
        name: '指挥中心',
        url,
        secret,
        minLevel: 'info',
      });
      expect(hook.statusCode, hook.body).toBe(201);
      expect(hook.json()).toMatchObject({ hasSecret: true });
      expect(JSON.stringify(hook.json())).not.toContain(secret);
      const sms = await police.post('/api/v1/alerts/channels', {
        siteId,
        kind: 'sms',
        name: '值班短信',
        recipients: ['13800000000'],
        minLevel: 'info',
      });
      expect(sms.statusCode, sms.body).toBe(201);

      const manual = await property.post(`/api/v1/access/gates/${gateId}/open`, { reason: '搬家车辆' });
      await evaluated(manual.json().eventId);
      const deliveries = () => env.ctx.db.select().from(alertDeliveries);
      await until(
        async () => (await deliveries()).every((d) => d.attempts === 1) && (await deliveries()).length === 2,
        'first attempts',
      );
      const observedAt = Date.now();
      const rows = await deliveries();
      const hookRow = rows.find((d) => d.channelId === hook.json().id)!;
      const smsRow = rows.find((d) => d.channelId === sms.json().id)!;
      expect(smsRow).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(hookRow).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503 });
      // The retry is due DELIVERY_BASE_MS after the first attempt, which happened between the
      // delivery's creation and now (no bound on how long the machine took to get there).
      const due = hookRow.nextAttemptAt!.getTime();
      expect(due).toBeGreaterThanOrEqual(hookRow.createdAt.getTime() + DELIVERY_BASE_MS);
      expect(due).toBeLessThanOrEqual(observedAt + DELIVERY_BASE_MS);

      const first = received[0]!;
      const expected = `sha256=${crypto.createHmac('sha256', secret).update(`${first.headers['x-anju-timestamp']}.${first.body}`).digest('hex')}`;
      expect(first.headers['x-anju-signature']).toBe(expected);
      const payload = JSON.parse(first.body);
      expect(payload).toMatchObject({
        action: 'raised',
        alert: { kind: 'manual_open', desk: 'police_office' },
      });

      // Not yet due: nothing happens; due: delivered on the second attempt.
      await runJob(env.ctx, alertJobs.deliveries, new Date(hookRow.nextAttemptAt!.getTime() - 1000));
      expect(received).toHaveLength(1);
      await runJob(env.ctx, alertJobs.deliveries, new Date(hookRow.nextAttemptAt!.getTime() + 1000));
      expect(received).toHaveLength(2);
      const [done] = await env.ctx.db
        .select()
        .from(alertDeliveries)
        .where(eq(alertDeliveries.id, hookRow.id));
      expect(done).toMatchObject({ status: 'delivered', attempts: 2 });
      const listed = (await police.get('/api/v1/alerts/deliveries')).json().items;
      expect(listed.length).toBeGreaterThanOrEqual(2);
      expect((await property.get('/api/v1/alerts/channels')).statusCode).toBe(403);
    } finally {
      for (const c of (await police.get('/api/v1/alerts/channels')).json().items)
        await police.del(`/api/v1/alerts/channels/${c.id}`);
      await new Promise((r) => server.close(r));
    }
  });

  it('evaluates events no process picked up (the catch-up job), exactly once', async () => {
    const [row] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO access_events (site_id, gate_id, direction, at, method, decision, reason, note)
          VALUES (${siteId}, ${gateId}, 'in', ${new Date(Date.now() - 60_000)}, 'manual', 'grant', 'manual', '补录：夜间巡逻开门') RETURNING id`,
    );
    const before = (await alertsWhere(eq(alerts.kind, 'manual_open'))).length;
    await runJob(env.ctx, alertJobs.missed, new Date());
    await runJob(env.ctx, alertJobs.missed, new Date());
    expect((await alertsWhere(eq(alerts.kind, 'manual_open'))).length).toBe(before + 1);
    expect(
      await env.ctx.db
        .select()
        .from(alertEvaluations)
        .where(eq(alertEvaluations.accessEventId, Number(row!.id))),
    ).toHaveLength(1);
  });
});
