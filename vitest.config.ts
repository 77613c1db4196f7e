import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/support/build-bin.ts'],
    testTimeout: 20_000,
    reporters: ['default', './test/support/skip-report.ts'],
  },
});
