// Registers the element (the other imports from it are types only).
import './split-view';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  $,
  $$,
  alertText,
  expectAccessible,
  inkedPixels,
  mount,
  removeMounted,
  update,
} from '../test-support/harness';
import { type SplitName, SplitView, splitCounts } from './split-view';

afterEach(removeMounted);

const assignments: SplitName[] = [
  'train',
  'train',
  'test',
  'validation',
  'train',
  'test',
  'train',
  'train',
  'validation',
  'train',
];
const labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];

describe('splitCounts', () => {
  it('counts per split and per class within split', () => {
    const { total, byClass } = splitCounts(assignments, labels);
    expect(total).toEqual({ train: 6, validation: 2, test: 2 });
    expect(byClass.get('0')).toEqual({ train: 3, validation: 1, test: 1 });
    expect(byClass.get('1')).toEqual({ train: 3, validation: 1, test: 1 });
  });
});

describe('<pl-split-view>', () => {
  it('shows proportions, one cell per example and per-split class shares', async () => {
    const el = await mount<SplitView>('pl-split-view', { assignments, labels });
    expect($$(el, '.seg').map((s) => s.textContent)).toEqual(['60%', '20%', '20%']);
    expect($(el, '.bar').getAttribute('aria-label')).toContain(
      '10 examples; train 6 (60%), validation 2 (20%), test 2 (20%)',
    );
    expect(inkedPixels($(el, 'canvas'))).toBeGreaterThan(1000);
    expect($$(el, '.classes .row')).toHaveLength(3);
    expect($$(el, 'tbody tr')[0].querySelectorAll('td')).toHaveLength(4);
    expect([...$$(el, 'tbody tr')[0].querySelectorAll('td')].map((c) => c.textContent)).toEqual([
      '6',
      '60%',
      '3 (50%)',
      '3 (50%)',
    ]);
    await expectAccessible(el);
  });

  it('highlights a split from its toggle button', async () => {
    const el = await mount<SplitView>('pl-split-view', { assignments });
    const seen: unknown[] = [];
    el.addEventListener('pl-split-select', (e) => seen.push((e as CustomEvent).detail.split));
    const before = $<HTMLCanvasElement>(el, 'canvas').toDataURL();
    const testButton = $$<HTMLButtonElement>(el, '.controls button')[2];
    await userEvent.click(testButton);
    await el.updateComplete;
    expect(testButton.getAttribute('aria-pressed')).toBe('true');
    expect($$(el, '.seg.faded')).toHaveLength(2);
    expect($<HTMLCanvasElement>(el, 'canvas').toDataURL()).not.toBe(before);
    testButton.focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(seen).toEqual(['test', null]);
    await expectAccessible(el);
  });

  it('explains bad input in place', async () => {
    const el = await mount<SplitView>('pl-split-view', { assignments: [] });
    expect(alertText(el)).toContain(
      'pl-split-view(assignments): expected a non-empty array, got an empty array',
    );
    await update(el, { assignments: ['train', 'tset'] });
    expect(alertText(el)).toContain(
      `assignments[1]): expected 'train', 'validation' or 'test', got the string "tset"`,
    );
    await update(el, { assignments: ['train', 'test'], labels: [1] });
    expect(alertText(el)).toContain('labels): expected 2 entries (one label per example), got 1');
    expect(el).toBeInstanceOf(SplitView);
  });
});
