import { type Tensor, tensor } from '@plasticity/core';
import { checkInteger, fail, show } from '../errors';
import type { ImageArray } from '../transforms/image';

/** Anything shaped like the DOM's `ImageData`: RGBA bytes, row by row. Plain objects work (tests, workers). */
export interface ImageDataLike {
  readonly data: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
}

/** How pixels become numbers. */
export interface PixelOptions {
  /** 1 (grey, by the Rec. 601 luma weights), 3 (RGB, the default) or 4 (RGBA). */
  channels?: 1 | 3 | 4;
  /** `'unit'` (default) divides by 255 into [0, 1]; `'byte'` keeps 0–255. */
  scale?: 'unit' | 'byte';
  /** `'hwc'` (default, height × width × channels) or `'chw'` (channels first, PyTorch's convention). */
  layout?: 'hwc' | 'chw';
}

function checkPixelOptions(where: string, options: PixelOptions): Required<PixelOptions> {
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3 && channels !== 4)
    fail(`${where}(options.channels)`, `expected 1, 3 or 4, got ${show(channels)}`);
  const scale = options.scale ?? 'unit';
  if (scale !== 'unit' && scale !== 'byte')
    fail(`${where}(options.scale)`, `expected 'unit' or 'byte', got ${show(scale)}`);
  const layout = options.layout ?? 'hwc';
  if (layout !== 'hwc' && layout !== 'chw')
    fail(`${where}(options.layout)`, `expected 'hwc' or 'chw', got ${show(layout)}`);
  return { channels, scale, layout };
}

/**
 * Converts ImageData (or any `{ data, width, height }` of RGBA bytes) to an {@link ImageArray} in HWC order,
 * e.g. for the augmentations.
 */
export function imageDataToArray(image: ImageDataLike, options: PixelOptions = {}): ImageArray {
  const where = 'imageDataToArray';
  const { channels, scale } = checkPixelOptions(where, options);
  if (image === null || typeof image !== 'object' || image.data == null) {
    fail(`${where}(image)`, `expected ImageData-like { data, width, height }, got ${show(image)}`);
  }
  const width = checkInteger(`${where}(image.width)`, image.width, 1);
  const height = checkInteger(`${where}(image.height)`, image.height, 1);
  if (image.data.length !== width * height * 4) {
    fail(
      `${where}(image.data)`,
      `expected ${width}×${height}×4 = ${width * height * 4} RGBA bytes, got ${image.data.length}`,
    );
  }
  const k = scale === 'unit' ? 1 / 255 : 1;
  const out = new Float32Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const r = image.data[4 * p];
    const g = image.data[4 * p + 1];
    const b = image.data[4 * p + 2];
    if (channels === 1) out[p] = (0.299 * r + 0.587 * g + 0.114 * b) * k;
    else for (let c = 0; c < channels; c++) out[p * channels + c] = image.data[4 * p + c] * k;
  }
  return { data: out, height, width, channels };
}

/** @internal HWC → CHW. */
export function toChw(img: ImageArray): Float32Array {
  const { height: h, width: w, channels: c } = img;
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) out[k * h * w + i] = img.data[i * c + k];
  return out;
}

/**
 * ImageData → a float32 tensor `[height, width, channels]` (or `[channels, height, width]` with
 * `layout: 'chw'`), values in [0, 1] unless `scale: 'byte'`.
 *
 * @example
 * ```ts
 * const t = imageDataToTensor({ data: new Uint8ClampedArray([255, 0, 0, 255]), width: 1, height: 1 });
 * t.shape; // [1, 1, 3], values [1, 0, 0]
 * ```
 */
export function imageDataToTensor(image: ImageDataLike, options: PixelOptions = {}): Tensor {
  const { layout } = checkPixelOptions('imageDataToTensor', options);
  const img = imageDataToArray(image, options);
  const shape =
    layout === 'hwc' ? [img.height, img.width, img.channels] : [img.channels, img.height, img.width];
  return tensor(layout === 'hwc' ? img.data : toChw(img), { dtype: 'float32', shape });
}

/** A 2-D canvas context, as far as reading pixels and drawing frames go. */
export interface Canvas2DLike {
  getImageData(sx: number, sy: number, sw: number, sh: number): ImageDataLike;
  drawImage?(image: unknown, dx: number, dy: number, dw: number, dh: number): void;
}

/** Anything with a size and a 2-D context: HTMLCanvasElement, OffscreenCanvas, or a test double. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(contextId: '2d', options?: unknown): Canvas2DLike | null;
}

type AnyCanvas = CanvasLike | HTMLCanvasElement | OffscreenCanvas;

function context(where: string, canvas: AnyCanvas): Canvas2DLike {
  if (
    canvas === null ||
    typeof canvas !== 'object' ||
    typeof (canvas as CanvasLike).getContext !== 'function'
  ) {
    fail(where, `expected a canvas (something with getContext('2d')), got ${show(canvas)}`);
  }
  const ctx = (canvas as CanvasLike).getContext('2d', { willReadFrequently: true });
  if (!ctx) fail(where, "the canvas has no '2d' context (is it already used for WebGL/WebGPU?)");
  return ctx;
}

/** The pixels of a canvas as a tensor (see {@link imageDataToTensor}). */
export function canvasToTensor(canvas: AnyCanvas, options: PixelOptions = {}): Tensor {
  const ctx = context('canvasToTensor(canvas)', canvas);
  return imageDataToTensor(ctx.getImageData(0, 0, canvas.width, canvas.height), options);
}

/** Options of {@link videoFrameToTensor}. */
export interface FrameOptions extends PixelOptions {
  /** Output size; default the source's own (videoWidth × videoHeight for a video). The frame is scaled to fit. */
  width?: number;
  height?: number;
  /** A canvas to draw on (reused across frames); default a new OffscreenCanvas, else a DOM canvas. */
  canvas?: AnyCanvas;
}

type FrameSource =
  | CanvasImageSource
  | { videoWidth?: number; videoHeight?: number; width?: number; height?: number };

function sourceSize(source: FrameSource): [number, number] {
  const s = source as { videoWidth?: number; videoHeight?: number; width?: unknown; height?: unknown };
  if (s.videoWidth && s.videoHeight) return [s.videoWidth, s.videoHeight];
  const w =
    typeof s.width === 'number'
      ? s.width
      : Number((s.width as { baseVal?: { value: number } })?.baseVal?.value);
  const h =
    typeof s.height === 'number'
      ? s.height
      : Number((s.height as { baseVal?: { value: number } })?.baseVal?.value);
  return [w, h];
}

/**
 * The current frame of a video (webcam), image or bitmap as a tensor: drawn onto a canvas at the requested
 * size, then read back. Needs a browser (OffscreenCanvas or document) unless `options.canvas` is given.
 */
export function videoFrameToTensor(source: FrameSource, options: FrameOptions = {}): Tensor {
  const where = 'videoFrameToTensor(source, options)';
  if (source === null || typeof source !== 'object')
    fail('videoFrameToTensor(source)', `expected a video, image or canvas, got ${show(source)}`);
  const [sw, sh] = sourceSize(source);
  const width = checkInteger('videoFrameToTensor(options.width)', options.width ?? sw, 1);
  const height = checkInteger('videoFrameToTensor(options.height)', options.height ?? sh, 1);
  let canvas = options.canvas;
  if (!canvas) {
    if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(width, height);
    else if (typeof document !== 'undefined') canvas = document.createElement('canvas');
    else fail(where, 'no OffscreenCanvas or document here; pass options.canvas, or use imageDataToTensor');
  }
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = context(where, canvas);
  if (typeof ctx.drawImage !== 'function') fail(where, 'the canvas context cannot drawImage');
  ctx.drawImage(source, 0, 0, width, height);
  return imageDataToTensor(ctx.getImageData(0, 0, width, height), options);
}
