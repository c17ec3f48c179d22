import { css, html, nothing, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { prepareCanvas, readTheme } from '../shared/canvas';
import { diverging, type Rgb, rgbString, textOn, viridis } from '../shared/palette';
import { extent, formatNumber } from '../shared/scales';
import {
  checkArray,
  checkFiniteArray,
  checkLength,
  checkPositiveInt,
  fail,
  InputError,
} from '../shared/validate';

/** Rows × columns and the flat row-major values of a matrix given flat or nested. */
export function toMatrix(
  values: ArrayLike<number> | number[][],
  shape?: readonly number[],
): { rows: number; cols: number; flat: ArrayLike<number> } {
  if (Array.isArray(values) && Array.isArray(values[0])) {
    const nested = values as number[][];
    return { rows: nested.length, cols: nested[0].length, flat: nested.flat() };
  }
  const flat = values as ArrayLike<number>;
  if (!shape) return { rows: 1, cols: flat.length, flat };
  return { rows: shape.length === 1 ? 1 : shape[0], cols: shape.length === 1 ? shape[0] : shape[1], flat };
}

/**
 * `<pl-tensor-heatmap>`: a matrix (or vector) as coloured cells with its values written in when the
 * cells are large enough. Signed data gets a diverging scale centred on 0, otherwise viridis.
 * Focus the heatmap and move with the arrow keys to hear each value; fires `pl-cell-focus`
 * with `{ row, col, value }`.
 */
export class TensorHeatmap extends VizElement {
  static override properties = {
    ...VizElement.properties,
    values: { attribute: false },
    shape: { attribute: false },
    rowLabels: { attribute: false },
    colLabels: { attribute: false },
    showValues: { attribute: 'show-values' },
    cellSize: { type: Number, attribute: 'cell-size' },
    active: { state: true },
  };

  /** Nested rows, or a flat row-major array with `shape`. */
  declare values: number[][] | ArrayLike<number>;
  /** [rows, cols] (or [n] for a vector) when `values` is flat. */
  declare shape: number[] | undefined;
  declare rowLabels: string[] | undefined;
  declare colLabels: string[] | undefined;
  /** `'auto'` writes values in cells of at least 30 px. */
  declare showValues: 'auto' | 'always' | 'never';
  /** Cell side in CSS pixels; 0 fits the matrix into about 480 px. */
  declare cellSize: number;
  declare private active: [number, number] | null;

  constructor() {
    super();
    this.values = [];
    this.shape = undefined;
    this.rowLabels = undefined;
    this.colLabels = undefined;
    this.showValues = 'auto';
    this.cellSize = 0;
    this.active = null;
  }

  protected override validate(): void {
    checkArray(this.values, 'values');
    if (Array.isArray(this.values) && Array.isArray(this.values[0])) {
      const nested = this.values as number[][];
      nested.forEach((row, i) => {
        checkFiniteArray(row, `values[${i}]`);
        checkLength(row, nested[0].length, `values[${i}]`, 'every row as long as the first');
      });
    } else {
      checkFiniteArray(this.values, 'values');
      if (this.shape !== undefined) {
        if (!Array.isArray(this.shape) || this.shape.length < 1 || this.shape.length > 2) {
          fail('shape', 'a shape [rows, cols] or [n]', this.shape);
        }
        this.shape.forEach((d, i) => {
          checkPositiveInt(d, `shape[${i}]`);
        });
        const size = this.shape.reduce((a, b) => a * b, 1);
        if (size !== this.values.length) {
          throw new InputError(
            'shape',
            `expected a shape with ${this.values.length} entries, got [${this.shape.join(', ')}] (${size})`,
          );
        }
      }
    }
    const { rows, cols } = toMatrix(this.values, this.shape);
    if (this.rowLabels) checkLength(this.rowLabels, rows, 'rowLabels', 'one label per row');
    if (this.colLabels) checkLength(this.colLabels, cols, 'colLabels', 'one label per column');
  }

  private geometry() {
    const { rows, cols, flat } = toMatrix(this.values, this.shape);
    const cell =
      this.cellSize > 0 ? this.cellSize : Math.max(4, Math.min(48, Math.floor(480 / Math.max(rows, cols))));
    const left = this.rowLabels ? 64 : 4;
    const top = this.colLabels ? 22 : 4;
    return { rows, cols, flat, cell, left, top };
  }

  private colour(v: number, lo: number, hi: number, theme: { rgb: { negative: Rgb; positive: Rgb } }): Rgb {
    if (lo < 0 && hi > 0) {
      const m = Math.max(-lo, hi);
      return diverging(v / m, theme.rgb.negative, [247, 247, 247], theme.rgb.positive);
    }
    return viridis(hi === lo ? 0.5 : (v - lo) / (hi - lo));
  }

  private cellText(r: number, c: number): string {
    const { cols, flat } = this.geometry();
    const row = this.rowLabels?.[r] ?? `row ${r + 1}`;
    const col = this.colLabels?.[c] ?? `column ${c + 1}`;
    return `${row}, ${col}: ${formatNumber(flat[r * cols + c], 4)}`;
  }

  private onKey(event: KeyboardEvent): void {
    const { rows, cols, flat } = this.geometry();
    const [r, c] = this.active ?? [0, 0];
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, cols - 1],
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    const nr = Math.max(0, Math.min(rows - 1, next[0]));
    const nc = Math.max(0, Math.min(cols - 1, next[1]));
    this.active = [nr, nc];
    this.emit('pl-cell-focus', { row: nr, col: nc, value: flat[nr * cols + nc] });
  }

  protected override renderChart(): TemplateResult {
    const { rows, cols, flat } = this.geometry();
    const [lo, hi] = extent(flat)!;
    const name = this.label || 'Matrix heatmap';
    const small = rows * cols <= 400;
    return html`
      <div class="plot" role="group" tabindex="0" aria-roledescription="heatmap"
        aria-label=${`${name}: ${rows} × ${cols}, values from ${formatNumber(lo)} to ${formatNumber(hi)}. Arrow keys read cells.`}
        @keydown=${this.onKey} @focus=${() => (this.active ??= [0, 0])}>
        <canvas aria-hidden="true"></canvas>
      </div>
      <div class="status" aria-live="polite">${this.active ? this.cellText(...this.active) : ''}</div>
      <div class="scale" aria-hidden="true">
        <span>${formatNumber(lo)}</span>
        <span class="bar" style=${`background: linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => rgbString(this.colour(lo + t * (hi - lo), lo, hi, readTheme(this)))).join(', ')})`}></span>
        <span>${formatNumber(hi)}</span>
      </div>
      <details class="alt">
        <summary>${small ? 'Values as a table' : 'Summary'}</summary>
        ${
          small
            ? html`<table>
                ${this.colLabels ? html`<thead><tr><td></td>${this.colLabels.map((l) => html`<th scope="col">${l}</th>`)}</tr></thead>` : nothing}
                <tbody>${Array.from(
                  { length: rows },
                  (_, r) => html`<tr>
                  <th scope="row">${this.rowLabels?.[r] ?? r + 1}</th>
                  ${Array.from({ length: cols }, (_, c) => html`<td>${formatNumber(flat[r * cols + c], 4)}</td>`)}</tr>`,
                )}</tbody>
              </table>`
            : html`<p>${rows} × ${cols} values; minimum ${formatNumber(lo)}, maximum ${formatNumber(hi)}, mean
                ${formatNumber(mean(flat))}.</p>`
        }
      </details>
    `;
  }

  protected override draw(): void {
    const { rows, cols, flat, cell, left, top } = this.geometry();
    const canvas = this.renderRoot.querySelector('canvas')!;
    const ctx = prepareCanvas(canvas, left + cols * cell + 2, top + rows * cell + 2);
    const theme = readTheme(this);
    const [lo, hi] = extent(flat)!;
    const write = this.showValues === 'always' || (this.showValues === 'auto' && cell >= 30);
    ctx.font = `${Math.min(12, Math.floor(cell / 3))}px ${theme.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = flat[r * cols + c];
        const bg = this.colour(v, lo, hi, theme);
        ctx.fillStyle = rgbString(bg);
        ctx.fillRect(left + c * cell, top + r * cell, cell, cell);
        if (write) {
          ctx.fillStyle = textOn(bg);
          ctx.fillText(formatNumber(v, 2), left + (c + 0.5) * cell, top + (r + 0.5) * cell);
        }
      }
    }
    if (cell >= 8) {
      ctx.strokeStyle = theme.bg;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let r = 0; r <= rows; r++) {
        ctx.moveTo(left, top + r * cell);
        ctx.lineTo(left + cols * cell, top + r * cell);
      }
      for (let c = 0; c <= cols; c++) {
        ctx.moveTo(left + c * cell, top);
        ctx.lineTo(left + c * cell, top + rows * cell);
      }
      ctx.stroke();
    }
    ctx.fillStyle = theme.fg;
    ctx.font = `11px ${theme.font}`;
    this.rowLabels?.forEach((l, r) => {
      ctx.textAlign = 'right';
      ctx.fillText(l, left - 4, top + (r + 0.5) * cell);
    });
    this.colLabels?.forEach((l, c) => {
      ctx.textAlign = 'center';
      ctx.fillText(l, left + (c + 0.5) * cell, top - 9);
    });
    if (this.active) {
      const [r, c] = this.active;
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(left + c * cell + 1, top + r * cell + 1, cell - 2, cell - 2);
    }
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .plot {
        width: fit-content;
        border-radius: 2px;
      }
      .scale {
        display: flex;
        align-items: center;
        gap: 6px;
        font-size: 11px;
        margin-top: 4px;
      }
      .bar {
        display: inline-block;
        width: 120px;
        height: 10px;
        border: 1px solid var(--_grid);
      }
    `,
  ];
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

define('pl-tensor-heatmap', TensorHeatmap);

declare global {
  interface HTMLElementTagNameMap {
    'pl-tensor-heatmap': TensorHeatmap;
  }
}
