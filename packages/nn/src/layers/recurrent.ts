import { stack, type Tensor, zeros } from '@plasticity/core';
import { fail, fmtShape, requirePositiveInt } from '../errors';
import { defaultUniform, type InitOptions } from '../init';
import { Module } from '../module';
import { checkInput } from './check';

/** Options of `RNN`, `LSTM` and `GRU` (PyTorch's names and defaults). */
export interface RecurrentOptions extends InitOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of PyTorch's default [seq, batch, feature]. */
  batchFirst?: boolean;
}

type Kind = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';
const GATES: Record<Kind, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/**
 * The shared machinery of the recurrent layers: PyTorch's parameter names `weight_ih_l{k}` [G·H, in],
 * `weight_hh_l{k}` [G·H, H], `bias_ih_l{k}`, `bias_hh_l{k}` [G·H], initialised from U(−1/√H, 1/√H).
 * The time loop is written with core ops, so backpropagation through time comes from autograd.
 */
abstract class RecurrentBase<S> extends Module<[Tensor, S?], [Tensor, S]> {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  readonly hasBias: boolean;

  constructor(
    readonly kind: Kind,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentOptions,
  ) {
    super();
    const op = `${new.target.name}(inputSize, hiddenSize)`;
    requirePositiveInt(op, 'inputSize', inputSize);
    requirePositiveInt(op, 'hiddenSize', hiddenSize);
    this.numLayers = requirePositiveInt(op, 'options.numLayers', options.numLayers ?? 1);
    this.batchFirst = options.batchFirst ?? false;
    this.hasBias = options.bias ?? true;
    const g = GATES[kind] * hiddenSize;
    for (let k = 0; k < this.numLayers; k++) {
      const inSize = k === 0 ? inputSize : hiddenSize;
      this.registerParameter(`weight_ih_l${k}`, defaultUniform([g, inSize], hiddenSize, options));
      this.registerParameter(`weight_hh_l${k}`, defaultUniform([g, hiddenSize], hiddenSize, options));
      if (this.hasBias) {
        this.registerParameter(`bias_ih_l${k}`, defaultUniform([g], hiddenSize, options));
        this.registerParameter(`bias_hh_l${k}`, defaultUniform([g], hiddenSize, options));
      }
    }
  }

  override describe(): string {
    return `${this.constructor.name}(${this.inputSize}, ${this.hiddenSize}${this.numLayers > 1 ? `, numLayers=${this.numLayers}` : ''})`;
  }

  /** @internal The parameters of layer k. */
  protected layerParams(k: number): { wih: Tensor; whh: Tensor; bih: Tensor | null; bhh: Tensor | null } {
    const slot = this as unknown as Record<string, Tensor>;
    return {
      wih: slot[`weight_ih_l${k}`],
      whh: slot[`weight_hh_l${k}`],
      bih: this.hasBias ? slot[`bias_ih_l${k}`] : null,
      bhh: this.hasBias ? slot[`bias_hh_l${k}`] : null,
    };
  }

  /** @internal x·Wᵀ + b. */
  protected affine(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    const y = x.matmul(w.transpose(0, 1));
    return b === null ? y : y.add(b);
  }

  /** @internal Checks the input and returns it as [seq, batch, feature] plus the batch size. */
  protected seqInput(x: Tensor): Tensor {
    const expected = this.batchFirst ? `[batch, seq, ${this.inputSize}]` : `[seq, batch, ${this.inputSize}]`;
    checkInput(
      this.describe(),
      x,
      expected,
      (s) => s.length === 3 && s[2] === this.inputSize && s[0] > 0 && s[1] > 0,
    );
    return this.batchFirst ? x.transpose(0, 1) : x;
  }

  /** @internal Checks an initial state tensor [numLayers, batch, hidden]. */
  protected checkState(name: string, t: Tensor | undefined, batch: number, like: Tensor): Tensor {
    if (t === undefined) return zeros([this.numLayers, batch, this.hiddenSize], { backend: like.backend });
    const want = [this.numLayers, batch, this.hiddenSize];
    if (t.ndim !== 3 || t.shape.some((d, i) => d !== want[i])) {
      fail(
        `${this.describe()}.forward(x, ${name})`,
        `expected ${name} of shape ${fmtShape(want)}, got ${fmtShape(t.shape)}`,
      );
    }
    return t;
  }
}

/** Options of `RNN`. */
export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * Elman RNN (PyTorch's `nn.RNN`): hₜ = tanh(xₜWᵢₕᵀ + bᵢₕ + hₜ₋₁Wₕₕᵀ + bₕₕ). `call(x, h0?)` returns
 * [output for every step, h_n] with h_n [numLayers, batch, hidden].
 */
export class RNN extends RecurrentBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu')
      fail('RNN(options.nonlinearity)', `expected 'tanh' or 'relu', got ${JSON.stringify(nl)}`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
  }

  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    let seq = this.seqInput(x);
    const h = this.checkState('h0', h0, seq.shape[1], x);
    const finals: Tensor[] = [];
    for (let k = 0; k < this.numLayers; k++) {
      const { wih, whh, bih, bhh } = this.layerParams(k);
      let hk = h.select(0, k);
      const xs = this.affine(seq, wih, bih);
      const steps: Tensor[] = [];
      for (let t = 0; t < seq.shape[0]; t++) {
        const pre = xs.select(0, t).add(this.affine(hk, whh, bhh));
        hk = this.kind === 'RNN_TANH' ? pre.tanh() : pre.relu();
        steps.push(hk);
      }
      finals.push(hk);
      seq = stack(steps, 0);
    }
    return [this.batchFirst ? seq.transpose(0, 1) : seq, stack(finals, 0)];
  }
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997) as PyTorch's `nn.LSTM`, gates in PyTorch's
 * order i, f, g, o. `call(x, [h0, c0]?)` returns [output, [h_n, c_n]].
 */
export class LSTM extends RecurrentBase<[Tensor, Tensor]> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }

  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    let seq = this.seqInput(x);
    const batch = seq.shape[1];
    const h = this.checkState('h0', state?.[0], batch, x);
    const c = this.checkState('c0', state?.[1], batch, x);
    const H = this.hiddenSize;
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    for (let k = 0; k < this.numLayers; k++) {
      const { wih, whh, bih, bhh } = this.layerParams(k);
      let hk = h.select(0, k);
      let ck = c.select(0, k);
      const xs = this.affine(seq, wih, bih);
      const steps: Tensor[] = [];
      for (let t = 0; t < seq.shape[0]; t++) {
        const gates = xs.select(0, t).add(this.affine(hk, whh, bhh));
        const i = gates.narrow(1, 0, H).sigmoid();
        const f = gates.narrow(1, H, H).sigmoid();
        const g = gates.narrow(1, 2 * H, H).tanh();
        const o = gates.narrow(1, 3 * H, H).sigmoid();
        ck = f.mul(ck).add(i.mul(g));
        hk = o.mul(ck.tanh());
        steps.push(hk);
      }
      hs.push(hk);
      cs.push(ck);
      seq = stack(steps, 0);
    }
    return [this.batchFirst ? seq.transpose(0, 1) : seq, [stack(hs, 0), stack(cs, 0)]];
  }
}

/**
 * Gated recurrent unit (Cho et al. 2014) as PyTorch's `nn.GRU`, gates in PyTorch's order r, z, n:
 * n = tanh(Wᵢₙx + bᵢₙ + r·(Wₕₙh + bₕₙ)), h' = (1 − z)·n + z·h. `call(x, h0?)` returns [output, h_n].
 */
export class GRU extends RecurrentBase<Tensor> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    let seq = this.seqInput(x);
    const h = this.checkState('h0', h0, seq.shape[1], x);
    const H = this.hiddenSize;
    const finals: Tensor[] = [];
    for (let k = 0; k < this.numLayers; k++) {
      const { wih, whh, bih, bhh } = this.layerParams(k);
      let hk = h.select(0, k);
      const xs = this.affine(seq, wih, bih);
      const steps: Tensor[] = [];
      for (let t = 0; t < seq.shape[0]; t++) {
        const gx = xs.select(0, t);
        const gh = this.affine(hk, whh, bhh);
        const r = gx
          .narrow(1, 0, H)
          .add(gh.narrow(1, 0, H))
          .sigmoid();
        const z = gx
          .narrow(1, H, H)
          .add(gh.narrow(1, H, H))
          .sigmoid();
        const n = gx
          .narrow(1, 2 * H, H)
          .add(r.mul(gh.narrow(1, 2 * H, H)))
          .tanh();
        hk = z.neg().add(1).mul(n).add(z.mul(hk));
        steps.push(hk);
      }
      finals.push(hk);
      seq = stack(steps, 0);
    }
    return [this.batchFirst ? seq.transpose(0, 1) : seq, stack(finals, 0)];
  }
}
