import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { classifierScores } from '../fixtures/classifier';
import { element } from '../fixtures/story';
import './fairness-chart';

// Group B's scores are shifted down: the same threshold selects fewer of them.
const a = classifierScores(300, 2.2, 21, 0.45);
const b = classifierScores(300, 2.2, 22, 0.3);
const shiftedB = b.scores.map((s) => s * 0.8);
const c = classifierScores(120, 1.2, 23, 0.4);

const meta: Meta = {
  title: 'Evaluation/Group fairness',
  component: 'pl-fairness-chart',
  tags: ['autodocs'],
  render: (args) => element('pl-fairness-chart', args),
  args: {
    label: 'A loan model: who gets approved at this threshold?',
    groups: [
      { name: 'group A', scores: a.scores, labels: a.labels },
      { name: 'group B', scores: shiftedB, labels: b.labels },
    ],
    threshold: 0.5,
  },
  argTypes: {
    groups: { control: 'object', description: '`{ name, scores, labels }[]`.' },
    threshold: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const TwoGroups: Story = {};
export const ThreeGroups: Story = {
  args: {
    threshold: 0.35,
    groups: [
      { name: 'group A', scores: a.scores, labels: a.labels },
      { name: 'group B', scores: shiftedB, labels: b.labels },
      { name: 'group C', scores: c.scores, labels: c.labels },
    ],
  },
};
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = {
  args: { label: 'Labels missing', groups: [{ name: 'group A', scores: [0.2, 0.9], labels: [1] }] },
};
