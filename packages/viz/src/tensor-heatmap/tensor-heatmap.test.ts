// Registers the element (the other imports from it are types only).
import './tensor-heatmap';
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
  screenshot,
  update,
} from '../test-support/harness';
import { type TensorHeatmap, toMatrix } from './tensor-heatmap';

afterEach(removeMounted);

describe('toMatrix', () => {
  it('reads nested, flat-with-shape and vector input', () => {
    expect(
      toMatrix([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual({ rows: 2, cols: 2, flat: [1, 2, 3, 4] });
    expect(toMatrix([1, 2, 3, 4, 5, 6], [2, 3])).toMatchObject({ rows: 2, cols: 3 });
    expect(toMatrix([1, 2, 3], [3])).toMatchObject({ rows: 1, cols: 3 });
  });
});

describe('<pl-tensor-heatmap>', () => {
  it('draws cells and a full value table for small matrices', async () => {
    const el = await mount<TensorHeatmap>('pl-tensor-heatmap', {
      values: [
        [1, -2],
        [0.5, 3],
      ],
      rowLabels: ['r1', 'r2'],
      colLabels: ['c1', 'c2'],
    });
    expect(inkedPixels($(el, 'canvas'))).toBeGreaterThan(4000);
    expect($$(el, 'tbody td').map((c) => c.textContent)).toEqual(['1', '-2', '0.5', '3']);
    expect($(el, '.plot').getAttribute('aria-label')).toContain('2 × 2, values from -2 to 3');
    await expectAccessible(el);
  });

  it('reads cells out while moving with the arrow keys', async () => {
    const el = await mount<TensorHeatmap>('pl-tensor-heatmap', { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
    const seen: unknown[] = [];
    el.addEventListener('pl-cell-focus', (e) => seen.push((e as CustomEvent).detail));
    $(el, '.plot').focus();
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}{ArrowRight}');
    await el.updateComplete;
    expect(seen.at(-1)).toEqual({ row: 1, col: 2, value: 6 });
    expect($(el, '.status').textContent).toBe('row 2, column 3: 6');
    await screenshot(el, 'tensor-heatmap-active-cell');
  });

  it('summarises large matrices instead of tabulating them', async () => {
    const values = Array.from({ length: 40 }, (_, r) => Array.from({ length: 40 }, (_, c) => r - c));
    const el = await mount<TensorHeatmap>('pl-tensor-heatmap', { values });
    expect(el.shadowRoot!.querySelector('details table')).toBeNull();
    expect($(el, 'details p').textContent!.replace(/\s+/g, ' ')).toContain(
      '40 × 40 values; minimum -39, maximum 39, mean 0',
    );
    await update(el, { values: [[1, 2]], showValues: 'never' });
    expect(alertText(el)).toBeNull();
  });

  it('explains bad input in place', async () => {
    const el = await mount<TensorHeatmap>('pl-tensor-heatmap', { values: [] });
    expect(alertText(el)).toContain(
      'pl-tensor-heatmap(values): expected a non-empty array, got an empty array',
    );
    await update(el, { values: [1, 2, 3, 4, 5], shape: [2, 3] });
    expect(alertText(el)).toContain('shape): expected a shape with 5 entries, got [2, 3] (6)');
    await update(el, { values: [[1, 2], [3]], shape: undefined });
    expect(alertText(el)).toContain('values[1]): expected 2 entries (every row as long as the first), got 1');
    await update(el, { values: [[1, Number.NaN]] });
    expect(alertText(el)).toContain('values[0][1]): expected a finite number, got NaN');
    await expectAccessible(el);
  });
});
