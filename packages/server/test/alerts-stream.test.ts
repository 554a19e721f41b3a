/**
 * The live duty console's stream (server-sent events) over real HTTP: desk filtering and masking,
 * resuming after a disconnect without duplicates (Last-Event-ID and ?after=), and — on
 * PostgreSQL — two app instances on one database, each with its own event bus: an alert raised
 * through instance A reaches a console connected to instance B (LISTEN/NOTIFY).
 */
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertStreamEvent } from '@anju/contracts';
import { buildApp } from '../src/app.ts';
import { openDatabase, queryRows, type Database } from '../src/db/client.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createEventBus, type EventBus } from '../src/platform/events.ts';
import { users } from '../src/platform/org/schema.ts';
import { connectSse, type SseConnection, type SseEvent } from '../src/modules/alerts/sse-client.ts';
import { alertEvaluations, alerts } from '../src/modules/alerts/schema.ts';
import { createTestEnv, describeBackends, pairedGate, signIn, type Client, type TestEnv } from './harness.ts';

const parse = (e: SseEvent) => JSON.parse(e.data) as AlertStreamEvent;

describeBackends('alerts: live stream (SSE)', (backend) => {
  let env: TestEnv;
  let base: string;
  let police: Client;
  let property: Client;
  let siteId: string;
  let gateToken: string;
  let residentId: string;
  const open: SseConnection[] = [];

  const stream = async (
    client: Client | null,
    query = '',
    headers: Record<string, string> = {},
    origin = base,
  ) => {
    const conn = await connectSse(
      `${origin}/api/v1/alerts/stream${query}`,
      client ? { cookie: client.cookie, ...headers } : headers,
    );
    open.push(conn);
    return conn;
  };
  const pass = async (card: string, app: FastifyInstance = env.app) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method: 'card', value: card },
      headers: { authorization: `Bearer ${gateToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { eventId: number };
  };
  const raisedFor = (eventId: number) => (e: SseEvent) => {
    const d = parse(e);
    return d.action === 'raised' && d.alert?.accessEventId === eventId;
  };

  beforeAll(async () => {
    env = await createTestEnv(backend);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    [police, property] = await Promise.all([signIn(env.app, 'police'), signIn(env.app, 'property')]);
    siteId = police.me.sites[0]!.id;
    ({ token: gateToken } = await pairedGate(env.app, property, { siteId, name: '东门', direction: 'in' }));
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    residentId = residentUser!.personId!;
    expect(
      (await property.post(`/api/v1/access/persons/${residentId}/cards`, { cardNumber: 'A0000001' }))
        .statusCode,
    ).toBe(201);
    const created = await police.post('/api/v1/alerts/watch-rules', {
      siteId,
      personId: residentId,
      purpose: '返乡人员健康核验',
      legalBasis: '《中华人民共和国传染病防治法》第三十九条',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      desk: 'police_office',
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await env?.close();
  });

  it('refuses a stream without a session or without the permission', async () => {
    expect((await stream(null)).status).toBe(401);
    const resident = await signIn(env.app, 'resident');
    expect((await stream(resident)).status).toBe(403);
    // A plain request (no Accept: text/event-stream) is answered at once, not held open.
    const plain = await police.get('/api/v1/alerts/stream');
    expect(plain.statusCode).toBe(406);
  });

  it('pushes alerts to the consoles of the desk that holds them; the property desk sees masks and no watch rule', async () => {
    const policeConsole = await stream(police);
    const propertyConsole = await stream(property);
    expect(policeConsole.status).toBe(200);
    const { eventId } = await pass('A0000001');
    const raised = parse(await policeConsole.waitFor(raisedFor(eventId)));
    expect(raised.alert).toMatchObject({ kind: 'watch_match', desk: 'police_office', status: 'new' });
    expect(raised.alert!.watchRule!.purpose).toBe('返乡人员健康核验');
    const alertId = raised.alertId;

    const handed = await police.post(`/api/v1/alerts/${alertId}/hand-off`, { message: '请查验健康证明' });
    expect(handed.statusCode).toBe(200);
    const atProperty = parse(await propertyConsole.waitFor((e) => parse(e).alertId === alertId));
    expect(atProperty.action).toBe('handed_off');
    expect(atProperty.alert).toMatchObject({
      desk: 'property_desk',
      watchRule: null,
      handoffMessage: '请查验健康证明',
    });
    expect(atProperty.alert!.personName).toMatch(/^.\*+$/);
    expect(JSON.stringify(atProperty)).not.toContain('返乡人员健康核验');
    // The property console never saw the alert while it was the police office's.
    expect(
      propertyConsole.events.filter((e) => parse(e).alertId === alertId).map((e) => parse(e).action),
    ).toEqual(['handed_off']);

    await property.post(`/api/v1/alerts/${alertId}/resolve`, { note: '健康证明已查验' });
    const resolved = parse(
      await policeConsole.waitFor((e) => parse(e).alertId === alertId && parse(e).action === 'resolved'),
    );
    expect(resolved.alert).toMatchObject({ status: 'resolved', resolution: '健康证明已查验' });
    // Event ids are the sequence numbers, strictly increasing.
    const ids = policeConsole.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    // Handing it back: the property console is told to drop it.
    const second = await pass('A0000001');
    const next = parse(await policeConsole.waitFor(raisedFor(second.eventId)));
    await police.post(`/api/v1/alerts/${next.alertId}/hand-off`, { message: '请物业协助' });
    await propertyConsole.waitFor((e) => parse(e).alertId === next.alertId);
    await property.post(`/api/v1/alerts/${next.alertId}/hand-off`, { message: '住户不在家，请警务室跟进' });
    const dropped = parse(
      await propertyConsole.waitFor(
        (e) => parse(e).alertId === next.alertId && parse(e).action === 'handed_off' && parse(e).removed,
      ),
    );
    expect(dropped.alert).toBeNull();
    policeConsole.close();
    propertyConsole.close();
  });

  it('resumes after a disconnect with exactly the missed changes (Last-Event-ID or ?after=), no duplicates', async () => {
    const first = await stream(police);
    const a = await pass('A0000001');
    const seen = await first.waitFor(raisedFor(a.eventId));
    const lastId = seen.id!;
    first.close();
    await first.ended;

    // While nobody listens: two passages, and an acknowledgement.
    const b = await pass('A0000001');
    const c = await pass('A0000001');
    const missedAlerts = await until(async () => {
      const rows = await env.ctx.db
        .select()
        .from(alerts)
        .where(sql`${alerts.accessEventId} IN (${b.eventId}, ${c.eventId})`);
      return rows.length === 2 ? rows : null;
    });
    await police.post(`/api/v1/alerts/${missedAlerts[0]!.id}/acknowledge`);
    const [counted] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM alert_actions WHERE id > ${Number(lastId)}`,
    );

    const expected = counted!.n;
    const resumes: { headers: Record<string, string>; query: string }[] = [
      { headers: { 'last-event-id': lastId }, query: '' },
      { headers: {}, query: `?after=${lastId}` },
    ];
    for (const resume of resumes) {
      const again = await stream(police, resume.query, resume.headers);
      await again.waitFor(raisedFor(c.eventId));
      await again.waitFor((e) => parse(e).action === 'acknowledged');
      // Everything missed has arrived; a marker raised now comes after the backlog and any
      // duplicate of it, so once it is here nothing of the backlog is still on its way.
      const marker = await pass('A0000001');
      await again.waitFor(raisedFor(marker.eventId));
      const ids = again.events.map((e) => Number(e.id));
      expect(ids.every((id) => id > Number(lastId))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      // Exactly the changes since lastId up to the marker, each once, in order (the first
      // resume's marker is among the second resume's missed changes).
      const markerId = Number(again.events.find(raisedFor(marker.eventId))!.id);
      const since = await queryRows<{ id: number }>(
        env.ctx.db,
        sql`SELECT id::int AS id FROM alert_actions WHERE id > ${Number(lastId)} AND id <= ${markerId} ORDER BY id`,
      );
      expect(ids).toEqual(since.map((r) => r.id));
      expect(since.length).toBeGreaterThanOrEqual(expected + 1);
      again.close();
    }
    // A fresh console (no id) starts from now: no backlog — the first thing it gets is an alert
    // raised after it connected.
    const fresh = await stream(police);
    const now = await pass('A0000001');
    await fresh.waitFor(raisedFor(now.eventId));
    expect(parse(fresh.events[0]!)).toMatchObject({
      action: 'raised',
      alert: { accessEventId: now.eventId },
    });
    fresh.close();
  });

  it.runIf(backend === 'postgres')(
    'fans out across processes: an alert raised through instance A reaches a console on instance B; a console resumes on B after A drops it',
    async () => {
      const url = env.ctx.config.databaseUrl!;
      let database: Database | undefined;
      let events: EventBus | undefined;
      let appB: FastifyInstance | undefined;
      try {
        database = await openDatabase({ url });
        events = await createEventBus(url);
        const ctxB: AppContext = { ...env.ctx, database, db: database.db, events };
        appB = await buildApp(ctxB, { logger: false });
        appB.serving = true;
        await appB.listen({ port: 0, host: '127.0.0.1' });
        const originB = `http://127.0.0.1:${(appB.server.address() as AddressInfo).port}`;
        const onB = await stream(police, '', {}, originB);
        expect(onB.status).toBe(200);

        const { eventId } = await pass('A0000001', env.app);
        const arrived = parse(await onB.waitFor(raisedFor(eventId)));
        expect(arrived.alert).toMatchObject({ kind: 'watch_match', accessEventId: eventId });
        // Both instances heard the access event; only one evaluated it (the evaluation marker is
        // written with the alerts, once).
        await until(async () =>
          (
            await env.ctx.db
              .select()
              .from(alertEvaluations)
              .where(eq(alertEvaluations.accessEventId, eventId))
          ).length
            ? true
            : null,
        );
        const rows = await env.ctx.db.select().from(alerts).where(eq(alerts.accessEventId, eventId));
        expect(rows).toHaveLength(1);

        // And the other way round: a hand-off made on B reaches a console on A.
        const onA = await stream(police);
        await appB.inject({
          method: 'POST',
          url: `/api/v1/alerts/${arrived.alertId}/acknowledge`,
          headers: { cookie: police.cookie, 'x-csrf-token': police.csrfToken },
        });
        await onA.waitFor((e) => parse(e).alertId === arrived.alertId && parse(e).action === 'acknowledged');
        onB.close();

        // A (as if restarting) drops its consoles; one reconnects to B with its last id and
        // receives what was raised meanwhile, once.
        const lastOnA = onA.events.at(-1)!.id!;
        onA.close();
        const missed = await pass('A0000001', env.app);
        await until(
          async () =>
            (await env.ctx.db.select().from(alerts).where(eq(alerts.accessEventId, missed.eventId)))[0] ??
            null,
        );
        const resumed = await stream(police, '', { 'last-event-id': lastOnA }, originB);
        await resumed.waitFor(raisedFor(missed.eventId));
        const ids = resumed.events.map((e) => Number(e.id));
        expect(ids.every((id) => id > Number(lastOnA))).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        resumed.close();
      } finally {
        await appB?.close();
        await events?.close();
        await database?.close();
      }
    },
  );
});

async function until<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
