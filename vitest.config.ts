import { defineConfig } from 'vitest/config';

// Integration and unit tests (server + contracts + the benchmarks' statistics helpers). Browser tests live in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only add contention (each file runs its own database).
    maxWorkers: 2,
    reporters: ['default'],
    // Tests wait for what they check, never a fixed time: expect.poll gives a loaded 2-core
    // machine 20 s (a bound only a real hang exceeds). See README, "How tests wait".
    expect: { poll: { timeout: 20_000, interval: 50 } },
    // One face worker per test process: the suites already run two processes on two cores.
    env: { ANJU_FACE_WORKERS: '1' },
  },
});
