import { css, html, nothing, type TemplateResult } from 'lit';
import { define, keyStep, VizElement } from '../shared/base';
import { drawAxes, drawField, drawLabel, prepareCanvas, readTheme } from '../shared/canvas';
import { contourLevels, contourSegments } from '../shared/contours';
import { checkGrid, type GridField, valueAt } from '../shared/grid';
import { viridis } from '../shared/palette';
import { extent, formatNumber, linearScale, niceTicks } from '../shared/scales';
import { checkDomain, checkFinite, checkPositiveInt, fail } from '../shared/validate';

const M = { left: 44, right: 12, top: 10, bottom: 34 };

/**
 * `<pl-loss-surface>`: a 2-parameter loss surface as filled contours, with the path an optimiser
 * took across it. The learning rate and momentum that produced the path are shown in the legend.
 * The plot is a slider over the path's steps (arrow keys, Home/End, pointer), reading out the
 * parameters and the loss at that step; fires `pl-step` with `{ step, x, y, loss }`.
 */
export class LossSurface extends VizElement {
  static override properties = {
    ...VizElement.properties,
    surface: { attribute: false },
    xDomain: { attribute: false },
    yDomain: { attribute: false },
    path: { attribute: false },
    learningRate: { type: Number, attribute: 'learning-rate' },
    momentum: { type: Number },
    levels: { type: Number },
    levelScale: { attribute: 'level-scale' },
    step: { type: Number },
    size: { type: Number },
    xLabel: { attribute: 'x-label' },
    yLabel: { attribute: 'y-label' },
  };

  /** The loss sampled on a grid over xDomain × yDomain (row 0 at the bottom). */
  declare surface: GridField | undefined;
  declare xDomain: [number, number];
  declare yDomain: [number, number];
  /** Parameter values visited, one [x, y] per step, starting point first. */
  declare path: [number, number][];
  declare learningRate: number | undefined;
  declare momentum: number | undefined;
  /** Number of contour lines. */
  declare levels: number;
  /** `'log'` spaces contours geometrically above the minimum, showing detail in flat valleys. */
  declare levelScale: 'linear' | 'log';
  /** Path step being inspected; -1 shows the whole path without a marker. */
  declare step: number;
  declare size: number;
  declare xLabel: string;
  declare yLabel: string;

  constructor() {
    super();
    this.surface = undefined;
    this.xDomain = [-1, 1];
    this.yDomain = [-1, 1];
    this.path = [];
    this.learningRate = undefined;
    this.momentum = undefined;
    this.levels = 12;
    this.levelScale = 'log';
    this.step = -1;
    this.size = 320;
    this.xLabel = 'w₁';
    this.yLabel = 'w₂';
  }

  protected override validate(): void {
    checkGrid(this.surface, 'surface');
    checkDomain(this.xDomain, 'xDomain');
    checkDomain(this.yDomain, 'yDomain');
    if (!Array.isArray(this.path)) fail('path', 'an array of [x, y] points', this.path);
    this.path.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) fail(`path[${i}]`, 'an [x, y] pair', p);
      checkFinite(p[0], `path[${i}][0]`);
      checkFinite(p[1], `path[${i}][1]`);
    });
    if (this.learningRate !== undefined) checkFinite(this.learningRate, 'learningRate');
    if (this.momentum !== undefined) checkFinite(this.momentum, 'momentum');
    checkPositiveInt(this.levels, 'levels');
    if (this.levelScale !== 'linear' && this.levelScale !== 'log')
      fail('levelScale', "'linear' or 'log'", this.levelScale);
  }

  private lossAt(p: readonly [number, number]): number {
    return valueAt(this.surface!, this.xDomain, this.yDomain, p[0], p[1]);
  }

  private readout(i: number): string {
    const p = this.path[i];
    return `step ${i} of ${this.path.length - 1}: ${this.xLabel} = ${formatNumber(p[0])}, ${this.yLabel} = ${formatNumber(p[1])}, loss ≈ ${formatNumber(this.lossAt(p))}`;
  }

  private setStep(i: number): void {
    this.step = i;
    const p = this.path[i];
    this.emit('pl-step', { step: i, x: p[0], y: p[1], loss: this.lossAt(p) });
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.path.length) return;
    const next = keyStep(event, this.step < 0 ? this.path.length - 1 : this.step, this.path.length);
    if (next === null) return;
    event.preventDefault();
    this.setStep(next);
  }

  private onPointer(event: PointerEvent): void {
    if (!this.path.length) return;
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * (this.size + M.left + M.right);
    const py = ((event.clientY - box.top) / box.height) * (this.size + M.top + M.bottom);
    const x = linearScale(this.xDomain, [M.left, M.left + this.size]);
    const y = linearScale(this.yDomain, [M.top + this.size, M.top]);
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    this.path.forEach((p, i) => {
      const d = (x(p[0]) - px) ** 2 + (y(p[1]) - py) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    if (bestD < 30 ** 2) this.setStep(best);
  }

  protected override renderChart(): TemplateResult {
    const name = this.label || 'Loss surface';
    const n = this.path.length;
    const current = this.step >= 0 && this.step < n ? this.step : n - 1;
    const hyper = [
      this.learningRate === undefined ? '' : `learning rate ${formatNumber(this.learningRate)}`,
      this.momentum === undefined ? '' : `momentum ${formatNumber(this.momentum)}`,
    ].filter(Boolean);
    const describe =
      `${name} over ${this.xLabel} and ${this.yLabel}` +
      (n
        ? `, with a ${n - 1}-step descent path${hyper.length ? ` (${hyper.join(', ')})` : ''} from loss ≈ ${formatNumber(this.lossAt(this.path[0]))} to ≈ ${formatNumber(this.lossAt(this.path[n - 1]))}`
        : '') +
      '.';
    const rows =
      n <= 12
        ? this.path.map((_, i) => i)
        : [...new Set([0, 1, 2, 3, ...[0.25, 0.5, 0.75].map((f) => Math.round(f * (n - 1))), n - 2, n - 1])];
    return html`
      <canvas role=${n ? 'slider' : 'img'} tabindex=${n ? 0 : nothing} aria-label=${n ? `${describe} Arrow keys step along the path.` : describe}
        aria-valuemin=${n ? 0 : nothing} aria-valuemax=${n ? n - 1 : nothing} aria-valuenow=${n ? current : nothing}
        aria-valuetext=${n ? this.readout(current) : nothing}
        @keydown=${this.onKey} @pointermove=${this.onPointer}></canvas>
      <ul class="legend">
        ${hyper.map((h) => html`<li class="hyper">${h}</li>`)}
        ${n ? html`<li>${n - 1} steps</li>` : nothing}
        <li>contours: ${this.levels} levels (${this.levelScale})</li>
      </ul>
      <div class="status" aria-live="polite">${n && this.step >= 0 ? this.readout(current) : ''}</div>
      ${
        n
          ? html`<details class="alt">
              <summary>Path as a table</summary>
              <table>
                <thead><tr><th scope="col">step</th><th scope="col">${this.xLabel}</th><th scope="col">${this.yLabel}</th><th scope="col">loss ≈</th></tr></thead>
                <tbody>${rows.map(
                  (i) => html`<tr><th scope="row">${i}</th><td>${formatNumber(this.path[i][0])}</td>
                  <td>${formatNumber(this.path[i][1])}</td><td>${formatNumber(this.lossAt(this.path[i]))}</td></tr>`,
                )}</tbody>
              </table>
            </details>`
          : nothing
      }
    `;
  }

  protected override draw(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const w = this.size + M.left + M.right;
    const h = this.size + M.top + M.bottom;
    const ctx = prepareCanvas(canvas, w, h);
    const theme = readTheme(this);
    const surface = this.surface!;
    const rect = { left: M.left, top: M.top, right: M.left + this.size, bottom: M.top + this.size };
    const [lo, hi] = extent(surface.values)!;
    const levels = contourLevels(lo, hi, this.levels, this.levelScale);
    // Colour by level index, so the fill shows the same spacing as the lines.
    const band = (v: number) => {
      let k = 0;
      while (k < levels.length && v >= levels[k]) k++;
      return k / levels.length;
    };
    drawField(ctx, surface, (v) => viridis(0.15 + 0.85 * band(v)), rect, { alpha: 0.85 });
    const sx = this.size / (surface.cols - 1);
    const sy = this.size / (surface.rows - 1);
    ctx.save();
    ctx.strokeStyle = theme.rgb.bg[0] < 128 ? 'rgba(0,0,0,0.55)' : 'rgba(255,255,255,0.7)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const level of levels) {
      const seg = contourSegments(surface, level);
      for (let i = 0; i < seg.length; i += 4) {
        ctx.moveTo(rect.left + seg[i] * sx, rect.bottom - seg[i + 1] * sy);
        ctx.lineTo(rect.left + seg[i + 2] * sx, rect.bottom - seg[i + 3] * sy);
      }
    }
    ctx.stroke();
    ctx.restore();
    const x = linearScale(this.xDomain, [rect.left, rect.right]);
    const y = linearScale(this.yDomain, [rect.bottom, rect.top]);
    drawAxes(ctx, {
      rect,
      x,
      y,
      xTicks: niceTicks(this.xDomain[0], this.xDomain[1], 5),
      yTicks: niceTicks(this.yDomain[0], this.yDomain[1], 5),
      xLabel: this.xLabel,
      yLabel: this.yLabel,
      theme,
    });
    const n = this.path.length;
    if (!n) return;
    const last = this.step >= 0 && this.step < n ? this.step : n - 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.left, rect.top, this.size, this.size);
    ctx.clip();
    // A light halo under the path keeps it visible on every fill colour.
    for (const [stroke, width] of [
      ['#ffffff', 4.5],
      ['#000000', 2],
    ] as const) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = width;
      ctx.lineJoin = 'round';
      ctx.beginPath();
      this.path.forEach((p, i) => {
        if (i) ctx.lineTo(x(p[0]), y(p[1]));
        else ctx.moveTo(x(p[0]), y(p[1]));
      });
      ctx.stroke();
    }
    ctx.fillStyle = '#000000';
    for (const p of this.path) {
      ctx.beginPath();
      ctx.arc(x(p[0]), y(p[1]), 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    const start = this.path[0];
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.rect(x(start[0]) - 5, y(start[1]) - 5, 10, 10);
    ctx.fill();
    ctx.stroke();
    const end = this.path[last];
    ctx.fillStyle = OKABE_MARKER;
    ctx.beginPath();
    ctx.arc(x(end[0]), y(end[1]), 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
    if (this.step >= 0) {
      const px = x(end[0]);
      const right = px > (rect.left + rect.right) / 2;
      drawLabel(
        ctx,
        `step ${last}: loss ≈ ${formatNumber(this.lossAt(end))}`,
        right ? px - 10 : px + 10,
        y(end[1]) - 14,
        theme,
        right ? 'right' : 'left',
      );
    }
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .hyper {
        font-weight: 600;
      }
    `,
  ];
}

const OKABE_MARKER = '#E69F00';

define('pl-loss-surface', LossSurface);

declare global {
  interface HTMLElementTagNameMap {
    'pl-loss-surface': LossSurface;
  }
}
