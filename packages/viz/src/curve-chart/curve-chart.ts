import { html, nothing, type TemplateResult } from 'lit';
import { define, keyStep, VizElement } from '../shared/base';
import { drawAxes, drawLabel, prepareCanvas, readTheme } from '../shared/canvas';
import { seriesColor, seriesDash } from '../shared/palette';
import { formatNumber, linearScale } from '../shared/scales';
import { checkArray, checkLength, fail } from '../shared/validate';

/** One ROC or precision–recall curve: x is FPR (ROC) or recall (PR), y is TPR or precision. */
export interface RateCurve {
  name: string;
  x: number[];
  y: number[];
  /** The score threshold of each point, if known. */
  thresholds?: number[];
}

/** Area under a curve by the trapezoid rule over points sorted by x (ROC AUC). */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  let area = 0;
  for (let k = 1; k < idx.length; k++)
    area += ((x[idx[k]] - x[idx[k - 1]]) * (y[idx[k]] + y[idx[k - 1]])) / 2;
  return area;
}

/** Average precision: Σ (Rₖ − Rₖ₋₁)·Pₖ over points sorted by recall (the step-wise PR area). */
export function averagePrecision(recall: ArrayLike<number>, precision: ArrayLike<number>): number {
  const idx = Array.from({ length: recall.length }, (_, i) => i).sort(
    (a, b) => recall[a] - recall[b] || precision[b] - precision[a],
  );
  let ap = 0;
  let prev = 0;
  for (const i of idx) {
    ap += (recall[i] - prev) * precision[i];
    prev = recall[i];
  }
  return ap;
}

const M = { left: 46, right: 12, top: 10, bottom: 38 };

/**
 * `<pl-curve-chart kind="roc|pr">`: ROC or precision–recall curves with their area (AUC or average
 * precision) and the chance line (the diagonal for ROC, `baseline` — the positive rate — for PR).
 * The plot is a slider along the first curve's thresholds; fires `pl-inspect` with `{ index, x, y, threshold }`.
 * `<pl-roc-curve>` and `<pl-pr-curve>` are the same element with the kind preset.
 */
export class CurveChart extends VizElement {
  static override properties = {
    ...VizElement.properties,
    kind: {},
    curves: { attribute: false },
    baseline: { type: Number },
    cursor: { type: Number },
    size: { type: Number },
  };

  declare kind: 'roc' | 'pr';
  declare curves: RateCurve[];
  /** PR only: precision of a classifier that guesses, i.e. the share of positives. */
  declare baseline: number | undefined;
  declare cursor: number;
  declare size: number;

  constructor() {
    super();
    this.kind = 'roc';
    this.curves = [];
    this.baseline = undefined;
    this.cursor = -1;
    this.size = 300;
  }

  protected override validate(): void {
    if (this.kind !== 'roc' && this.kind !== 'pr') fail('kind', "'roc' or 'pr'", this.kind);
    checkArray(this.curves, 'curves');
    this.curves.forEach((c, i) => {
      if (typeof c?.name !== 'string') fail(`curves[${i}].name`, 'a string', c?.name);
      checkArray(c.x, `curves[${i}].x`, 2);
      checkArray(c.y, `curves[${i}].y`, 2);
      checkLength(c.y, c.x.length, `curves[${i}].y`, 'one y per x');
      if (c.thresholds)
        checkLength(c.thresholds, c.x.length, `curves[${i}].thresholds`, 'one threshold per point');
      for (const key of ['x', 'y'] as const) {
        c[key].forEach((v, j) => {
          if (typeof v !== 'number' || !(v >= 0 && v <= 1))
            fail(`curves[${i}].${key}[${j}]`, 'a rate in [0, 1]', v);
        });
      }
    });
    if (this.baseline !== undefined && !(this.baseline >= 0 && this.baseline <= 1))
      fail('baseline', 'a rate in [0, 1]', this.baseline);
  }

  private get axisNames(): [string, string] {
    return this.kind === 'roc' ? ['false positive rate', 'true positive rate'] : ['recall', 'precision'];
  }

  private area(c: RateCurve): number {
    return this.kind === 'roc' ? trapezoidArea(c.x, c.y) : averagePrecision(c.x, c.y);
  }

  private readout(i: number): string {
    const c = this.curves[0];
    const [xn, yn] = this.axisNames;
    const t = c.thresholds ? `threshold ${formatNumber(c.thresholds[i])}: ` : `point ${i + 1}: `;
    return `${c.name}, ${t}${xn} ${formatNumber(c.x[i])}, ${yn} ${formatNumber(c.y[i])}`;
  }

  private inspect(i: number): void {
    this.cursor = i;
    const c = this.curves[0];
    this.emit('pl-inspect', { index: i, x: c.x[i], y: c.y[i], threshold: c.thresholds?.[i] });
  }

  private onKey(event: KeyboardEvent): void {
    const n = this.curves[0].x.length;
    const next = keyStep(event, Math.max(0, this.cursor), n);
    if (next === null) return;
    event.preventDefault();
    this.inspect(next);
  }

  private onPointer(event: PointerEvent): void {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const side = this.size + M.left + M.right;
    const px = ((event.clientX - box.left) / box.width) * side;
    const py = ((event.clientY - box.top) / box.height) * (this.size + M.top + M.bottom);
    const c = this.curves[0];
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let i = 0; i < c.x.length; i++) {
      const d = (M.left + c.x[i] * this.size - px) ** 2 + (M.top + (1 - c.y[i]) * this.size - py) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    }
    this.inspect(best);
  }

  protected override renderChart(): TemplateResult {
    const [xn, yn] = this.axisNames;
    const areaName = this.kind === 'roc' ? 'AUC' : 'AP';
    const name = this.label || (this.kind === 'roc' ? 'ROC curve' : 'Precision–recall curve');
    const n = this.curves[0].x.length;
    const cur = this.cursor >= 0 && this.cursor < n ? this.cursor : 0;
    const summary = this.curves.map((c) => `${c.name} ${areaName} ${formatNumber(this.area(c))}`).join('; ');
    return html`
      <canvas role="slider" tabindex="0" aria-label=${`${name}, ${yn} against ${xn}. ${summary}. Arrow keys move along ${this.curves[0].name}.`}
        aria-valuemin="0" aria-valuemax=${n - 1} aria-valuenow=${cur} aria-valuetext=${this.readout(cur)}
        @keydown=${this.onKey} @pointermove=${this.onPointer} @pointerleave=${() => (this.cursor = -1)}></canvas>
      <ul class="legend">
        ${this.curves.map(
          (c, i) => html`<li><svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5"
            stroke=${seriesColor(i)} stroke-width="2.5" stroke-dasharray=${seriesDash(i).join(' ') || nothing}></line></svg>
            ${c.name} (${areaName} ${formatNumber(this.area(c))})</li>`,
        )}
        <li><svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="var(--_muted)" stroke-dasharray="2 3"></line></svg>chance</li>
      </ul>
      <div class="visually-hidden" aria-live="polite">${this.cursor >= 0 ? this.readout(cur) : ''}</div>
      <details class="alt">
        <summary>Points as a table</summary>
        ${this.curves.map(
          (c) => html`<table>
            <caption>${c.name}</caption>
            <thead><tr>${c.thresholds ? html`<th scope="col">threshold</th>` : nothing}<th scope="col">${xn}</th><th scope="col">${yn}</th></tr></thead>
            <tbody>${sampleIndices(c.x.length, 25).map(
              (
                i,
              ) => html`<tr>${c.thresholds ? html`<th scope="row">${formatNumber(c.thresholds[i])}</th>` : nothing}
                <td>${formatNumber(c.x[i])}</td><td>${formatNumber(c.y[i])}</td></tr>`,
            )}</tbody>
          </table>`,
        )}
      </details>
    `;
  }

  protected override draw(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const w = this.size + M.left + M.right;
    const h = this.size + M.top + M.bottom;
    const ctx = prepareCanvas(canvas, w, h);
    const theme = readTheme(this);
    const rect = { left: M.left, top: M.top, right: M.left + this.size, bottom: M.top + this.size };
    const x = linearScale([0, 1], [rect.left, rect.right]);
    const y = linearScale([0, 1], [rect.bottom, rect.top]);
    const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
    const [xn, yn] = this.axisNames;
    drawAxes(ctx, { rect, x, y, xTicks: ticks, yTicks: ticks, xLabel: xn, yLabel: yn, theme });
    ctx.strokeStyle = theme.muted;
    ctx.setLineDash([2, 3]);
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    if (this.kind === 'roc') {
      ctx.moveTo(x(0), y(0));
      ctx.lineTo(x(1), y(1));
    } else if (this.baseline !== undefined) {
      ctx.moveTo(x(0), y(this.baseline));
      ctx.lineTo(x(1), y(this.baseline));
    }
    ctx.stroke();
    this.curves.forEach((c, k) => {
      const order = Array.from({ length: c.x.length }, (_, i) => i);
      if (this.kind === 'roc') order.sort((a, b) => c.x[a] - c.x[b] || c.y[a] - c.y[b]);
      ctx.strokeStyle = theme.series[k % theme.series.length];
      ctx.setLineDash(seriesDash(k) as number[]);
      ctx.lineWidth = 2.25;
      ctx.beginPath();
      order.forEach((i, j) => {
        if (j) ctx.lineTo(x(c.x[i]), y(c.y[i]));
        else ctx.moveTo(x(c.x[i]), y(c.y[i]));
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
    if (this.cursor >= 0) {
      const c = this.curves[0];
      const i = Math.min(this.cursor, c.x.length - 1);
      const px = x(c.x[i]);
      const py = y(c.y[i]);
      ctx.fillStyle = theme.series[0];
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px, py, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      const text = c.thresholds
        ? `t = ${formatNumber(c.thresholds[i])}`
        : `(${formatNumber(c.x[i])}, ${formatNumber(c.y[i])})`;
      const right = px > (rect.left + rect.right) / 2;
      drawLabel(
        ctx,
        text,
        right ? px - 9 : px + 9,
        py + (py < rect.top + 30 ? 18 : -14),
        theme,
        right ? 'right' : 'left',
      );
    }
  }
}

/** Up to `max` indices spread evenly over [0, n), always including both ends. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return [...new Set(Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1))))];
}

/** `<pl-roc-curve>`: a {@link CurveChart} preset to ROC. */
export class RocCurve extends CurveChart {
  constructor() {
    super();
    this.kind = 'roc';
  }
}

/** `<pl-pr-curve>`: a {@link CurveChart} preset to precision–recall. */
export class PrCurve extends CurveChart {
  constructor() {
    super();
    this.kind = 'pr';
  }
}

define('pl-curve-chart', CurveChart);
define('pl-roc-curve', RocCurve);
define('pl-pr-curve', PrCurve);

declare global {
  interface HTMLElementTagNameMap {
    'pl-curve-chart': CurveChart;
    'pl-roc-curve': RocCurve;
    'pl-pr-curve': PrCurve;
  }
}
