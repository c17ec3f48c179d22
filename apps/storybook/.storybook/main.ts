import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Stories live beside their components in packages/viz; this app only collects them, plus the
 * MDX pages in docs/. Workspace packages resolve to their TypeScript sources (the private
 * `@plasticity/source` condition), so the Storybook needs no prior build of the packages.
 */
const config: StorybookConfig = {
  stories: ['../docs/**/*.mdx', '../../../packages/viz/src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    const { defaultClientConditions, mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      resolve: { conditions: ['@plasticity/source', ...defaultClientConditions] },
    });
  },
};

export default config;
