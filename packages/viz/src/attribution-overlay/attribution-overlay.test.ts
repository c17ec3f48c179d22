// Registers the element (the other imports from it are types only).
import './attribution-overlay';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { digitSeven, sevenAttribution } from '../fixtures/images';
import { $, alertText, expectAccessible, mount, removeMounted, update } from '../test-support/harness';
import { type AttributionOverlay, regionTotals } from './attribution-overlay';

afterEach(removeMounted);

describe('regionTotals', () => {
  it('sums each sign per ninth of the image', () => {
    const values = new Array(9).fill(0);
    values[0] = 2;
    values[4] = -1;
    values[8] = 0.5;
    const { positive, negative } = regionTotals({ width: 3, height: 3, values });
    expect(positive).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0.5]);
    expect(negative).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('<pl-attribution-overlay>', () => {
  it('tints the image and names the strongest regions', async () => {
    const el = await mount<AttributionOverlay>('pl-attribution-overlay', {
      image: digitSeven,
      attribution: sevenAttribution,
    });
    const label = $(el, 'canvas').getAttribute('aria-label')!;
    expect(label).toContain('a 28 × 28 image with its attribution map');
    expect(label).toMatch(/Most positive attribution: top (centre|right)/);
    expect(label).toMatch(/most negative: (centre|bottom centre)/);
    await expectAccessible(el);
  });

  it('hides the overlay and changes opacity from its controls', async () => {
    const el = await mount<AttributionOverlay>('pl-attribution-overlay', {
      image: digitSeven,
      attribution: sevenAttribution,
    });
    const canvas = $<HTMLCanvasElement>(el, 'canvas');
    const tinted = canvas.toDataURL();
    await userEvent.click($(el, 'input[type="checkbox"]'));
    await el.updateComplete;
    expect(el.showOverlay).toBe(false);
    const plain = canvas.toDataURL();
    expect(plain).not.toBe(tinted);
    expect($<HTMLInputElement>(el, 'input[type="range"]').disabled).toBe(true);
    await update(el, { showOverlay: true, opacity: 0 });
    expect(canvas.toDataURL()).toBe(plain); // zero opacity is the bare image
    await update(el, { opacity: 0.65, mode: 'absolute' });
    expect(canvas.toDataURL()).not.toBe(tinted);
  });

  it('explains bad input in place', async () => {
    const el = await mount<AttributionOverlay>('pl-attribution-overlay', { image: digitSeven });
    expect(alertText(el)).toContain(
      'pl-attribution-overlay(attribution): expected a map { width, height, values }, got undefined',
    );
    await update(el, { attribution: { width: 14, height: 14, values: new Array(196).fill(0) } });
    expect(alertText(el)).toContain("attribution): expected the image's size 28 × 28, got 14 × 14");
    await update(el, {
      image: { width: 2, height: 2, data: [0, 0, 0] },
      attribution: { width: 2, height: 2, values: [0, 0, 0, 0] },
    });
    expect(alertText(el)).toContain(
      'image.data): expected width × height × (1, 3 or 4) = 4 × channels values, got 3',
    );
    await update(el, {
      image: { width: 2, height: 2, data: [0, 0, 0, 1] },
      attribution: { width: 2, height: 2, values: [0, Number.NaN, 0, 0] },
    });
    expect(alertText(el)).toContain('attribution.values[1]): expected a finite number, got NaN');
  });
});
