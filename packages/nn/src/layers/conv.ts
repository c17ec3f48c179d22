import type { Tensor } from '@plasticity/core';
import { fail, fmtShape, requirePositiveInt } from '../errors';
import { defaultUniform, type InitOptions } from '../init';
import { Module } from '../module';
import { checkInput } from './check';

type Pair = number | readonly [number, number];

/** Options of `Conv2d` (PyTorch's names and defaults). */
export interface Conv2dOptions extends InitOptions {
  stride?: Pair;
  /** Zero padding on each side, or 'same' (output size = input size; stride 1 only) or 'valid' (none). */
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  /** Split channels into groups convolved separately (groups = inChannels: depthwise). */
  groups?: number;
  bias?: boolean;
}

const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/**
 * 2-D convolution over x [N, C, H, W] as PyTorch's `nn.Conv2d`: weight [out, in/groups, kH, kW] and bias
 * [out], initialised from U(−1/√fanIn, 1/√fanIn) with fanIn = in/groups·kH·kW.
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding: [number, number] | 'same';
  weight: Tensor;
  bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: Pair, options: Conv2dOptions = {}) {
    super();
    const op = 'Conv2d(inChannels, outChannels, kernelSize)';
    this.inChannels = requirePositiveInt(op, 'inChannels', inChannels);
    this.outChannels = requirePositiveInt(op, 'outChannels', outChannels);
    this.kernelSize = pair(kernelSize);
    this.kernelSize.forEach((k) => {
      requirePositiveInt(op, 'kernelSize', k);
    });
    this.stride = pair(options.stride ?? 1);
    this.dilation = pair(options.dilation ?? 1);
    this.groups = requirePositiveInt(op, 'options.groups', options.groups ?? 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      fail(op, `groups ${this.groups} must divide inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    const padding = options.padding ?? 0;
    if (padding === 'same') {
      if (this.stride.some((s) => s !== 1)) fail(op, "padding 'same' needs stride 1");
      this.padding = 'same';
    } else this.padding = padding === 'valid' ? [0, 0] : pair(padding);
    const fanIn = (inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    this.weight = this.registerParameter(
      'weight',
      defaultUniform([outChannels, inChannels / this.groups, ...this.kernelSize], fanIn, options),
    );
    this.bias = this.registerParameter(
      'bias',
      options.bias === false ? null : defaultUniform([outChannels], fanIn, options),
    );
  }

  override describe(): string {
    const [kh, kw] = this.kernelSize;
    const extra = [
      this.stride.some((s) => s !== 1) ? `stride=${this.stride.join('×')}` : '',
      this.padding === 'same'
        ? "padding='same'"
        : this.padding.some((p) => p !== 0)
          ? `padding=${this.padding.join('×')}`
          : '',
      this.dilation.some((d) => d !== 1) ? `dilation=${this.dilation.join('×')}` : '',
      this.groups !== 1 ? `groups=${this.groups}` : '',
    ].filter((s) => s !== '');
    return `Conv2d(${this.inChannels}, ${this.outChannels}, kernel=${kh}×${kw}${extra.map((e) => `, ${e}`).join('')})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(
      this.describe(),
      x,
      `[N, ${this.inChannels}, H, W]`,
      (s) => s.length === 4 && s[1] === this.inChannels,
    );
    let input = x;
    let padding: [number, number];
    if (this.padding === 'same') {
      // PyTorch pads the extra row/column of an even kernel on the bottom/right.
      const total = this.kernelSize.map((k, i) => this.dilation[i] * (k - 1));
      const before = total.map((t) => Math.floor(t / 2));
      if (total.some((t, i) => t - before[i] !== before[i])) {
        input = x.pad([
          [0, 0],
          [0, 0],
          [before[0], total[0] - before[0]],
          [before[1], total[1] - before[1]],
        ]);
        padding = [0, 0];
      } else padding = [before[0], before[1]];
    } else padding = this.padding;
    const [h, w] = [input.shape[2] + 2 * padding[0], input.shape[3] + 2 * padding[1]];
    const [eh, ew] = this.kernelSize.map((k, i) => this.dilation[i] * (k - 1) + 1);
    if (h < eh || w < ew) {
      fail(
        `${this.describe()}.forward(x)`,
        `input ${fmtShape(x.shape)} is smaller than the ${eh}×${ew} (dilated) kernel after padding`,
      );
    }
    return input.conv2d(this.weight, this.bias, {
      stride: this.stride,
      padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}

/** Options of `Conv1d`. */
export interface Conv1dOptions extends InitOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
}

/** 1-D convolution over x [N, C, L] as PyTorch's `nn.Conv1d`: weight [out, in/groups, k], bias [out]. */
export class Conv1d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly options: Required<Omit<Conv1dOptions, 'generator' | 'bias'>>;
  weight: Tensor;
  bias: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: Conv1dOptions = {}) {
    super();
    const op = 'Conv1d(inChannels, outChannels, kernelSize)';
    this.inChannels = requirePositiveInt(op, 'inChannels', inChannels);
    this.outChannels = requirePositiveInt(op, 'outChannels', outChannels);
    this.kernelSize = requirePositiveInt(op, 'kernelSize', kernelSize);
    this.options = {
      stride: options.stride ?? 1,
      padding: options.padding ?? 0,
      dilation: options.dilation ?? 1,
      groups: options.groups ?? 1,
    };
    const g = this.options.groups;
    if (!Number.isInteger(g) || g < 1 || inChannels % g !== 0 || outChannels % g !== 0) {
      fail(op, `groups ${g} must divide inChannels ${inChannels} and outChannels ${outChannels}`);
    }
    const fanIn = (inChannels / g) * kernelSize;
    this.weight = this.registerParameter(
      'weight',
      defaultUniform([outChannels, inChannels / g, kernelSize], fanIn, options),
    );
    this.bias = this.registerParameter(
      'bias',
      options.bias === false ? null : defaultUniform([outChannels], fanIn, options),
    );
  }

  override describe(): string {
    return `Conv1d(${this.inChannels}, ${this.outChannels}, kernel=${this.kernelSize})`;
  }

  forward(x: Tensor): Tensor {
    checkInput(
      this.describe(),
      x,
      `[N, ${this.inChannels}, L]`,
      (s) => s.length === 3 && s[1] === this.inChannels,
    );
    const { stride, padding, dilation, groups } = this.options;
    const w = this.weight.reshape([this.outChannels, this.inChannels / groups, 1, this.kernelSize]);
    const y = x
      .unsqueeze(2)
      .conv2d(w, this.bias, { stride: [1, stride], padding: [0, padding], dilation: [1, dilation], groups });
    return y.squeeze(2);
  }
}
