import fc from 'fast-check';
// Registers the element (the other imports from it are types only).
import './activation-plot';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { $, alertText, expectAccessible, mount, removeMounted, update } from '../test-support/harness';
import type { ActivationPlot } from './activation-plot';
import { activationFunctions, erf } from './activations';

afterEach(removeMounted);

describe('activationFunctions', () => {
  it('have derivatives that match central differences away from kinks', () => {
    for (const [name, a] of Object.entries(activationFunctions)) {
      fc.assert(
        fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
          fc.pre(Math.abs(x) > 1e-3); // relu-like kinks at 0
          const h = 1e-5;
          const numeric = (a.f(x + h) - a.f(x - h)) / (2 * h);
          expect(a.df(x), `${name} at ${x}`).toBeCloseTo(numeric, 4);
        }),
        { numRuns: 60 },
      );
    }
  });
  it('match textbook values', () => {
    expect(activationFunctions.sigmoid.f(0)).toBe(0.5);
    expect(activationFunctions.sigmoid.df(0)).toBe(0.25);
    expect(activationFunctions.tanh.df(0)).toBe(1);
    expect(activationFunctions.gelu.f(1)).toBeCloseTo(0.8413447, 6); // 1 · Φ(1)
    expect(activationFunctions.softplus.f(0)).toBeCloseTo(Math.LN2, 12);
    expect(erf(1)).toBeCloseTo(0.8427007929, 6);
  });
});

describe('<pl-activation-plot>', () => {
  it('draws the function and derivative with a value table', async () => {
    const el = await mount<ActivationPlot>('pl-activation-plot', { fn: 'relu' });
    expect(el.shadowRoot!.querySelectorAll('svg[role="slider"] path')).toHaveLength(2);
    expect($(el, '.legend').textContent).toContain('f(x) = max(0, x)');
    const row = [...el.shadowRoot!.querySelectorAll('tbody tr')].find(
      (r) => r.querySelector('th')!.textContent === '2',
    );
    expect([...row!.querySelectorAll('td')].map((c) => c.textContent)).toEqual(['2', '1']);
    await update(el, { showDerivative: false });
    expect(el.shadowRoot!.querySelectorAll('svg[role="slider"] path')).toHaveLength(1);
    await expectAccessible(el);
  });

  it('moves a probe with the keyboard and reads the values out', async () => {
    const el = await mount<ActivationPlot>('pl-activation-plot', { fn: 'sigmoid', domain: [-4, 4] });
    const probes: number[] = [];
    el.addEventListener('pl-probe', (e) => probes.push((e as CustomEvent).detail.x));
    const plot = $(el, 'svg[role="slider"]');
    plot.focus();
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(probes).toEqual([0.1]);
    expect(plot.getAttribute('aria-valuetext')).toBe('x = 0.1: f(x) = 0.525, f′(x) = 0.249');
    await userEvent.keyboard('{Home}');
    await el.updateComplete;
    expect(el.probe).toBe(-4);
    await expectAccessible(el);
  });

  it('explains bad input in place', async () => {
    const el = await mount<ActivationPlot>('pl-activation-plot', { fn: 'relu6' });
    expect(alertText(el)).toContain('pl-activation-plot(fn): expected one of linear, relu, leaky-relu');
    await update(el, { fn: { name: 'log', formula: 'ln x', f: Math.log, df: (x: number) => 1 / x } });
    expect(alertText(el)).toContain('pl-activation-plot(fn.f(-4)): expected a finite number, got NaN');
    await update(el, { fn: 'tanh', domain: [2, -2] });
    expect(alertText(el)).toContain('domain): expected min < max, got [2, -2]');
  });
});
