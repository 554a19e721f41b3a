/**
 * bench:cluster — two Anju processes on one PostgreSQL behind the bundled proxy (deploy/cluster):
 * steady console traffic through the proxy, kill -9 of one process part-way, and what the users
 * saw: failed requests, latency percentiles before / around / after the kill, and how long until
 * the restarted process answered through the proxy again.
 *   npm run bench:cluster -- [--database-url postgres://…/postgres-db] [--seconds 40] [--rate 20] [--kill-at 10]
 * A fresh database is created next to the given one (default TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test) and dropped afterwards. Prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../deploy/cluster/cluster.ts';
import { freshPostgresDatabase } from '../packages/server/test/harness.ts';
import { argValue } from './face-lib.ts';

const PASSWORD = 'cluster-bench-demo';

interface Sample {
  at: number;
  ms: number;
  status: number;
  upstream: string | null;
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function main() {
  const baseUrl =
    argValue('database-url') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const seconds = Number(argValue('seconds') ?? 40);
  const rate = Number(argValue('rate') ?? 20);
  const killAt = Number(argValue('kill-at') ?? 10);
  const { url: databaseUrl, drop } = await freshPostgresDatabase(baseUrl, 'anju_bench_cluster');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-cluster-'));
  const startedAt = performance.now();
  const cluster = await startCluster({
    databaseUrl,
    processes: 2,
    port: 0,
    firstPort: 38_201,
    demo: true,
    dataDir,
    env: { ANJU_DEMO_PASSWORD: PASSWORD, ANJU_FACE_WORKERS: '1' },
    output: () => undefined,
  });
  const readyMs = Math.round(performance.now() - startedAt);
  try {
    const login = await fetch(`${cluster.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'police', password: PASSWORD }),
    });
    const cookie = /anju_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`login failed: ${login.status}`);

    // Console-like reads alternating between a list and a statistic, at a steady rate.
    const paths = [
      '/api/v1/registry/stats',
      '/api/v1/access/events?pageSize=20',
      '/api/v1/alerts?status=open',
    ];
    const samples: Sample[] = [];
    const t0 = performance.now();
    let killedAt: number | null = null;
    const victim = cluster.processes[0]!;
    const inflight: Promise<void>[] = [];
    for (let i = 0; performance.now() - t0 < seconds * 1000; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (killedAt === null && performance.now() - t0 >= killAt * 1000) {
        killedAt = performance.now() - t0;
        victim.child.kill('SIGKILL');
      }
      const at = performance.now() - t0;
      inflight.push(
        fetch(`${cluster.url}${paths[i % paths.length]}`, { headers: { cookie } })
          .then(async (res) => {
            await res.arrayBuffer();
            samples.push({
              at,
              ms: performance.now() - t0 - at,
              status: res.status,
              upstream: res.headers.get('x-anju-upstream'),
            });
          })
          .catch(() => {
            samples.push({ at, ms: performance.now() - t0 - at, status: 0, upstream: null });
          }),
      );
    }
    await Promise.all(inflight);
    const kill = killedAt ?? 0;
    const ok = samples.filter((s) => s.status === 200);
    const failed = samples.filter((s) => s.status !== 200);
    const firstBack = samples
      .filter((s) => s.at > kill && s.upstream === '0' && s.status === 200)
      .sort((a, b) => a.at - b.at)[0];
    const window = (from: number, to: number) => ok.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
    console.log(
      JSON.stringify({
        processes: 2,
        ready_ms: readyMs,
        requests: samples.length,
        ok: ok.length,
        failed: failed.length,
        failed_statuses: [...new Set(failed.map((s) => s.status))],
        before_kill: { p50_ms: percentile(window(0, kill), 50), p95_ms: percentile(window(0, kill), 95) },
        first_5s_after_kill: {
          p50_ms: percentile(window(kill, kill + 5000), 50),
          p95_ms: percentile(window(kill, kill + 5000), 95),
          max_ms: percentile(window(kill, kill + 5000), 100),
        },
        after: {
          p50_ms: percentile(window(kill + 5000, Number.POSITIVE_INFINITY), 50),
          p95_ms: percentile(window(kill + 5000, Number.POSITIVE_INFINITY), 95),
        },
        killed_at_s: Math.round(kill / 100) / 10,
        restarted_process_serving_again_after_s: firstBack
          ? Math.round((firstBack.at - kill) / 100) / 10
          : null,
        served_per_process: cluster.served,
      }),
    );
  } finally {
    await cluster.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
