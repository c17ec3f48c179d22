import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { digitsConfusion } from '../fixtures/classifier';
import { element } from '../fixtures/story';
import './confusion-matrix';

const meta: Meta = {
  title: 'Evaluation/Confusion matrix',
  component: 'pl-confusion-matrix',
  tags: ['autodocs'],
  render: (args) => element('pl-confusion-matrix', args),
  args: { label: 'An image classifier on 150 test images', ...digitsConfusion, normalizeBy: 'none' },
  argTypes: {
    matrix: { control: 'object', description: 'matrix[i][j]: actual class i predicted as j.' },
    labels: { control: 'object' },
    normalizeBy: { control: 'inline-radio', options: ['none', 'actual', 'predicted'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Counts: Story = {};
export const Recall: Story = { args: { normalizeBy: 'actual' } };
export const TenClasses: Story = {
  args: {
    label: 'Digits 0–9',
    labels: Array.from({ length: 10 }, (_, i) => String(i)),
    matrix: Array.from({ length: 10 }, (_, i) =>
      Array.from({ length: 10 }, (_, j) =>
        i === j ? 90 + ((i * 7) % 9) : (i * 3 + j * 5) % 7 === 0 ? 4 : (i + j) % 5 === 0 ? 1 : 0,
      ),
    ),
  },
};
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = { args: { label: 'Not square', matrix: [[1, 2], [3]] } };
