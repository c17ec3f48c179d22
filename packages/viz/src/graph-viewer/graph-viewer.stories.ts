import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { neuronGraph, softmaxGraph } from '../fixtures/graphs';
import { element } from '../fixtures/story';
import './graph-viewer';

const meta: Meta = {
  title: 'Autograd/Computation graph',
  component: 'pl-graph-viewer',
  tags: ['autodocs'],
  render: (args) => element('pl-graph-viewer', args),
  args: { label: 'loss = (tanh(w·x + b) − t)²', graph: neuronGraph, step: 0 },
  argTypes: {
    graph: { control: 'object', description: 'A traced graph from core’s `traceGraph`.' },
    step: {
      control: { type: 'range', min: 0, max: 16, step: 1 },
      description: 'Forward then backward step.',
    },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Start: Story = {};
export const Forward: Story = { args: { step: 6 } };
export const Backward: Story = { args: { step: 13 } };
export const SoftmaxGroup: Story = {
  args: {
    label: 'Cross-entropy of softmax(z): the gradient at z is p − onehot',
    graph: softmaxGraph,
    step: 16,
  },
};
export const Dark: Story = { args: { theme: 'dark', step: 12 } };
export const BadInput: Story = {
  args: {
    label: 'A node that consumes a later node',
    graph: {
      nodes: [
        { id: 0, op: 'neg', inputs: [1], shape: [], dtype: 'float32' },
        { id: 1, op: 'input', inputs: [], shape: [], dtype: 'float32' },
      ],
      outputs: [0],
    },
  },
};
