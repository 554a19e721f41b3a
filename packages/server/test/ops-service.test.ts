import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { queryRows } from '../src/db/client.ts';
import { appendAudit } from '../src/platform/audit/service.ts';
import { DEFAULT_DEMO_PASSWORD, loadConfig } from '../src/config.ts';
import { registrySeeder, SMALL_REGISTRY } from '../src/modules/registry/seed.ts';
import { createContext, prepareDatabase } from '../src/platform/startup.ts';
import { runtimeFile } from '../src/platform/ops/runtime.ts';
import { createTestEnv, tempDirs } from './harness.ts';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');
const tmp = tempDirs();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function post(port: number, urlPath: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function get(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('operations: graceful shutdown', () => {
  it('app.close() (what SIGTERM calls) lets an in-flight gate request finish and write its event', async () => {
    const env = await createTestEnv('pglite', { demo: false });
    const app = await buildApp(env.ctx, { logger: false });
    // Stands in for a gate decision: slow work, then the event row.
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let handlerDoneAt = 0;
    // The slow work ends when the test says so (after it has seen new connections refused).
    let finishWork!: () => void;
    const work = new Promise<void>((resolve) => {
      finishWork = resolve;
    });
    // Like every route, it declares who may call it (the guard refuses undeclared routes at start).
    app.post('/test/slow-gate', { config: { public: true } }, async () => {
      entered();
      await work;
      await appendAudit(
        env.ctx.db,
        { id: null, name: 'gate', role: null, ip: null },
        { action: 'gate.test' },
      );
      handlerDoneAt = performance.now();
      return { decided: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    app.serving = true;
    const { port } = app.server.address() as net.AddressInfo;
    try {
      const inFlight = post(port, '/test/slow-gate', {});
      await handlerEntered;
      let closedAt = 0;
      const closing = app.close().then(() => {
        closedAt = performance.now();
      });
      // No new connections once shutdown started (polled: close() stops listening soon, not at once).
      await expect
        .poll(() =>
          get(port, '/api/health').then(
            () => 'accepted',
            (err: Error) => err.message,
          ),
        )
        .toMatch(/ECONNREFUSED/);
      expect(handlerDoneAt).toBe(0);
      expect(closedAt).toBe(0); // still waiting for the handler
      finishWork();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ decided: true });
      await closing;
      // close() resolved only after the in-flight handler had finished its work.
      expect(handlerDoneAt).toBeGreaterThan(0);
      expect(closedAt).toBeGreaterThanOrEqual(handlerDoneAt);
      const rows = await queryRows<{ n: number }>(
        env.ctx.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'gate.test'`,
      );
      expect(rows[0]!.n).toBe(1);
    } finally {
      await env.close();
    }
  }, 180_000);

  it('a real `serve` process: backup from another process while it runs, then SIGTERM mid-requests', async () => {
    const dataDir = path.join(tmp('service'), 'data');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ANJU_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      // info: the server logs "incoming request", which tells the test a request is in flight.
      LOG_LEVEL: 'info',
    };
    delete env.ANJU_DEMO_PASSWORD;
    delete env.DATABASE_URL;
    // The data folder is prepared here with the small demo compound (48 flats): the process then
    // starts on an existing demo database instead of seeding 1,940 households, which on a loaded
    // 2-core machine took longer than any sensible start-up bound. What is checked is the running
    // process (backup beside it, SIGTERM mid-requests), not the seeding.
    const prepared = await createContext({
      ...loadConfig({ ANJU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, 'demo'),
      demoPassword: DEFAULT_DEMO_PASSWORD,
    });
    try {
      await prepareDatabase(prepared, [registrySeeder(SMALL_REGISTRY)]);
    } finally {
      await prepared.events.close();
      await prepared.database.close();
    }
    const started = performance.now();
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--demo'], {
      cwd: SERVER_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    server.stderr!.on('data', (d: Buffer) => {
      output += d.toString();
    });
    try {
      for (;;) {
        if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
        if ((await get(port, '/api/health').catch(() => 0)) === 200) break;
        if (performance.now() - started > 400_000) throw new Error(`server did not start:\n${output}`);
        await sleep(250);
      }
      expect(fs.existsSync(runtimeFile(dataDir))).toBe(true);

      // `anju backup` in a second process talks to the running server (PGlite is single-process).
      const archive = path.join(path.dirname(dataDir), 'live.anjubak');
      const cli = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'backup', archive], {
        cwd: SERVER_DIR,
        env: { ...env, ANJU_BACKUP_PASSPHRASE: 'service test passphrase' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let cliOut = '';
      cli.stdout!.on('data', (d: Buffer) => {
        cliOut += d.toString();
      });
      cli.stderr!.on('data', (d: Buffer) => {
        cliOut += d.toString();
      });
      expect(await exitOf(cli), cliOut).toBe(0);
      expect(cliOut).toMatch(/via the running server \(pid \d+\)/);
      expect(fs.statSync(archive).size).toBeGreaterThan(100_000);

      // SIGTERM while logins (argon2 verification) are in flight: every one is answered.
      const logins = ['police', 'property', 'admin', 'mediator', 'resident'].map((username) =>
        post(port, '/api/v1/auth/login', { username, password: DEFAULT_DEMO_PASSWORD }),
      );
      const arrived = () =>
        output.split('\n').filter((l) => l.includes('incoming request') && l.includes('/api/v1/auth/login'))
          .length;
      for (const t0 = performance.now(); arrived() < 5; await sleep(5)) {
        if (performance.now() - t0 > 60_000) throw new Error(`logins never reached the server:\n${output}`);
      }
      server.kill('SIGTERM');
      const results = await Promise.all(logins);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await exitOf(server)).toBe(0);
      expect(fs.existsSync(runtimeFile(dataDir))).toBe(false);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, 600_000);
});
