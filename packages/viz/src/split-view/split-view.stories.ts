import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { rng } from '../fixtures/random';
import { element } from '../fixtures/story';
import './split-view';
import type { SplitName } from './split-view';

const u = rng(31);
const labels = Array.from({ length: 300 }, (_, i) => ['cat', 'dog', 'bird'][i < 150 ? 0 : i < 240 ? 1 : 2]);
// Stratified and shuffled: 70 / 15 / 15 within each class, positions random.
const shuffled: SplitName[] = labels.map(() => {
  const r = u();
  return r < 0.7 ? 'train' : r < 0.85 ? 'validation' : 'test';
});
// The classic mistake: slicing a sorted data set, so the test split holds only birds.
const sliced: SplitName[] = labels.map((_, i) => (i < 210 ? 'train' : i < 255 ? 'validation' : 'test'));

const meta: Meta = {
  title: 'Data/Train–validation–test split',
  component: 'pl-split-view',
  tags: ['autodocs'],
  render: (args) => element('pl-split-view', args),
  args: { label: 'A shuffled 70/15/15 split of 300 images', assignments: shuffled, labels },
  argTypes: {
    assignments: { control: 'object', description: "One of 'train' | 'validation' | 'test' per example." },
    labels: { control: 'object', description: 'Class of each example (optional).' },
    highlight: { control: 'inline-radio', options: [undefined, 'train', 'validation', 'test'] },
    theme: { control: 'inline-radio', options: [undefined, 'light', 'dark'] },
  },
};
export default meta;
type Story = StoryObj;

export const Shuffled: Story = {};
export const SlicedWithoutShuffling: Story = {
  args: { label: 'Sliced without shuffling: the test set is all birds', assignments: sliced },
};
export const HighlightTest: Story = { args: { highlight: 'test' } };
export const Dark: Story = { args: { theme: 'dark' } };
export const BadInput: Story = {
  args: { label: 'An unknown split name', assignments: ['train', 'tset'], labels: undefined },
};
