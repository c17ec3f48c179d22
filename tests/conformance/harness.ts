import {
  type Backend,
  type DType,
  Generator,
  type GradcheckOptions,
  gradcheck,
  gradcheckAsync,
  type NestedArray,
  type Tensor,
  tensor,
} from '@plasticity/core';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

// The oracle runs on tfjs's plain-JS CPU backend; PROD silences its "install tfjs-node" banner
// (it changes no numerics, only skips tfjs's own debug checks).
tf.env().set('PROD', true);

/** Elementwise tolerance: |got − want| ≤ atol + rtol·|want|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Float32 on both sides, but summation order and transcendental approximations differ (erf is a
 * Chebyshev fit here, Abramowitz–Stegun in tfjs), so a few ulps of slack on top of exact agreement.
 */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

/** Gradients chain several float32 ops, so they get ten times the forward tolerance. */
export function gradTolerance(tol: Tolerance): Tolerance {
  return { rtol: tol.rtol * 10, atol: tol.atol * 10 };
}

/** The backend under test, created in `beforeAll`, plus the tolerance the suite was given. */
export class SuiteContext {
  #backend: Backend | undefined;

  constructor(
    readonly suiteName: string,
    readonly tol: Tolerance,
  ) {}

  get backend(): Backend {
    if (this.#backend === undefined) throw new Error(`${this.suiteName}: the backend is not created yet`);
    return this.#backend;
  }

  set backend(backend: Backend) {
    this.#backend = backend;
  }

  get gradTol(): Tolerance {
    return gradTolerance(this.tol);
  }

  /** `tensor(data)` on the backend under test. */
  t(data: Parameters<typeof tensor>[0], options: { dtype?: DType; shape?: readonly number[] } = {}): Tensor {
    return tensor(data, { ...options, backend: this.backend });
  }

  /** Seeded data as a pair: ours on the backend under test and the same values in tfjs. */
  pair(shape: readonly number[], seed: number, kind: Kind = 'normal'): Pair {
    const v = values(seed, sizeOf(shape), kind);
    return this.pairOf(shape, v, kindDtype(kind));
  }

  /** Given values as a pair (see `pair`). */
  pairOf(shape: readonly number[], v: readonly number[], dtype: DType = 'float32'): Pair {
    const typed =
      dtype === 'float32'
        ? Float32Array.from(v)
        : dtype === 'int32'
          ? Int32Array.from(v)
          : Uint8Array.from(v);
    const x = tensor(typed, { shape, dtype, backend: this.backend });
    const tx =
      dtype === 'bool'
        ? tf.tensor(
            v.map((b) => b !== 0),
            [...shape],
            'bool',
          )
        : tf.tensor(typed, [...shape], dtype);
    // The values as stored (float32-rounded), so hand-computed expectations start from what the tensor holds.
    return { x, tx, v: Array.from(typed) };
  }
}

export interface Pair {
  x: Tensor;
  tx: tf.Tensor;
  v: number[];
}

/**
 * Kinds of seeded input. Inputs for gradient checks keep away from kinks and ties by construction:
 * `nonzero` keeps |x| ≥ 0.3, `distinct` spaces values ≥ 0.2 apart, `frac` keeps x ≥ 0.1 from integers.
 */
export type Kind = 'normal' | 'positive' | 'nonzero' | 'unit' | 'grid' | 'distinct' | 'frac' | 'int' | 'bool';

export function kindDtype(kind: Kind): DType {
  return kind === 'int' ? 'int32' : kind === 'bool' ? 'bool' : 'float32';
}

export function values(seed: number, n: number, kind: Kind = 'normal'): number[] {
  const g = new Generator(seed);
  switch (kind) {
    case 'normal':
      return Array.from({ length: n }, () => g.normal());
    case 'positive':
      return Array.from({ length: n }, () => 0.2 + 2 * g.uniform());
    case 'nonzero':
      return Array.from({ length: n }, () => (g.uniform() < 0.5 ? -1 : 1) * (0.3 + 1.5 * g.uniform()));
    case 'unit':
      return Array.from({ length: n }, () => -0.9 + 1.8 * g.uniform());
    case 'grid':
      return Array.from({ length: n }, () => g.integer(-6, 7) * 0.5);
    case 'distinct': {
      const order = g.shuffle(Array.from({ length: n }, (_, i) => i));
      return order.map((i) => (i - n / 2) * 0.25 + 0.05 * g.uniform());
    }
    case 'frac':
      return Array.from({ length: n }, () => g.integer(-3, 4) + 0.1 + 0.8 * g.uniform());
    case 'int':
      return Array.from({ length: n }, () => g.integer(-5, 6));
    case 'bool':
      return Array.from({ length: n }, () => g.integer(0, 2));
  }
}

/** A deterministic stream of seeds per test label, so every test draws the same inputs on every run. */
export function seeder(label: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  return () => (h = (h + 1) >>> 0);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** What a result is compared with: a tfjs tensor, nested arrays, or explicit shape and values. */
export type Expected = tf.Tensor | NestedArray | { shape: readonly number[]; values: ArrayLike<number> };

async function expectedOf(expected: Expected): Promise<{ shape: number[]; values: number[] }> {
  if (expected instanceof tf.Tensor) {
    return { shape: [...expected.shape], values: Array.from(await expected.data(), Number) };
  }
  if (typeof expected === 'object' && !Array.isArray(expected)) {
    return { shape: [...expected.shape], values: Array.from(expected.values, Number) };
  }
  const shape: number[] = [];
  let level: NestedArray = expected;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const flat: number[] = [];
  const walk = (v: NestedArray): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else flat.push(Number(v));
  };
  walk(expected);
  return { shape, values: flat };
}

function close(got: number, want: number, tol: Tolerance): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want);
}

/**
 * Asserts shape, optionally dtype, and every element within `tol`; the failure names the first bad
 * element with both values, so a broken kernel is found without a debugger.
 */
export async function expectClose(
  actual: Tensor,
  expected: Expected,
  tol: Tolerance,
  options: { label?: string; dtype?: DType } = {},
): Promise<void> {
  const label = options.label ?? 'result';
  const want = await expectedOf(expected);
  expect([...actual.shape], `${label}: shape`).toEqual(want.shape);
  if (options.dtype !== undefined) expect(actual.dtype, `${label}: dtype`).toBe(options.dtype);
  const got = Array.from(await actual.data(), Number);
  expect(got.length, `${label}: element count`).toBe(want.values.length);
  for (let i = 0; i < got.length; i++) {
    if (!close(got[i], want.values[i], tol)) {
      expect.fail(
        `${label}: element ${i} of ${fmt(actual.shape)} is ${got[i]}, expected ${want.values[i]} ` +
          `(rtol ${tol.rtol}, atol ${tol.atol}); got [${preview(got)}], expected [${preview(want.values)}]`,
      );
    }
  }
}

/** Exact equality of shape, dtype and values (integers, booleans, copies). */
export async function expectExact(
  actual: Tensor,
  expected: Expected,
  dtype?: DType,
  label?: string,
): Promise<void> {
  await expectClose(actual, expected, { rtol: 0, atol: 0 }, { label, dtype });
}

/**
 * Runs every check and then fails once listing all that failed, so one broken op does not hide
 * the state of the ops after it in the same test.
 */
export async function expectEach(checks: Record<string, () => Promise<void>>): Promise<void> {
  const failures: string[] = [];
  for (const [label, check] of Object.entries(checks)) {
    try {
      await check();
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  expect(failures, `${failures.length} of ${Object.keys(checks).length} checks failed`).toEqual([]);
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function preview(v: readonly number[]): string {
  const head = v.slice(0, 12).map((x) => (Number.isInteger(x) ? String(x) : x.toPrecision(6)));
  return v.length > 12 ? `${head.join(', ')}, … (${v.length})` : head.join(', ');
}

/** NCHW → NHWC, for tfjs convolutions and pooling. */
export function toNhwc(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
}

/** NHWC → NCHW. */
export function toNchw(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;
}

/** OIHW (PyTorch weights) → HWIO (tfjs filters). */
export function toHwio(w: tf.Tensor): tf.Tensor4D {
  return tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
}

/** Options for `checkGradient`: core's gradcheck options. */
export type CheckOptions = GradcheckOptions;

/**
 * Autograd against central finite differences. Backends that read synchronously use core's
 * `gradcheck`; the others (WebGPU) get `gradcheckAsync`, the same check with asynchronous reads.
 */
export async function checkGradient(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: CheckOptions = {},
): Promise<void> {
  const report = inputs.every((x) => x.backend.canReadSync)
    ? gradcheck(f, inputs, options)
    : await gradcheckAsync(f, inputs, options);
  expect(report.ok).toBe(true);
}

/** A fixed random weighting, so `sum(op(x) · w)` exercises every element of the gradient differently. */
export function weighted(y: Tensor, seed: number): Tensor {
  const w = tensor(Float32Array.from(values(seed, y.size, 'normal')), { shape: y.shape, backend: y.backend });
  return y.mul(w).sum();
}

/** The tfjs twin of `weighted`, with the same weights. */
export function tfWeighted(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(
    tf.mul(y, tf.tensor(Float32Array.from(values(seed, y.size, 'normal')), y.shape)),
  ) as tf.Scalar;
}

export { tf };
