import { PlasticityError } from '@plasticity/core';

/**
 * Throws the library's standard error: the function and argument at fault, what was expected, what was
 * received — e.g. `trainTestSplit(options.testSize): expected a number in (0, 1), got 1.5`.
 * @internal
 */
export function fail(where: string, detail: string): never {
  throw new PlasticityError(where, detail);
}

/** A short, readable rendering of a received value for error messages. @internal */
export function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'function') return 'a function';
  return `an object (${
    Object.keys(value as object)
      .slice(0, 4)
      .join(', ') || 'no keys'
  })`;
}

/** Fails unless `value` is an integer in [min, max]. @internal */
export function checkInteger(
  where: string,
  value: unknown,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.POSITIVE_INFINITY ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    fail(where, `expected ${range}, got ${show(value)}`);
  }
  return value;
}

/** Fails unless `value` is a finite number in [min, max]. @internal */
export function checkNumber(where: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : max === Infinity
          ? `a finite number >= ${min}`
          : `a number in [${min}, ${max}]`;
    fail(where, `expected ${range}, got ${show(value)}`);
  }
  return value;
}
