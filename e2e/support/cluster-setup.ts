/**
 * Global set-up of `npm run test:e2e:cluster`: a fresh PostgreSQL database, two `anju serve
 * --demo` processes started together on it (one seeds, the other waits for the lock) and the
 * round-robin proxy in front (deploy/cluster). The browser tests then run against the proxy.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import type { TestProject } from 'vitest/node';
import { startCluster } from '../../deploy/cluster/cluster.ts';
import { DEMO_PASSWORD, freshPostgresDatabase } from '../../packages/server/test/harness.ts';
import { ARTIFACTS_DIR } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set only in the cluster run: the proxy's URL and the processes behind it. */
    anjuCluster: { url: string; processes: { url: string; pid: number }[] } | null;
  }
}

export default async function setup(project: TestProject) {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('the cluster run needs PostgreSQL: set TEST_DATABASE_URL');
  const { url: databaseUrl, drop } = await freshPostgresDatabase(baseUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-cluster-'));
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const log = fs.createWriteStream(path.join(ARTIFACTS_DIR, 'cluster.log'));
  const started = performance.now();
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  try {
    cluster = await startCluster({
      databaseUrl,
      processes: 2,
      port: 0,
      firstPort: 38_101,
      demo: true,
      dataDir,
      env: { ANJU_DEMO_PASSWORD: DEMO_PASSWORD, LOG_LEVEL: 'warn' },
      output: (line) => log.write(`${line}\n`),
      // One process seeds the whole demo compound: on a loaded 2-core machine that has taken
      // minutes. The bound is for a process that never gets ready, not for a slow one.
      readyTimeoutMs: 600_000,
    });
  } catch (error) {
    // Nothing left behind when the processes do not come up (their output is in cluster.log).
    log.end();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  console.log(
    `[cluster] 2 processes + proxy ready in ${Math.round(performance.now() - started)} ms at ${cluster.url}`,
  );
  project.provide('anjuCluster', {
    url: cluster.url,
    processes: cluster.processes.map((p) => ({ url: p.url, pid: p.child.pid ?? 0 })),
  });
  return async () => {
    console.log(`[cluster] responses per process through the proxy: ${cluster.served.join(' / ')}`);
    await cluster.close();
    log.end();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
