// Registers the element (the other imports from it are types only).
import './curve-chart';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { classifierScores, rocPoints } from '../fixtures/classifier';
import {
  $,
  alertText,
  expectAccessible,
  inkedPixels,
  mount,
  removeMounted,
  update,
} from '../test-support/harness';
import { averagePrecision, type CurveChart, sampleIndices, trapezoidArea } from './curve-chart';

afterEach(removeMounted);

describe('areas', () => {
  it('give 0.5 for chance and 1 for a perfect ranking', () => {
    expect(trapezoidArea([0, 1], [0, 1])).toBe(0.5);
    expect(trapezoidArea([0, 0, 1], [0, 1, 1])).toBe(1);
    // unsorted input is sorted by x first
    expect(trapezoidArea([1, 0, 0.5], [1, 0, 0.5])).toBe(0.5);
  });
  it('average precision is the step-wise sum', () => {
    // recall 0.5 at precision 1, recall 1 at precision 0.5 → 0.5·1 + 0.5·0.5
    expect(averagePrecision([0.5, 1], [1, 0.5])).toBe(0.75);
  });
  it('ROC AUC equals the share of correctly ranked positive–negative pairs', () => {
    const { scores, labels } = classifierScores(120, 1.5, 8);
    const { x, y } = rocPoints(scores, labels);
    let pairs = 0;
    let right = 0;
    scores.forEach((s, i) => {
      scores.forEach((t, j) => {
        if (labels[i] === 1 && labels[j] === 0) {
          pairs++;
          right += s > t ? 1 : s === t ? 0.5 : 0;
        }
      });
    });
    expect(trapezoidArea(x, y)).toBeCloseTo(right / pairs, 12);
  });
  it('sampleIndices keeps both ends', () => {
    expect(sampleIndices(3, 5)).toEqual([0, 1, 2]);
    expect(sampleIndices(101, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});

const roc = { name: 'model', x: [0, 0.1, 0.4, 1], y: [0, 0.6, 0.9, 1], thresholds: [1, 0.8, 0.5, 0] };

describe('<pl-curve-chart>', () => {
  it('draws ROC curves with their AUC in the legend', async () => {
    const el = await mount<CurveChart>('pl-roc-curve', {
      curves: [roc, { name: 'chance-ish', x: [0, 1], y: [0, 1] }],
    });
    expect(el.kind).toBe('roc');
    expect(inkedPixels($(el, 'canvas'))).toBeGreaterThan(3000);
    // 0.1·0.3 + 0.3·0.75 + 0.6·0.95 = 0.825
    expect($(el, '.legend').textContent).toMatch(/model \(AUC 0\.825\).*chance-ish \(AUC 0\.5\)/s);
    await expectAccessible(el);
  });

  it('moves along thresholds with the keyboard', async () => {
    const el = await mount<CurveChart>('pl-curve-chart', { curves: [roc] });
    const seen: unknown[] = [];
    el.addEventListener('pl-inspect', (e) => seen.push((e as CustomEvent).detail));
    $(el, 'canvas').focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await el.updateComplete;
    expect(seen.at(-1)).toEqual({ index: 2, x: 0.4, y: 0.9, threshold: 0.5 });
    expect($(el, 'canvas').getAttribute('aria-valuetext')).toBe(
      'model, threshold 0.5: false positive rate 0.4, true positive rate 0.9',
    );
    await update(el, { kind: 'pr', baseline: 0.3 });
    expect($(el, '.legend').textContent).toContain('AP');
    expect($(el, 'canvas').getAttribute('aria-valuetext')).toContain('recall 0.4, precision 0.9');
  });

  it('explains bad input in place', async () => {
    const el = await mount<CurveChart>('pl-pr-curve', { curves: [] });
    expect(alertText(el)).toContain('pl-pr-curve(curves): expected a non-empty array, got an empty array');
    await update(el, { curves: [{ name: 'm', x: [0, 0.5, 1], y: [0, 1] }] });
    expect(alertText(el)).toContain('curves[0].y): expected 3 entries (one y per x), got 2');
    await update(el, { curves: [{ name: 'm', x: [0, Number.NaN], y: [0, 1] }] });
    expect(alertText(el)).toContain('curves[0].x[1]): expected a rate in [0, 1], got NaN');
    await update(el, { curves: [{ name: 'm', x: [0, 1.5], y: [0, 1] }] });
    expect(alertText(el)).toContain('curves[0].x[1]): expected a rate in [0, 1], got 1.5');
  });
});
