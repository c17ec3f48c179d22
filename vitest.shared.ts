import { defaultClientConditions, defaultServerConditions } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

/**
 * Resolve workspace packages to their TypeScript sources (the private `@plasticity/source`
 * export condition), so tests run without a build. Every package's vitest.config.ts spreads this.
 */
export const sourceConditions: ViteUserConfig = {
  resolve: { conditions: ['@plasticity/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@plasticity/source', ...defaultServerConditions] } },
};
