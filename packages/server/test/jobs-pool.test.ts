/**
 * Every background job of the product, started together the way `serve` starts them, on a
 * PostgreSQL pool with few connections: each finishes its first round. A job holds one pooled
 * connection for its lock and may write through the pool with another (alerts/pipeline.ts
 * jobDb); when all of them ran at once, the locks took every connection and the process hung
 * (requests and shutdown too). The scheduler now gives jobs MAX_CONCURRENT_JOBS turns at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.ts';
import { MODULE_JOBS } from '../src/modules/index.ts';
import { MAX_CONCURRENT_JOBS, startScheduler } from '../src/platform/jobs.ts';
import { createTestEnv, type TestEnv } from './harness.ts';
import { waitFor } from './wait.ts';

const withPostgres = !!process.env.TEST_DATABASE_URL;

const title = withPostgres
  ? 'background jobs on a small PostgreSQL pool [postgres]'
  : 'background jobs on a small PostgreSQL pool [postgres] — skipped: TEST_DATABASE_URL is not set';

describe.skipIf(!withPostgres)(title, () => {
  let env: TestEnv;
  let small: Database;

  beforeAll(async () => {
    env = await createTestEnv('postgres');
    // One connection per job turn plus one for the writes a job makes through the pool.
    small = await openDatabase({ url: env.ctx.config.databaseUrl, poolMax: MAX_CONCURRENT_JOBS + 1 });
  });

  afterAll(async () => {
    await small?.close();
    await env?.close();
  });

  it('all jobs started at once finish their first round, then stop', async () => {
    const finished = new Set<string>();
    const failed: string[] = [];
    const scheduler = startScheduler({ ...env.ctx, database: small, db: small.db }, MODULE_JOBS, {
      log: {
        info: (obj) => finished.add((obj as { job: string }).job),
        error: (obj) => failed.push((obj as { job: string }).job),
      },
    });
    try {
      await waitFor(() => finished.size + failed.length === MODULE_JOBS.length, {
        timeout: 60_000,
        message: () => `finished ${[...finished].join(', ')}; failed ${failed.join(', ')}`,
      });
      expect(failed).toEqual([]);
      expect([...finished].sort()).toEqual(MODULE_JOBS.map((j) => j.name).sort());
    } finally {
      await scheduler.stop();
    }
  });
});
