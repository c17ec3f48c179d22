// Registers the element (the other imports from it are types only).
import './confusion-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { contrast, parseColor } from '../shared/palette';
import { $, $$, alertText, expectAccessible, mount, removeMounted, update } from '../test-support/harness';
import { type ConfusionMatrix, normaliseMatrix } from './confusion-matrix';

afterEach(removeMounted);

const matrix = [
  [8, 2],
  [1, 9],
];

describe('normaliseMatrix', () => {
  it('divides rows (recall) or columns (precision) by their sums', () => {
    expect(normaliseMatrix(matrix, 'actual')).toEqual([
      [0.8, 0.2],
      [0.1, 0.9],
    ]);
    expect(normaliseMatrix(matrix, 'predicted')).toEqual([
      [8 / 9, 2 / 11],
      [1 / 9, 9 / 11],
    ]);
    expect(
      normaliseMatrix(
        [
          [0, 0],
          [0, 1],
        ],
        'actual',
      )[0],
    ).toEqual([0, 0]);
  });
});

describe('<pl-confusion-matrix>', () => {
  it('renders a real table with accuracy and readable cell text', async () => {
    const el = await mount<ConfusionMatrix>('pl-confusion-matrix', { matrix, labels: ['spam', 'ham'] });
    expect($(el, 'caption').textContent).toContain('accuracy 85% (17 of 20)');
    const cells = $$<HTMLTableCellElement>(el, 'tbody td');
    expect(cells.map((c) => c.textContent)).toEqual(['8', '2', '1', '9']);
    expect($$(el, 'th[scope="col"]').map((c) => c.textContent)).toEqual(['spam', 'ham']);
    for (const cell of cells) {
      const style = getComputedStyle(cell);
      expect(contrast(parseColor(style.color), parseColor(style.backgroundColor))).toBeGreaterThanOrEqual(
        4.5,
      );
    }
    await expectAccessible(el);
  });

  it('normalises from its select control and reports cell clicks', async () => {
    const el = await mount<ConfusionMatrix>('pl-confusion-matrix', { matrix });
    const changes: string[] = [];
    el.addEventListener('pl-normalize-change', (e) => changes.push((e as CustomEvent).detail.normalizeBy));
    await userEvent.selectOptions($<HTMLSelectElement>(el, 'select'), 'actual');
    await el.updateComplete;
    expect(changes).toEqual(['actual']);
    expect($$(el, 'tbody td').map((c) => c.textContent)).toEqual(['0.8', '0.2', '0.1', '0.9']);
    const clicked: unknown[] = [];
    el.addEventListener('pl-cell-select', (e) => clicked.push((e as CustomEvent).detail));
    await userEvent.click($$(el, 'tbody td')[2]);
    expect(clicked).toEqual([{ actual: 1, predicted: 0, count: 1 }]);
    await update(el, {
      matrix: [
        [5, 0],
        [0, 5],
      ],
      normalizeBy: 'none',
    });
    expect($(el, 'caption').textContent).toContain('accuracy 100%');
  });

  it('explains bad input in place', async () => {
    const el = await mount<ConfusionMatrix>('pl-confusion-matrix', { matrix: [] });
    expect(alertText(el)).toContain(
      'pl-confusion-matrix(matrix): expected a non-empty array, got an empty array',
    );
    await update(el, { matrix: [[1, 2], [3]] });
    expect(alertText(el)).toContain('matrix[1]): expected 2 entries (a square matrix), got 1');
    await update(el, {
      matrix: [
        [1, Number.NaN],
        [3, 4],
      ],
    });
    expect(alertText(el)).toContain('matrix[0][1]): expected a count ≥ 0, got NaN');
    await update(el, { matrix, labels: ['a'] });
    expect(alertText(el)).toContain('labels): expected 2 entries (one name per class), got 1');
    await expectAccessible(el);
  });
});
