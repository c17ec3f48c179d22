import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared';

// Dawn (the `webgpu` npm package) runs on SwiftShader's Vulkan driver when no GPU is present.
export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'webgpu',
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 60_000,
      env: { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' },
    },
  }),
);
