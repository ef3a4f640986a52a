import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/timeouts.ts';

// The web's render tests replace a module (vi.mock) and so keep a fresh module graph per file; every other file
// shares its worker's modules with the files before it (isolate: false): importing the server's modules once per
// worker instead of once per file saved ~100 s of wall time per suite. Module-level state is "the latest app's"
// (hooks, clocks) or keyed per app, so a file that builds its app sees its own.
const WEB_RENDER = ['test/web/list-page.test.ts'];

export default defineConfig({
  test: {
    // Two files at a time: each has its own database, and most of a file's time is spent waiting on it.
    maxWorkers: 2,
    pool: 'forks',
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    allowOnly: !process.env.CI,
    projects: [
      {
        extends: true,
        test: {
          name: 'services',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // *.pg.test.ts are about a PostgreSQL server (going away, restarting): they run when DATABASE_URL is set.
          exclude: ['test/e2e/**', 'node_modules/**', ...WEB_RENDER, ...(process.env.DATABASE_URL ? [] : ['**/*.pg.test.ts'])],
          globalSetup: ['test/global-setup.ts'],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'web-render', include: WEB_RENDER } },
    ],
  },
});
