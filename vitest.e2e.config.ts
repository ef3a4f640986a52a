import { defineConfig } from 'vitest/config';
import { HOOK_TIMEOUT_MS, TEST_TIMEOUT_MS } from './test/timeouts.ts';

// Browser journeys: Playwright drives Debian's Chromium against a real Trio server per file, started from a demo
// seeded once per run (test/e2e/global-setup.ts, harness.ts). Two files at a time: a journey spends much of its time
// waiting (for the server, the browser, a sweep), and each has its own server, database and browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: Number(process.env.TRIO_E2E_WORKERS || 2),
    testTimeout: TEST_TIMEOUT_MS,
    hookTimeout: HOOK_TIMEOUT_MS,
    allowOnly: !process.env.CI,
  },
});
