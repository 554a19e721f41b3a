import { defineConfig } from 'vitest/config';

// The same browser tests against two Anju processes on one PostgreSQL behind the proxy of
// deploy/cluster (see e2e/support/cluster-setup.ts), plus the cluster's own checks. Without
// TEST_DATABASE_URL only e2e/cluster.test.ts is loaded, and it reports itself skipped.
const withPostgres = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: withPostgres
      ? ['e2e/foundation.test.ts', 'e2e/console.test.ts', 'e2e/cluster.test.ts']
      : ['e2e/cluster.test.ts'],
    globalSetup: withPostgres ? ['e2e/support/cluster-setup.ts'] : [],
    provide: { anjuCluster: null },
    testTimeout: 90_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
    // Tests wait for what they check, never a fixed time: expect.poll gives a loaded 2-core
    // machine 20 s (a bound only a real hang exceeds). See README, "How tests wait".
    expect: { poll: { timeout: 20_000, interval: 50 } },
  },
});
