import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../../vitest.shared';

// The smoke test runs the backend in headless Chromium (Debian's, never a downloaded one) on the page
// vitest serves at http://127.0.0.1 — a secure context, which WebGPU requires. Without a GPU,
// `--enable-unsafe-webgpu` alone gives Chromium's built-in SwiftShader adapter; without that flag
// requestAdapter() returns null. Lives in its own folder so the node project's config never sees it.
export default mergeConfig(
  sourceConditions,
  defineProject({
    // Pinned so `vitest run --config packages/webgpu/browser/vitest.config.ts` collects only this folder.
    root: fileURLToPath(new URL('.', import.meta.url)),
    test: {
      name: 'webgpu-browser',
      include: ['**/*.test.ts'],
      testTimeout: 30_000,
      browser: {
        enabled: true,
        headless: true,
        api: { host: '127.0.0.1' },
        provider: playwright({
          launchOptions: {
            executablePath: '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--enable-unsafe-webgpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
        screenshotFailures: false,
      },
    },
  }),
);
