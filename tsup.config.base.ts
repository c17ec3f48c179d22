import { defineConfig, type Options } from 'tsup';

/**
 * The one build recipe every package shares: ESM + .d.ts from `src/index.ts`.
 * A package's own tsup.config.ts is a single line that calls this.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
    ...overrides,
  });
}
