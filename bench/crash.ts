/**
 * bench:crash — kill -9 the server during a burst of gate events, restart it, and check that
 * every request that got a response has its event stored (and nothing is half-written).
 *   npm run bench:crash -- [--seconds 3] [--concurrency 8] [--database-url postgres://…]
 * Runs the real `serve --demo` process on a fresh data folder (PGlite by default), bursts card
 * passages at one gate, sends SIGKILL mid-burst, starts the server again on the same data and
 * compares. Prints one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, REPO_ROOT } from './face-lib.ts';

const PORT = 18_000 + Math.floor(Math.random() * 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'crash-test-demo';

function startServer(dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts', 'serve', '--demo'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      ANJU_DATA_DIR: dataDir,
      ANJU_DEMO_PASSWORD: PASSWORD,
      ANJU_FACE_WORKERS: '1',
      LOG_LEVEL: 'warn',
      ...(argValue('database-url') ? { DATABASE_URL: argValue('database-url') } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitHealthy(timeoutMs = 180_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${BASE}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signIn(username: string) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken: string; sites: { id: string }[] };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call = async (method: string, url: string, payload?: unknown) => {
    const r = await fetch(`${BASE}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': body.csrfToken,
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    return r.json() as Promise<Record<string, unknown>>;
  };
  return { siteId: body.sites[0]!.id, call };
}

async function main() {
  const seconds = Number(argValue('seconds') ?? 3);
  const concurrency = Number(argValue('concurrency') ?? 8);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anju-crash-'));
  let server = startServer(dataDir);
  try {
    await waitHealthy();
    const property = await signIn('property');
    const gate = await property.call('POST', '/api/v1/access/gates', {
      siteId: property.siteId,
      name: '压测门',
      direction: 'both',
    });
    const code = await property.call('POST', `/api/v1/access/gates/${gate.id}/pairing-code`);
    const paired = (await (
      await fetch(`${BASE}/api/v1/access/terminal/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.code }),
      })
    ).json()) as { token: string };

    // Burst card passages (some known-unknown cards too) and remember every answered event id.
    const answered: number[] = [];
    let sent = 0;
    let failed = 0;
    let stop = false;
    const killAt = Date.now() + seconds * 1000;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        sent++;
        try {
          const res = await fetch(`${BASE}/api/v1/access/terminal/credential`, {
            method: 'POST',
            headers: { authorization: `Bearer ${paired.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ method: 'card', value: (0xc0000000 + w * 100_000 + i).toString(16) }),
          });
          const body = (await res.json()) as { eventId?: number };
          if (res.status === 200 && body.eventId) answered.push(body.eventId);
          else failed++;
        } catch {
          failed++;
        }
      }
    };
    const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited;

    const restartStarted = Date.now();
    server = startServer(dataDir);
    await waitHealthy();
    const restartMs = Date.now() - restartStarted;
    const police = await signIn('police');
    const stored = new Set<number>();
    for (let cursor = ''; ; ) {
      const res = (await police.call(
        'GET',
        `/api/v1/access/events?gateId=${gate.id}&pageSize=500${cursor ? `&cursor=${cursor}` : ''}`,
      )) as {
        items: { id: number; decision: string; reason: string; method: string }[];
        nextCursor: string | null;
      };
      for (const e of res.items) if (e.decision && e.reason && e.method) stored.add(e.id);
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    const missing = answered.filter((id) => !stored.has(id));
    console.log(
      JSON.stringify({
        backend: argValue('database-url') ? 'postgres' : 'pglite',
        burst_seconds: seconds,
        concurrency,
        requests_sent: sent,
        responses_ok: answered.length,
        requests_cut_off: failed,
        events_stored: stored.size,
        answered_but_missing: missing.length,
        stored_without_answer: stored.size - (answered.length - missing.length),
        restart_to_healthy_ms: restartMs,
        ok: missing.length === 0,
      }),
    );
    if (missing.length) process.exitCode = 1;
  } finally {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
