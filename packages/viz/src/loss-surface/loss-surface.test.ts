// Registers the element (the other imports from it are types only).
import './loss-surface';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { descend, ravine, surfaceGrid } from '../fixtures/optimise';
import {
  $,
  alertText,
  expectAccessible,
  inkedPixels,
  mount,
  removeMounted,
  screenshot,
  update,
} from '../test-support/harness';
import type { LossSurface } from './loss-surface';

afterEach(removeMounted);

const grid = surfaceGrid(ravine, 60);
const base = { surface: grid, xDomain: ravine.xDomain, yDomain: ravine.yDomain };

describe('descend (fixture)', () => {
  it('follows v ← μv − η∇f, θ ← θ + v', () => {
    const path = descend(ravine, [2, 1], 0.1, 0.5, 2);
    // step 1: v = −0.1·[2, 10] = [−0.2, −1] → [1.8, 0]; step 2: v = 0.5·[−0.2, −1] − 0.1·[1.8, 0] = [−0.28, −0.5]
    expect(path[1]).toEqual([1.8, 0]);
    expect(path[2][0]).toBeCloseTo(1.52, 12);
    expect(path[2][1]).toBeCloseTo(-0.5, 12);
  });
});

describe('<pl-loss-surface>', () => {
  it('draws contours and the path, showing learning rate and momentum', async () => {
    const path = descend(ravine, [-2.2, 1.1], 0.17, 0, 30);
    const el = await mount<LossSurface>('pl-loss-surface', {
      ...base,
      path,
      learningRate: 0.17,
      momentum: 0,
    });
    expect(alertText(el)).toBeNull();
    expect(inkedPixels($(el, 'canvas'))).toBeGreaterThan(60_000);
    expect($(el, '.legend').textContent).toMatch(/learning rate 0\.17\s*momentum 0\s*30 steps/);
    const label = $(el, 'canvas').getAttribute('aria-label')!;
    // f(−2.2, 1.1) = ½(2.2² + 10·1.1²) = 8.47
    expect(label).toMatch(/a 30-step descent path \(learning rate 0\.17, momentum 0\) from loss ≈ 8\.[45]/);
    await expectAccessible(el);
  });

  it('steps along the path from the keyboard, reading parameters and loss', async () => {
    const path = descend(ravine, [2, 1], 0.1, 0.5, 10);
    const el = await mount<LossSurface>('pl-loss-surface', {
      ...base,
      path,
      learningRate: 0.1,
      momentum: 0.5,
    });
    const steps: number[] = [];
    el.addEventListener('pl-step', (e) => steps.push((e as CustomEvent).detail.step));
    const plot = $(el, 'canvas');
    plot.focus();
    await userEvent.keyboard('{Home}');
    await el.updateComplete;
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(steps).toEqual([0, 1]);
    // f(1.8, 0) = 0.5·1.8² = 1.62; the grid interpolation is close to it.
    expect($(el, '.status').textContent).toMatch(/^step 1 of 10: w₁ = 1\.8, w₂ = 0, loss ≈ 1\.6\d$/);
    await screenshot(el, 'loss-surface-step-1');
    const before = $<HTMLCanvasElement>(el, 'canvas').toDataURL();
    await update(el, { path: descend(ravine, [2, 1], 0.05, 0.9, 10) });
    expect($<HTMLCanvasElement>(el, 'canvas').toDataURL()).not.toBe(before);
  });

  it('explains bad input in place', async () => {
    const el = await mount<LossSurface>('pl-loss-surface', {
      ...base,
      surface: { cols: 0, rows: 2, values: [] },
    });
    expect(alertText(el)).toContain('pl-loss-surface(surface.cols): expected a positive integer, got 0');
    await update(el, { surface: grid, path: [[0, 0], [1]] });
    expect(alertText(el)).toContain('path[1]): expected an [x, y] pair, got an array of 1');
    await update(el, { path: [[0, Number.POSITIVE_INFINITY]] });
    expect(alertText(el)).toContain('path[0][1]): expected a finite number, got Infinity');
    await update(el, { path: [] });
    expect(alertText(el)).toBeNull();
    await expectAccessible(el);
  });
});
