import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { define, keyStep, VizElement } from '../shared/base';
import { seriesColor } from '../shared/palette';
import { extent, formatNumber, linearScale, niceTicks } from '../shared/scales';
import { checkDomain, checkPositiveInt, fail } from '../shared/validate';
import { type ActivationFunction, type ActivationName, activationFunctions } from './activations';

const M = { left: 42, right: 12, top: 10, bottom: 30 };

/**
 * `<pl-activation-plot>`: an activation function and its derivative over `domain`.
 * `fn` names a built-in (`relu`, `tanh`, `gelu`, …) or is any `{ name, formula, f, df }`.
 * A probe (arrow keys or pointer) reads f(x) and f′(x) out; fires `pl-probe` with `{ x, y, dy }`.
 */
export class ActivationPlot extends VizElement {
  static override properties = {
    ...VizElement.properties,
    fn: {},
    domain: { attribute: false },
    showDerivative: { type: Boolean, attribute: 'show-derivative' },
    samples: { type: Number },
    probe: { type: Number },
    width: { type: Number },
    height: { type: Number },
  };

  declare fn: ActivationName | ActivationFunction;
  declare domain: [number, number];
  declare showDerivative: boolean;
  /** Points along x used to draw the curves. */
  declare samples: number;
  /** x of the probe, or NaN for none. */
  declare probe: number;
  declare width: number;
  declare height: number;

  constructor() {
    super();
    this.fn = 'tanh';
    this.domain = [-4, 4];
    this.showDerivative = true;
    this.samples = 201;
    this.probe = Number.NaN;
    this.width = 420;
    this.height = 260;
  }

  private get activation(): ActivationFunction {
    return typeof this.fn === 'string' ? activationFunctions[this.fn] : this.fn;
  }

  protected override validate(): void {
    if (typeof this.fn === 'string') {
      if (!(this.fn in activationFunctions)) {
        fail('fn', `one of ${Object.keys(activationFunctions).join(', ')}`, this.fn);
      }
    } else if (typeof this.fn?.f !== 'function' || typeof this.fn?.df !== 'function') {
      fail('fn', 'a built-in name or an object { name, formula, f, df }', this.fn);
    }
    checkDomain(this.domain, 'domain');
    checkPositiveInt(this.samples, 'samples');
    const a = this.activation;
    for (let i = 0; i < this.samples; i++) {
      const x = this.xAt(i);
      const [y, dy] = [a.f(x), a.df(x)];
      if (!Number.isFinite(y)) fail(`fn.f(${formatNumber(x)})`, 'a finite number', y);
      if (!Number.isFinite(dy)) fail(`fn.df(${formatNumber(x)})`, 'a finite number', dy);
    }
  }

  private xAt(i: number): number {
    return this.domain[0] + ((this.domain[1] - this.domain[0]) * i) / Math.max(1, this.samples - 1);
  }

  private readout(x: number): string {
    const a = this.activation;
    return `x = ${formatNumber(x)}: f(x) = ${formatNumber(a.f(x))}, f′(x) = ${formatNumber(a.df(x))}`;
  }

  private setProbe(x: number): void {
    this.probe = x;
    const a = this.activation;
    this.emit('pl-probe', { x, y: a.f(x), dy: a.df(x) });
  }

  private onKey(event: KeyboardEvent): void {
    const steps = 81;
    const stepOf = (x: number) =>
      Math.round(((x - this.domain[0]) / (this.domain[1] - this.domain[0])) * (steps - 1));
    const current = Number.isFinite(this.probe) ? stepOf(this.probe) : (steps - 1) >> 1;
    const next = keyStep(event, current, steps, 10);
    if (next === null) return;
    event.preventDefault();
    this.setProbe(
      Number((this.domain[0] + ((this.domain[1] - this.domain[0]) * next) / (steps - 1)).toPrecision(10)),
    );
  }

  private onPointer(event: PointerEvent): void {
    const box = (event.currentTarget as SVGElement).getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * this.width;
    const x = linearScale(this.domain, [M.left, this.width - M.right]).invert(px);
    this.setProbe(Math.min(this.domain[1], Math.max(this.domain[0], x)));
  }

  protected override renderChart(): TemplateResult {
    const a = this.activation;
    const xs = Array.from({ length: this.samples }, (_, i) => this.xAt(i));
    const ys = xs.map(a.f);
    const dys = this.showDerivative ? xs.map(a.df) : [];
    const [lo, hi] = extent([...ys, ...dys, 0])!;
    const pad = (hi - lo) * 0.06 || 1;
    const x = linearScale(this.domain, [M.left, this.width - M.right]);
    const y = linearScale([lo - pad, hi + pad], [this.height - M.bottom, M.top]);
    const path = (vs: number[]) =>
      vs.map((v, i) => `${i ? 'L' : 'M'}${x(xs[i]).toFixed(2)},${y(v).toFixed(2)}`).join('');
    const xt = niceTicks(this.domain[0], this.domain[1], 8);
    const yt = niceTicks(lo - pad, hi + pad, 5);
    const probe = Number.isFinite(this.probe) ? this.probe : undefined;
    const name = this.label || `${a.name} and its derivative`;
    const table = niceTicks(this.domain[0], this.domain[1], 8);
    return html`
      <svg width=${this.width} height=${this.height} role="slider" tabindex="0"
        aria-label=${`${name}. ${a.formula}. Arrow keys move a probe along x.`}
        aria-valuemin=${this.domain[0]} aria-valuemax=${this.domain[1]} aria-valuenow=${probe ?? nothing}
        aria-valuetext=${probe === undefined ? 'no probe' : this.readout(probe)}
        @keydown=${this.onKey} @pointermove=${this.onPointer}>
        <g aria-hidden="true">
          ${xt.map(
            (
              t,
            ) => svg`<line class="grid" x1=${x(t)} x2=${x(t)} y1=${M.top} y2=${this.height - M.bottom}></line>
            <text x=${x(t)} y=${this.height - M.bottom + 14} text-anchor="middle">${formatNumber(t)}</text>`,
          )}
          ${yt.map(
            (
              t,
            ) => svg`<line class="grid" x1=${M.left} x2=${this.width - M.right} y1=${y(t)} y2=${y(t)}></line>
            <text x=${M.left - 5} y=${y(t) + 4} text-anchor="end">${formatNumber(t)}</text>`,
          )}
          <line class="axis" x1=${M.left} x2=${this.width - M.right} y1=${y(0)} y2=${y(0)}></line>
          <line class="axis" x1=${x(0)} x2=${x(0)} y1=${M.top} y2=${this.height - M.bottom}></line>
          <path d=${path(ys)} fill="none" stroke=${seriesColor(0)} stroke-width="2.5"></path>
          ${this.showDerivative ? svg`<path d=${path(dys)} fill="none" stroke=${seriesColor(1)} stroke-width="2" stroke-dasharray="6 4"></path>` : nothing}
          ${
            probe === undefined
              ? nothing
              : svg`<line class="probe" x1=${x(probe)} x2=${x(probe)} y1=${M.top} y2=${this.height - M.bottom}></line>
                <circle cx=${x(probe)} cy=${y(a.f(probe))} r="4" fill=${seriesColor(0)}></circle>
                ${this.showDerivative ? svg`<circle cx=${x(probe)} cy=${y(a.df(probe))} r="4" fill=${seriesColor(1)}></circle>` : nothing}
                <text class="readout" x=${M.left + 6} y=${M.top + 14}>${this.readout(probe)}</text>`
          }
        </g>
      </svg>
      <ul class="legend">
        <li><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${seriesColor(0)} stroke-width="3"></line></svg>${a.formula}</li>
        ${this.showDerivative ? html`<li><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${seriesColor(1)} stroke-width="3" stroke-dasharray="6 4"></line></svg>derivative f′(x)</li>` : nothing}
      </ul>
      <details class="alt">
        <summary>Values as a table</summary>
        <table>
          <thead><tr><th scope="col">x</th><th scope="col">f(x)</th>${this.showDerivative ? html`<th scope="col">f′(x)</th>` : nothing}</tr></thead>
          <tbody>${table.map(
            (t) => html`<tr><th scope="row">${formatNumber(t)}</th><td>${formatNumber(a.f(t))}</td>
            ${this.showDerivative ? html`<td>${formatNumber(a.df(t))}</td>` : nothing}</tr>`,
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
      .grid {
        stroke: var(--_grid);
      }
      .axis {
        stroke: var(--_muted);
      }
      .probe {
        stroke: var(--_fg);
        stroke-dasharray: 3 3;
      }
      .readout {
        font-size: 12px;
        paint-order: stroke;
        stroke: var(--_bg);
        stroke-width: 4px;
      }
    `,
  ];
}

define('pl-activation-plot', ActivationPlot);

declare global {
  interface HTMLElementTagNameMap {
    'pl-activation-plot': ActivationPlot;
  }
}
