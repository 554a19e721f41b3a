import { sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { type Database, type Db, queryRows } from '../src/db/client.ts';
import * as schema from '../src/db/schema.ts';
import { DatabaseTooNewError, knownMigrations, runMigrations } from '../src/db/migrate.ts';
import { countRows, pgliteClient } from '../src/platform/ops/database-dump.ts';
import { operatorLang } from '../src/platform/ops/messages.ts';
import { MetricsRegistry } from '../src/platform/ops/metrics.ts';
import { registerReadinessCheck } from '../src/platform/ops/readiness.ts';
import { tlsHelpPage } from '../src/platform/ops/routes.ts';
import { LOCAL_CA_NAME, type TlsMaterial } from '../src/platform/ops/tls.ts';
import { prepareDatabase } from '../src/platform/startup.ts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const METRICS_TOKEN = 'test-metrics-token-0123456789';

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describeBackends('operations: readiness, metrics, upgrades', (backend) => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv(backend, { config: { metricsToken: METRICS_TOKEN } });
  });
  afterAll(() => env?.close());

  it('/api/ready reports database, migrations and an unconfigured face engine', async () => {
    const res = await env.app.inject({ url: '/api/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', faceEngine: 'not_configured' },
    });
  });

  it('/api/ready is 503 while starting and names a failing check', async () => {
    env.app.serving = false;
    try {
      const starting = await env.app.inject({ url: '/api/ready' });
      expect(starting.statusCode).toBe(503);
      expect(starting.json().status).toBe('starting');
    } finally {
      env.app.serving = true;
    }

    const unregister = registerReadinessCheck('faceEngine', () => 'loading');
    try {
      const res = await env.app.inject({ url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not_ready', failed: ['faceEngine'] });
      expect(res.json().checks.faceEngine).toBe('loading');
    } finally {
      unregister();
    }
    const thrown = registerReadinessCheck('faceEngine', () => {
      throw new Error('model file missing');
    });
    try {
      expect((await env.app.inject({ url: '/api/ready' })).json().checks.faceEngine).toBe('failed');
    } finally {
      thrown();
    }
    const ok = registerReadinessCheck('faceEngine', async () => 'ok' as const);
    try {
      expect((await env.app.inject({ url: '/api/ready' })).json().checks.faceEngine).toBe('ok');
    } finally {
      ok();
    }
  });

  it('/api/ready is 503 with migrations "pending" when a known migration is missing', async () => {
    const last = knownMigrations().at(-1)!;
    const [row] = await queryRows<{ id: number; hash: string; created_at: string }>(
      env.ctx.db,
      sql`SELECT id, hash, created_at FROM drizzle.__drizzle_migrations WHERE created_at = ${last.when}`,
    );
    expect(row).toBeDefined();
    await env.ctx.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${row!.id}`);
    try {
      const res = await env.app.inject({ url: '/api/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        checks: { database: 'ok', migrations: 'pending' },
        failed: ['migrations'],
      });
    } finally {
      await env.ctx.db.execute(
        sql`INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES (${row!.id}, ${row!.hash}, ${row!.created_at})`,
      );
    }
    expect((await env.app.inject({ url: '/api/ready' })).statusCode).toBe(200);
  });

  it('/tls-help follows Accept-Language and ?lang=, Chinese by default', async () => {
    const zh = await env.app.inject({ url: '/tls-help' });
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('本服务器尚未启用 HTTPS');
    const en = await env.app.inject({ url: '/tls-help', headers: { 'accept-language': 'en-US,en;q=0.8' } });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('This server does not use HTTPS yet');
    expect(en.body).not.toMatch(/[\u3400-\u9fff]/);
    expect(en.headers.vary).toContain('accept-language');
    const asked = await env.app.inject({ url: '/tls-help?lang=en', headers: { 'accept-language': 'zh-CN' } });
    expect(asked.body).toContain('<html lang="en">');
  });

  it('/metrics is served to loopback and to the token, refused otherwise', async () => {
    const local = await env.app.inject({ url: '/metrics' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toContain('text/plain; version=0.0.4');

    const remote = await env.app.inject({ url: '/metrics', remoteAddress: '192.168.1.50' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain('anju_http_requests_total');

    // A proxy on the same machine must not turn every client into "loopback".
    const proxied = await env.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);

    const wrong = await env.app.inject({
      url: '/metrics',
      remoteAddress: '192.168.1.50',
      headers: { authorization: 'Bearer not-the-token-at-all-000' },
    });
    expect(wrong.statusCode).toBe(401);

    const withToken = await env.app.inject({
      url: '/metrics',
      remoteAddress: '192.168.1.50',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('/metrics counts requests by route pattern and status class, with a latency histogram', async () => {
    const before = (await env.app.inject({ url: '/metrics' })).body;
    const health = 'anju_http_requests_total{method="GET",route="/api/health",status="2xx"}';
    const unmatched = 'anju_http_requests_total{method="GET",route="unmatched",status="4xx"}';
    const login = 'anju_http_requests_total{method="POST",route="/api/v1/auth/login",status="2xx"}';
    for (let i = 0; i < 3; i++) await env.app.inject({ url: '/api/health' });
    await env.app.inject({ url: '/api/no-such-route/110101199003077777' });
    await signIn(env.app, 'police');

    const after = (await env.app.inject({ url: '/metrics' })).body;
    expect(sample(after, health) - sample(before, health)).toBe(3);
    expect(sample(after, unmatched) - sample(before, unmatched)).toBe(1);
    expect(sample(after, login) - sample(before, login)).toBe(1);
    // Raw URLs (which may carry an ID number) never become labels.
    expect(after).not.toContain('110101199003077777');
    expect(after).toMatch(
      /anju_http_request_duration_seconds_bucket\{method="GET",route="\/api\/health",status="2xx",le="\+Inf"\} \d+/,
    );
    expect(after).toContain('# TYPE anju_gate_decisions_total counter');
    expect(after).toContain('# TYPE anju_face_engine_queue_length gauge');
    expect(after).toContain('# TYPE anju_alert_deliveries_total counter');
    expect(after).toContain('process_resident_memory_bytes ');
  });

  it('refuses to migrate a database that a newer Anju has migrated, with a clear message', async () => {
    const newest = knownMigrations().at(-1)!.when;
    await env.ctx.db.execute(
      sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from-a-newer-anju', ${newest + 60_000})`,
    );
    try {
      const error = await runMigrations(env.ctx.database).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseTooNewError);
      expect((error as Error).message).toMatch(/1 migration\(s\) newer than this version of Anju/);
      expect((error as Error).message).toMatch(/Upgrade Anju/);
      // The start-up path refuses the same way.
      await expect(prepareDatabase(env.ctx)).rejects.toBeInstanceOf(DatabaseTooNewError);
    } finally {
      await env.ctx.db.execute(
        sql`DELETE FROM drizzle.__drizzle_migrations WHERE hash = 'from-a-newer-anju'`,
      );
    }
  });

  it('migrating a populated demo database keeps every row', async () => {
    await signIn(env.app, 'admin'); // adds sessions and audit entries to the demo data
    const before = await countRows(env.ctx.db);
    expect(before['public.users']).toBeGreaterThanOrEqual(6);
    expect(before['public.audit_log']).toBeGreaterThan(0);
    const { applied } = await runMigrations(env.ctx.database);
    expect(applied).toBe(0);
    expect(await countRows(env.ctx.db)).toEqual(before);

    if (backend === 'pglite') {
      // A copy, as an operator tests an upgrade: the data-folder image opened as another database.
      const copy = await pgliteClient(env.ctx.database).clone();
      try {
        const copyDb = drizzle({ client: copy as PGlite, schema }) as unknown as Db;
        const database: Database = {
          db: copyDb,
          kind: 'pglite',
          withLock: (_id, fn) => fn(),
          close: () => copy.close(),
        };
        expect((await runMigrations(database)).applied).toBe(0);
        expect(await countRows(copyDb)).toEqual(before);
      } finally {
        await copy.close();
      }
    }
  });
});

describe('operations: the trust page and the command line in the reader’s language', () => {
  const CJK = /[\u3400-\u9fff]/;
  const local: TlsMaterial = {
    mode: 'auto',
    key: '',
    cert: '',
    caPem: '-----BEGIN CERTIFICATE-----',
    fingerprint: 'AA:BB:CC',
    names: ['anju.lan', '192.168.1.20', 'localhost'],
    notAfter: new Date(),
  };

  it('the local-CA page names the CA as devices show it, in either language', () => {
    const zh = tlsHelpPage(local, 8443, 'zh-CN');
    expect(zh).toContain('下载根证书 anju-ca.crt');
    expect(zh).toContain(`“${LOCAL_CA_NAME}”`);
    expect(zh).toContain('https://anju.lan:8443/');
    const en = tlsHelpPage(local, 443, 'en');
    expect(en).toContain('Download the root certificate anju-ca.crt');
    expect(en).toContain('<code>AA:BB:CC</code>');
    expect(en).toContain('https://192.168.1.20/');
    expect(en).toContain(`for “${LOCAL_CA_NAME}”`);
    // The CA's name is the only Chinese left on the English page.
    expect(en.replaceAll(LOCAL_CA_NAME, '')).not.toMatch(CJK);
  });

  it('the command line speaks the locale’s language, Chinese unless it is English', () => {
    expect(operatorLang({})).toBe('zh-CN');
    expect(operatorLang({ LANG: 'C.UTF-8' })).toBe('zh-CN');
    expect(operatorLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(operatorLang({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(operatorLang({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' })).toBe('en');
    expect(operatorLang({ LANG: 'eo' })).toBe('zh-CN');
  });
});

describe('operations: metrics registry', () => {
  it('renders counters, gauges and histograms in Prometheus text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter({ name: 'x_total', help: 'things', labelNames: ['kind'] });
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' }, 2);
    c.inc({ kind: 'say "hi"\n' });
    expect(r.counter({ name: 'x_total', help: 'again', labelNames: ['kind'] })).toBe(c);
    expect(() => r.gauge({ name: 'x_total', help: 'clash' })).toThrow(/already a counter/);
    expect(() => c.inc({ nope: 1 })).toThrow(/unknown label/);
    expect(() => c.inc({ kind: 'a' }, -1)).toThrow();

    const g = r.gauge({ name: 'queue_length', help: 'waiting' });
    let waiting = 4;
    g.collect(() => waiting);
    const h = r.histogram({ name: 'latency_seconds', help: 'time', buckets: [0.1, 1] });
    h.observe(0.05);
    h.observe(0.5);
    h.observe(3);

    const text = r.render();
    expect(text).toContain('# TYPE x_total counter\n');
    expect(text).toContain('x_total{kind="a"} 3\n');
    expect(text).toContain('x_total{kind="say \\"hi\\"\\n"} 1\n');
    expect(text).toContain('queue_length 4\n');
    waiting = 7;
    expect(r.render()).toContain('queue_length 7\n');
    expect(text).toContain('latency_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('latency_seconds_bucket{le="1"} 2\n');
    expect(text).toContain('latency_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain('latency_seconds_sum 3.55\n');
    expect(text).toContain('latency_seconds_count 3\n');
  });
});

describe('operations: configuration', () => {
  const base = { ANJU_DATA_DIR: '/tmp/anju-config-test' };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig({ ...base, ...env }, 'production');
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('TLS off by default; auto moves HTTPS to 8443 and keeps plain HTTP on 8080', () => {
    const off = loadConfig(base, 'production');
    expect(off.tls.mode).toBe('off');
    expect(off.port).toBe(8080);
    expect(off.httpPort).toBeNull();
    const auto = loadConfig(
      { ...base, ANJU_TLS: 'auto', ANJU_TLS_NAMES: 'anju.local,10.0.0.2' },
      'production',
    );
    expect(auto.tls).toEqual({ mode: 'auto', extraNames: ['anju.local', '10.0.0.2'] });
    expect(auto.port).toBe(8443);
    expect(auto.httpPort).toBe(8080);
    const custom = loadConfig(
      { ...base, ANJU_TLS: 'auto', PORT: '443', ANJU_HTTP_PORT: 'off' },
      'production',
    );
    expect([custom.port, custom.httpPort]).toEqual([443, null]);
  });

  it('names each bad ops setting', () => {
    expect(problems({ ANJU_METRICS_TOKEN: 'short' })[0]).toMatch(/^ANJU_METRICS_TOKEN: must be 16/);
    expect(problems({ ANJU_TLS_CERT: '/etc/ssl/anju.crt' })[0]).toMatch(/set both/);
    expect(problems({ ANJU_TLS_CERT: '/nonexistent/a.crt', ANJU_TLS_KEY: '/nonexistent/a.key' })).toEqual([
      'ANJU_TLS_CERT: cannot read /nonexistent/a.crt',
      'ANJU_TLS_KEY: cannot read /nonexistent/a.key',
    ]);
    expect(problems({ ANJU_TLS: 'yes' })[0]).toMatch(/^ANJU_TLS:/);
    expect(problems({ ANJU_TLS: 'auto', PORT: '8080' })[0]).toMatch(/ANJU_HTTP_PORT: must differ from PORT/);
    expect(problems({ ANJU_BACKUP_DIR: '/var/backups/anju' })[0]).toMatch(/ANJU_BACKUP_PASSPHRASE: required/);
    expect(problems({ ANJU_BACKUP_PASSPHRASE: 'short' })[0]).toMatch(/at least 12/);
    expect(problems({ ANJU_BACKUP_KEEP: '0' })[0]).toMatch(/^ANJU_BACKUP_KEEP/);
  });
});
