import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { circleData } from '../fixtures/datasets';
import { element } from '../fixtures/story';
import { trained } from '../fixtures/tiny-mlp';
import './tensor-heatmap';

const { model } = trained(circleData(200), 300);
// A causal attention pattern: each token attends to earlier ones, most to itself and the first.
const attention = Array.from({ length: 32 }, (_, i) => {
  const raw = Array.from({ length: 32 }, (_, j) =>
    j > i ? 0 : Math.exp(-(i - j) / 3) + (j === 0 ? 0.8 : 0),
  );
  const sum = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / sum);
});

const meta: Meta = {
  title: 'Tensors/Matrix heatmap',
  component: 'pl-tensor-heatmap',
  tags: ['autodocs'],
  render: (args) => element('pl-tensor-heatmap', args),
  args: {
    label: 'First-layer weights W₁ (5 × 2) of the trained network',
    values: model.w1,
    rowLabels: ['h1', 'h2', 'h3', 'h4', 'h5'],
    colLabels: ['x₁', 'x₂'],
    showValues: 'auto',
    cellSize: 48,
  },
  argTypes: {
    values: { control: 'object', description: 'Nested rows, or flat values with `shape`.' },
    shape: { control: 'object' },
    showValues: { control: 'inline-radio', options: ['auto', 'always', 'never'] },
    cellSize: { control: { type: 'range', min: 0, max: 64, step: 1 } },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const SignedWeights: Story = {};
export const AttentionPattern: Story = {
  args: {
    label: 'Causal self-attention, 32 tokens',
    values: attention,
    rowLabels: undefined,
    colLabels: undefined,
    cellSize: 0,
  },
};
export const FlatWithShape: Story = {
  args: {
    label: 'A flat tensor of shape [3, 4]',
    values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    shape: [3, 4],
    rowLabels: undefined,
    colLabels: undefined,
    cellSize: 40,
  },
};
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = {
  args: {
    label: 'Shape and values disagree',
    values: [1, 2, 3, 4, 5],
    shape: [2, 3],
    rowLabels: undefined,
    colLabels: undefined,
  },
};
