/**
 * Test harness: every integration suite runs once on an in-memory PGlite and once on a fresh
 * PostgreSQL database (when TEST_DATABASE_URL is set), through the real app built by buildApp.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createKeyring } from '../src/platform/crypto.ts';
import { prepareDatabase } from '../src/platform/startup.ts';
import { createEventBus } from '../src/platform/events.ts';
import type { DemoSeeder } from '../src/platform/demo-seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../src/modules/registry/seed.ts';

export { waitFor } from './wait.ts';

export type Backend = 'pglite' | 'postgres';
export const DEMO_PASSWORD = 'test-demo-password';

export interface TestEnv {
  backend: Backend;
  app: FastifyInstance;
  ctx: AppContext;
  /** Sets the clock the app reads (`ctx.now`); undefined returns to real time. */
  setNow(date: Date | undefined): void;
  close(): Promise<void>;
}

export interface TestEnvOptions {
  /** Extra config overrides. */
  config?: Partial<Config>;
  /** Seed the demo compound (default true). */
  demo?: boolean;
  /**
   * Module demo data for the demo site. Default: a small registry (48 flats, 40 households) so
   * suites start fast; pass DEMO_SEEDERS for the full 1,940-household compound.
   */
  seeders?: DemoSeeder[];
}

/**
 * Waits until the work requests started off their answer's path (lock controller calls with their
 * retries, records and alerts) has all finished: call it before a test ends, and before asserting
 * that something did NOT happen.
 */
export async function settled(env: { ctx: AppContext }): Promise<void> {
  for (const settle of env.ctx.settlers ?? []) await settle();
}

/**
 * `tmp(name)` makes a temporary folder that is removed after the file's tests. Data folders hold
 * whole databases (tens of MB): nothing is left behind in /tmp. Call at the top of a test file.
 */
export function tempDirs(): (name: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anju-${name}-`));
    made.push(dir);
    return dir;
  };
}

/** A PostgreSQL database of its own per suite, dropped afterwards. */
export async function freshPostgresDatabase(
  baseUrl: string,
  prefix = 'anju_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      // pool.end() resolves before the closed sessions have left the server; a forced drop
      // before then makes the server kill them, which the ending clients report as errors.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestEnv(backend: Backend, options: TestEnvOptions = {}): Promise<TestEnv> {
  const demo = options.demo ?? true;
  const base = loadConfig(
    { ANJU_DATA_DIR: path.join(os.tmpdir(), 'anju-test-unused'), LOG_LEVEL: 'silent' },
    demo ? 'demo' : 'production',
  );
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (backend === 'postgres') {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) throw new Error('TEST_DATABASE_URL not set');
    ({ url, drop } = await freshPostgresDatabase(baseUrl));
  }
  // Audit head checkpoints of this app alone (each test app has its own key).
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-test-anchor-'));
  const config: Config = {
    ...base,
    demoPassword: DEMO_PASSWORD,
    databaseUrl: url,
    auditAnchor: { ...base.auditAnchor, dir: anchorDir },
    ...options.config,
  };
  const database = await openDatabase({ url, pgliteDir: 'memory://' });
  let fixedNow: Date | undefined;
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    keyring: createKeyring(crypto.randomBytes(32)),
    events: await createEventBus(url),
    now: () => fixedNow ?? new Date(),
  };
  await prepareDatabase(ctx, options.seeders ?? [registrySeeder(SMALL_REGISTRY)]);
  const app = await buildApp(ctx, { logger: false });
  app.serving = true;
  await app.ready();
  return {
    backend,
    app,
    ctx,
    setNow: (d) => {
      fixedNow = d;
    },
    async close() {
      await app.close();
      await ctx.events.close();
      await database.close();
      await drop?.();
      fs.rmSync(anchorDir, { recursive: true, force: true });
    },
  };
}

/**
 * Declares the suite once per backend. Without TEST_DATABASE_URL the PostgreSQL run is reported
 * as skipped, with the reason in its title.
 */
export function describeBackends(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} [pglite]`, () => suite('pglite'));
  if (process.env.TEST_DATABASE_URL) {
    describe(`${title} [postgres]`, () => suite('postgres'));
  } else {
    describe.skip(`${title} [postgres] — skipped: TEST_DATABASE_URL is not set`, () => suite('postgres'));
  }
}

/** A signed-in client for one user: keeps the session cookie and sends the CSRF token on writes. */
export interface Client {
  username: string;
  csrfToken: string;
  cookie: string;
  me: { user: { id: string; role: string }; sites: { id: string; name: string }[] };
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
  ip = '10.9.8.7',
): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'anju_session');
  if (!setCookie) throw new Error('no session cookie');
  const body = res.json();
  const cookie = `anju_session=${setCookie.value}`;
  const client: Client = {
    username,
    csrfToken: body.csrfToken,
    cookie,
    me: body,
    request: (options) =>
      app.inject({
        ...options,
        headers: {
          cookie,
          ...(options.method && options.method !== 'GET' ? { 'x-csrf-token': body.csrfToken } : {}),
          ...options.headers,
        },
      }),
    get: (url) => client.request({ method: 'GET', url }),
    post: (url, payload) =>
      client.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    patch: (url, payload) =>
      client.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] }),
    del: (url) => client.request({ method: 'DELETE', url }),
  };
  return client;
}

/** A gate registered by `staff` with a tablet paired to it: the gate's id and the device token. */
export async function pairedGate(
  app: FastifyInstance,
  staff: Client,
  gate: { siteId: string; name: string; direction: 'in' | 'out' | 'both' },
  deviceName?: string,
): Promise<{ gateId: string; token: string }> {
  const created = await staff.post('/api/v1/access/gates', gate);
  if (created.statusCode !== 201) throw new Error(`gate not created: ${created.statusCode} ${created.body}`);
  const gateId: string = created.json().id;
  const code = (await staff.post(`/api/v1/access/gates/${gateId}/pairing-code`)).json().code;
  return { gateId, token: await pairTablet(app, code, deviceName) };
}

/** The gate tablet's side of pairing: a pairing code exchanged for the device token. */
export async function pairTablet(app: FastifyInstance, code: string, deviceName?: string): Promise<string> {
  const paired = await app.inject({
    method: 'POST',
    url: '/api/v1/access/terminal/pair',
    payload: { code, name: deviceName },
  });
  if (paired.statusCode !== 201) throw new Error(`tablet not paired: ${paired.statusCode} ${paired.body}`);
  return paired.json().token;
}

/**
 * A kiosk of a site and its bearer token, paired as a real kiosk is: staff make a pairing code in
 * the console (POST /api/v1/kiosk/devices/pairing-code), the kiosk exchanges it
 * (POST /api/v1/kiosk/terminal/pair).
 */
export async function kioskDevice(
  staff: Client,
  siteId: string,
  name = 'kiosk',
): Promise<{ deviceId: string; token: string }> {
  const made = await staff.post('/api/v1/kiosk/devices/pairing-code', { siteId, name });
  if (made.statusCode !== 201) throw new Error(`no kiosk pairing code: ${made.statusCode} ${made.body}`);
  // The kiosk has no session: the cookie is blanked, the route is public.
  const paired = await staff.request({
    method: 'POST',
    url: '/api/v1/kiosk/terminal/pair',
    payload: { code: made.json().code },
    headers: { cookie: '' },
  });
  if (paired.statusCode !== 201) throw new Error(`kiosk not paired: ${paired.statusCode} ${paired.body}`);
  return { deviceId: paired.json().deviceId, token: paired.json().token };
}
