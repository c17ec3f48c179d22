import type { Generator } from '@plasticity/core';
import type { DataRecord } from '../dataset';
import { checkInteger, checkNumber, fail, show } from '../errors';

/** An image as numbers in height × width × channels (HWC) order — what the augmentations work on. */
export interface ImageArray {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Wraps flat HWC pixel values (e.g. a digits record's 64 values) as an {@link ImageArray}, copying them. */
export function toImage(data: ArrayLike<number>, height: number, width: number, channels = 1): ImageArray {
  const where = 'toImage(data, height, width, channels)';
  checkInteger('toImage(height)', height, 1);
  checkInteger('toImage(width)', width, 1);
  checkInteger('toImage(channels)', channels, 1);
  if (data == null || typeof data.length !== 'number')
    fail(where, `data: expected an array of numbers, got ${show(data)}`);
  if (data.length !== height * width * channels) {
    fail(
      where,
      `expected ${height}×${width}×${channels} = ${height * width * channels} values, got ${data.length}`,
    );
  }
  return { data: Float32Array.from(data), height, width, channels };
}

function blank(height: number, width: number, channels: number, fill: number): ImageArray {
  return { data: new Float32Array(height * width * channels).fill(fill), height, width, channels };
}

/** Mirrors left–right. */
export function flipHorizontal(img: ImageArray): ImageArray {
  const { height: h, width: w, channels: c } = img;
  const out = blank(h, w, c, 0);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++)
      for (let k = 0; k < c; k++) out.data[(i * w + j) * c + k] = img.data[(i * w + (w - 1 - j)) * c + k];
  return out;
}

/** Mirrors top–bottom. */
export function flipVertical(img: ImageArray): ImageArray {
  const { height: h, width: w, channels: c } = img;
  const out = blank(h, w, c, 0);
  for (let i = 0; i < h; i++)
    out.data.set(img.data.subarray((h - 1 - i) * w * c, (h - i) * w * c), i * w * c);
  return out;
}

/** Cuts out a window; parts of the window outside the image are filled with `fill` (default 0). */
export function crop(
  img: ImageArray,
  box: { top: number; left: number; height: number; width: number },
  fill = 0,
): ImageArray {
  checkInteger('crop(box.top)', box.top, -Number.MAX_SAFE_INTEGER);
  checkInteger('crop(box.left)', box.left, -Number.MAX_SAFE_INTEGER);
  checkInteger('crop(box.height)', box.height, 1);
  checkInteger('crop(box.width)', box.width, 1);
  const c = img.channels;
  const out = blank(box.height, box.width, c, fill);
  for (let i = 0; i < box.height; i++) {
    const si = box.top + i;
    if (si < 0 || si >= img.height) continue;
    for (let j = 0; j < box.width; j++) {
      const sj = box.left + j;
      if (sj < 0 || sj >= img.width) continue;
      for (let k = 0; k < c; k++)
        out.data[(i * box.width + j) * c + k] = img.data[(si * img.width + sj) * c + k];
    }
  }
  return out;
}

/**
 * Rotates counter-clockwise (as displayed) by `degrees` about the image centre, sampling bilinearly;
 * pixels that come from outside the image are `fill`.
 */
export function rotate(img: ImageArray, degrees: number, fill = 0): ImageArray {
  checkNumber('rotate(degrees)', degrees);
  const { height: h, width: w, channels: c } = img;
  const out = blank(h, w, c, fill);
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const eps = 1e-9;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      // Maths coordinates (y up); sample where the inverse rotation sends this output pixel.
      const xo = j - cx;
      const yo = cy - i;
      const sj = xo * cos + yo * sin + cx;
      const si = cy - (-xo * sin + yo * cos);
      if (si < -eps || si > h - 1 + eps || sj < -eps || sj > w - 1 + eps) continue;
      const i0 = Math.min(Math.max(Math.floor(si + eps), 0), h - 1);
      const j0 = Math.min(Math.max(Math.floor(sj + eps), 0), w - 1);
      const i1 = Math.min(i0 + 1, h - 1);
      const j1 = Math.min(j0 + 1, w - 1);
      const di = Math.min(Math.max(si - i0, 0), 1);
      const dj = Math.min(Math.max(sj - j0, 0), 1);
      for (let k = 0; k < c; k++) {
        const p = (a: number, b: number) => img.data[(a * w + b) * c + k];
        const top = p(i0, j0) * (1 - dj) + p(i0, j1) * dj;
        const bottom = p(i1, j0) * (1 - dj) + p(i1, j1) * dj;
        out.data[(i * w + j) * c + k] = top * (1 - di) + bottom * di;
      }
    }
  }
  return out;
}

/** Adds Gaussian noise of standard deviation `std`, optionally clipped to `[low, high]`. */
export function addNoise(
  img: ImageArray,
  std: number,
  rng: Generator,
  clip?: readonly [number, number],
): ImageArray {
  checkNumber('addNoise(std)', std, 0);
  const out = { ...img, data: new Float32Array(img.data.length) };
  for (let i = 0; i < img.data.length; i++) {
    let v = img.data[i] + std * rng.normal();
    if (clip) v = Math.min(Math.max(v, clip[0]), clip[1]);
    out.data[i] = v;
  }
  return out;
}

/** A random image transform: draws what it needs from `rng`. */
export type Augmentation = (img: ImageArray, rng: Generator) => ImageArray;

/** Flips left–right with probability `p` (default 0.5). Not for digits: a mirrored 2 is no longer a 2. */
export function randomFlip(p = 0.5, axis: 'horizontal' | 'vertical' = 'horizontal'): Augmentation {
  checkNumber('randomFlip(p)', p, 0, 1);
  return (img, rng) =>
    rng.uniform() < p ? (axis === 'horizontal' ? flipHorizontal(img) : flipVertical(img)) : img;
}

/** Rotates by an angle drawn uniformly from [-maxDegrees, maxDegrees]. */
export function randomRotation(maxDegrees: number, fill = 0): Augmentation {
  checkNumber('randomRotation(maxDegrees)', maxDegrees, 0, 180);
  return (img, rng) => rotate(img, (2 * rng.uniform() - 1) * maxDegrees, fill);
}

/** Pads by `padding` on every side, then cuts a random `height × width` window (the CIFAR recipe). */
export function randomCrop(height: number, width: number, padding = 0, fill = 0): Augmentation {
  checkInteger('randomCrop(height)', height, 1);
  checkInteger('randomCrop(width)', width, 1);
  checkInteger('randomCrop(padding)', padding, 0);
  return (img, rng) => {
    const rows = img.height + 2 * padding - height;
    const cols = img.width + 2 * padding - width;
    if (rows < 0 || cols < 0) {
      fail(
        'randomCrop',
        `a ${height}×${width} window does not fit a ${img.height}×${img.width} image padded by ${padding}`,
      );
    }
    const top = rng.integer(0, rows + 1) - padding;
    const left = rng.integer(0, cols + 1) - padding;
    return crop(img, { top, left, height, width }, fill);
  };
}

/** Adds Gaussian noise (see {@link addNoise}). */
export function gaussianNoise(std: number, clip?: readonly [number, number]): Augmentation {
  checkNumber('gaussianNoise(std)', std, 0);
  return (img, rng) => addNoise(img, std, rng, clip);
}

/** Applies augmentations in order. */
export function compose(...augmentations: readonly Augmentation[]): Augmentation {
  augmentations.forEach((a, i) => {
    if (typeof a !== 'function')
      fail('compose(...augmentations)', `argument ${i}: expected a function, got ${show(a)}`);
  });
  return (img, rng) => augmentations.reduce((acc, a) => a(acc, rng), img);
}

/**
 * Turns an augmentation into a DataLoader `transform` for records whose `x` is a flat image of the given
 * size: each epoch sees freshly augmented copies, the stored data stay untouched.
 *
 * @example
 * ```ts
 * new DataLoader(digits.dataset, { transform: augmentRecords(randomRotation(10), 8, 8), seed: 0 });
 * ```
 */
export function augmentRecords<R extends DataRecord<unknown, unknown>>(
  augmentation: Augmentation,
  height: number,
  width: number,
  channels = 1,
): (record: R, rng: Generator) => R {
  return (record, rng) => {
    const img = toImage(record.x as ArrayLike<number>, height, width, channels);
    return { ...record, x: Array.from(augmentation(img, rng).data) };
  };
}
