import { describe, expect, it } from 'vitest';
import {
  type Canvas2DLike,
  type CanvasLike,
  canvasToTensor,
  imageDataToArray,
  imageDataToTensor,
  videoFrameToTensor,
} from './pixels';

// 2×1 image: a red pixel, then a half-transparent grey one.
const image = { data: new Uint8ClampedArray([255, 0, 0, 255, 100, 100, 100, 128]), width: 2, height: 1 };

describe('imageDataToTensor', () => {
  it('converts RGBA bytes to [H, W, 3] floats in [0, 1]', () => {
    const t = imageDataToTensor(image);
    expect(t.shape).toEqual([1, 2, 3]);
    expect(t.dtype).toBe('float32');
    const v = Array.from(t.dataSync());
    expect(v[0]).toBe(1);
    expect(v.slice(1, 3)).toEqual([0, 0]);
    expect(v[3]).toBeCloseTo(100 / 255, 6);
  });

  it('keeps bytes, alpha, grey or channels-first on request', () => {
    expect(Array.from(imageDataToTensor(image, { channels: 4, scale: 'byte' }).dataSync())).toEqual([
      255, 0, 0, 255, 100, 100, 100, 128,
    ]);
    const grey = imageDataToArray(image, { channels: 1, scale: 'byte' });
    expect(grey.data[0]).toBeCloseTo(0.299 * 255, 4);
    expect(grey.data[1]).toBeCloseTo(100, 4);
    const chw = imageDataToTensor(image, { layout: 'chw', scale: 'byte' });
    expect(chw.shape).toEqual([3, 1, 2]);
    expect(Array.from(chw.dataSync())).toEqual([255, 100, 0, 100, 0, 100]);
  });

  it('rejects malformed input', () => {
    expect(() => imageDataToTensor({ data: new Uint8ClampedArray(3), width: 1, height: 1 })).toThrow(
      'imageDataToArray(image.data): expected 1×1×4 = 4 RGBA bytes, got 3',
    );
    expect(() => imageDataToTensor(image, { channels: 2 as never })).toThrow(
      'imageDataToTensor(options.channels): expected 1, 3 or 4, got 2',
    );
    expect(() => imageDataToTensor({ data: new Uint8ClampedArray(4), width: 0, height: 1 })).toThrow(
      /image.width\): expected an integer >= 1, got 0/,
    );
  });
});

function fakeCanvas(): CanvasLike & { drawn: unknown[] } {
  const drawn: unknown[] = [];
  const canvas = {
    width: 0,
    height: 0,
    drawn,
    getContext(): Canvas2DLike {
      return {
        drawImage: (source: unknown, _x: number, _y: number, w: number, h: number) =>
          drawn.push([source, w, h]),
        getImageData: (_x: number, _y: number, w: number, h: number) => ({
          width: w,
          height: h,
          data: Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 255 : 51)),
        }),
      };
    },
  };
  return canvas;
}

describe('canvas and video frames', () => {
  it('reads a canvas through its 2-D context', () => {
    const canvas = fakeCanvas();
    canvas.width = 3;
    canvas.height = 2;
    const t = canvasToTensor(canvas, { channels: 1 });
    expect(t.shape).toEqual([2, 3, 1]);
    expect(t.dataSync()[0]).toBeCloseTo(0.2, 6);
  });

  it('draws a video frame at the requested size, then reads it', () => {
    const canvas = fakeCanvas();
    const video = { videoWidth: 640, videoHeight: 480 };
    const t = videoFrameToTensor(video, { width: 8, height: 6, canvas });
    expect(t.shape).toEqual([6, 8, 3]);
    expect(canvas.drawn).toEqual([[video, 8, 6]]);
    expect(videoFrameToTensor(video, { canvas }).shape).toEqual([480, 640, 3]);
  });

  it('explains what is missing outside a browser', () => {
    expect(() => videoFrameToTensor({ videoWidth: 4, videoHeight: 4 })).toThrow(
      /no OffscreenCanvas or document here; pass options.canvas, or use imageDataToTensor/,
    );
    expect(() => canvasToTensor({} as never)).toThrow(
      "canvasToTensor(canvas): expected a canvas (something with getContext('2d'))",
    );
    const noContext = { width: 1, height: 1, getContext: () => null };
    expect(() => canvasToTensor(noContext)).toThrow(/has no '2d' context/);
  });
});
