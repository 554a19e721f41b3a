/**
 * Starts the real app in-process on a random local port: in-memory PGlite, migrations, demo
 * compound (accounts admin/police/... with DEMO_PASSWORD), and the built console from
 * packages/web/dist (build it first: `npm run build`).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import {
  createTestEnv,
  DEMO_PASSWORD,
  type TestEnv,
  type TestEnvOptions,
} from '../../packages/server/test/harness.ts';

export { DEMO_PASSWORD };

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  env: TestEnv;
  close(): Promise<void>;
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../../packages/web/dist');

export async function startServer(options: TestEnvOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`web console not built (${WEB_DIST}); run \`npm run build\` first`);
  }
  const env = await createTestEnv('pglite', options);
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = env.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, env, close: () => env.close() };
}

/** What the URL-only tests need: where the console is, and how to let go of it. */
export interface Target {
  url: string;
  close(): Promise<void>;
}

/**
 * The server a URL-only test drives: in the cluster run (`npm run test:e2e:cluster`) the proxy in
 * front of two processes on PostgreSQL, otherwise a fresh in-process server as startServer.
 */
export async function openTarget(): Promise<Target> {
  const cluster = inject('anjuCluster');
  if (cluster) return { url: cluster.url, close: async () => undefined };
  return startServer();
}
