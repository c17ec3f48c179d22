import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { digitSeven, sevenAttribution } from '../fixtures/images';
import { element } from '../fixtures/story';
import './attribution-overlay';

const meta: Meta = {
  title: 'Explainability/Attribution overlay',
  component: 'pl-attribution-overlay',
  tags: ['autodocs'],
  render: (args) => element('pl-attribution-overlay', args),
  args: {
    label: 'Why “7” and not “1”: gradient × input',
    image: digitSeven,
    attribution: sevenAttribution,
    opacity: 0.7,
    showOverlay: true,
    mode: 'signed',
  },
  argTypes: {
    image: { control: 'object', description: '`{ width, height, data }` with values in [0, 1].' },
    attribution: { control: 'object', description: '`{ width, height, values }`, any sign.' },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    showOverlay: { control: 'boolean' },
    mode: { control: 'inline-radio', options: ['signed', 'absolute'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Signed: Story = {};
export const Magnitude: Story = { args: { mode: 'absolute' } };
export const ImageOnly: Story = { args: { showOverlay: false } };
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = {
  args: {
    label: 'An attribution map of the wrong size',
    attribution: { width: 14, height: 14, values: new Array(196).fill(0.1) },
  },
};
