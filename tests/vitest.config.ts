import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared';

export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'tests',
      include: ['conformance/**/*.test.ts', 'integration/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60000,
      env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
    },
  }),
);
