import { defineConfig } from 'vitest/config';

// Real-browser tests: each file starts the app on a random port and drives /usr/bin/chromium.
// `npm run test:e2e` builds the web console first; the server serves packages/web/dist.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    // Needs the processes started by vitest.cluster.config.ts.
    exclude: ['e2e/cluster.test.ts'],
    provide: { anjuCluster: null },
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One browser at a time: two cores, and each file has its own server and database.
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
    // Tests wait for what they check, never a fixed time: expect.poll gives a loaded 2-core
    // machine 20 s (a bound only a real hang exceeds). See README, "How tests wait".
    expect: { poll: { timeout: 20_000, interval: 50 } },
  },
});
