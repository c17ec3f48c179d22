// Registers the element (the other imports from it are types only).
import './network-diagram';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
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
import { type NetworkDiagram, shownNeurons } from './network-diagram';

afterEach(removeMounted);

const weights = [
  [
    [1.5, -0.5],
    [-2, 0.25],
    [0.1, 1],
  ],
  [[0.5, -1, 2]],
];
const map = sampleGrid((x, y) => Math.tanh(x - y), [-1, 1], [-1, 1], 16);

describe('shownNeurons', () => {
  it('keeps small layers whole and the ends of large ones', () => {
    expect(shownNeurons(3)).toEqual([0, 1, 2]);
    expect(shownNeurons(100, 6)).toEqual([0, 1, 2, 97, 98, 99]);
  });
});

describe('<pl-network-diagram>', () => {
  it('draws one edge per weight, styled by sign and size', async () => {
    const el = await mount<NetworkDiagram>('pl-network-diagram', { layers: [2, 3, 1], weights });
    const edges = $$<SVGLineElement>(el, 'svg[role="group"] > g > line');
    expect(edges).toHaveLength(9);
    const negative = edges.filter((e) => e.getAttribute('stroke-dasharray'));
    expect(negative).toHaveLength(3);
    const widths = edges.map((e) => Number(e.getAttribute('stroke-width')));
    expect(Math.max(...widths)).toBeCloseTo(6, 6); // |−2| is the largest weight
    expect(Math.min(...widths)).toBeCloseTo(0.5 + 5.5 * (0.1 / 2), 6);
    expect($$(el, '.neuron')).toHaveLength(6);
    const rows = $$(el, 'tbody tr');
    expect(rows[0].textContent).toMatch(/input → hidden 1\s*6\s*4\s*2\s*2/);
    await expectAccessible(el);
  });

  it('moves focus between neurons with arrow keys and shows the activation map', async () => {
    const el = await mount<NetworkDiagram>('pl-network-diagram', {
      layers: [2, 3, 1],
      weights,
      activationMaps: [[], [map, map, map], [map]],
    });
    const seen: string[] = [];
    el.addEventListener('pl-neuron-focus', (e) =>
      seen.push(`${(e as CustomEvent).detail.layer}-${(e as CustomEvent).detail.index}`),
    );
    const first = $<SVGGElement>(el, '[data-neuron="0-0"]');
    expect(first.getAttribute('tabindex')).toBe('0');
    first.focus();
    await el.updateComplete;
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    await el.updateComplete;
    await userEvent.keyboard('{ArrowDown}');
    await el.updateComplete;
    await el.updateComplete;
    expect(seen).toEqual(['0-0', '1-0', '1-1']);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-neuron')).toBe('1-1');
    expect($(el, '.panel').textContent).toContain('hidden 1, neuron 2: 2 incoming weights, largest 2');
    expect(inkedPixels($(el, 'canvas.map'))).toBeGreaterThan(5000);
    const touching = $$<SVGLineElement>(el, 'svg[role="group"] > g > line').filter(
      (l) => Number(l.getAttribute('opacity')) > 0.5,
    );
    expect(touching).toHaveLength(3); // two incoming, one outgoing
    await expectAccessible(el);
    await screenshot(el, 'network-diagram-focused');
    await userEvent.keyboard('{Escape}');
    await el.updateComplete;
    expect($(el, '.panel').textContent).toContain('Hover or focus a neuron');
  });

  it('explains bad input in place', async () => {
    const el = await mount<NetworkDiagram>('pl-network-diagram', { layers: [], weights: [] });
    expect(alertText(el)).toContain(
      'pl-network-diagram(layers): expected an array of at least 2, got an empty array',
    );
    await update(el, { layers: [2, 3, 1], weights: [weights[0]] });
    expect(alertText(el)).toContain(
      'weights): expected 2 entries (one matrix between each pair of layers), got 1',
    );
    await update(el, { weights: [weights[0], [[0.5, Number.NaN, 2]]] });
    expect(alertText(el)).toContain('weights[1][0][1]): expected a finite number, got NaN');
    await update(el, { weights: [weights[0], [[0.5, 2]]] });
    expect(alertText(el)).toContain('weights[1][0]): expected 3 entries (layer 1 has 3 neurons), got 2');
    await update(el, { weights });
    expect(alertText(el)).toBeNull();
  });
});
