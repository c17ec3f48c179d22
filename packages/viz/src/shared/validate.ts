/**
 * Bad input is shown, never thrown at the page: components validate their properties with these
 * helpers, which throw an {@link InputError} that the base class turns into a readable message.
 */
export class InputError extends Error {
  constructor(
    /** Which property is at fault, e.g. `series[0].values[3]`. */
    readonly where: string,
    /** What was expected and what was received. */
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
    this.name = 'InputError';
  }
}

/** A short description of a received value for an error message, e.g. `NaN`, `an array of 3`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<number>).length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function fail(where: string, expected: string, got: unknown): never {
  throw new InputError(where, `expected ${expected}, got ${describe(got)}`);
}

export type NumberArray = ArrayLike<number>;

function isArrayLike(value: unknown): value is NumberArray {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** An array (or typed array) with at least `min` entries. */
export function checkArray(value: unknown, where: string, min = 1): asserts value is NumberArray {
  if (!isArrayLike(value) || value.length < min) {
    fail(where, min === 1 ? 'a non-empty array' : `an array of at least ${min}`, value);
  }
}

/** Every entry finite; the message names the first bad index. */
export function checkFiniteArray(value: unknown, where: string, min = 1): asserts value is NumberArray {
  checkArray(value, where, min);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}[${i}]`, 'a finite number', v);
  }
}

export function checkFinite(value: unknown, where: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, 'a finite number', value);
}

export function checkInRange(value: unknown, where: string, lo: number, hi: number): asserts value is number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi))
    fail(where, `a number in [${lo}, ${hi}]`, value);
}

export function checkPositiveInt(value: unknown, where: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(where, 'a positive integer', value);
}

export function checkLength(
  value: NumberArray | unknown[],
  length: number,
  where: string,
  why: string,
): void {
  if (value.length !== length) {
    throw new InputError(where, `expected ${length} entries (${why}), got ${value.length}`);
  }
}

/** A `[lo, hi]` pair of finite numbers with lo < hi. */
export function checkDomain(value: unknown, where: string): asserts value is readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) fail(where, 'a [min, max] pair', value);
  checkFinite(value[0], `${where}[0]`);
  checkFinite(value[1], `${where}[1]`);
  if (!(value[0] < value[1])) {
    throw new InputError(where, `expected min < max, got [${value[0]}, ${value[1]}]`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
