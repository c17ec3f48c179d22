import { type Backend, keep, noGrad, stack, type Tensor, tidy } from '@plasticity/core';

/** A value a training loop reports: a number already on the host, or a one-element tensor. */
export type Scalar = number | Tensor;

/** @internal Whether every value is readable now: a number, or a tensor on a backend that reads synchronously. */
export function readableNow(values: readonly Scalar[]): boolean {
  return values.every((v) => typeof v === 'number' || v.backend.canReadSync);
}

/**
 * @internal The values of numbers and one-element tensors. Tensors on a backend that reads synchronously
 * are read at once; the others are stacked per backend and read with one `await data()` each, so a GPU
 * costs one round trip however many values there are.
 */
export async function readScalars(values: readonly Scalar[]): Promise<number[]> {
  const out = values.map((v) => (typeof v === 'number' ? v : Number.NaN));
  const pending = new Map<Backend, number[]>();
  values.forEach((v, i) => {
    if (typeof v === 'number') return;
    if (v.backend.canReadSync) out[i] = Number(v.dataSync()[0]);
    else {
      const group = pending.get(v.backend) ?? [];
      group.push(i);
      pending.set(v.backend, group);
    }
  });
  for (const group of pending.values()) {
    const joined = tidy(() =>
      noGrad(() => stack(group.map((i) => (values[i] as Tensor).reshape([]).float()))),
    );
    try {
      const data = await joined.data();
      group.forEach((i, k) => {
        out[i] = data[k];
      });
    } finally {
      joined.dispose();
    }
  }
  return out;
}

/**
 * @internal Batch-size-weighted sums of a fixed list of scalars (the loss, then each metric) over one pass
 * of the data. Numbers are summed on the host in float64; tensors are summed on their device (float32,
 * kept from `tidy`), so a pass on a GPU needs one read at its end instead of one per batch.
 */
export class WeightedSums {
  count = 0;
  readonly #host: number[];
  readonly #device: (Tensor | null)[];

  constructor(slots: number) {
    this.#host = new Array<number>(slots).fill(0);
    this.#device = new Array<Tensor | null>(slots).fill(null);
  }

  /** Adds one batch of `n` samples. */
  add(values: readonly Scalar[], n: number): void {
    this.count += n;
    values.forEach((v, i) => {
      if (typeof v === 'number') {
        this.#host[i] += v * n;
        return;
      }
      const prev = this.#device[i];
      const next = noGrad(() => {
        const weighted = v.reshape([]).float().mul(n);
        return prev === null ? weighted : prev.add(weighted);
      });
      this.#device[i] = keep(next);
      prev?.dispose();
    });
  }

  /** True when some sum lives on a device and must be read. */
  get onDevice(): boolean {
    return this.#device.some((t) => t !== null);
  }

  /** The device sums (0 where a slot has none), to read several passes together with `readScalars`. */
  deviceValues(): Scalar[] {
    return this.#device.map((t) => t ?? 0);
  }

  /** The means, given the values `deviceValues()` read to. */
  means(deviceRead: readonly number[]): number[] {
    return this.#host.map((h, i) => (h + deviceRead[i]) / this.count);
  }

  /** Frees the device sums. */
  dispose(): void {
    for (const t of this.#device) t?.dispose();
    this.#device.fill(null);
  }
}
