import { defineConfig } from 'vitest/config';

// Unit tests of the benchmarks' own helpers (pure functions, no database, no engine):
//   npx vitest run --config bench/vitest.config.ts
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    reporters: ['default'],
  },
});
