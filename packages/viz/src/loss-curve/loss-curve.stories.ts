import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { circleData } from '../fixtures/datasets';
import { animate, element } from '../fixtures/story';
import { TinyMlp, trained } from '../fixtures/tiny-mlp';
import './loss-curve';

const data = circleData(200);
const history = trained(data, 300).losses;
const validation = history.map((v, i) => v * 1.08 + 0.04 + 0.02 * Math.sin(i / 7));

const meta: Meta = {
  title: 'Training/Loss curve',
  component: 'pl-loss-curve',
  tags: ['autodocs'],
  render: (args) => element('pl-loss-curve', args),
  args: {
    label: 'Loss while training a 2-5-1 network on the circle data set',
    series: [
      { name: 'train', values: history },
      { name: 'validation', values: validation },
    ],
    logScale: false,
    smoothing: 0,
  },
  argTypes: {
    label: { control: 'text', description: 'Accessible name and visible title.' },
    series: { control: 'object', description: 'Lines to draw: `{ name, values, steps? }[]`.' },
    logScale: { control: 'boolean', description: 'Log-scale y axis.' },
    smoothing: {
      control: { type: 'range', min: 0, max: 0.99, step: 0.01 },
      description: 'EMA smoothing weight.',
    },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const TrainAndValidation: Story = {};

export const SmoothedLogScale: Story = {
  args: {
    label: 'Noisy mini-batch loss, smoothed, on a log scale',
    series: [
      { name: 'mini-batch loss', values: history.map((v, i) => v * (1 + 0.35 * Math.sin(i * 1.7) ** 2)) },
    ],
    logScale: true,
    smoothing: 0.8,
  },
};

export const Dark: Story = { args: { theme: 'dark' } };

/** A model trains in the page and streams one loss per frame (the component redraws once per frame). */
export const Streaming: Story = {
  args: { label: 'Live: training streams a point per frame', series: [] },
  render: (args) => {
    const chart = element<HTMLElement & { push(name: string, v: number): void }>('pl-loss-curve', {
      ...args,
      series: [],
    });
    const model = new TinyMlp(5, 7);
    chart.push('train', model.step(data, 1.5));
    animate(chart, 400, () => chart.push('train', model.step(data, 1.5)));
    return chart;
  },
};

export const BadInput: Story = {
  args: { label: 'A NaN in the data', series: [{ name: 'train', values: [1.2, 0.9, Number.NaN, 0.5] }] },
};
