import { type Tensor, tensor } from '@plasticity/core';
import type { DataRecord, Task } from './dataset';
import { fail, show } from './errors';

/** How {@link collate} turns records into tensors. */
export interface CollateOptions {
  /** The dtype of the stacked features; float32 unless given. */
  xDtype?: 'float32' | 'int32';
  /**
   * The dtype of the stacked targets. Unless given it follows `task` — int32 for classification,
   * float32 for regression — and, with no task either, int32 when every target is an integer.
   */
  yDtype?: 'float32' | 'int32';
  task?: Task;
  /** The shape of one sample's `x` when records store it flat, e.g. `[8, 8]` or `[1, 8, 8]` for the digits. */
  xShape?: readonly number[];
}

/** One mini-batch: features `[B, ...]`, targets `[B]` or `[B, ...]`, and where the samples came from. */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
  /** The dataset indices of the samples, in batch order (set by the DataLoader). */
  readonly indices?: readonly number[];
  /** The samples' groups, when any record has one. */
  readonly groups?: readonly (string | number | undefined)[];
}

function isNumericArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** @internal The shape of one (possibly nested) sample, read along its first elements. */
export function sampleShape(where: string, value: unknown): number[] {
  const shape: number[] = [];
  let level = value;
  for (;;) {
    if (typeof level === 'number') return shape;
    if (isNumericArray(level)) {
      shape.push(level.length);
      return shape;
    }
    if (Array.isArray(level)) {
      shape.push(level.length);
      if (level.length === 0) return shape;
      level = level[0];
      continue;
    }
    fail(where, `expected a number or (nested) numeric arrays, got ${show(level)}`);
  }
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

// Writes one sample into `out` at `offset`, checking that it has exactly `shape`; returns the new offset.
function writeSample(
  where: string,
  value: unknown,
  shape: readonly number[],
  depth: number,
  out: Float32Array | Int32Array,
  offset: number,
): number {
  if (depth === shape.length) {
    if (typeof value !== 'number') fail(where, `expected a number at depth ${depth}, got ${show(value)}`);
    if (Number.isNaN(value)) fail(where, 'found NaN; clean or impute missing values before batching');
    out[offset] = value;
    return offset + 1;
  }
  if (isNumericArray(value) && depth === shape.length - 1) {
    if (value.length !== shape[depth]) fail(where, `expected ${shape[depth]} values, got ${value.length}`);
    for (let i = 0; i < value.length; i++) {
      if (Number.isNaN(value[i])) fail(where, 'found NaN; clean or impute missing values before batching');
      out[offset + i] = value[i];
    }
    return offset + value.length;
  }
  if (!Array.isArray(value) || value.length !== shape[depth]) {
    fail(
      where,
      `expected an array of ${shape[depth]} at depth ${depth} (like the first sample), got ${show(value)}`,
    );
  }
  for (const v of value) offset = writeSample(where, v, shape, depth + 1, out, offset);
  return offset;
}

function stackField(
  where: string,
  values: readonly unknown[],
  dtype: 'float32' | 'int32',
  forcedShape?: readonly number[],
): Tensor {
  const natural = sampleShape(`${where} (sample 0)`, values[0]);
  let shape = natural;
  if (forcedShape) {
    if (sizeOf(forcedShape) !== sizeOf(natural)) {
      fail(
        where,
        `xShape [${forcedShape}] needs ${sizeOf(forcedShape)} values per sample, sample 0 has ${sizeOf(natural)}`,
      );
    }
    shape = [...forcedShape];
  }
  const per = sizeOf(natural);
  const out = dtype === 'int32' ? new Int32Array(values.length * per) : new Float32Array(values.length * per);
  values.forEach((v, i) => {
    writeSample(`${where} (sample ${i})`, v, natural, 0, out, i * per);
  });
  return tensor(out, { dtype, shape: [values.length, ...shape] });
}

/** @internal Int32 unless the targets are real-valued. */
export function inferTargetDtype(ys: readonly unknown[], task: Task | undefined): 'float32' | 'int32' {
  if (task === 'classification') return 'int32';
  if (task === 'regression') return 'float32';
  return ys.every((y) => typeof y === 'number' && Number.isInteger(y)) ? 'int32' : 'float32';
}

/**
 * Stacks records `{ x, y }` into a batch of tensors: `x` becomes `[B, ...sampleShape]` (float32), `y` becomes
 * `[B]` for scalar targets or `[B, ...]` for vector targets. Classification targets become int32 so they
 * index classes directly.
 *
 * @example
 * ```ts
 * const { x, y } = collate([{ x: [1, 2], y: 0 }, { x: [3, 4], y: 1 }]); // x: [2, 2] float32, y: [2] int32
 * ```
 */
export function collate(
  records: readonly DataRecord<unknown, unknown>[],
  options: CollateOptions = {},
): Batch {
  const where = 'collate(records)';
  if (!Array.isArray(records) || records.length === 0) {
    fail(where, `expected a non-empty array of { x, y } records, got ${show(records)}`);
  }
  const xs: unknown[] = [];
  const ys: unknown[] = [];
  const groups: (string | number | undefined)[] = [];
  let anyGroup = false;
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || !('x' in r) || !('y' in r)) {
      fail(where, `record ${i} should be an object { x, y }, got ${show(r)}`);
    }
    if (typeof r.y === 'string') {
      fail(
        where,
        `record ${i} has the string label ${show(r.y)}; encode labels first (LabelEncoder) to class indices`,
      );
    }
    xs.push(r.x);
    ys.push(r.y);
    groups.push(r.group);
    if (r.group !== undefined) anyGroup = true;
  });
  const x = stackField(`${where}: x`, xs, options.xDtype ?? 'float32', options.xShape);
  const yDtype = options.yDtype ?? inferTargetDtype(ys, options.task);
  if (yDtype === 'int32') {
    ys.forEach((y, i) => {
      if (typeof y === 'number' && !Number.isInteger(y)) {
        fail(where, `record ${i} has target ${y}, but int32 (classification) targets must be integers`);
      }
    });
  }
  const y = stackField(`${where}: y`, ys, yDtype);
  return anyGroup ? { x, y, groups } : { x, y };
}
