import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { circleData, xorData } from '../fixtures/datasets';
import { animate, element } from '../fixtures/story';
import { TinyMlp, trained } from '../fixtures/tiny-mlp';
import './decision-boundary';
import type { DecisionBoundary } from './decision-boundary';

const circle = circleData(200);
const { model } = trained(circle, 300);
const xor = xorData(160);

const meta: Meta = {
  title: 'Training/Decision boundary',
  component: 'pl-decision-boundary',
  tags: ['autodocs'],
  render: (args) => element('pl-decision-boundary', args),
  args: {
    label: 'A 2-5-1 tanh network after 300 steps on the circle data set',
    field: model.field(48),
    points: circle,
    neurons: model.neuronFields(24).map((field, i) => ({ label: `h${i + 1}`, field })),
    xDomain: [-1, 1],
    yDomain: [-1, 1],
    valueDomain: [0, 1],
    threshold: 0.5,
    selected: -1,
  },
  argTypes: {
    field: {
      control: 'object',
      description: 'Model output on a grid `{ cols, rows, values }`, row 0 at the bottom.',
    },
    points: { control: 'object', description: '`{ x, y, label }[]`, label 0 or 1.' },
    neurons: { control: 'object', description: 'Per-neuron fields shown as thumbnails.' },
    threshold: { control: { type: 'range', min: 0.05, max: 0.95, step: 0.05 } },
    selected: {
      control: { type: 'number', min: -1, max: 4 },
      description: '-1: output; otherwise a neuron index.',
    },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const TrainedWithNeurons: Story = {};

export const OneNeuronSelected: Story = { args: { selected: 1 } };

export const UntrainedOnXor: Story = {
  args: {
    label: 'Before training: a random network on XOR',
    field: new TinyMlp(5, 11).field(40),
    points: xor,
    neurons: [],
  },
};

export const Dark: Story = { args: { theme: 'dark' } };

/** The boundary redraws as the network trains (one gradient step per frame). */
export const Training: Story = {
  args: { label: 'Live: the boundary forms while the network trains', neurons: [] },
  render: (args) => {
    const live = new TinyMlp(5, 5);
    const el = element<DecisionBoundary>('pl-decision-boundary', { ...args, field: live.field(32) });
    animate(el, 300, () => {
      live.step(circle, 1.5);
      el.field = live.field(32);
    });
    return el;
  },
};

export const BadInput: Story = {
  args: {
    label: 'A grid with the wrong number of values',
    field: { cols: 10, rows: 10, values: [0.1, 0.2, 0.3] },
    neurons: [],
  },
};
