import { css, html, nothing, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { prepareCanvas, readTheme } from '../shared/canvas';
import { OKABE_ITO } from '../shared/palette';
import { checkArray, checkLength, fail } from '../shared/validate';

export type SplitName = 'train' | 'validation' | 'test';

const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];
// Blue, orange, green from Okabe–Ito, plus a distinct fill pattern per split drawn on the canvas.
const COLOURS: Record<SplitName, string> = {
  train: OKABE_ITO[0],
  validation: OKABE_ITO[1],
  test: OKABE_ITO[2],
};

/** Counts per split and, within each split, per class. */
export function splitCounts(
  assignments: readonly SplitName[],
  labels?: readonly (string | number)[],
): { total: Record<SplitName, number>; byClass: Map<string, Record<SplitName, number>> } {
  const total: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const byClass = new Map<string, Record<SplitName, number>>();
  assignments.forEach((s, i) => {
    total[s]++;
    if (labels) {
      const key = String(labels[i]);
      const row = byClass.get(key) ?? { train: 0, validation: 0, test: 0 };
      row[s]++;
      byClass.set(key, row);
    }
  });
  return { total, byClass };
}

/**
 * `<pl-split-view>`: how a data set was divided into train, validation and test: a proportion bar,
 * one cell per example in data-set order (to show whether the split was shuffled), and per-split
 * class shares (to show whether it was stratified). Split buttons highlight one split; fires `pl-split-select`.
 */
export class SplitView extends VizElement {
  static override properties = {
    ...VizElement.properties,
    assignments: { attribute: false },
    labels: { attribute: false },
    highlight: {},
    width: { type: Number },
  };

  /** The split of each example, in data-set order. */
  declare assignments: SplitName[];
  /** The class of each example (optional). */
  declare labels: (string | number)[] | undefined;
  /** The split drawn in full while the others fade; undefined for none. */
  declare highlight: SplitName | undefined;
  declare width: number;

  constructor() {
    super();
    this.assignments = [];
    this.labels = undefined;
    this.highlight = undefined;
    this.width = 480;
  }

  protected override validate(): void {
    checkArray(this.assignments, 'assignments');
    this.assignments.forEach((s, i) => {
      if (!SPLITS.includes(s)) fail(`assignments[${i}]`, "'train', 'validation' or 'test'", s);
    });
    if (this.labels !== undefined) {
      checkArray(this.labels, 'labels');
      checkLength(this.labels, this.assignments.length, 'labels', 'one label per example');
    }
    if (this.highlight !== undefined && !SPLITS.includes(this.highlight))
      fail('highlight', 'a split name', this.highlight);
  }

  private toggle(split: SplitName): void {
    this.highlight = this.highlight === split ? undefined : split;
    this.emit('pl-split-select', { split: this.highlight ?? null });
  }

  protected override renderChart(): TemplateResult {
    const { total, byClass } = splitCounts(this.assignments, this.labels);
    const n = this.assignments.length;
    const pct = (k: number, of: number) => (of ? `${Math.round((1000 * k) / of) / 10}%` : '—');
    const classes = [...byClass.keys()].sort();
    const name = this.label || 'Data split';
    const text = `${name}: ${n} examples; ${SPLITS.map((s) => `${s} ${total[s]} (${pct(total[s], n)})`).join(', ')}.`;
    return html`
      <div class="controls" role="group" aria-label="Highlight a split">
        ${SPLITS.map(
          (
            s,
          ) => html`<button aria-pressed=${this.highlight === s ? 'true' : 'false'} @click=${() => this.toggle(s)}>
            <span class=${`key ${s}`} aria-hidden="true"></span>${s} ${total[s]}</button>`,
        )}
      </div>
      <div class="bar" role="img" aria-label=${text}>
        ${SPLITS.filter((s) => total[s] > 0).map(
          (s) =>
            html`<span class=${`seg ${s}${this.highlight && this.highlight !== s ? ' faded' : ''}`} style=${`flex-grow:${total[s]}`}>${pct(total[s], n)}</span>`,
        )}
      </div>
      <canvas aria-hidden="true"></canvas>
      ${
        classes.length
          ? html`<div class="classes" aria-hidden="true">
              ${SPLITS.filter((s) => total[s] > 0).map(
                (s) =>
                  html`<div class="row"><span class="name">${s}</span><span class="stack">${classes.map(
                    (c, k) => {
                      const share = byClass.get(c)![s] / total[s];
                      return html`<span class=${`cls c${k % 4}`} style=${`flex-grow:${share}`}>${share >= 0.12 ? `${c} ${Math.round(share * 100)}%` : ''}</span>`;
                    },
                  )}</span></div>`,
              )}
            </div>`
          : nothing
      }
      <details class="alt">
        <summary>Counts as a table</summary>
        <table>
          <thead><tr><th scope="col">split</th><th scope="col">examples</th><th scope="col">share</th>${classes.map((c) => html`<th scope="col">class ${c}</th>`)}</tr></thead>
          <tbody>${SPLITS.map(
            (s) => html`<tr><th scope="row">${s}</th><td>${total[s]}</td><td>${pct(total[s], n)}</td>
              ${classes.map((c) => html`<td>${byClass.get(c)![s]} (${pct(byClass.get(c)![s], total[s])})</td>`)}</tr>`,
          )}</tbody>
        </table>
      </details>
    `;
  }

  protected override draw(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const n = this.assignments.length;
    const cell = Math.max(3, Math.min(14, Math.floor(Math.sqrt((this.width * 160) / n))));
    const perRow = Math.floor(this.width / cell);
    const rows = Math.ceil(n / perRow);
    const ctx = prepareCanvas(canvas, perRow * cell, rows * cell);
    const theme = readTheme(this);
    this.assignments.forEach((s, i) => {
      const x = (i % perRow) * cell;
      const y = Math.floor(i / perRow) * cell;
      ctx.globalAlpha = this.highlight && this.highlight !== s ? 0.18 : 1;
      ctx.fillStyle = COLOURS[s];
      ctx.fillRect(x, y, cell - 1, cell - 1);
      // Shape marks so the splits differ without colour: validation a dot, test a diagonal.
      if (cell >= 6 && s !== 'train') {
        ctx.fillStyle = theme.bg;
        ctx.strokeStyle = theme.bg;
        if (s === 'validation') ctx.fillRect(x + cell / 2 - 1.5, y + cell / 2 - 1.5, 2, 2);
        else {
          ctx.beginPath();
          ctx.moveTo(x + 1, y + cell - 2);
          ctx.lineTo(x + cell - 2, y + 1);
          ctx.stroke();
        }
      }
    });
    ctx.globalAlpha = 1;
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .key {
        display: inline-block;
        width: 10px;
        height: 10px;
        margin-right: 5px;
        border: 1px solid var(--_fg);
      }
      .key.train,
      .seg.train {
        background: #0072b2;
      }
      .key.validation,
      .seg.validation {
        background: #e69f00;
      }
      .key.test,
      .seg.test {
        background: #009e73;
      }
      .bar {
        display: flex;
        height: 26px;
        margin: 4px 0 8px;
        border-radius: 3px;
        overflow: hidden;
      }
      .seg {
        color: #000;
        font-weight: 600;
        font-size: 12px;
        display: flex;
        align-items: center;
        justify-content: center;
        min-width: 2.6em;
      }
      .seg.train {
        color: #fff;
      }
      .seg.faded {
        background: var(--_surface);
        color: var(--_fg);
      }
      .classes {
        margin-top: 8px;
        display: grid;
        gap: 3px;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .row .name {
        width: 6em;
        color: var(--_muted);
      }
      .stack {
        display: flex;
        flex: 1;
        height: 18px;
        font-size: 11px;
      }
      .cls {
        display: flex;
        align-items: center;
        justify-content: center;
        overflow: hidden;
        white-space: nowrap;
        color: #000;
        border-right: 1px solid var(--_bg);
      }
      .cls.c0 {
        background: #56b4e9;
      }
      .cls.c1 {
        background: #cc79a7;
      }
      .cls.c2 {
        background: #f0e442;
      }
      .cls.c3 {
        background: #bbbbbb;
      }
    `,
  ];
}

define('pl-split-view', SplitView);

declare global {
  interface HTMLElementTagNameMap {
    'pl-split-view': SplitView;
  }
}
