import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { classifierScores, prPoints, rocPoints } from '../fixtures/classifier';
import { element } from '../fixtures/story';
import './curve-chart';

const strong = classifierScores(400, 3, 4);
const weak = classifierScores(400, 1.2, 5);

const meta: Meta = {
  title: 'Evaluation/ROC and PR curves',
  component: 'pl-curve-chart',
  tags: ['autodocs'],
  render: (args) => element('pl-curve-chart', args),
  args: {
    label: 'ROC of two classifiers on 400 examples',
    kind: 'roc',
    curves: [
      { name: 'strong model', ...rocPoints(strong.scores, strong.labels) },
      { name: 'weak model', ...rocPoints(weak.scores, weak.labels) },
    ],
    cursor: -1,
  },
  argTypes: {
    kind: { control: 'inline-radio', options: ['roc', 'pr'] },
    curves: { control: 'object', description: '`{ name, x, y, thresholds? }[]`.' },
    baseline: { control: { type: 'range', min: 0, max: 1, step: 0.01 }, description: 'PR chance level.' },
    cursor: { control: { type: 'number', min: -1 } },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Roc: Story = {};
export const RocWithThreshold: Story = { args: { cursor: 60 } };
export const PrecisionRecall: Story = {
  args: {
    label: 'Precision–recall of the same classifiers',
    kind: 'pr',
    baseline: strong.labels.filter((l) => l === 1).length / strong.labels.length,
    curves: [
      { name: 'strong model', ...prPoints(strong.scores, strong.labels) },
      { name: 'weak model', ...prPoints(weak.scores, weak.labels) },
    ],
  },
};
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = {
  args: { label: 'Mismatched lengths', curves: [{ name: 'model', x: [0, 0.5, 1], y: [0, 1] }] },
};
