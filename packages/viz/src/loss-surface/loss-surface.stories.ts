import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { descend, ravine, rosenbrock, surfaceGrid } from '../fixtures/optimise';
import { element } from '../fixtures/story';
import './loss-surface';

type Args = {
  learningRate: number;
  momentum: number;
  steps: number;
  surfaceName: 'ravine' | 'rosenbrock';
} & Record<string, unknown>;

const meta: Meta<Args> = {
  title: 'Training/Loss surface',
  component: 'pl-loss-surface',
  tags: ['autodocs'],
  // The path is recomputed from the controls, so moving the learning rate or momentum redraws the descent.
  render: ({ surfaceName, steps, ...args }) => {
    const surface = surfaceName === 'rosenbrock' ? rosenbrock : ravine;
    const start: [number, number] = surfaceName === 'rosenbrock' ? [-1.5, 2.5] : [-2.2, 1.1];
    return element('pl-loss-surface', {
      ...args,
      surface: surfaceGrid(surface),
      xDomain: surface.xDomain,
      yDomain: surface.yDomain,
      path: descend(surface, start, args.learningRate, args.momentum, steps),
    });
  },
  args: {
    label: 'Gradient descent on a ravine',
    surfaceName: 'ravine',
    learningRate: 0.17,
    momentum: 0,
    steps: 30,
    step: -1,
  },
  argTypes: {
    surfaceName: { control: 'inline-radio', options: ['ravine', 'rosenbrock'] },
    learningRate: { control: { type: 'range', min: 0.01, max: 0.2, step: 0.01 } },
    momentum: { control: { type: 'range', min: 0, max: 0.95, step: 0.05 } },
    steps: { control: { type: 'range', min: 1, max: 200, step: 1 } },
    step: { control: { type: 'number', min: -1 }, description: 'Inspected step (-1: none).' },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj<Args>;

export const ZigZag: Story = {};
export const WithMomentum: Story = {
  args: { label: 'The same start with momentum 0.6', learningRate: 0.05, momentum: 0.6, steps: 40 },
};
export const Rosenbrock: Story = {
  args: {
    label: "Rosenbrock's valley",
    surfaceName: 'rosenbrock',
    learningRate: 0.2,
    momentum: 0.9,
    steps: 120,
    step: 60,
  },
};
export const Dark: Story = { args: { theme: 'dark', step: 8 } };
export const BadInput: Story = {
  render: () =>
    element('pl-loss-surface', {
      label: 'A path with a NaN',
      surface: surfaceGrid(ravine, 20),
      xDomain: ravine.xDomain,
      yDomain: ravine.yDomain,
      path: [
        [0, 0],
        [Number.NaN, 1],
      ],
    }),
};
