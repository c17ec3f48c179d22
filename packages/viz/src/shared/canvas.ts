import type { GridField } from './grid';
import { OKABE_ITO, parseColor, type Rgb, SERIES_COLOURS } from './palette';
import { formatNumber, type Scale } from './scales';

/** Colours and font resolved from the element's CSS custom properties, for drawing on a canvas. */
export interface Theme {
  fg: string;
  bg: string;
  muted: string;
  grid: string;
  positive: string;
  negative: string;
  accent: string;
  font: string;
  /** Resolved series colours, for canvas drawing. */
  series: string[];
  rgb: { fg: Rgb; bg: Rgb; positive: Rgb; negative: Rgb };
}

export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const get = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const fg = get('--_fg', '#1b1b1f');
  const bg = get('--_bg', '#ffffff');
  const positive = get('--_positive', '#0072B2');
  const negative = get('--_negative', '#D55E00');
  return {
    fg,
    bg,
    muted: get('--_muted', '#5f6368'),
    grid: get('--_grid', '#e3e3e8'),
    positive,
    negative,
    accent: get('--_accent', '#009E73'),
    font: style.fontFamily || 'system-ui, sans-serif',
    series: Array.from({ length: SERIES_COLOURS }, (_, i) => get(`--_s${i}`, OKABE_ITO[i])),
    rgb: {
      fg: parseColor(fg, [27, 27, 31]),
      bg: parseColor(bg, [255, 255, 255]),
      positive: parseColor(positive, [0, 114, 178]),
      negative: parseColor(negative, [213, 94, 0]),
    },
  };
}

/** Sizes the canvas for the device pixel ratio and returns a context that draws in CSS pixels. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D {
  const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/** The drawing area inside the axes, in CSS pixels. */
export interface PlotRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface AxesOptions {
  rect: PlotRect;
  x: Scale;
  y: Scale;
  xTicks: number[];
  yTicks: number[];
  xLabel?: string;
  yLabel?: string;
  theme: Theme;
  format?: (v: number) => string;
}

/** Grid lines, tick labels and axis titles. */
export function drawAxes(ctx: CanvasRenderingContext2D, o: AxesOptions): void {
  const { rect, x, y, theme } = o;
  const fmt = o.format ?? formatNumber;
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  for (const t of o.xTicks) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, rect.top);
    ctx.lineTo(px, rect.bottom);
  }
  for (const t of o.yTicks) {
    const py = Math.round(y(t)) + 0.5;
    ctx.moveTo(rect.left, py);
    ctx.lineTo(rect.right, py);
  }
  ctx.stroke();
  ctx.strokeStyle = theme.muted;
  ctx.beginPath();
  ctx.moveTo(rect.left + 0.5, rect.top);
  ctx.lineTo(rect.left + 0.5, rect.bottom + 0.5);
  ctx.lineTo(rect.right, rect.bottom + 0.5);
  ctx.stroke();
  ctx.fillStyle = theme.fg;
  ctx.font = `11px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of o.xTicks) ctx.fillText(fmt(t), x(t), rect.bottom + 4);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of o.yTicks) ctx.fillText(fmt(t), rect.left - 5, y(t));
  ctx.font = `12px ${theme.font}`;
  if (o.xLabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(o.xLabel, (rect.left + rect.right) / 2, ctx.canvas.height / ctx.getTransform().d - 2);
  }
  if (o.yLabel) {
    ctx.translate(12, (rect.top + rect.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(o.yLabel, 0, 0);
  }
  ctx.restore();
}

/**
 * Paints a grid field into `rect`: one pixel per sample on an offscreen canvas, scaled up
 * (smoothly unless `pixelated`), so a 100 × 100 field costs one drawImage, not 10,000 rects.
 */
export function drawField(
  ctx: CanvasRenderingContext2D,
  field: GridField,
  colour: (value: number) => Rgb,
  rect: PlotRect,
  options: { alpha?: number; pixelated?: boolean; flipY?: boolean } = {},
): void {
  const { cols, rows, values } = field;
  const image = new ImageData(cols, rows);
  const data = image.data;
  const alpha = Math.round((options.alpha ?? 1) * 255);
  const flip = options.flipY ?? true;
  for (let r = 0; r < rows; r++) {
    // Row 0 of a field is the bottom of the plot, but the top of an image.
    const imageRow = flip ? rows - 1 - r : r;
    for (let c = 0; c < cols; c++) {
      const [cr, cg, cb] = colour(values[r * cols + c]);
      const o = (imageRow * cols + c) * 4;
      data[o] = cr;
      data[o + 1] = cg;
      data[o + 2] = cb;
      data[o + 3] = alpha;
    }
  }
  const off = document.createElement('canvas');
  off.width = cols;
  off.height = rows;
  off.getContext('2d')!.putImageData(image, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = !options.pixelated;
  ctx.drawImage(off, rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top);
  ctx.restore();
}

/** Draws a text label with a background box so it stays readable over data. */
export function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  theme: Theme,
  align: 'left' | 'right' = 'left',
): void {
  ctx.save();
  ctx.font = `12px ${theme.font}`;
  const w = ctx.measureText(text).width + 8;
  const left = align === 'left' ? x : x - w;
  ctx.fillStyle = theme.bg;
  ctx.globalAlpha = 0.9;
  ctx.fillRect(left, y - 9, w, 18);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.muted;
  ctx.strokeRect(left + 0.5, y - 8.5, w - 1, 17);
  ctx.fillStyle = theme.fg;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, left + 4, y);
  ctx.restore();
}
