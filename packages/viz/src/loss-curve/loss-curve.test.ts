// Registers the element (the other imports from it are types only).
import './loss-curve';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  $,
  alertText,
  expectAccessible,
  inkedPixels,
  mount,
  removeMounted,
  screenshot,
  settle,
  update,
} from '../test-support/harness';
import { type LossCurve, smoothSeries } from './loss-curve';

afterEach(removeMounted);

const train = Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 40) + 0.1 + 0.05 * Math.sin(i));
const val = Array.from({ length: 200 }, (_, i) => 2 * Math.exp(-i / 50) + 0.25);

describe('smoothSeries', () => {
  it('is the identity at weight 0 and a debiased EMA otherwise', () => {
    expect(smoothSeries([1, 2, 3], 0)).toEqual([1, 2, 3]);
    // EMA with weight 0.5: 0.5, 1.25 → debiased by 1 - 0.5^k: 1, 1.6667
    const s = smoothSeries([1, 2], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1.25 / 0.75, 12);
  });
  it('keeps a constant series constant', () => {
    expect(smoothSeries([4, 4, 4, 4], 0.9).every((v) => Math.abs(v - 4) < 1e-12)).toBe(true);
  });
});

describe('<pl-loss-curve>', () => {
  it('draws the series, a legend and a data summary', async () => {
    const el = await mount<LossCurve>('pl-loss-curve', {
      label: 'Training',
      series: [
        { name: 'train', values: train },
        { name: 'validation', values: val },
      ],
    });
    expect(alertText(el)).toBeNull();
    expect(inkedPixels($(el, 'canvas'))).toBeGreaterThan(2000);
    expect($(el, '.legend').textContent).toContain('validation');
    const rows = el.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[1].textContent).toContain('0.287'); // validation's minimum, at the last step
    await expectAccessible(el);
    await screenshot(el, 'loss-curve-test');
  });

  it('reacts to property changes: log scale, smoothing, appended points', async () => {
    const el = await mount<LossCurve>('pl-loss-curve', { series: [{ name: 'train', values: [1, 0.5] }] });
    const before = inkedPixels($(el, 'canvas'));
    await update(el, { logScale: true, smoothing: 0.6 });
    expect(alertText(el)).toBeNull();
    for (let i = 0; i < 50; i++) el.push('train', 0.5 / (i + 2));
    el.push('val', 0.9, 0);
    await settle(el);
    expect(el.series[0].values).toHaveLength(52);
    expect(el.series[1].steps).toEqual([0]);
    expect(inkedPixels($(el, 'canvas'))).not.toBe(before);
    expect($(el, '.legend').textContent).toContain('val');
  });

  it('inspects steps from the keyboard and emits pl-inspect', async () => {
    const el = await mount<LossCurve>('pl-loss-curve', {
      series: [
        { name: 'train', values: [3, 2, 1], steps: [10, 20, 30] },
        { name: 'val', values: [4, 3], steps: [10, 30] },
      ],
    });
    const events: unknown[] = [];
    el.addEventListener('pl-inspect', (e) => events.push((e as CustomEvent).detail));
    const plot = $(el, 'canvas');
    plot.focus();
    await userEvent.keyboard('{Home}');
    await settle(el);
    expect(plot.getAttribute('aria-valuenow')).toBe('0');
    await userEvent.keyboard('{ArrowRight}');
    await settle(el);
    expect(plot.getAttribute('aria-valuetext')).toBe('step 20: train 2, val 3');
    expect(events.at(-1)).toEqual({ index: 1, step: 20, values: { train: 2, val: 3 } });
    await userEvent.keyboard('{End}');
    await settle(el);
    expect(el.cursor).toBe(2);
  });

  it('shows a readable message for bad input instead of throwing', async () => {
    const el = await mount<LossCurve>('pl-loss-curve', { series: [] });
    expect(alertText(el)).toContain('pl-loss-curve(series): expected a non-empty array, got an empty array');
    await update(el, { series: [{ name: 'train', values: [1, Number.NaN, 2] }] });
    expect(alertText(el)).toContain('pl-loss-curve(series[0].values[1]): expected a finite number, got NaN');
    await update(el, { series: [{ name: 'train', values: [1, 2], steps: [0] }] });
    expect(alertText(el)).toContain('expected 2 entries (one step per value), got 1');
    await update(el, { series: [{ name: 'train', values: [1, 0] }], logScale: true });
    expect(alertText(el)).toContain('positive values for a log scale');
    await update(el, { series: [{ name: 'train', values: [1, 2] }], logScale: false });
    expect(alertText(el)).toBeNull();
    await expectAccessible(el);
  });
});
