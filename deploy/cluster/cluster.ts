/**
 * Runs N Anju processes on one PostgreSQL behind the round-robin proxy (proxy.ts): the worked
 * example of "several processes" from docs/operations.md, and what `npm run test:e2e:cluster`
 * starts before it runs the browser tests against the proxy.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/anju npm run cluster -- --processes 2 --port 8080 [--demo]
 *
 * All processes start at the same time on purpose: migrations and the demo seed take advisory
 * locks, so one process does the work and the others wait for it. They share one data folder
 * (the master key file; or set ANJU_MASTER_KEY on every machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startProxy } from './proxy.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER_MAIN = path.join(ROOT, 'packages/server/src/main.ts');

export interface AnjuProcess {
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface ClusterOptions {
  databaseUrl: string;
  processes?: number;
  /** The proxy's port (0: any free port). */
  port?: number;
  firstPort?: number;
  /** `serve --demo`: the demo compound, seeded once by whichever process gets the lock. */
  demo?: boolean;
  /** Start a process again when it dies (default true). */
  restart?: boolean;
  dataDir?: string;
  env?: Record<string, string>;
  output?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningCluster {
  /** The proxy's URL: what browsers and terminals use. */
  url: string;
  /** The live processes (an entry is replaced when its process is restarted). */
  processes: AnjuProcess[];
  /** Responses per process, through the proxy. */
  served: number[];
  close(): Promise<void>;
}

export async function startCluster({
  databaseUrl,
  processes = 2,
  port = 8080,
  firstPort = 3001,
  demo = false,
  restart = true,
  dataDir = path.join(ROOT, 'data-cluster'),
  env = {},
  output = (line) => console.log(line),
  readyTimeoutMs = 240_000,
}: ClusterOptions): Promise<RunningCluster> {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl ?? '')) {
    throw new Error('cluster: DATABASE_URL must point at PostgreSQL (PGlite serves one process only)');
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let closing = false;
  const started: AnjuProcess[] = [];
  const launch = (index: number) => {
    const processPort = firstPort + index;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SERVER_MAIN, 'serve', ...(demo ? ['--demo'] : [])],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          ...env,
          DATABASE_URL: databaseUrl,
          ANJU_DATA_DIR: dataDir,
          PORT: String(processPort),
          HOST: '127.0.0.1',
          // The proxy sets X-Forwarded-For; the processes listen on loopback only.
          ANJU_TRUST_PROXY: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const prefix = `[anju:${processPort}] `;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) output(prefix + line);
      });
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    started[index] = { port: processPort, url: `http://127.0.0.1:${processPort}`, child, exited };
    // Like systemd's Restart=always: a process that dies is started again; the proxy meanwhile
    // sends everything to the others.
    child.once('exit', (code, signal) => {
      if (closing || !restart) return;
      output(`${prefix}exited (${signal ?? code}); restarting in 1 s`);
      setTimeout(() => {
        if (!closing) launch(index);
      }, 1000);
    });
  };
  for (let i = 0; i < processes; i++) launch(i);

  const stopAll = async () => {
    closing = true;
    const alive = started.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    for (const p of alive) p.child.kill('SIGTERM');
    // A process has its own 20-s shutdown bound; one that is past it too is killed, so a stuck
    // process can never keep the caller (the cluster test's teardown, CI) waiting.
    const killer = setTimeout(() => {
      for (const p of alive)
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }, 30_000);
    await Promise.all(started.map((p) => p.exited));
    clearTimeout(killer);
  };
  try {
    await Promise.all(started.map((p) => waitReady(p, readyTimeoutMs)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const proxy = await startProxy({
    listen: port,
    upstreams: started.map((p) => p.url),
    log: (line) => output(`[proxy] ${line}`),
  });
  return {
    url: `http://127.0.0.1:${proxy.port}`,
    processes: started,
    served: proxy.served,
    async close() {
      await proxy.close();
      await stopAll();
    },
  };
}

/** Polls /api/ready until 200, or fails when the process exits or the time runs out. */
async function waitReady(p: AnjuProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  p.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`anju on port ${p.port} exited with code ${exitCode}`);
    try {
      const res = await fetch(`${p.url}/api/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`anju on port ${p.port} was not ready within ${timeoutMs / 1000} s`);
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      processes: { type: 'string', default: '2' },
      port: { type: 'string', default: '8080' },
      'first-port': { type: 'string', default: '3001' },
      demo: { type: 'boolean', default: false },
    },
  });
  const started = performance.now();
  const cluster = await startCluster({
    databaseUrl: process.env.DATABASE_URL ?? '',
    processes: Number(values.processes),
    port: Number(values.port),
    firstPort: Number(values['first-port']),
    demo: values.demo,
    dataDir: process.env.ANJU_DATA_DIR,
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return process.exit(1);
  });
  console.log(
    `\n  ${cluster.processes.length} Anju processes ready in ${Math.round(performance.now() - started)} ms` +
      `\n  Through the proxy: ${cluster.url}` +
      `\n  Directly:          ${cluster.processes.map((p) => p.url).join(', ')}\n`,
  );
  const stop = () => void cluster.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
