import { css, html, nothing, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { drawAxes, drawField, prepareCanvas, readTheme, type Theme } from '../shared/canvas';
import { contourSegments } from '../shared/contours';
import { checkGrid, type GridField, valueAt } from '../shared/grid';
import { diverging, type Rgb } from '../shared/palette';
import { formatNumber, linearScale, niceTicks } from '../shared/scales';
import { checkArray, checkDomain, checkFinite, fail, InputError } from '../shared/validate';

/** A labelled 2-D data point; `label` is the class, 0 or 1. */
export interface LabelledPoint {
  x: number;
  y: number;
  label: number;
}

/** A hidden neuron's output over the same grid, drawn as a thumbnail. */
export interface NeuronField {
  label?: string;
  field: GridField;
}

const MARGIN = { left: 40, right: 10, top: 8, bottom: 34 };

/** Share of points whose side of the threshold matches their label. */
export function pointAccuracy(
  field: GridField,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  points: readonly LabelledPoint[],
  threshold: number,
): number {
  if (points.length === 0) return Number.NaN;
  let right = 0;
  for (const p of points) {
    const predicted = valueAt(field, xDomain, yDomain, p.x, p.y) >= threshold ? 1 : 0;
    if (predicted === p.label) right++;
  }
  return right / points.length;
}

/**
 * `<pl-decision-boundary>`: a classifier's output over the plane as a heatmap (playground style),
 * the decision boundary where it crosses `threshold`, the data points (class 0 as circles, class 1
 * as squares, so shape carries the class as well as colour) and optional per-neuron thumbnails.
 * Thumbnails are buttons: choosing one shows that neuron in the main view (`pl-neuron-select`).
 */
export class DecisionBoundary extends VizElement {
  static override properties = {
    ...VizElement.properties,
    field: { attribute: false },
    points: { attribute: false },
    neurons: { attribute: false },
    xDomain: { attribute: false },
    yDomain: { attribute: false },
    valueDomain: { attribute: false },
    threshold: { type: Number },
    selected: { type: Number },
    size: { type: Number },
  };

  /** Model output sampled on a grid over xDomain × yDomain. */
  declare field: GridField | undefined;
  declare points: LabelledPoint[];
  declare neurons: NeuronField[];
  declare xDomain: [number, number];
  declare yDomain: [number, number];
  /** Output range mapped onto the colour scale, e.g. [0, 1] for a probability, [-1, 1] for tanh. */
  declare valueDomain: [number, number];
  /** Output value at which the predicted class changes. */
  declare threshold: number;
  /** Index of the neuron shown in the main view; -1 shows the model output. */
  declare selected: number;
  /** Side of the square plot in CSS pixels. */
  declare size: number;

  constructor() {
    super();
    this.field = undefined;
    this.points = [];
    this.neurons = [];
    this.xDomain = [-1, 1];
    this.yDomain = [-1, 1];
    this.valueDomain = [0, 1];
    this.threshold = 0.5;
    this.selected = -1;
    this.size = 320;
  }

  protected override validate(): void {
    checkGrid(this.field, 'field');
    checkDomain(this.xDomain, 'xDomain');
    checkDomain(this.yDomain, 'yDomain');
    checkDomain(this.valueDomain, 'valueDomain');
    checkFinite(this.threshold, 'threshold');
    if (!Array.isArray(this.points)) fail('points', 'an array of { x, y, label }', this.points);
    this.points.forEach((p, i) => {
      checkFinite(p?.x, `points[${i}].x`);
      checkFinite(p?.y, `points[${i}].y`);
      if (p.label !== 0 && p.label !== 1) fail(`points[${i}].label`, 'class 0 or 1', p.label);
    });
    if (!Array.isArray(this.neurons)) fail('neurons', 'an array', this.neurons);
    this.neurons.forEach((n, i) => {
      checkGrid(n?.field, `neurons[${i}].field`);
    });
    if (this.selected >= this.neurons.length) {
      throw new InputError(
        'selected',
        `expected -1 or a neuron index below ${this.neurons.length}, got ${this.selected}`,
      );
    }
    checkArray(this.field!.values, 'field.values');
  }

  private shown(): GridField {
    return this.selected >= 0 ? this.neurons[this.selected].field : this.field!;
  }

  private select(index: number): void {
    this.selected = index;
    this.emit('pl-neuron-select', { index });
  }

  private summary(): string {
    const field = this.field!;
    let above = 0;
    for (let i = 0; i < field.values.length; i++) if (field.values[i] >= this.threshold) above++;
    const share = Math.round((100 * above) / field.values.length);
    const counts = [0, 1].map((c) => this.points.filter((p) => p.label === c).length);
    const acc = pointAccuracy(field, this.xDomain, this.yDomain, this.points, this.threshold);
    return (
      `Model output over x from ${this.xDomain[0]} to ${this.xDomain[1]} and y from ${this.yDomain[0]} to ${this.yDomain[1]}: ` +
      `${share}% of the plane is predicted class 1. ${counts[0]} points of class 0, ${counts[1]} of class 1` +
      (this.points.length
        ? `; ${Math.round(acc * 1000) / 10}% lie on their class's side of the boundary.`
        : '.')
    );
  }

  protected override renderChart(): TemplateResult {
    const name = this.label || 'Decision boundary';
    const shownName =
      this.selected >= 0 ? (this.neurons[this.selected].label ?? `neuron ${this.selected + 1}`) : 'output';
    return html`
      <canvas class="main" role="img" aria-label=${`${name}, showing ${shownName}. ${this.summary()}`}></canvas>
      <ul class="legend">
        <li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill="var(--_negative)" stroke="var(--_fg)"></circle></svg>class 0</li>
        <li><svg width="12" height="12" aria-hidden="true"><rect x="1.5" y="1.5" width="9" height="9" fill="var(--_positive)" stroke="var(--_fg)"></rect></svg>class 1</li>
        <li><svg width="22" height="12" aria-hidden="true"><line x1="1" y1="6" x2="21" y2="6" stroke="var(--_fg)" stroke-width="2"></line></svg>boundary (${formatNumber(this.threshold)})</li>
      </ul>
      ${
        this.neurons.length
          ? html`<div class="thumbs" role="group" aria-label="Show one neuron in the main view">
              <button aria-pressed=${this.selected === -1 ? 'true' : 'false'} @click=${() => this.select(-1)}>output</button>
              ${this.neurons.map(
                (n, i) => html`<button class="thumb" aria-pressed=${this.selected === i ? 'true' : 'false'}
                  @click=${() => this.select(i)}><canvas aria-hidden="true"></canvas>${n.label ?? `neuron ${i + 1}`}</button>`,
              )}
            </div>`
          : nothing
      }
      <p class="visually-hidden">${this.summary()}</p>
    `;
  }

  protected override draw(): void {
    const theme = readTheme(this);
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.main')!;
    const width = this.size + MARGIN.left + MARGIN.right;
    const height = this.size + MARGIN.top + MARGIN.bottom;
    const ctx = prepareCanvas(canvas, width, height);
    const rect = {
      left: MARGIN.left,
      top: MARGIN.top,
      right: MARGIN.left + this.size,
      bottom: MARGIN.top + this.size,
    };
    const x = linearScale(this.xDomain, [rect.left, rect.right]);
    const y = linearScale(this.yDomain, [rect.bottom, rect.top]);
    const field = this.shown();
    const [lo, hi] = this.selected >= 0 ? symmetricDomain(field) : this.valueDomain;
    const mid = this.selected >= 0 ? (lo + hi) / 2 : this.threshold;
    const colour = this.colourMap(theme, lo, hi, mid);
    drawField(ctx, field, colour, rect);
    this.drawBoundary(ctx, field, mid, rect, theme);
    drawAxes(ctx, {
      rect,
      x,
      y,
      xTicks: niceTicks(this.xDomain[0], this.xDomain[1], 5),
      yTicks: niceTicks(this.yDomain[0], this.yDomain[1], 5),
      xLabel: 'x₁',
      theme,
    });
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = theme.fg;
    for (const p of this.points) {
      const px = x(p.x);
      const py = y(p.y);
      if (px < rect.left || px > rect.right || py < rect.top || py > rect.bottom) continue;
      ctx.fillStyle = p.label === 1 ? theme.positive : theme.negative;
      ctx.beginPath();
      if (p.label === 1) ctx.rect(px - 3.5, py - 3.5, 7, 7);
      else ctx.arc(px, py, 4, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    const thumbs = this.renderRoot.querySelectorAll<HTMLCanvasElement>('.thumb canvas');
    thumbs.forEach((thumb, i) => {
      const f = this.neurons[i].field;
      const [a, b] = symmetricDomain(f);
      const tctx = prepareCanvas(thumb, 56, 56);
      drawField(tctx, f, this.colourMap(theme, a, b, (a + b) / 2), {
        left: 0,
        top: 0,
        right: 56,
        bottom: 56,
      });
    });
  }

  /** Diverging colours around `mid`, faded so points stay visible on top (as in the playground). */
  private colourMap(theme: Theme, lo: number, hi: number, mid: number): (v: number) => Rgb {
    const { negative, positive, bg } = theme.rgb;
    const soften = (c: Rgb): Rgb => [
      c[0] * 0.6 + bg[0] * 0.4,
      c[1] * 0.6 + bg[1] * 0.4,
      c[2] * 0.6 + bg[2] * 0.4,
    ];
    const neg = soften(negative);
    const pos = soften(positive);
    return (v) =>
      diverging(v < mid ? -(mid - v) / (mid - lo || 1) : (v - mid) / (hi - mid || 1), neg, bg, pos);
  }

  private drawBoundary(
    ctx: CanvasRenderingContext2D,
    field: GridField,
    level: number,
    rect: { left: number; top: number; right: number; bottom: number },
    theme: Theme,
  ): void {
    const seg = contourSegments(field, level);
    const sx = (rect.right - rect.left) / (field.cols - 1);
    const sy = (rect.bottom - rect.top) / (field.rows - 1);
    ctx.save();
    ctx.strokeStyle = theme.fg;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < seg.length; i += 4) {
      ctx.moveTo(rect.left + seg[i] * sx, rect.bottom - seg[i + 1] * sy);
      ctx.lineTo(rect.left + seg[i + 2] * sx, rect.bottom - seg[i + 3] * sy);
    }
    ctx.stroke();
    ctx.restore();
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .thumbs {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 8px;
        max-width: 420px;
      }
      .thumb {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 2px;
        padding: 4px;
        font-size: 11px;
      }
    `,
  ];
}

function symmetricDomain(field: GridField): [number, number] {
  let m = 0;
  for (let i = 0; i < field.values.length; i++) m = Math.max(m, Math.abs(field.values[i]));
  return [-(m || 1), m || 1];
}

define('pl-decision-boundary', DecisionBoundary);

declare global {
  interface HTMLElementTagNameMap {
    'pl-decision-boundary': DecisionBoundary;
  }
}
