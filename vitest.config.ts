import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/timeouts.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // *.pg.test.ts are about a PostgreSQL server (going away, restarting): they run when DATABASE_URL is set.
    exclude: ['test/e2e/**', 'node_modules/**', ...(process.env.DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Two files at a time: each has its own database, and most of a file's time is spent waiting on it.
    maxWorkers: 2,
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    allowOnly: !process.env.CI,
  },
});
