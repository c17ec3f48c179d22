import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { drawField, prepareCanvas, readTheme } from '../shared/canvas';
import { checkGrid, type GridField } from '../shared/grid';
import { diverging } from '../shared/palette';
import { formatNumber } from '../shared/scales';
import { checkArray, checkFiniteArray, checkLength, checkPositiveInt, fail } from '../shared/validate';

/** At most this many neurons of a layer are drawn; the middle of larger layers is elided. */
const MAX_SHOWN = 12;

/** Which neurons of a layer of `size` are drawn, in order. */
export function shownNeurons(size: number, max = MAX_SHOWN): number[] {
  if (size <= max) return Array.from({ length: size }, (_, i) => i);
  const half = max >> 1;
  return [
    ...Array.from({ length: half }, (_, i) => i),
    ...Array.from({ length: half }, (_, i) => size - half + i),
  ];
}

interface Place {
  layer: number;
  index: number;
  x: number;
  y: number;
}

/**
 * `<pl-network-diagram>`: a fully connected network. Edge colour and dash give the weight's sign
 * (solid blue positive, dashed orange negative), edge width its size. Hovering or focusing a
 * neuron (Tab, then arrow keys) highlights its edges and shows its activation map when
 * `activationMaps` has one. Fires `pl-neuron-focus` with `{ layer, index }`.
 */
export class NetworkDiagram extends VizElement {
  static override properties = {
    ...VizElement.properties,
    layers: { attribute: false },
    layerNames: { attribute: false },
    weights: { attribute: false },
    activationMaps: { attribute: false },
    width: { type: Number },
    height: { type: Number },
    active: { state: true },
    open: { state: true },
  };

  /** Neurons per layer, input first, e.g. [2, 5, 1]. */
  declare layers: number[];
  declare layerNames: string[] | undefined;
  /** weights[l][j][i]: from neuron i of layer l to neuron j of layer l + 1 (out × in, like a Linear layer). */
  declare weights: number[][][];
  /** activationMaps[l][i]: what neuron i of layer l outputs over the input plane (optional). */
  declare activationMaps: (GridField | null | undefined)[][] | undefined;
  declare width: number;
  declare height: number;
  declare private active: { layer: number; index: number };
  declare private open: boolean;

  constructor() {
    super();
    this.layers = [];
    this.layerNames = undefined;
    this.weights = [];
    this.activationMaps = undefined;
    this.width = 520;
    this.height = 300;
    this.active = { layer: 0, index: 0 };
    this.open = false;
  }

  protected override validate(): void {
    checkArray(this.layers, 'layers', 2);
    this.layers.forEach((n, l) => {
      checkPositiveInt(n, `layers[${l}]`);
    });
    checkArray(this.weights, 'weights');
    checkLength(this.weights, this.layers.length - 1, 'weights', 'one matrix between each pair of layers');
    this.weights.forEach((m, l) => {
      checkArray(m, `weights[${l}]`);
      checkLength(m, this.layers[l + 1], `weights[${l}]`, `layer ${l + 1} has ${this.layers[l + 1]} neurons`);
      m.forEach((row, j) => {
        checkFiniteArray(row, `weights[${l}][${j}]`);
        checkLength(row, this.layers[l], `weights[${l}][${j}]`, `layer ${l} has ${this.layers[l]} neurons`);
      });
    });
    if (this.layerNames !== undefined) {
      if (!Array.isArray(this.layerNames)) fail('layerNames', 'an array of strings', this.layerNames);
      checkLength(this.layerNames, this.layers.length, 'layerNames', 'one name per layer');
    }
    if (this.activationMaps !== undefined) {
      if (!Array.isArray(this.activationMaps))
        fail('activationMaps', 'an array per layer', this.activationMaps);
      this.activationMaps.forEach((maps, l) => {
        (maps ?? []).forEach((m, i) => {
          if (m) checkGrid(m, `activationMaps[${l}][${i}]`);
        });
      });
    }
  }

  private layerName(l: number): string {
    if (this.layerNames) return this.layerNames[l];
    return l === 0 ? 'input' : l === this.layers.length - 1 ? 'output' : `hidden ${l}`;
  }

  private places(): Place[][] {
    const pad = { x: 36, top: 34, bottom: 14 };
    const L = this.layers.length;
    return this.layers.map((size, layer) => {
      const shown = shownNeurons(size);
      const x = pad.x + ((this.width - 2 * pad.x) * layer) / (L - 1);
      const span = this.height - pad.top - pad.bottom;
      // An elided layer keeps one empty slot in the middle for its "⋮ n more" note.
      const elided = size > MAX_SHOWN;
      const slots = shown.length + (elided ? 1 : 0);
      const gap = Math.min(44, span / slots);
      const top = pad.top + (span - gap * (slots - 1)) / 2;
      return shown.map((index, k) => ({
        layer,
        index,
        x,
        y: top + gap * (k + (elided && k >= MAX_SHOWN / 2 ? 1 : 0)),
      }));
    });
  }

  private maxWeight(): number {
    let m = 0;
    for (const mat of this.weights) for (const row of mat) for (const w of row) m = Math.max(m, Math.abs(w));
    return m || 1;
  }

  private moveFocus(event: KeyboardEvent, places: Place[][]): void {
    const { layer, index } = this.active;
    const shown = places[layer].map((p) => p.index);
    const k = shown.indexOf(index);
    let next: { layer: number; index: number } | null = null;
    if (event.key === 'ArrowDown' && k < shown.length - 1) next = { layer, index: shown[k + 1] };
    if (event.key === 'ArrowUp' && k > 0) next = { layer, index: shown[k - 1] };
    if (event.key === 'ArrowRight' && layer < places.length - 1) {
      const col = places[layer + 1];
      next = { layer: layer + 1, index: col[Math.min(col.length - 1, k)].index };
    }
    if (event.key === 'ArrowLeft' && layer > 0) {
      const col = places[layer - 1];
      next = { layer: layer - 1, index: col[Math.min(col.length - 1, k)].index };
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.open = !this.open;
      return;
    }
    if (event.key === 'Escape') this.open = false;
    if (!next) return;
    event.preventDefault();
    this.setActive(next.layer, next.index, true);
    this.updateComplete.then(() =>
      this.renderRoot.querySelector<SVGGElement>(`[data-neuron="${next.layer}-${next.index}"]`)?.focus(),
    );
  }

  private setActive(layer: number, index: number, open: boolean): void {
    if (this.active.layer === layer && this.active.index === index && this.open === open) return;
    this.active = { layer, index };
    this.open = open;
    this.emit('pl-neuron-focus', { layer, index });
  }

  private describeNeuron(layer: number, index: number): string {
    const incoming = layer > 0 ? this.weights[layer - 1][index] : undefined;
    const map = this.activationMaps?.[layer]?.[index];
    return (
      `${this.layerName(layer)}, neuron ${index + 1}` +
      (incoming ? `: ${incoming.length} incoming weights, largest ${formatNumber(maxAbs(incoming))}` : '') +
      (map ? '; has an activation map' : '')
    );
  }

  protected override renderChart(): TemplateResult {
    const places = this.places();
    const wmax = this.maxWeight();
    const { layer: al, index: ai } = this.active;
    const hasActive = this.open;
    // Dense layers would be a solid mat of ink; fainter edges keep the structure readable.
    const edgeCount = places.slice(1).reduce((a, col, l) => a + col.length * places[l].length, 0);
    const base = edgeCount > 80 ? 0.45 : 0.85;
    const edges: TemplateResult[] = [];
    for (let l = 0; l < places.length - 1; l++) {
      for (const to of places[l + 1]) {
        for (const from of places[l]) {
          const w = this.weights[l][to.index][from.index];
          const touches = (from.layer === al && from.index === ai) || (to.layer === al && to.index === ai);
          edges.push(
            svg`<line x1=${from.x} y1=${from.y} x2=${to.x} y2=${to.y} stroke=${w >= 0 ? 'var(--_positive)' : 'var(--_negative)'}
              stroke-width=${0.5 + (5.5 * Math.abs(w)) / wmax} stroke-dasharray=${w < 0 ? '5 3' : nothing}
              opacity=${hasActive && !touches ? 0.12 : hasActive ? 0.95 : base}></line>`,
          );
        }
      }
    }
    const map = hasActive ? this.activationMaps?.[al]?.[ai] : undefined;
    const name = this.label || 'Network diagram';
    return html`
      <div class="wrap">
        <svg width=${this.width} height=${this.height} role="group"
          aria-label=${`${name}: layers ${this.layers.join('–')}. Tab to a neuron, arrow keys move between neurons.`}>
          <g aria-hidden="true">${edges}</g>
          ${places.map((col, l) => {
            const size = this.layers[l];
            return svg`<text x=${col[0].x} y="14" text-anchor="middle" class="layer" aria-hidden="true">${this.layerName(l)}</text>
              ${size > MAX_SHOWN ? svg`<text x=${col[0].x} y=${(col[MAX_SHOWN / 2 - 1].y + col[MAX_SHOWN / 2].y) / 2 + 4} text-anchor="middle" class="more" aria-hidden="true">⋮ ${size - MAX_SHOWN} more</text>` : nothing}
              ${col.map((p) => {
                const isActive = p.layer === al && p.index === ai;
                return svg`<g class="neuron" role="button" data-neuron=${`${p.layer}-${p.index}`}
                  tabindex=${isActive ? 0 : -1} aria-label=${this.describeNeuron(p.layer, p.index)}
                  aria-pressed=${isActive && this.open ? 'true' : 'false'}
                  @focus=${() => this.setActive(p.layer, p.index, true)}
                  @pointerenter=${() => this.setActive(p.layer, p.index, true)}
                  @pointerleave=${() => (this.open = false)}
                  @keydown=${(e: KeyboardEvent) => this.moveFocus(e, places)}>
                  <circle cx=${p.x} cy=${p.y} r="11" class=${isActive && this.open ? 'on' : ''}></circle>
                  ${this.activationMaps?.[p.layer]?.[p.index] ? svg`<circle cx=${p.x} cy=${p.y} r="3.5" class="dot"></circle>` : nothing}
                </g>`;
              })}`;
          })}
        </svg>
        <div class="panel" role="status">
          ${
            hasActive
              ? html`<div>${this.describeNeuron(al, ai)}</div>
                  ${map ? html`<canvas class="map" aria-hidden="true"></canvas>` : nothing}`
              : html`<div class="hint">Hover or focus a neuron to inspect it.</div>`
          }
        </div>
      </div>
      <ul class="legend">
        <li><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke="var(--_positive)" stroke-width="3"></line></svg>positive weight</li>
        <li><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke="var(--_negative)" stroke-width="3" stroke-dasharray="5 3"></line></svg>negative weight</li>
        <li>width ∝ |weight|, largest ${formatNumber(wmax)}</li>
      </ul>
      <details class="alt">
        <summary>Weights as a table</summary>
        <table>
          <thead><tr><th scope="col">from → to</th><th scope="col">weights</th><th scope="col">positive</th>
            <th scope="col">negative</th><th scope="col">largest |w|</th></tr></thead>
          <tbody>${this.weights.map((m, l) => {
            const all = m.flat();
            return html`<tr><th scope="row">${this.layerName(l)} → ${this.layerName(l + 1)}</th><td>${all.length}</td>
              <td>${all.filter((w) => w > 0).length}</td><td>${all.filter((w) => w < 0).length}</td>
              <td>${formatNumber(maxAbs(all))}</td></tr>`;
          })}</tbody>
        </table>
      </details>
    `;
  }

  protected override draw(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.map');
    const map = this.activationMaps?.[this.active.layer]?.[this.active.index];
    if (!canvas || !map) return;
    const theme = readTheme(this);
    const ctx = prepareCanvas(canvas, 96, 96);
    const m = maxAbs(map.values) || 1;
    const { negative, positive, bg } = theme.rgb;
    drawField(ctx, map, (v) => diverging(v / m, negative, bg, positive), {
      left: 0,
      top: 0,
      right: 96,
      bottom: 96,
    });
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .wrap {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 8px;
      }
      .layer {
        fill: var(--_fg);
        font-size: 12px;
      }
      .more {
        fill: var(--_fg);
        font-size: 11px;
        paint-order: stroke;
        stroke: var(--_bg);
        stroke-width: 4px;
      }
      .neuron circle {
        fill: var(--_surface);
        stroke: var(--_fg);
        stroke-width: 1.5;
        cursor: pointer;
      }
      .neuron circle.on {
        stroke-width: 3;
      }
      .neuron circle.dot {
        fill: var(--_muted);
        stroke: none;
      }
      .neuron:focus-visible {
        outline: none;
      }
      .neuron:focus-visible circle:first-child {
        stroke: var(--_focus);
        stroke-width: 4;
      }
      .hint {
        color: var(--_muted);
      }
      .panel {
        width: 150px;
        min-height: 60px;
        margin-top: 30px;
        background: var(--_bg);
        border: 1px solid var(--_muted);
        border-radius: 4px;
        padding: 6px;
        max-width: 200px;
        font-size: 12px;
      }
      .map {
        margin-top: 4px;
      }
    `,
  ];
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

define('pl-network-diagram', NetworkDiagram);

declare global {
  interface HTMLElementTagNameMap {
    'pl-network-diagram': NetworkDiagram;
  }
}
