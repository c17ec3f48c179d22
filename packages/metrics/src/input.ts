import { isTensor, type Tensor } from '@plasticity/core';
import { fail, show } from './errors';

/** A class label: a number or a string (booleans are read as 1 and 0). */
export type Label = number | string;

/** Labels: a plain array (numbers, strings or booleans), a typed array, or a 1-D core Tensor. */
export type LabelInput = ArrayLike<number | string | boolean> | Tensor;

/** Numbers (scores, probabilities, targets): a plain array, a typed array, or a 1-D core Tensor. */
export type NumberInput = ArrayLike<number> | Tensor;

/** A matrix of scores or probabilities, one row per sample: nested arrays or a 2-D core Tensor. */
export type MatrixInput = ArrayLike<ArrayLike<number>> | Tensor;

/** A row-major matrix read from any {@link MatrixInput}. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * Replaces a Tensor by its elements as nested JS arrays (awaiting the read, so it works on every
 * backend); anything else is returned unchanged. Metrics read CPU tensors themselves with `dataSync()`;
 * call this first for tensors on a backend that only reads asynchronously (WebGPU).
 */
export async function toHostArray<T>(x: T | Tensor): Promise<T | unknown[]> {
  if (isTensor(x)) return (await x.toArray()) as unknown[];
  return x as T;
}

function flatTensor(t: Tensor, fn: string, arg: string): ArrayLike<number> {
  const shape = t.shape;
  if (shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
    fail(`${fn}(${arg})`, `expected a 1-D tensor (or shape [n, 1]), got shape [${shape.join(',')}]`);
  }
  return t.dataSync();
}

function arrayLike(x: unknown, fn: string, arg: string): ArrayLike<unknown> {
  if (isTensor(x)) return flatTensor(x, fn, arg);
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') {
    fail(
      `${fn}(${arg})`,
      `expected an array, a typed array or a Tensor, got ${x === null ? 'null' : typeof x}`,
    );
  }
  return x as ArrayLike<unknown>;
}

function nonEmpty(a: ArrayLike<unknown>, fn: string, arg: string): void {
  if (a.length === 0) fail(`${fn}(${arg})`, 'expected at least one sample, got an empty array');
}

/** Reads labels: booleans become 1/0; numbers must be finite; numbers and strings may not be mixed. */
export function toLabels(x: LabelInput, fn: string, arg: string): Label[] {
  const a = arrayLike(x, fn, arg);
  nonEmpty(a, fn, arg);
  const out: Label[] = new Array(a.length);
  let sawNumber = false;
  let sawString = false;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === 'boolean') {
      out[i] = v ? 1 : 0;
      sawNumber = true;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(`${fn}(${arg})`, `expected finite labels, got ${v} at index ${i}`);
      out[i] = v;
      sawNumber = true;
    } else if (typeof v === 'string') {
      out[i] = v;
      sawString = true;
    } else {
      fail(`${fn}(${arg})`, `expected labels (numbers, strings or booleans), got ${show(v)} at index ${i}`);
    }
  }
  if (sawNumber && sawString) {
    fail(`${fn}(${arg})`, 'expected labels of one kind, got a mix of numbers and strings');
  }
  return out;
}

/** Reads finite numbers. */
export function toNumbers(x: NumberInput, fn: string, arg: string): number[] {
  const a = arrayLike(x, fn, arg);
  nonEmpty(a, fn, arg);
  const out: number[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      fail(`${fn}(${arg})`, `expected finite numbers, got ${show(v)} at index ${i}`);
    }
    out[i] = v;
  }
  return out;
}

/** Reads probabilities: finite numbers in [0, 1]. */
export function toProbabilities(x: NumberInput, fn: string, arg: string): number[] {
  const out = toNumbers(x, fn, arg);
  for (let i = 0; i < out.length; i++) checkProbability(out[i], fn, arg, i);
  return out;
}

function checkProbability(v: number, fn: string, arg: string, where: number | string): void {
  if (!(v >= 0 && v <= 1)) {
    fail(`${fn}(${arg})`, `expected probabilities in [0, 1], got ${v} at index ${where}`);
  }
}

/** Reads a matrix with one row per sample from nested arrays or a 2-D tensor. */
export function toMatrix(x: MatrixInput, fn: string, arg: string): Matrix {
  if (isTensor(x)) {
    if (x.ndim !== 2)
      fail(`${fn}(${arg})`, `expected a 2-D tensor [samples, classes], got shape [${x.shape.join(',')}]`);
    const [rows, cols] = x.shape;
    if (rows === 0) fail(`${fn}(${arg})`, 'expected at least one sample, got an empty tensor');
    const data = Float64Array.from(x.dataSync());
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        fail(
          `${fn}(${arg})`,
          `expected finite numbers, got ${data[i]} at [${Math.floor(i / cols)}, ${i % cols}]`,
        );
      }
    }
    return { rows, cols, data };
  }
  const a = arrayLike(x, fn, arg);
  nonEmpty(a, fn, arg);
  const first = a[0];
  if (
    first === null ||
    typeof first !== 'object' ||
    typeof (first as ArrayLike<number>).length !== 'number'
  ) {
    fail(
      `${fn}(${arg})`,
      `expected one row of numbers per sample (a 2-D array), got ${show(first)} at index 0`,
    );
  }
  const rows = a.length;
  const cols = (first as ArrayLike<number>).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = a[i] as ArrayLike<number>;
    if (row === null || typeof row !== 'object' || row.length !== cols) {
      fail(
        `${fn}(${arg})`,
        `expected every row to have ${cols} entries, row ${i} has ${row?.length ?? show(row)}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail(`${fn}(${arg})`, `expected finite numbers, got ${show(v)} at [${i}, ${j}]`);
      }
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/** Checks a matrix of probabilities: entries in [0, 1] and rows summing to 1 (within `tolerance`). */
export function checkProbabilityRows(m: Matrix, fn: string, arg: string, tolerance = 1e-4): void {
  for (let i = 0; i < m.rows; i++) {
    let sum = 0;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j];
      checkProbability(v, fn, arg, `[${i}, ${j}]`);
      sum += v;
    }
    if (Math.abs(sum - 1) > tolerance) {
      fail(`${fn}(${arg})`, `expected each row of probabilities to sum to 1, row ${i} sums to ${sum}`);
    }
  }
}

/** Whether an input is 2-D (nested arrays or a tensor with two axes other than [n, 1]). */
export function isMatrixInput(x: unknown): boolean {
  if (isTensor(x)) return x.ndim === 2 && x.shape[1] !== 1;
  if (x === null || typeof x !== 'object') return false;
  const first = (x as ArrayLike<unknown>)[0];
  return first !== null && typeof first === 'object';
}

/** Throws unless every named array has the same length as the first. */
export function checkLengths(fn: string, ...pairs: [name: string, length: number][]): void {
  const [firstName, n] = pairs[0];
  for (const [name, length] of pairs.slice(1)) {
    if (length !== n) {
      fail(`${fn}(${firstName}, ${name})`, `expected the same number of samples, got ${n} and ${length}`);
    }
  }
}

/** Reads sample weights: finite, non-negative, one per sample, not all zero. Undefined means all ones. */
export function toWeights(x: NumberInput | undefined, fn: string, n: number): number[] {
  if (x === undefined) return new Array(n).fill(1);
  const w = toNumbers(x, fn, 'options.sampleWeight');
  if (w.length !== n) {
    fail(`${fn}(options.sampleWeight)`, `expected one weight per sample (${n}), got ${w.length}`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] < 0)
      fail(`${fn}(options.sampleWeight)`, `expected non-negative weights, got ${w[i]} at index ${i}`);
    total += w[i];
  }
  if (total === 0) fail(`${fn}(options.sampleWeight)`, 'expected some positive weight, got all zeros');
  return w;
}

/** Orders labels: numbers ascending, strings by code unit. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The classes of a problem: the declared `labels` (checked: distinct, and every observed label must be
 * among them), or else the sorted union of the observed labels.
 */
export function resolveClasses(
  fn: string,
  declared: ArrayLike<number | string | boolean> | undefined,
  ...observed: [name: string, labels: readonly Label[]][]
): Label[] {
  if (declared === undefined) {
    const set = new Set<Label>();
    for (const [, labels] of observed) for (const l of labels) set.add(l);
    return [...set].sort(compareLabels);
  }
  const classes = toLabels(declared, fn, 'options.labels');
  const seen = new Set<Label>();
  for (const c of classes) {
    if (seen.has(c)) fail(`${fn}(options.labels)`, `expected distinct classes, got ${show(c)} twice`);
    seen.add(c);
  }
  if (observed.length > 0) {
    const kindDeclared = typeof classes[0];
    for (const [name, labels] of observed) {
      for (let i = 0; i < labels.length; i++) {
        if (!seen.has(labels[i])) {
          const hint = typeof labels[i] !== kindDeclared ? ' (labels and classes differ in type)' : '';
          fail(
            `${fn}(${name})`,
            `expected labels among the declared classes ${show(classes)}, got ${show(labels[i])} at index ${i}${hint}`,
          );
        }
      }
    }
  }
  return classes;
}
