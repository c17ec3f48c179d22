import { defaultGenerator, type Generator, noGrad, type Tensor, tensor } from '@plasticity/core';
import { fail, fmtShape } from './errors';

/** Where the random numbers come from: a seeded `Generator` (default: the global one, see `manualSeed`). */
export interface InitOptions {
  generator?: Generator;
}

/** Nonlinearities `calculateGain` knows (PyTorch's names). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/** The recommended gain for a nonlinearity, as PyTorch's `nn.init.calculate_gain`. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return fail('calculateGain(nonlinearity)', `unknown nonlinearity ${JSON.stringify(nonlinearity)}`);
  }
}

/** Fan-in and fan-out of a weight: [out, in, ...kernel] as PyTorch lays out Linear and Conv weights. */
export function calculateFans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2)
    fail('calculateFans(tensor)', `fans need at least 2 dimensions, got shape ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

function fill(t: Tensor, draw: () => number): Tensor {
  const data = new Float32Array(t.size);
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return noGrad(() => {
    const src = tensor(data, { shape: t.shape, backend: t.backend });
    t.copy_(src);
    src.dispose();
    return t;
  });
}

function gen(options: InitOptions): Generator {
  return options.generator ?? defaultGenerator();
}

/** Fills `t` in place with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  if (!(b >= a)) fail('uniform_(tensor, a, b)', `expected a ≤ b, got ${a} and ${b}`);
  const g = gen(options);
  return fill(t, () => a + (b - a) * g.uniform());
}

/** Fills `t` in place with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  if (!(std >= 0)) fail('normal_(tensor, mean, std)', `std must be ≥ 0, got ${std}`);
  const g = gen(options);
  return fill(t, () => mean + std * g.normal());
}

/** Fills `t` with a constant. */
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

/** Fills `t` with zeros. */
export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

/** Fills `t` with ones. */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/** Glorot/Xavier uniform: U(−a, a), a = gain·√(6 / (fanIn + fanOut)) (Glorot & Bengio 2010). */
export function xavierUniform_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFans(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, options);
}

/** Glorot/Xavier normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = calculateFans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

/** Options of the He/Kaiming initialisers (PyTorch's defaults: a = 0, fanIn, leaky_relu). */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0 for ReLU). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  const fans = calculateFans(t);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** He/Kaiming uniform: U(−b, b), b = gain·√(3 / fan) (He et al. 2015). */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound, options);
}

/** He/Kaiming normal: N(0, σ²), σ = gain / √fan. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, options), options);
}

/**
 * PyTorch's default initialisation of Linear, Conv and recurrent layers: every value from U(−1/√fanIn, 1/√fanIn).
 * @internal
 */
export function defaultUniform(shape: readonly number[], fanIn: number, options: InitOptions): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  const g = gen(options);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = -bound + 2 * bound * g.uniform();
  return tensor(data, { shape });
}
