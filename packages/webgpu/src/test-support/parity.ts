import {
  type Backend,
  createCpuBackend,
  keep,
  setBackend,
  type Tensor,
  type TypedArray,
  tidy,
} from '@plasticity/core';
import { expect } from 'vitest';

export const cpu = createCpuBackend();

/** Tolerance of float results (WGSL transcendentals are not correctly rounded; sums run in another order). */
export interface Tolerance {
  atol: number;
  rtol: number;
}
export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

export interface Result {
  shape: readonly number[];
  dtype: string;
  data: TypedArray;
}

/** Runs `fn` with `backend` current and reads every returned tensor. */
export async function runOn(backend: Backend, fn: () => Tensor | Tensor[]): Promise<Result[]> {
  await setBackend(backend);
  const outs = tidy(() => {
    const r = fn();
    return (Array.isArray(r) ? r : [r]).map((t) => keep(t));
  });
  const results: Result[] = [];
  for (const t of outs) {
    results.push({ shape: [...t.shape], dtype: t.dtype, data: await t.data() });
    t.dispose();
  }
  await setBackend(cpu);
  return results;
}

/** Expects `fn` to give the same shapes, dtypes and values on the CPU and on `gpu`. */
export async function expectParity(
  gpu: Backend,
  fn: () => Tensor | Tensor[],
  tol: Tolerance = DEFAULT_TOLERANCE,
  label = '',
): Promise<void> {
  const want = await runOn(cpu, fn);
  const got = await runOn(gpu, fn);
  expect(got.length).toBe(want.length);
  want.forEach((w, k) => {
    const g = got[k];
    const where = `${label} output ${k}`;
    expect(g.shape, where).toEqual(w.shape);
    expect(g.dtype, where).toBe(w.dtype);
    expect(g.data.constructor, where).toBe(w.data.constructor);
    expect(g.data.length, where).toBe(w.data.length);
    for (let i = 0; i < w.data.length; i++) {
      const a = w.data[i];
      const b = g.data[i];
      if (Number.isNaN(a)) {
        expect(Number.isNaN(b), `${where}[${i}]: cpu NaN, gpu ${b}`).toBe(true);
        continue;
      }
      if (w.dtype !== 'float32' || !Number.isFinite(a)) {
        expect(b, `${where}[${i}]`).toBe(a);
        continue;
      }
      const ok = Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(a);
      if (!ok) expect(b, `${where}[${i}] (cpu ${a}, tolerance ${JSON.stringify(tol)})`).toBe(a);
    }
  });
}
