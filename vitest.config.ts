import { defineConfig } from 'vitest/config';

// Each package (and tests/) owns a vitest.config.ts; the root only collects them.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/browser/vitest.config.ts',
      'tests/vitest.config.*',
      'apps/*/vitest.config.ts',
    ],
  },
});
