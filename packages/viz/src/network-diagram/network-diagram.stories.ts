import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { circleData } from '../fixtures/datasets';
import { normal, rng } from '../fixtures/random';
import { element } from '../fixtures/story';
import { trained } from '../fixtures/tiny-mlp';
import './network-diagram';

const { model } = trained(circleData(200), 300);
const n = normal(rng(9));
const wide = [784, 16, 10];

const meta: Meta = {
  title: 'Models/Network diagram',
  component: 'pl-network-diagram',
  tags: ['autodocs'],
  render: (args) => element('pl-network-diagram', args),
  args: {
    label: 'The trained 2-5-1 network: hover or tab to a neuron to see its activation map',
    layers: [2, 5, 1],
    weights: model.weights(),
    activationMaps: [[], model.neuronFields(32), [model.field(32)]],
  },
  argTypes: {
    layers: { control: 'object', description: 'Neurons per layer.' },
    weights: { control: 'object', description: 'weights[l][j][i]: layer l neuron i → layer l+1 neuron j.' },
    activationMaps: { control: 'object', description: 'Optional activation maps per layer and neuron.' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Trained: Story = {};

export const WideLayersElided: Story = {
  args: {
    label: 'An MNIST classifier 784-16-10: large layers show their ends',
    layers: wide,
    layerNames: ['pixels', 'hidden', 'digits'],
    weights: [0, 1].map((l) =>
      Array.from({ length: wide[l + 1] }, () => Array.from({ length: wide[l] }, () => n() * 0.3)),
    ),
    activationMaps: undefined,
  },
};

export const Dark: Story = { args: { theme: 'dark' } };

export const BadInput: Story = {
  args: {
    label: 'Weights that do not match the layers',
    layers: [2, 3, 1],
    weights: [[[1, 2]], [[1, 2, 3]]],
    activationMaps: undefined,
  },
};
