import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, type Role } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { sites, userSites } from '../src/platform/org/schema.ts';
import { devices } from '../src/platform/auth/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { runJob } from '../src/platform/jobs.ts';
import {
  createTestEnv,
  DEMO_PASSWORD,
  describeBackends,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';

describeBackends('platform foundation', (backend) => {
  let env: TestEnv;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    for (const role of ROLES) clients[role] = await signIn(env.app, role);
  });
  afterAll(() => env?.close());

  it('health answers ok once ready, and 503 while starting', async () => {
    expect((await env.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    env.app.serving = false;
    try {
      expect((await env.app.inject({ url: '/api/health' })).statusCode).toBe(503);
      const res = await env.app.inject({ url: '/api/v1/auth/me' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('starting');
    } finally {
      env.app.serving = true;
    }
  });

  it('logs in with an httpOnly SameSite=Strict cookie, reports me, and logs out', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'police', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'anju_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'police', role: 'police' });
    expect(body.sites).toHaveLength(1);
    expect(body.permissions).toContain('audit.read');

    const headers = { cookie: `anju_session=${cookie!.value}` };
    const me = await env.app.inject({ url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('police');

    const out = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...headers, 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(200);
    expect((await env.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown user with the same 401 and no field hint', async () => {
    const wrong = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'not-the-password' },
      remoteAddress: '10.1.1.1',
    });
    const unknown = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody-here', password: 'not-the-password' },
      remoteAddress: '10.1.1.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.details).toBeUndefined();
    expect(wrong.cookies.find((c) => c.name === 'anju_session')).toBeUndefined();
  });

  it('locks a username after 5 failures, even for the right password, without touching other users', async () => {
    await createUser(env.ctx.db, {
      username: 'lockme',
      displayName: '锁定测试',
      role: 'property',
      password: 'right-password-123',
      siteIds: [],
    });
    const attempt = (password: string, username = 'lockme') =>
      env.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        remoteAddress: '10.2.2.2',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).statusCode).toBe(401);
    const locked = await attempt('right-password-123');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('login_locked');
    expect((await attempt(DEMO_PASSWORD, 'auxiliary')).statusCode).toBe(200);
    // The lock expires on its own.
    await env.ctx.db.execute(sql`UPDATE login_failures SET locked_until = now() - interval '1 second'`);
    expect((await attempt('right-password-123')).statusCode).toBe(200);
  });

  it('forgets expired sessions and failure counters whose lock and window have passed, and only those', async () => {
    const { authCleanupJob } = await import('../src/platform/auth/cleanup.ts');
    const attempt = (username: string) =>
      env.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong-password' },
        remoteAddress: '10.3.3.3',
      });
    await attempt('cleanup-once');
    for (let i = 0; i < 5; i++) await attempt('cleanup-locked');
    const live = await signIn(env.app, 'auxiliary');
    const keys = async () =>
      (await queryRows<{ key: string }>(env.ctx.db, sql`SELECT key FROM login_failures`)).map((r) => r.key);
    const counterOf = async (name: string) => (await keys()).filter((k) => k.includes(name));
    expect(await counterOf('cleanup-once')).toHaveLength(1);
    expect(await counterOf('cleanup-locked')).toHaveLength(1);
    const sessionCount = async () =>
      Number((await queryRows<{ n: string }>(env.ctx.db, sql`SELECT count(*) AS n FROM sessions`))[0]!.n);
    const sessionsBefore = await sessionCount();

    // Now: nothing is stale yet.
    const soon = await runJob(env.ctx, authCleanupJob, new Date());
    expect(soon.result).toMatchObject({ expiredSessions: 0 });
    expect(await counterOf('cleanup-once')).toHaveLength(1);

    // 20 minutes on: the window has passed; the locked counter's lock (15 min) has ended too.
    const later = await runJob(env.ctx, authCleanupJob, new Date(Date.now() + 20 * 60_000));
    expect(later.result?.staleFailureCounters).toBeGreaterThanOrEqual(2);
    expect(await counterOf('cleanup-once')).toHaveLength(0);
    expect(await counterOf('cleanup-locked')).toHaveLength(0);
    expect(await sessionCount()).toBe(sessionsBefore);
    expect((await live.get('/api/v1/auth/me')).statusCode).toBe(200);

    // A session past its end is deleted; the others stay.
    await env.ctx.db.execute(
      sql`UPDATE sessions SET expires_at = now() - interval '1 second'
          WHERE id = (SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1)`,
    );
    const expired = await runJob(env.ctx, authCleanupJob, new Date());
    expect(expired.result?.expiredSessions).toBe(1);
    expect(await sessionCount()).toBe(sessionsBefore - 1);
    expect((await live.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await clients.police.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('rejects cookie-authenticated writes without the CSRF token', async () => {
    const c = clients.police;
    const noToken = await env.app.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie: c.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const badToken = await env.app.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie: c.cookie, 'x-csrf-token': 'forged' },
    });
    expect(badToken.statusCode).toBe(403);
    expect((await c.post('/api/v1/audit/verify')).statusCode).toBe(200);
  });

  it('scopes site-owned data to the caller: a property user of site A cannot reach site B', async () => {
    const [siteB] = await env.ctx.db.insert(sites).values({ name: '另一小区' }).returning();
    const { id: propB } = await createUser(env.ctx.db, {
      username: 'property_b',
      displayName: '乙物业',
      role: 'property',
      password: 'property-b-password',
      siteIds: [siteB!.id],
    });
    expect(propB).toBeTruthy();
    const [deviceB] = await env.ctx.db
      .insert(devices)
      .values({ siteId: siteB!.id, kind: 'gate', name: '乙小区东门' })
      .returning();
    const propA = clients.property;

    const create = await propA.post('/api/v1/devices', { siteId: siteB!.id, kind: 'gate', name: '越权设备' });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('site_forbidden');
    const list = await propA.get('/api/v1/devices');
    expect(list.json().items.map((d: { id: string }) => d.id)).not.toContain(deviceB!.id);
    expect((await propA.post(`/api/v1/devices/${deviceB!.id}/revoke`)).statusCode).toBe(404);
    expect((await propA.get('/api/v1/sites')).json().items.map((s: { id: string }) => s.id)).not.toContain(
      siteB!.id,
    );

    const clientB = await signIn(env.app, 'property_b', 'property-b-password');
    expect((await clientB.get('/api/v1/devices')).json().items.map((d: { id: string }) => d.id)).toEqual([
      deviceB!.id,
    ]);
    const links = await env.ctx.db.select().from(userSites);
    expect(links.some((l) => l.siteId === siteB!.id)).toBe(true);
  });

  it('device tokens are scoped to device routes and die when revoked', async () => {
    const siteId = clients.property.me.sites[0]!.id;
    const created = await clients.property.post('/api/v1/devices', {
      siteId,
      kind: 'gate',
      name: '东门闸机',
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const stored = await queryRows<{ token_hash: string }>(
      env.ctx.db,
      sql`SELECT token_hash FROM devices WHERE id = ${id}`,
    );
    expect(stored[0]!.token_hash).not.toContain(token);
    const asDevice = await env.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asDevice.statusCode).toBe(403);
    expect((await clients.property.post(`/api/v1/devices/${id}/revoke`)).statusCode).toBe(200);
    const revoked = await env.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('invalid_device_token');
  });

  it('names the failing fields in validation errors and changes nothing', async () => {
    const before = (await clients.admin.get('/api/v1/users')).json().items.length;
    const res = await clients.admin.post('/api/v1/users', {
      username: '1bad name',
      displayName: '',
      role: 'chief',
      password: 'short',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_error');
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName', 'body.role', 'body.password']),
    );
    expect((await clients.admin.get('/api/v1/users')).json().items.length).toBe(before);
  });

  it('answers an oversized body with 413 in the error format', async () => {
    const big = 'x'.repeat(env.ctx.config.bodyLimitBytes + 10);
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ username: big, password: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('changes a password: the old one stops working, other sessions end', async () => {
    await createUser(env.ctx.db, {
      username: 'pwuser',
      displayName: '改密',
      role: 'mediator',
      password: 'first-password-1',
      siteIds: [],
    });
    const a = await signIn(env.app, 'pwuser', 'first-password-1');
    const b = await signIn(env.app, 'pwuser', 'first-password-1');
    const weak = await a.post('/api/v1/auth/password', {
      currentPassword: 'first-password-1',
      newPassword: 'aaaaaaaaaaaa',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].field).toBe('body.newPassword');
    const wrong = await a.post('/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'second-password-2',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.currentPassword');
    const ok = await a.post('/api/v1/auth/password', {
      currentPassword: 'first-password-1',
      newPassword: 'second-password-2',
    });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    await expect(signIn(env.app, 'pwuser', 'first-password-1')).rejects.toThrow(/401/);
    await signIn(env.app, 'pwuser', 'second-password-2');
  });

  it('audit log: records logins, verifies, refuses UPDATE, and detects a tampered entry', async () => {
    const police = clients.police;
    const search = await police.get('/api/v1/audit?action=auth.login&pageSize=200');
    expect(search.statusCode).toBe(200);
    const entries = search.json().items as { action: string; actorName: string; ip: string }[];
    expect(
      entries.some((e) => e.action === 'auth.login' && e.actorName === 'police' && e.ip === '10.9.8.7'),
    ).toBe(true);

    const verified = await police.post('/api/v1/audit/verify');
    expect(verified.json()).toMatchObject({ ok: true, firstBrokenId: null });
    expect(verified.json().entries).toBeGreaterThan(5);

    await expect(env.ctx.db.execute(sql`UPDATE audit_log SET action = 'x' WHERE id = 2`)).rejects.toThrow();
    await expect(env.ctx.db.execute(sql`DELETE FROM audit_log WHERE id = 2`)).rejects.toThrow();

    // Someone with database superuser rights goes around the trigger: the chain still tells.
    await env.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await tx.execute(sql`UPDATE audit_log SET actor_name = 'someone-else' WHERE id = 3`);
      await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    });
    const broken = await police.post('/api/v1/audit/verify');
    expect(broken.json()).toMatchObject({ ok: false, firstBrokenId: 3 });
  });

  it('serves the OpenAPI document and JSON errors for unknown API paths', async () => {
    const doc = await env.app.inject({ url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/auth/login');
    const missing = await env.app.inject({ url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('sends security headers', async () => {
    const res = await env.app.inject({ url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('lets only the kiosk page reach its reader bridge on loopback and print through a blob frame', async () => {
    const policy = async (url: string) =>
      String((await env.app.inject({ url })).headers['content-security-policy']);
    const kiosk = await policy('/terminal/kiosk?reader=bridge');
    expect(kiosk).toContain("connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:*");
    expect(kiosk).toContain("frame-src 'self' blob:");
    expect(kiosk).toContain("frame-ancestors 'none'");
    for (const other of ['/', '/terminal/gate', '/verify', '/api/health']) {
      const strict = await policy(other);
      expect(strict).toContain("connect-src 'self'");
      expect(strict).not.toContain('127.0.0.1');
      expect(strict).not.toContain('frame-src');
    }
  });
});
