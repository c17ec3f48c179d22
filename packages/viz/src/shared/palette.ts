/** An sRGB colour as three bytes. */
export type Rgb = readonly [number, number, number];

/**
 * Okabe & Ito's eight colours, distinguishable under the common colour-vision deficiencies.
 * Ordered so the first series are blue, orange, green: the most separable pairs.
 */
export const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

/** Dash patterns that accompany series colours, so lines differ without colour. */
export const DASHES: readonly (readonly number[])[] = [[], [6, 4], [2, 3], [8, 3, 2, 3], [1, 2], [10, 5]];

/** Number of series colours in the theme (`--pl-series-1` … `--pl-series-6`). */
export const SERIES_COLOURS = 6;

/**
 * The CSS colour of series `index`, as a custom property so light and dark themes (and users) can
 * change it; canvas code reads the resolved value from `Theme.series` instead.
 */
export function seriesColor(index: number): string {
  return `var(--_s${index % SERIES_COLOURS})`;
}

export function seriesDash(index: number): readonly number[] {
  return DASHES[index % DASHES.length];
}

// Matplotlib's viridis sampled at 0, 0.1, …, 1: perceptually uniform and colour-blind safe.
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

function lerp(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Viridis at t in [0, 1] (clamped). */
export function viridis(t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  return lerp(VIRIDIS[i], VIRIDIS[i + 1], x - i);
}

/**
 * A diverging map for signed data: t = -1 is `negative`, 0 is `mid`, +1 is `positive`.
 * Blue and orange defaults keep the two signs apart for every common colour-vision type.
 */
export function diverging(
  t: number,
  negative: Rgb = [213, 94, 0],
  mid: Rgb = [247, 247, 247],
  positive: Rgb = [0, 114, 178],
): Rgb {
  const x = Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0));
  return x < 0 ? lerp(mid, negative, -x) : lerp(mid, positive, x);
}

export function rgbString(c: Rgb, alpha = 1): string {
  const [r, g, b] = c.map((v) => Math.round(v));
  return alpha >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

let probe: CanvasRenderingContext2D | null = null;

/** Parses any CSS colour the browser understands (hex, rgb(), names) into bytes. */
export function parseColor(css: string, fallback: Rgb = [0, 0, 0]): Rgb {
  const text = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [
      Number.parseInt(h.slice(0, 2), 16),
      Number.parseInt(h.slice(2, 4), 16),
      Number.parseInt(h.slice(4, 6), 16),
    ];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  if (!text || typeof document === 'undefined') return fallback;
  // Named colours and other syntaxes: let a canvas normalise them to #rrggbb.
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return fallback;
  probe.fillStyle = '#010203';
  probe.fillStyle = text;
  const normalised = String(probe.fillStyle);
  return normalised === '#010203' && text !== '#010203' ? fallback : parseColor(normalised, fallback);
}

/** WCAG relative luminance. */
export function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1 to 21). */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background` (always at least 4.5:1). */
export function textOn(background: Rgb): string {
  return contrast(background, [0, 0, 0]) >= contrast(background, [255, 255, 255]) ? '#000000' : '#ffffff';
}
