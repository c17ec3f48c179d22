import { css, html, svg, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { seriesColor } from '../shared/palette';
import { formatNumber } from '../shared/scales';
import { checkArray, checkFinite, checkFiniteArray, checkLength, fail } from '../shared/validate';

/** Scores and true labels (0 or 1) of one group of people. */
export interface FairnessGroup {
  name: string;
  scores: number[];
  labels: number[];
}

/** What a threshold does to one group; a rate is NaN when its denominator is empty. */
export interface GroupRates {
  count: number;
  /** Share predicted positive (demographic parity compares these). */
  selectionRate: number;
  /** Share of actual positives predicted positive (equal opportunity compares these). */
  truePositiveRate: number;
  /** Share of actual negatives predicted positive (equalised odds adds these). */
  falsePositiveRate: number;
}

/** Rates at `threshold`: a score ≥ threshold is a positive prediction. */
export function groupRates(
  scores: readonly number[],
  labels: readonly number[],
  threshold: number,
): GroupRates {
  let selected = 0;
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i] >= threshold;
    if (labels[i] === 1) positives++;
    if (predicted) {
      selected++;
      if (labels[i] === 1) tp++;
      else fp++;
    }
  }
  const negatives = scores.length - positives;
  return {
    count: scores.length,
    selectionRate: scores.length ? selected / scores.length : Number.NaN,
    truePositiveRate: positives ? tp / positives : Number.NaN,
    falsePositiveRate: negatives ? fp / negatives : Number.NaN,
  };
}

const METRICS = [
  { key: 'selectionRate', name: 'selection rate', gap: 'demographic parity difference' },
  { key: 'truePositiveRate', name: 'true positive rate', gap: 'equal opportunity difference' },
  { key: 'falsePositiveRate', name: 'false positive rate', gap: 'false positive rate difference' },
] as const;

/** Largest minus smallest of the defined values (NaN when fewer than two are defined). */
export function gap(values: number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length < 2 ? Number.NaN : Math.max(...defined) - Math.min(...defined);
}

const rate = (v: number) => (Number.isNaN(v) ? 'n/a' : formatNumber(v, 2));

/**
 * `<pl-fairness-chart>`: per-group selection rate, true positive rate and false positive rate at a
 * decision threshold chosen with a slider, with the gaps between groups that the common group-fairness
 * criteria compare. Fires `pl-threshold-change` with `{ threshold, rates }`.
 */
export class FairnessChart extends VizElement {
  static override properties = {
    ...VizElement.properties,
    groups: { attribute: false },
    threshold: { type: Number },
    width: { type: Number },
  };

  declare groups: FairnessGroup[];
  declare threshold: number;
  declare width: number;

  constructor() {
    super();
    this.groups = [];
    this.threshold = 0.5;
    this.width = 480;
  }

  protected override validate(): void {
    checkArray(this.groups, 'groups');
    this.groups.forEach((g, i) => {
      if (typeof g?.name !== 'string' || !g.name) fail(`groups[${i}].name`, 'a non-empty string', g?.name);
      checkFiniteArray(g.scores, `groups[${i}].scores`);
      checkArray(g.labels, `groups[${i}].labels`);
      checkLength(g.labels, g.scores.length, `groups[${i}].labels`, 'one label per score');
      g.labels.forEach((l, j) => {
        if (l !== 0 && l !== 1) fail(`groups[${i}].labels[${j}]`, 'label 0 or 1', l);
      });
    });
    checkFinite(this.threshold, 'threshold');
  }

  private rates(): GroupRates[] {
    return this.groups.map((g) => groupRates(g.scores, g.labels, this.threshold));
  }

  private onInput(event: Event): void {
    this.threshold = Number((event.target as HTMLInputElement).value);
    this.emit('pl-threshold-change', { threshold: this.threshold, rates: this.rates() });
  }

  protected override renderChart(): TemplateResult {
    const rates = this.rates();
    const G = this.groups.length;
    const H = 200;
    const top = 18;
    const bottom = 34;
    const left = 34;
    const cluster = (this.width - left - 10) / METRICS.length;
    const barW = Math.min(34, (cluster - 24) / G);
    const y = (v: number) => top + (1 - v) * (H - top - bottom);
    const name = this.label || 'Group fairness';
    return html`
      <div class="controls">
        <label for="t">Decision threshold</label>
        <input id="t" type="range" min="0" max="1" step="0.01" .value=${String(this.threshold)} @input=${this.onInput} />
        <output for="t">${formatNumber(this.threshold, 2)}</output>
      </div>
      <svg width=${this.width} height=${H} role="img"
        aria-label=${`${name} at threshold ${formatNumber(this.threshold, 2)}. ${METRICS.map((m) => `${m.name}: ${rates.map((r, i) => `${this.groups[i].name} ${rate(r[m.key])}`).join(', ')}`).join('. ')}.`}>
        ${[0, 0.25, 0.5, 0.75, 1].map(
          (t) => svg`<line class="grid" x1=${left} x2=${this.width - 6} y1=${y(t)} y2=${y(t)}></line>
            <text x=${left - 4} y=${y(t) + 4} text-anchor="end">${t}</text>`,
        )}
        ${METRICS.map((m, k) => {
          const x0 = left + k * cluster + (cluster - barW * G) / 2;
          return svg`${rates.map((r, i) => {
            const v = r[m.key];
            const h = Number.isNaN(v) ? 0 : H - bottom - y(v);
            return svg`<rect x=${x0 + i * barW + 1} y=${y(Number.isNaN(v) ? 0 : v)} width=${barW - 2} height=${h}
                fill=${seriesColor(i)} class=${`g${i % 4}`}></rect>
              <text x=${x0 + (i + 0.5) * barW} y=${y(Number.isNaN(v) ? 0 : v) - 3} text-anchor="middle" class="value">${rate(v)}</text>`;
          })}
          <text x=${left + (k + 0.5) * cluster} y=${H - bottom + 16} text-anchor="middle">${m.name}</text>`;
        })}
      </svg>
      <ul class="legend">
        ${this.groups.map(
          (g, i) =>
            html`<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill=${seriesColor(i)}></rect></svg>${g.name} (n = ${g.scores.length})</li>`,
        )}
      </ul>
      <dl class="gaps" aria-live="polite">
        ${METRICS.map((m) => html`<div><dt>${m.gap}</dt><dd>${rate(gap(rates.map((r) => r[m.key])))}</dd></div>`)}
      </dl>
      <details class="alt">
        <summary>Rates as a table</summary>
        <table>
          <thead><tr><th scope="col">group</th><th scope="col">n</th>${METRICS.map((m) => html`<th scope="col">${m.name}</th>`)}</tr></thead>
          <tbody>${rates.map(
            (r, i) =>
              html`<tr><th scope="row">${this.groups[i].name}</th><td>${r.count}</td>${METRICS.map((m) => html`<td>${rate(r[m.key])}</td>`)}</tr>`,
          )}</tbody>
        </table>
      </details>
    `;
  }

  static override styles = [
    ...VizElement.styles,
    css`
      svg text {
        fill: var(--_fg);
        font-size: 11px;
      }
      svg text.value {
        font-size: 10px;
      }
      .grid {
        stroke: var(--_grid);
      }
      rect.g1 {
        stroke: var(--_fg);
        stroke-width: 1;
        stroke-dasharray: 3 2;
      }
      input[type='range'] {
        width: 200px;
      }
      .gaps {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 18px;
        margin: 6px 0 0;
      }
      .gaps div {
        display: flex;
        gap: 6px;
      }
      .gaps dt {
        color: var(--_muted);
      }
      .gaps dd {
        margin: 0;
        font-weight: 600;
      }
    `,
  ];
}

define('pl-fairness-chart', FairnessChart);

declare global {
  interface HTMLElementTagNameMap {
    'pl-fairness-chart': FairnessChart;
  }
}
