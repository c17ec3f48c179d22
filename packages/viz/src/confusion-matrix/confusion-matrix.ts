import { css, html, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { type Rgb, rgbString, textOn, viridis } from '../shared/palette';
import { formatNumber } from '../shared/scales';
import { checkArray, checkLength, fail, InputError } from '../shared/validate';

export type Normalisation = 'none' | 'actual' | 'predicted';

/** Divides each row (`actual`: recall per class) or column (`predicted`: precision per class) by its sum. */
export function normaliseMatrix(matrix: readonly (readonly number[])[], by: Normalisation): number[][] {
  if (by === 'none') return matrix.map((r) => [...r]);
  const n = matrix.length;
  const sums = Array.from({ length: n }, (_, k) =>
    by === 'actual' ? matrix[k].reduce((a, b) => a + b, 0) : matrix.reduce((a, row) => a + row[k], 0),
  );
  return matrix.map((row, i) =>
    row.map((v, j) =>
      (by === 'actual' ? sums[i] : sums[j]) === 0 ? 0 : v / (by === 'actual' ? sums[i] : sums[j]),
    ),
  );
}

/**
 * `<pl-confusion-matrix>`: counts of actual (rows) against predicted (columns) classes as a
 * real table, so screen readers navigate it natively; cell colour shows the value (viridis),
 * the diagonal is outlined. A select normalises by actual class (recall) or predicted class
 * (precision); fires `pl-normalize-change`. Clicking a cell fires `pl-cell-select` with `{ actual, predicted, count }`.
 */
export class ConfusionMatrix extends VizElement {
  static override properties = {
    ...VizElement.properties,
    matrix: { attribute: false },
    labels: { attribute: false },
    normalizeBy: { attribute: 'normalize-by' },
  };

  /** matrix[i][j]: examples of actual class i predicted as class j. */
  declare matrix: number[][];
  declare labels: string[] | undefined;
  /** `'actual'` divides rows by their sums (recall), `'predicted'` columns (precision). */
  declare normalizeBy: Normalisation;

  constructor() {
    super();
    this.matrix = [];
    this.labels = undefined;
    this.normalizeBy = 'none';
  }

  protected override validate(): void {
    checkArray(this.matrix, 'matrix');
    const n = this.matrix.length;
    this.matrix.forEach((row, i) => {
      checkArray(row, `matrix[${i}]`);
      checkLength(row, n, `matrix[${i}]`, 'a square matrix');
      row.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          fail(`matrix[${i}][${j}]`, 'a count ≥ 0', v);
      });
    });
    if (this.labels !== undefined) {
      if (!Array.isArray(this.labels)) fail('labels', 'an array of class names', this.labels);
      checkLength(this.labels, n, 'labels', 'one name per class');
    }
    if (!['none', 'actual', 'predicted'].includes(this.normalizeBy)) {
      fail('normalizeBy', "'none', 'actual' or 'predicted'", this.normalizeBy);
    }
    if (this.matrix.every((row) => row.every((v) => v === 0)))
      throw new InputError('matrix', 'expected some counts, got all zeros');
  }

  private name(i: number): string {
    return this.labels?.[i] ?? `class ${i}`;
  }

  private changeNormalize(event: Event): void {
    this.normalizeBy = (event.target as HTMLSelectElement).value as Normalisation;
    this.emit('pl-normalize-change', { normalizeBy: this.normalizeBy });
  }

  protected override renderChart(): TemplateResult {
    const m = this.matrix;
    const shown = normaliseMatrix(m, this.normalizeBy);
    const max = Math.max(...shown.flat()) || 1;
    const total = m.flat().reduce((a, b) => a + b, 0);
    const correct = m.reduce((a, row, i) => a + row[i], 0);
    const fmt = (v: number) => (this.normalizeBy === 'none' ? String(v) : formatNumber(v, 2));
    const name = this.label || 'Confusion matrix';
    return html`
      <div class="controls">
        <label>Normalise
          <select @change=${this.changeNormalize} .value=${this.normalizeBy}>
            <option value="none" ?selected=${this.normalizeBy === 'none'}>counts</option>
            <option value="actual" ?selected=${this.normalizeBy === 'actual'}>by actual class (recall)</option>
            <option value="predicted" ?selected=${this.normalizeBy === 'predicted'}>by predicted class (precision)</option>
          </select>
        </label>
      </div>
      <table class="matrix">
        <caption>${name}: accuracy ${formatNumber((100 * correct) / total, 3)}% (${correct} of ${total})</caption>
        <thead>
          <tr><td class="corner">actual ↓ predicted →</td>${m.map((_, j) => html`<th scope="col">${this.name(j)}</th>`)}</tr>
        </thead>
        <tbody>
          ${shown.map(
            (row, i) =>
              html`<tr><th scope="row">${this.name(i)}</th>${row.map((v, j) => {
                const bg: Rgb = viridis(v / max);
                return html`<td class=${i === j ? 'diag' : ''} style=${`background:${rgbString(bg)};color:${textOn(bg)}`}
                @click=${() => this.emit('pl-cell-select', { actual: i, predicted: j, count: m[i][j] })}>${fmt(v)}</td>`;
              })}</tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .matrix td,
      .matrix th {
        min-width: 3.2em;
        height: 2.4em;
        text-align: center;
      }
      .matrix td {
        cursor: pointer;
        font-weight: 600;
      }
      .matrix td.diag {
        outline: 2px solid var(--_fg);
        outline-offset: -3px;
      }
      .matrix .corner {
        border: none;
        font-size: 11px;
        color: var(--_muted);
        text-align: left;
      }
      caption {
        text-align: left;
        padding-bottom: 4px;
      }
    `,
  ];
}

define('pl-confusion-matrix', ConfusionMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'pl-confusion-matrix': ConfusionMatrix;
  }
}
