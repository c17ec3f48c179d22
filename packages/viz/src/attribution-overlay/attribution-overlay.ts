import { css, html, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { prepareCanvas, readTheme } from '../shared/canvas';
import { diverging } from '../shared/palette';
import { formatNumber } from '../shared/scales';
import { checkFiniteArray, checkInRange, checkPositiveInt, fail, InputError } from '../shared/validate';

/** Pixels row-major from the top-left, values in [0, 1]; 1 (grey), 3 (RGB) or 4 (RGBA) channels. */
export interface ImageData01 {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** One attribution score per pixel, row-major from the top-left, any sign. */
export interface AttributionMap {
  width: number;
  height: number;
  values: ArrayLike<number>;
}

/** Sums of positive and of negative attribution in a 3 × 3 partition of the image (top-left first). */
export function regionTotals(map: AttributionMap): { positive: number[]; negative: number[] } {
  const positive = new Array<number>(9).fill(0);
  const negative = new Array<number>(9).fill(0);
  for (let r = 0; r < map.height; r++) {
    for (let c = 0; c < map.width; c++) {
      const k =
        Math.min(2, Math.floor((3 * r) / map.height)) * 3 + Math.min(2, Math.floor((3 * c) / map.width));
      const v = map.values[r * map.width + c];
      if (v > 0) positive[k] += v;
      else negative[k] -= v;
    }
  }
  return { positive, negative };
}

const REGION = [
  'top left',
  'top centre',
  'top right',
  'middle left',
  'centre',
  'middle right',
  'bottom left',
  'bottom centre',
  'bottom right',
];

/**
 * `<pl-attribution-overlay>`: an input image with a saliency or attribution map laid over it,
 * blue where a pixel pushed the prediction up and orange (hatched in the legend) where it pushed it
 * down. Controls: show/hide the overlay, its opacity, and signed or absolute display.
 * The text alternative names the regions with the most attribution.
 */
export class AttributionOverlay extends VizElement {
  static override properties = {
    ...VizElement.properties,
    image: { attribute: false },
    attribution: { attribute: false },
    opacity: { type: Number },
    showOverlay: { type: Boolean, attribute: 'show-overlay' },
    mode: {},
    size: { type: Number },
  };

  declare image: ImageData01 | undefined;
  declare attribution: AttributionMap | undefined;
  /** Overlay opacity in [0, 1]. */
  declare opacity: number;
  declare showOverlay: boolean;
  /** `'signed'` colours both signs; `'absolute'` shows magnitude only. */
  declare mode: 'signed' | 'absolute';
  /** Side of the drawn image in CSS pixels. */
  declare size: number;

  constructor() {
    super();
    this.image = undefined;
    this.attribution = undefined;
    this.opacity = 0.65;
    this.showOverlay = true;
    this.mode = 'signed';
    this.size = 280;
  }

  protected override validate(): void {
    const img = this.image;
    if (typeof img !== 'object' || img === null) fail('image', 'an image { width, height, data }', img);
    checkPositiveInt(img.width, 'image.width');
    checkPositiveInt(img.height, 'image.height');
    checkFiniteArray(img.data, 'image.data');
    const channels = img.data.length / (img.width * img.height);
    if (![1, 3, 4].includes(channels)) {
      throw new InputError(
        'image.data',
        `expected width × height × (1, 3 or 4) = ${img.width * img.height} × channels values, got ${img.data.length}`,
      );
    }
    const map = this.attribution;
    if (typeof map !== 'object' || map === null) fail('attribution', 'a map { width, height, values }', map);
    checkPositiveInt(map.width, 'attribution.width');
    checkPositiveInt(map.height, 'attribution.height');
    checkFiniteArray(map.values, 'attribution.values');
    if (map.values.length !== map.width * map.height) {
      throw new InputError(
        'attribution.values',
        `expected width × height = ${map.width * map.height} values, got ${map.values.length}`,
      );
    }
    if (map.width !== img.width || map.height !== img.height) {
      throw new InputError(
        'attribution',
        `expected the image's size ${img.width} × ${img.height}, got ${map.width} × ${map.height}`,
      );
    }
    checkInRange(this.opacity, 'opacity', 0, 1);
    if (this.mode !== 'signed' && this.mode !== 'absolute') fail('mode', "'signed' or 'absolute'", this.mode);
  }

  private summary(): string {
    const { positive, negative } = regionTotals(this.attribution!);
    const total = positive.reduce((a, b) => a + b, 0);
    const totalNeg = negative.reduce((a, b) => a + b, 0);
    const top = (xs: number[]) => xs.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0])[0][1];
    const pos =
      total > 0
        ? `Most positive attribution: ${REGION[top(positive)]} (${Math.round((100 * positive[top(positive)]) / total)}% of it)`
        : 'No positive attribution';
    const neg =
      totalNeg > 0
        ? `most negative: ${REGION[top(negative)]} (${Math.round((100 * negative[top(negative)]) / totalNeg)}%)`
        : 'no negative attribution';
    return `${pos}; ${neg}.`;
  }

  protected override renderChart(): TemplateResult {
    const { positive, negative } = regionTotals(this.attribution!);
    const name = this.label || 'Attribution overlay';
    return html`
      <canvas role="img" aria-label=${`${name}: a ${this.image!.width} × ${this.image!.height} image${this.showOverlay ? ' with its attribution map' : ''}. ${this.summary()}`}></canvas>
      <div class="controls">
        <label><input type="checkbox" .checked=${this.showOverlay}
          @change=${(e: Event) => (this.showOverlay = (e.target as HTMLInputElement).checked)} /> Show attribution</label>
        <label>Opacity <input type="range" min="0" max="1" step="0.05" .value=${String(this.opacity)}
          ?disabled=${!this.showOverlay} @input=${(e: Event) => (this.opacity = Number((e.target as HTMLInputElement).value))} /></label>
        <label>Show <select @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as 'signed' | 'absolute')}>
          <option value="signed" ?selected=${this.mode === 'signed'}>signed</option>
          <option value="absolute" ?selected=${this.mode === 'absolute'}>magnitude</option>
        </select></label>
      </div>
      <ul class="legend">
        <li><span class="swatch pos"></span>${this.mode === 'signed' ? 'supports the prediction' : 'attribution magnitude'}</li>
        ${this.mode === 'signed' ? html`<li><span class="swatch neg"></span>opposes it</li>` : ''}
      </ul>
      <details class="alt">
        <summary>Attribution by region</summary>
        <table>
          <thead><tr><th scope="col">region</th><th scope="col">positive</th><th scope="col">negative</th></tr></thead>
          <tbody>${REGION.map((r, i) => html`<tr><th scope="row">${r}</th><td>${formatNumber(positive[i])}</td><td>${formatNumber(-negative[i])}</td></tr>`)}</tbody>
        </table>
      </details>
    `;
  }

  protected override draw(): void {
    const img = this.image!;
    const map = this.attribution!;
    const canvas = this.renderRoot.querySelector('canvas')!;
    const scale = this.size / Math.max(img.width, img.height);
    const w = Math.round(img.width * scale);
    const h = Math.round(img.height * scale);
    const ctx = prepareCanvas(canvas, w, h);
    const theme = readTheme(this);
    const channels = img.data.length / (img.width * img.height);
    const pixels = new ImageData(img.width, img.height);
    let m = 0;
    for (let i = 0; i < map.values.length; i++) m = Math.max(m, Math.abs(map.values[i]));
    for (let p = 0; p < img.width * img.height; p++) {
      const get = (k: number) =>
        255 * Math.min(1, Math.max(0, img.data[p * channels + (channels === 1 ? 0 : k)]));
      let rgb: [number, number, number] = [get(0), get(1), get(2)];
      if (this.showOverlay && m > 0) {
        const a = map.values[p] / m;
        const tint =
          this.mode === 'signed'
            ? diverging(a, theme.rgb.negative, [255, 255, 255], theme.rgb.positive)
            : diverging(Math.abs(a), theme.rgb.negative, [255, 255, 255], theme.rgb.positive);
        const alpha = this.opacity * Math.min(1, Math.abs(a) * 1.5);
        rgb = [
          rgb[0] * (1 - alpha) + tint[0] * alpha,
          rgb[1] * (1 - alpha) + tint[1] * alpha,
          rgb[2] * (1 - alpha) + tint[2] * alpha,
        ];
      }
      pixels.data.set([rgb[0], rgb[1], rgb[2], 255], p * 4);
    }
    const off = document.createElement('canvas');
    off.width = img.width;
    off.height = img.height;
    off.getContext('2d')!.putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, w, h);
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .swatch {
        display: inline-block;
        width: 14px;
        height: 14px;
        border: 1px solid var(--_fg);
      }
      .swatch.pos {
        background: var(--_positive);
      }
      .swatch.neg {
        background: repeating-linear-gradient(45deg, var(--_negative) 0 3px, var(--_bg) 3px 5px);
      }
    `,
  ];
}

define('pl-attribution-overlay', AttributionOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'pl-attribution-overlay': AttributionOverlay;
  }
}
