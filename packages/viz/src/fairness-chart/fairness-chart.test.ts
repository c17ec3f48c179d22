// Registers the element (the other imports from it are types only).
import './fairness-chart';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { $, $$, alertText, expectAccessible, mount, removeMounted, update } from '../test-support/harness';
import { type FairnessChart, gap, groupRates } from './fairness-chart';

afterEach(removeMounted);

const groups = [
  { name: 'A', scores: [0.9, 0.8, 0.3, 0.6, 0.2], labels: [1, 1, 1, 0, 0] },
  { name: 'B', scores: [0.55, 0.4, 0.1, 0.7], labels: [1, 1, 0, 0] },
];

describe('groupRates', () => {
  it('counts by hand', () => {
    // A at 0.5: selected 0.9, 0.8, 0.6 → 3/5; TP 2 of 3 positives; FP 1 of 2 negatives
    expect(groupRates(groups[0].scores, groups[0].labels, 0.5)).toEqual({
      count: 5,
      selectionRate: 0.6,
      truePositiveRate: 2 / 3,
      falsePositiveRate: 0.5,
    });
    expect(groupRates([0.2], [1], 0.5).falsePositiveRate).toBeNaN();
    expect(gap([0.2, Number.NaN, 0.5])).toBeCloseTo(0.3, 12);
  });
});

describe('<pl-fairness-chart>', () => {
  it('draws a bar per group and metric and the gaps between groups', async () => {
    const el = await mount<FairnessChart>('pl-fairness-chart', { groups, threshold: 0.5 });
    expect($$(el, 'svg[role="img"] rect')).toHaveLength(6);
    // B at 0.5: selected 0.55, 0.7 → 0.5; TPR 1/2; FPR 1/2 → gaps 0.1, 0.17, 0
    const gaps = $$(el, '.gaps dd').map((d) => d.textContent);
    expect(gaps).toEqual(['0.1', '0.17', '0']);
    await expectAccessible(el);
  });

  it('follows its threshold slider and emits the new rates', async () => {
    const el = await mount<FairnessChart>('pl-fairness-chart', { groups, threshold: 0.5 });
    const seen: number[] = [];
    el.addEventListener('pl-threshold-change', (e) => seen.push((e as CustomEvent).detail.threshold));
    const slider = $<HTMLInputElement>(el, 'input[type="range"]');
    slider.focus();
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(seen).toEqual([0.51]);
    expect($(el, 'output').textContent).toBe('0.51');
    await update(el, { threshold: 0.95 });
    expect($$(el, '.gaps dd').map((d) => d.textContent)).toEqual(['0', '0', '0']);
    expect($(el, 'svg').getAttribute('aria-label')).toContain('selection rate: A 0, B 0');
  });

  it('explains bad input in place', async () => {
    const el = await mount<FairnessChart>('pl-fairness-chart', { groups: [] });
    expect(alertText(el)).toContain(
      'pl-fairness-chart(groups): expected a non-empty array, got an empty array',
    );
    await update(el, { groups: [{ name: 'A', scores: [0.2, 0.9], labels: [1] }] });
    expect(alertText(el)).toContain('groups[0].labels): expected 2 entries (one label per score), got 1');
    await update(el, { groups: [{ name: 'A', scores: [0.2, Number.NaN], labels: [1, 0] }] });
    expect(alertText(el)).toContain('groups[0].scores[1]): expected a finite number, got NaN');
    await update(el, { groups: [{ name: 'A', scores: [0.2], labels: [3] }] });
    expect(alertText(el)).toContain('groups[0].labels[0]): expected label 0 or 1, got 3');
  });
});
