import type { Preview } from '@storybook/web-components-vite';

const preview: Preview = {
  parameters: {
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
    // Every story is also checked by axe in the Accessibility panel; violations fail the check.
    a11y: { test: 'error' },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Training',
          'Models',
          'Evaluation',
          'Tensors',
          'Autograd',
          'Explainability',
          'Data',
        ],
      },
    },
  },
};

export default preview;
