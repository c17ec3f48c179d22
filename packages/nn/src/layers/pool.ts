import { concat, type Tensor } from '@plasticity/core';
import { fail, requirePositiveInt } from '../errors';
import { Module } from '../module';
import { checkInput } from './check';

type Pair = number | readonly [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Options of the 2-D pooling layers. */
export interface Pool2dLayerOptions {
  /** Defaults to the kernel size (non-overlapping windows). */
  stride?: Pair;
  padding?: Pair;
}

/** Max over kH×kW windows of x [N, C, H, W] (PyTorch's `nn.MaxPool2d`). */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];

  constructor(
    kernelSize: Pair,
    readonly options: Pool2dLayerOptions = {},
  ) {
    super();
    this.kernelSize = pair(kernelSize);
  }

  override describe(): string {
    return `MaxPool2d(kernel=${this.kernelSize.join('×')})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(this.describe(), x, '[N, C, H, W]', (s) => s.length === 4);
    return x.maxPool2d({
      kernelSize: this.kernelSize,
      stride: this.options.stride,
      padding: this.options.padding,
    });
  }
}

/** Mean over kH×kW windows of x [N, C, H, W] (PyTorch's `nn.AvgPool2d`). */
export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];

  constructor(
    kernelSize: Pair,
    readonly options: Pool2dLayerOptions & { countIncludePad?: boolean } = {},
  ) {
    super();
    this.kernelSize = pair(kernelSize);
  }

  override describe(): string {
    return `AvgPool2d(kernel=${this.kernelSize.join('×')})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(this.describe(), x, '[N, C, H, W]', (s) => s.length === 4);
    return x.avgPool2d({ kernelSize: this.kernelSize, ...this.options });
  }
}

/**
 * Average pooling to a fixed output size, whatever the input size (PyTorch's `nn.AdaptiveAvgPool2d`):
 * output cell i averages input rows ⌊i·H/out⌋ … ⌈(i+1)·H/out⌉ − 1, and likewise for columns.
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: [number, number];

  constructor(outputSize: Pair) {
    super();
    this.outputSize = pair(outputSize);
    this.outputSize.forEach((v) => {
      requirePositiveInt('AdaptiveAvgPool2d(outputSize)', 'outputSize', v);
    });
  }

  override describe(): string {
    return `AdaptiveAvgPool2d(${this.outputSize.join('×')})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(this.describe(), x, '[N, C, H, W]', (s) => s.length === 4);
    const [oh, ow] = this.outputSize;
    const [h, w] = [x.shape[2], x.shape[3]];
    if (h < oh || w < ow)
      fail(`${this.describe()}.forward(x)`, `input ${h}×${w} is smaller than the output ${oh}×${ow}`);
    if (h % oh === 0 && w % ow === 0) return x.avgPool2d({ kernelSize: [h / oh, w / ow] });
    const rows = bins(h, oh).map(([s, e]) => x.narrow(2, s, e - s).mean(2, true));
    const byRow = concat(rows, 2);
    return concat(
      bins(w, ow).map(([s, e]) => byRow.narrow(3, s, e - s).mean(3, true)),
      3,
    );
  }
}

function bins(size: number, out: number): [number, number][] {
  return Array.from({ length: out }, (_, i) => [
    Math.floor((i * size) / out),
    Math.ceil(((i + 1) * size) / out),
  ]);
}
