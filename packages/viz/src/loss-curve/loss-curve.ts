import { html, nothing, type TemplateResult } from 'lit';
import { define, keyStep, VizElement } from '../shared/base';
import { drawAxes, drawLabel, prepareCanvas, readTheme } from '../shared/canvas';
import { seriesColor, seriesDash } from '../shared/palette';
import { extent, formatNumber, linearScale, logScale, logTicks, niceTicks } from '../shared/scales';
import {
  checkArray,
  checkFiniteArray,
  checkInRange,
  checkLength,
  fail,
  InputError,
} from '../shared/validate';

/** One line of a loss or metric chart. */
export interface CurveSeries {
  /** Legend name, e.g. `'train loss'`. */
  name: string;
  /** One value per logged step. */
  values: number[];
  /** The step of each value; defaults to 0, 1, 2, … */
  steps?: number[];
}

/** Exponential moving average as TensorBoard draws it, debiased so the start is not pulled to 0. */
export function smoothSeries(values: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(values.length);
  let last = 0;
  for (let i = 0; i < values.length; i++) {
    last = last * weight + (1 - weight) * values[i];
    out[i] = weight === 0 ? values[i] : last / (1 - weight ** (i + 1));
  }
  return out;
}

const MARGIN = { left: 54, right: 14, top: 10, bottom: 38 };

/**
 * `<pl-loss-curve>`: live loss and metric curves on a canvas. Set `series`, or stream with
 * {@link LossCurve.push}; renders at most once per animation frame and draws at most a
 * couple of segments per pixel column however many points arrive.
 *
 * Keyboard: the plot is a slider over steps (arrows, Page Up/Down, Home, End) that reads out
 * every series at the chosen step. Fires `pl-inspect` with `{ index, step, values }`.
 */
export class LossCurve extends VizElement {
  static override properties = {
    ...VizElement.properties,
    series: { attribute: false },
    logScale: { type: Boolean, attribute: 'log-scale' },
    smoothing: { type: Number },
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
    width: { type: Number },
    height: { type: Number },
    cursor: { type: Number },
  };

  declare series: CurveSeries[];
  /** Log-scale y axis (losses spanning decades). */
  declare logScale: boolean;
  /** Exponential smoothing weight in [0, 1); 0 draws the raw values only. */
  declare smoothing: number;
  declare xLabel: string;
  declare yLabel: string;
  declare width: number;
  declare height: number;
  /** Index of the inspected point, or -1 for none. */
  declare cursor: number;

  constructor() {
    super();
    this.series = [];
    this.logScale = false;
    this.smoothing = 0;
    this.xLabel = 'step';
    this.yLabel = 'loss';
    this.width = 520;
    this.height = 280;
    this.cursor = -1;
  }

  /** Appends one value to the named series (created if missing); the redraw waits for the next frame. */
  push(name: string, value: number, step?: number): void {
    let target = this.series.find((s) => s.name === name);
    if (!target) {
      target = { name, values: [], ...(step === undefined ? {} : { steps: [] }) };
      this.series = [...this.series, target];
    }
    if (target.steps) target.steps.push(step ?? (target.steps.at(-1) ?? -1) + 1);
    target.values.push(value);
    this.requestUpdate('series');
  }

  /** Removes every point. */
  clear(): void {
    this.series = [];
    this.cursor = -1;
  }

  protected override validate(): void {
    const where = (p: string) => p;
    checkArray(this.series, where('series'));
    this.series.forEach((s, i) => {
      if (typeof s !== 'object' || s === null) fail(where(`series[${i}]`), 'an object { name, values }', s);
      if (typeof s.name !== 'string' || !s.name)
        fail(where(`series[${i}].name`), 'a non-empty string', s.name);
      checkFiniteArray(s.values, where(`series[${i}].values`));
      if (s.steps !== undefined) {
        checkFiniteArray(s.steps, where(`series[${i}].steps`));
        checkLength(s.steps, s.values.length, where(`series[${i}].steps`), 'one step per value');
      }
      if (this.logScale && s.values.some((v) => v <= 0)) {
        throw new InputError(
          where(`series[${i}].values`),
          'expected positive values for a log scale, got a value ≤ 0',
        );
      }
    });
    if (this.smoothing !== 0) checkInRange(this.smoothing, where('smoothing'), 0, 0.999);
  }

  private stepAt(s: CurveSeries, i: number): number {
    return s.steps ? s.steps[i] : i;
  }

  private longest(): CurveSeries {
    return this.series.reduce((a, b) => (b.values.length > a.values.length ? b : a));
  }

  private readout(index: number): string {
    const ref = this.longest();
    const step = this.stepAt(ref, index);
    const parts = this.series.map((s) => {
      const i = s === ref ? index : this.indexNear(s, step);
      return `${s.name} ${formatNumber(s.values[i], 4)}`;
    });
    return `${this.xLabel} ${formatNumber(step, 6)}: ${parts.join(', ')}`;
  }

  private indexNear(s: CurveSeries, step: number): number {
    if (!s.steps) return Math.max(0, Math.min(s.values.length - 1, Math.round(step)));
    let lo = 0;
    let hi = s.steps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.steps[mid] < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.longest().values.length;
    const next = keyStep(event, this.cursor < 0 ? count - 1 : this.cursor, count, Math.max(10, count >> 4));
    if (next === null) return;
    event.preventDefault();
    this.inspect(next);
  }

  private onPointer(event: PointerEvent): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const ref = this.longest();
    const px = ((event.clientX - box.left) / box.width) * this.width;
    const steps = ref.values.length;
    const first = this.stepAt(ref, 0);
    const lastStep = this.stepAt(ref, steps - 1);
    const frac = (px - MARGIN.left) / (this.width - MARGIN.left - MARGIN.right);
    this.inspect(this.indexNear(ref, first + frac * (lastStep - first)));
  }

  private inspect(index: number): void {
    this.cursor = index;
    const ref = this.longest();
    const step = this.stepAt(ref, index);
    this.emit('pl-inspect', {
      index,
      step,
      values: Object.fromEntries(
        this.series.map((s) => [s.name, s.values[s === ref ? index : this.indexNear(s, step)]]),
      ),
    });
  }

  protected override renderChart(): TemplateResult {
    const ref = this.longest();
    const count = ref.values.length;
    const cursor = Math.min(this.cursor, count - 1);
    const name = this.label || `${this.yLabel} by ${this.xLabel}`;
    return html`
      <canvas
        role="slider"
        tabindex="0"
        aria-label=${`${name}: ${this.series.length} series, ${count} points. Arrow keys inspect steps.`}
        aria-valuemin="0"
        aria-valuemax=${count - 1}
        aria-valuenow=${cursor < 0 ? count - 1 : cursor}
        aria-valuetext=${this.readout(cursor < 0 ? count - 1 : cursor)}
        @keydown=${this.onKey}
        @pointermove=${this.onPointer}
        @pointerleave=${() => (this.cursor = -1)}
      ></canvas>
      <ul class="legend">
        ${this.series.map(
          (s, i) => html`<li>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="27" y2="5" stroke=${seriesColor(i)} stroke-width="2.5"
                stroke-dasharray=${seriesDash(i).join(' ') || nothing}></line>
            </svg>
            ${s.name} <span>${formatNumber(s.values[s.values.length - 1], 4)}</span>
          </li>`,
        )}
      </ul>
      <div class="visually-hidden" aria-live="polite">${cursor >= 0 ? this.readout(cursor) : ''}</div>
      <details class="alt">
        <summary>Data summary</summary>
        <table>
          <caption class="visually-hidden">${name}</caption>
          <thead><tr><th scope="col">series</th><th scope="col">points</th><th scope="col">first</th>
            <th scope="col">last</th><th scope="col">minimum</th><th scope="col">at ${this.xLabel}</th></tr></thead>
          <tbody>
            ${this.series.map((s) => {
              let best = 0;
              for (let i = 1; i < s.values.length; i++) if (s.values[i] < s.values[best]) best = i;
              return html`<tr><th scope="row">${s.name}</th><td>${s.values.length}</td>
                <td>${formatNumber(s.values[0], 4)}</td><td>${formatNumber(s.values[s.values.length - 1], 4)}</td>
                <td>${formatNumber(s.values[best], 4)}</td><td>${formatNumber(this.stepAt(s, best), 6)}</td></tr>`;
            })}
          </tbody>
        </table>
      </details>
    `;
  }

  protected override draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const { width, height } = this;
    const ctx = prepareCanvas(canvas, width, height);
    const theme = readTheme(this);
    const rect = {
      left: MARGIN.left,
      top: MARGIN.top,
      right: width - MARGIN.right,
      bottom: height - MARGIN.bottom,
    };
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let s0 = Number.POSITIVE_INFINITY;
    let s1 = Number.NEGATIVE_INFINITY;
    for (const s of this.series) {
      const [a, b] = extent(s.values)!;
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
      s0 = Math.min(s0, this.stepAt(s, 0));
      s1 = Math.max(s1, this.stepAt(s, s.values.length - 1));
    }
    const x = linearScale([s0, s1], [rect.left, rect.right]);
    const y = this.logScale
      ? logScale([lo, hi === lo ? lo * 10 : hi], [rect.bottom, rect.top])
      : linearScale([Math.min(0, lo), hi], [rect.bottom, rect.top]);
    drawAxes(ctx, {
      rect,
      x,
      y,
      xTicks: niceTicks(x.domain[0], x.domain[1], 6),
      yTicks: this.logScale ? logTicks(y.domain[0], y.domain[1]) : niceTicks(y.domain[0], y.domain[1], 5),
      xLabel: this.xLabel,
      yLabel: this.yLabel,
      theme,
    });
    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.left, rect.top - 2, rect.right - rect.left + 2, rect.bottom - rect.top + 4);
    ctx.clip();
    this.series.forEach((s, i) => {
      ctx.strokeStyle = theme.series[i % theme.series.length];
      ctx.setLineDash(seriesDash(i) as number[]);
      if (this.smoothing > 0) {
        ctx.globalAlpha = 0.3;
        ctx.lineWidth = 1;
        this.strokeDecimated(ctx, s, s.values, x, y);
        ctx.globalAlpha = 1;
        ctx.lineWidth = 2.25;
        this.strokeDecimated(ctx, s, smoothSeries(s.values, this.smoothing), x, y);
      } else {
        ctx.lineWidth = 2;
        this.strokeDecimated(ctx, s, s.values, x, y);
      }
    });
    ctx.restore();
    if (this.cursor >= 0) {
      const ref = this.longest();
      const index = Math.min(this.cursor, ref.values.length - 1);
      const px = x(this.stepAt(ref, index));
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, rect.top);
      ctx.lineTo(px, rect.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      const right = px > (rect.left + rect.right) / 2;
      drawLabel(
        ctx,
        this.readout(index),
        right ? px - 6 : px + 6,
        rect.top + 12,
        theme,
        right ? 'right' : 'left',
      );
    }
  }

  /**
   * Strokes one series, keeping per pixel column only the entry, minimum, maximum and exit
   * points, which is visually identical to drawing every point and bounded by the plot width.
   */
  private strokeDecimated(
    ctx: CanvasRenderingContext2D,
    s: CurveSeries,
    values: ArrayLike<number>,
    x: (v: number) => number,
    y: (v: number) => number,
  ): void {
    ctx.beginPath();
    let column = Number.NaN;
    let minY = 0;
    let maxY = 0;
    let lastY = 0;
    let inColumn = 0;
    for (let i = 0; i < values.length; i++) {
      const px = x(this.stepAt(s, i));
      const py = y(values[i]);
      const col = Math.round(px);
      if (col !== column) {
        if (inColumn > 1) {
          ctx.lineTo(column, minY);
          ctx.lineTo(column, maxY);
          ctx.lineTo(column, lastY);
        }
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
        column = col;
        minY = maxY = py;
        inColumn = 1;
      } else {
        inColumn++;
        if (py < minY) minY = py;
        if (py > maxY) maxY = py;
      }
      lastY = py;
    }
    if (inColumn > 1) ctx.lineTo(column, lastY);
    ctx.stroke();
  }
}

define('pl-loss-curve', LossCurve);

declare global {
  interface HTMLElementTagNameMap {
    'pl-loss-curve': LossCurve;
  }
}
