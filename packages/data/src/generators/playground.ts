import type { Generator } from '@plasticity/core';
import { ArrayDataset, type DataRecord } from '../dataset';
import { checkInteger, checkNumber, fail, show } from '../errors';
import { resolveGenerator, type SeedLike, uniform } from '../random';

/** A 2-D sample: `x = [x1, x2]`, `y` a class (0/1 or ±1) or a regression value. */
export type Point2D = DataRecord<number[], number>;

/** Options of the TensorFlow Playground generators. */
export interface PlaygroundOptions {
  /** Number of samples (default 500 for classification, 1200 for regression, as in the playground). */
  n?: number;
  /** The playground's noise slider as a fraction: 0 to 0.5 there (0–50 %); here any value in [0, 1]. */
  noise?: number;
  seed?: SeedLike;
  /**
   * Classification labels: `'zero-one'` (default) maps the playground's +1 to 1 and −1 to 0, ready for a
   * sigmoid and binary cross-entropy; `'plus-minus-one'` keeps the playground's ±1 (for tanh outputs).
   */
  labels?: 'zero-one' | 'plus-minus-one';
}

interface Parsed {
  n: number;
  noise: number;
  g: Generator;
  label: (playgroundLabel: number) => number;
}

function parse(fn: string, options: PlaygroundOptions, defaultN: number): Parsed {
  if (options === null || typeof options !== 'object')
    fail(`${fn}(options)`, `expected an object, got ${show(options)}`);
  const n = checkInteger(`${fn}(options.n)`, options.n ?? defaultN, 1);
  const noise = checkNumber(`${fn}(options.noise)`, options.noise ?? 0, 0, 1);
  const g = resolveGenerator(`${fn}(options.seed)`, options.seed);
  const style = options.labels ?? 'zero-one';
  if (style !== 'zero-one' && style !== 'plus-minus-one') {
    fail(`${fn}(options.labels)`, `expected 'zero-one' or 'plus-minus-one', got ${show(style)}`);
  }
  return { n, noise, g, label: style === 'zero-one' ? (l) => (l > 0 ? 1 : 0) : (l) => l };
}

function classified(
  name: string,
  records: Point2D[],
  style: PlaygroundOptions['labels'],
): ArrayDataset<Point2D> {
  const classNames = style === 'plus-minus-one' ? ['-1', '+1'] : ['negative', 'positive'];
  return new ArrayDataset(records, { name, task: 'classification', classNames, featureNames: ['x1', 'x2'] });
}

// The playground's positive class gets the first ⌈n/2⌉ samples, the negative class the rest.
const halves = (n: number): [number, number] => [Math.ceil(n / 2), Math.floor(n / 2)];

/**
 * The playground's "Circle": positives uniformly in radius [0, 2.5), negatives in [3.5, 5], angle uniform.
 * As in the playground the stored point is noiseless and noise (uniform ±5·noise per coordinate) moves only
 * the point the label is read from, so labels near the gap flip.
 */
export function circle(options: PlaygroundOptions = {}): ArrayDataset<Point2D> {
  const { n, noise, g, label } = parse('circle', options, 500);
  const radius = 5;
  const records: Point2D[] = [];
  const [pos, neg] = halves(n);
  const add = (rMin: number, rMax: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const r = uniform(g, rMin, rMax);
      const angle = uniform(g, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = uniform(g, -radius, radius) * noise;
      const ny = uniform(g, -radius, radius) * noise;
      const inside = Math.hypot(x + nx, y + ny) < radius * 0.5;
      records.push({ x: [x, y], y: label(inside ? 1 : -1) });
    }
  };
  add(0, radius * 0.5, pos);
  add(radius * 0.7, radius, neg);
  return classified('circle', records, options.labels);
}

/**
 * The playground's "Exclusive or": coordinates uniform in [−5, 5], pushed 0.3 away from the axes; the label
 * is the sign of x1·x2 of the point moved by noise (uniform ±5·noise), the stored point stays noiseless.
 */
export function xor(options: PlaygroundOptions = {}): ArrayDataset<Point2D> {
  const { n, noise, g, label } = parse('xor', options, 500);
  const padding = 0.3;
  const records: Point2D[] = [];
  for (let i = 0; i < n; i++) {
    let x = uniform(g, -5, 5);
    x += x > 0 ? padding : -padding;
    let y = uniform(g, -5, 5);
    y += y > 0 ? padding : -padding;
    const nx = uniform(g, -5, 5) * noise;
    const ny = uniform(g, -5, 5) * noise;
    records.push({ x: [x, y], y: label((x + nx) * (y + ny) >= 0 ? 1 : -1) });
  }
  return classified('xor', records, options.labels);
}

/**
 * The playground's "Gaussian": positives around (2, 2), negatives around (−2, −2), each coordinate normal
 * with variance 0.5 + 7·noise (the playground's linear map from noise 0–0.5 to variance 0.5–4).
 */
export function gaussian(options: PlaygroundOptions = {}): ArrayDataset<Point2D> {
  const { n, noise, g, label } = parse('gaussian', options, 500);
  const sd = Math.sqrt(0.5 + 7 * noise);
  const records: Point2D[] = [];
  const [pos, neg] = halves(n);
  const add = (c: number, count: number, l: number) => {
    for (let i = 0; i < count; i++) {
      const x = c + sd * g.normal();
      const y = c + sd * g.normal();
      records.push({ x: [x, y], y: label(l) });
    }
  };
  add(2, pos, 1);
  add(-2, neg, -1);
  return classified('gaussian', records, options.labels);
}

/**
 * The playground's "Spiral": two interleaved arms, point i of an arm at radius r = 5·i/(n/2) and angle
 * t = 1.75·2π·i/(n/2) (+π for the negative arm), x1 = r·sin t, x2 = r·cos t, plus uniform ±noise per coordinate.
 */
export function spiral(options: PlaygroundOptions = {}): ArrayDataset<Point2D> {
  const { n, noise, g, label } = parse('spiral', options, 500);
  const half = n / 2;
  const records: Point2D[] = [];
  const [pos, neg] = halves(n);
  const arm = (deltaT: number, count: number, l: number) => {
    for (let i = 0; i < count; i++) {
      const r = (i / half) * 5;
      const t = ((1.75 * i) / half) * 2 * Math.PI + deltaT;
      const x = r * Math.sin(t) + uniform(g, -1, 1) * noise;
      const y = r * Math.cos(t) + uniform(g, -1, 1) * noise;
      records.push({ x: [x, y], y: label(l) });
    }
  };
  arm(0, pos, 1);
  arm(Math.PI, neg, -1);
  return classified('spiral', records, options.labels);
}

function regression(name: string, records: Point2D[]): ArrayDataset<Point2D> {
  return new ArrayDataset(records, { name, task: 'regression', featureNames: ['x1', 'x2'] });
}

/**
 * The playground's "Plane" regression: x1, x2 uniform in [−6, 6], target (x1 + x2)/10 (its linear map from
 * [−10, 10] to [−1, 1], unclamped) read at the point moved by noise (uniform ±6·noise per coordinate).
 */
export function regressionPlane(options: Omit<PlaygroundOptions, 'labels'> = {}): ArrayDataset<Point2D> {
  const { n, noise, g } = parse('regressionPlane', options, 1200);
  const radius = 6;
  const records: Point2D[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(g, -radius, radius);
    const y = uniform(g, -radius, radius);
    const nx = uniform(g, -radius, radius) * noise;
    const ny = uniform(g, -radius, radius) * noise;
    records.push({ x: [x, y], y: (x + nx + y + ny) / 10 });
  }
  return regression('regressionPlane', records);
}

/** The six centres and signs of the playground's "Multi Gaussian" regression. */
export const PLAYGROUND_GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * The playground's "Multi Gaussian" regression: x1, x2 uniform in [−6, 6]; each of six bumps contributes
 * sign·max(0, 1 − d/2) at distance d from its centre, and the target is the contribution largest in absolute
 * value, read at the point moved by noise (uniform ±6·noise per coordinate).
 */
export function regressionGaussian(options: Omit<PlaygroundOptions, 'labels'> = {}): ArrayDataset<Point2D> {
  const { n, noise, g } = parse('regressionGaussian', options, 1200);
  const target = (x: number, y: number) => {
    let best = 0;
    for (const [cx, cy, sign] of PLAYGROUND_GAUSSIANS) {
      const v = sign * Math.min(1, Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2));
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    return best;
  };
  const radius = 6;
  const records: Point2D[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(g, -radius, radius);
    const y = uniform(g, -radius, radius);
    const nx = uniform(g, -radius, radius) * noise;
    const ny = uniform(g, -radius, radius) * noise;
    records.push({ x: [x, y], y: target(x + nx, y + ny) });
  }
  return regression('regressionGaussian', records);
}
