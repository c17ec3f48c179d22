import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { element } from '../fixtures/story';
import './activation-plot';
import { activationFunctions } from './activations';

const meta: Meta = {
  title: 'Models/Activation function',
  component: 'pl-activation-plot',
  tags: ['autodocs'],
  render: (args) => element('pl-activation-plot', args),
  args: { fn: 'tanh', domain: [-4, 4], showDerivative: true, probe: Number.NaN },
  argTypes: {
    fn: {
      control: 'select',
      options: Object.keys(activationFunctions),
      description: 'A built-in name or `{ name, formula, f, df }`.',
    },
    domain: { control: 'object' },
    showDerivative: { control: 'boolean' },
    probe: { control: { type: 'number', step: 0.1 }, description: 'x of the read-out probe (NaN: none).' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Tanh: Story = {};
export const ReLU: Story = { args: { fn: 'relu', probe: 1.5 } };
export const Sigmoid: Story = { args: { fn: 'sigmoid', domain: [-8, 8], probe: 0 } };
export const GELU: Story = { args: { fn: 'gelu', domain: [-3, 3] } };
export const Custom: Story = {
  args: {
    label: 'A custom function: x² with derivative 2x',
    fn: { name: 'square', formula: 'f(x) = x²', f: (x: number) => x * x, df: (x: number) => 2 * x },
    domain: [-2, 2],
  },
};
export const Dark: Story = { args: { fn: 'swish', theme: 'dark' } };
export const BadInput: Story = { args: { label: 'An unknown name', fn: 'relu6' } };
