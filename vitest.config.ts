import { defineConfig } from 'vitest/config';

// Integration and unit tests (server + contracts). Browser tests live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only add contention (each file runs its own database).
    maxWorkers: 2,
    reporters: ['default'],
    // One face worker per test process: the suites already run two processes on two cores.
    env: { ANJU_FACE_WORKERS: '1' },
  },
});
