import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared';

export default mergeConfig(
  sourceConditions,
  defineProject({ test: { name: 'metrics', include: ['src/**/*.test.ts'], environment: 'node' } }),
);
