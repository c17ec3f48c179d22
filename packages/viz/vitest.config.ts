import { playwright } from '@vitest/browser-playwright';
import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared';

// The components need a real DOM, canvas and layout, so the whole project runs in headless
// Chromium (Debian's, never a downloaded one). Pure-logic tests run there too.
export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: 'viz',
      include: ['src/**/*.test.ts'],
      testTimeout: 30_000,
      // Everything the browser run writes (screenshots, failure shots, attachments) stays in one ignored folder.
      attachmentsDir: '.screenshots/attachments',
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
              '--force-color-profile=srgb',
              '--font-render-hinting=none',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
        viewport: { width: 1280, height: 800 },
        screenshotFailures: true,
        screenshotDirectory: '.screenshots/failures',
      },
    },
    optimizeDeps: { include: ['lit', 'axe-core'] },
  }),
);
