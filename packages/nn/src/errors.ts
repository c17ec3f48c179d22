import { isTensor, PlasticityError, type Tensor } from '@plasticity/core';

/** Throws the library's standard error: `op: detail`. */
export function fail(op: string, detail: string): never {
  throw new PlasticityError(op, detail);
}

/** `[2,3]`-style shape text for messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Refuses anything that is not a live tensor, naming the caller and argument. */
export function requireTensor(op: string, name: string, value: unknown): asserts value is Tensor {
  if (!isTensor(value)) fail(op, `${name} must be a tensor, got ${value === null ? 'null' : typeof value}`);
  value.assertLive(op);
}

/** Checks that `value` is a positive integer. */
export function requirePositiveInt(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(op, `${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Checks that `value` is a finite number in [lo, hi] (or [lo, hi) when `openHigh`). */
export function requireRange(
  op: string,
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  openHigh = false,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= lo &&
    (openHigh ? value < hi : value <= hi);
  if (!ok) fail(op, `${name} must be a number in [${lo}, ${hi}${openHigh ? ')' : ']'}, got ${String(value)}`);
  return value as number;
}
