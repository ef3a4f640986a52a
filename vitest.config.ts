import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/timeouts.ts';

// Every file shares its worker's modules with the files before it (isolate: false): importing the server's modules
// once per worker instead of once per file took CPU time down ~40 % (30 files: import 292 s -> 40 s summed). Module-
// level state is "the latest app's" (hooks, clocks) or keyed per app, so a file that builds its app sees its own.
// Files that need a fresh module graph keep one: the web's render test replaces a module (vi.mock), and the API types
// are generated as a fresh process does (fastify-type-provider-zod names a second app's input schemas differently).
const ISOLATED = ['test/web/list-page.test.ts', 'test/web/api-types.test.ts'];
// Files whose outcome does not depend on DATABASE_URL, run once (in the PGlite pass), not again on PostgreSQL: the rules
// and kernel pieces with no database (src/**), the web's own modules (test/web/**),
// the API document and the payment crypto, and the files about PGlite itself, which open PGlite whatever DATABASE_URL
// says (the template, the demo's first start: ~80 s of the PostgreSQL pass spent running them a second time).
const SAME_ON_EITHER = [
  'src/**/*.test.ts', 'test/web/**/*.test.ts', 'test/api/openapi-complete.test.ts', 'test/payments/wechatpay-crypto.test.ts',
  'test/rich-text.test.ts', 'test/demo-password.test.ts', 'test/pglite-template.test.ts', 'test/demo-first-start.test.ts',
];
const onPostgres = !!process.env.DATABASE_URL;

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
          exclude: ['test/e2e/**', 'node_modules/**', ...ISOLATED, ...(onPostgres ? SAME_ON_EITHER : ['**/*.pg.test.ts'])],
          globalSetup: ['test/global-setup.ts'],
          isolate: false,
        },
      },
      ...(onPostgres ? [] : [{ extends: true as const, test: { name: 'isolated', include: ISOLATED } }]),
    ],
  },
});
