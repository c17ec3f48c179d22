// Registers the element (the other imports from it are types only).
import './decision-boundary';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { circleData } from '../fixtures/datasets';
import { sampleGrid } from '../shared/grid';
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
import { type DecisionBoundary, pointAccuracy } from './decision-boundary';

afterEach(removeMounted);

// A perfect classifier for the circle data: output 1 inside radius 0.52, 0 outside.
const disc = sampleGrid((x, y) => (Math.hypot(x, y) < 0.52 ? 1 : 0), [-1, 1], [-1, 1], 41);
const points = circleData(120);

describe('pointAccuracy', () => {
  it('counts points on the right side of the threshold', () => {
    const half = sampleGrid((x) => (x > 0 ? 1 : 0), [-1, 1], [-1, 1], 5);
    const pts = [
      { x: 0.6, y: 0, label: 1 },
      { x: -0.6, y: 0, label: 0 },
      { x: -0.7, y: 0.5, label: 1 },
      { x: 0.9, y: -0.9, label: 0 },
    ];
    expect(pointAccuracy(half, [-1, 1], [-1, 1], pts, 0.5)).toBe(0.5);
  });
});

describe('<pl-decision-boundary>', () => {
  it('draws the field, points and boundary, with a text summary', async () => {
    const el = await mount<DecisionBoundary>('pl-decision-boundary', { field: disc, points });
    expect(alertText(el)).toBeNull();
    expect(inkedPixels($(el, 'canvas.main'))).toBeGreaterThan(50_000);
    const summary = $(el, 'p.visually-hidden').textContent!;
    expect(summary).toContain('60 points of class 0, 60 of class 1');
    expect(summary).toMatch(/(9\d|100)(\.\d)?% lie on their class's side/);
    await expectAccessible(el);
  });

  it('shows neuron thumbnails as buttons that switch the main view', async () => {
    const neurons = [0, 1, 2].map((k) => ({
      label: `h${k + 1}`,
      field: sampleGrid((x, y) => Math.tanh(x * (k - 1) + y), [-1, 1], [-1, 1], 12),
    }));
    const el = await mount<DecisionBoundary>('pl-decision-boundary', { field: disc, points, neurons });
    const buttons = $$<HTMLButtonElement>(el, '.thumbs button');
    expect(buttons.map((b) => b.textContent!.trim())).toEqual(['output', 'h1', 'h2', 'h3']);
    const events: number[] = [];
    el.addEventListener('pl-neuron-select', (e) => events.push((e as CustomEvent).detail.index));
    const mainBefore = $<HTMLCanvasElement>(el, 'canvas.main').toDataURL();
    buttons[2].focus();
    await userEvent.keyboard('{Enter}');
    await el.updateComplete;
    expect(events).toEqual([1]);
    expect(el.selected).toBe(1);
    expect(buttons[2].getAttribute('aria-pressed')).toBe('true');
    expect($<HTMLCanvasElement>(el, 'canvas.main').toDataURL()).not.toBe(mainBefore);
    expect($(el, 'canvas.main').getAttribute('aria-label')).toContain('showing h2');
    for (const thumb of $$<HTMLCanvasElement>(el, '.thumb canvas'))
      expect(inkedPixels(thumb)).toBeGreaterThan(1000);
    await expectAccessible(el);
    await screenshot(el, 'decision-boundary-neuron-selected');
  });

  it('redraws when the field changes', async () => {
    const el = await mount<DecisionBoundary>('pl-decision-boundary', { field: disc, points: [] });
    const before = $<HTMLCanvasElement>(el, 'canvas.main').toDataURL();
    await update(el, { field: sampleGrid((x) => (x > 0 ? 1 : 0), [-1, 1], [-1, 1], 41) });
    expect($<HTMLCanvasElement>(el, 'canvas.main').toDataURL()).not.toBe(before);
  });

  it('explains bad input in place', async () => {
    const el = await mount<DecisionBoundary>('pl-decision-boundary', {});
    expect(alertText(el)).toContain(
      'pl-decision-boundary(field): expected a grid { cols, rows, values }, got undefined',
    );
    await update(el, { field: { cols: 3, rows: 3, values: [0, 1, 2, 3] } });
    expect(alertText(el)).toContain('field.values): expected 9 entries (cols × rows = 3 × 3), got 4');
    await update(el, { field: { cols: 2, rows: 2, values: [0, Number.NaN, 1, 1] } });
    expect(alertText(el)).toContain('field.values[1]): expected a finite number, got NaN');
    await update(el, { field: disc, points: [{ x: 0, y: 0, label: 2 }] });
    expect(alertText(el)).toContain('points[0].label): expected class 0 or 1, got 2');
    await update(el, { points: [], xDomain: [1, 1] });
    expect(alertText(el)).toContain('xDomain): expected min < max, got [1, 1]');
    await expectAccessible(el);
  });
});
