import { defineConfig } from 'vitest/config';

// Browser journeys: Playwright drives Debian's Chromium against a real Trio server per file.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    allowOnly: !process.env.CI,
  },
});
