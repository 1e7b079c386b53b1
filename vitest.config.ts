import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{base,device,drivers,models,sync,ui,test}/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real services (Mosquitto, PostgreSQL, Chromium) on free ports; two cores here.
    maxWorkers: 2,
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
