import type { KernelView } from '../backend';
import type { TypedArray } from '../dtype';
import type { BinarySpec, UnarySpec } from '../ops/elementwise-spec';
import { erfApprox } from './erf';

// Elementwise kernels are generated from each op's `js` expression, once per op, and cached: the loop
// is written once here for every op, and the expression is inlined so V8 compiles a tight loop.

type UnaryKernel = (
  out: TypedArray,
  x: TypedArray,
  shape: readonly number[],
  sx: readonly number[],
  ox: number,
) => void;
type BinaryKernel = (
  out: TypedArray,
  a: TypedArray,
  b: TypedArray,
  shape: readonly number[],
  sa: readonly number[],
  sb: readonly number[],
  oa: number,
  ob: number,
) => void;
type WhereKernel = (
  out: TypedArray,
  c: TypedArray,
  a: TypedArray,
  b: TypedArray,
  shape: readonly number[],
  sc: readonly number[],
  sa: readonly number[],
  sb: readonly number[],
  oc: number,
  oa: number,
  ob: number,
) => void;

/**
 * The loop every elementwise kernel shares: the innermost axis is a strided inner loop; outer axes
 * advance with a counter. Operands are named by `names`; `expr` computes one output element.
 */
function stridedLoop(names: readonly string[], expr: string): string {
  const reads = names.map((n) => `const ${n} = ${n.toUpperCase()}[p${n} + j * i${n}];`).join(' ');
  const init = names.map((n) => `let p${n} = o${n}; const i${n} = nd ? s${n}[last] : 0;`).join('\n');
  const advance = names.map((n) => `p${n} += s${n}[d];`).join(' ');
  const rewind = names.map((n) => `p${n} -= s${n}[d] * shape[d];`).join(' ');
  const contiguousTest = names.map((n) => `isRowMajor(shape, s${n})`).join(' && ');
  const fastReads = names.map((n) => `const ${n} = ${n.toUpperCase()}[o${n} + j];`).join(' ');
  // Second fast path: every operand either row-major or a broadcast scalar (all strides 0). One loop per
  // combination is generated, so a scalar operand is read once, outside the loop.
  const combos: string[] = [];
  for (let mask = 1; mask < 1 << names.length; mask++) {
    const scalar = (i: number) => (mask & (1 << i)) !== 0;
    if (names.every((_, i) => scalar(i))) continue;
    const test = names
      .map((n, i) => (scalar(i) ? `isScalarView(s${n})` : `isRowMajor(shape, s${n})`))
      .join(' && ');
    const hoisted = names
      .map((n, i) => (scalar(i) ? `const ${n} = ${n.toUpperCase()}[o${n}];` : ''))
      .join(' ');
    const reads = names
      .map((n, i) => (scalar(i) ? '' : `const ${n} = ${n.toUpperCase()}[o${n} + j];`))
      .join(' ');
    combos.push(
      `if (${test}) { ${hoisted} for (let j = 0; j < n; j++) { ${reads} out[j] = ${expr}; } return; }`,
    );
  }
  return `
    const n = out.length;
    if (n === 0) return;
    const nd = shape.length;
    if (${contiguousTest}) {
      for (let j = 0; j < n; j++) { ${fastReads} out[j] = ${expr}; }
      return;
    }
    ${combos.join('\n    ')}
    const last = nd - 1;
    const inner = nd ? shape[last] : 1;
    ${init}
    const idx = new Int32Array(nd);
    let o = 0;
    for (;;) {
      for (let j = 0; j < inner; j++) { ${reads} out[o++] = ${expr}; }
      let d = last - 1;
      for (; d >= 0; d--) {
        idx[d]++; ${advance}
        if (idx[d] < shape[d]) break;
        ${rewind} idx[d] = 0;
      }
      if (d < 0) return;
    }`;
}

/** True when strides are exactly row-major for this shape (size-1 axes may have any stride). */
export function isRowMajor(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** True when every stride is 0: the view repeats one element (a broadcast scalar). */
export function isScalarView(strides: readonly number[]): boolean {
  for (let i = 0; i < strides.length; i++) if (strides[i] !== 0) return false;
  return true;
}

function compile<T>(params: string[], body: string): T {
  // Kernels are compiled from the op specs' expressions in this package only (never from user input).
  return new Function(
    'isRowMajor',
    'isScalarView',
    'erfApprox',
    `return function (${params.join(', ')}) {${body}\n};`,
  )(isRowMajor, isScalarView, erfApprox) as T;
}

const unaryCache = new Map<string, UnaryKernel>();
const binaryCache = new Map<string, BinaryKernel>();
let whereKernel: WhereKernel | undefined;

export function unaryKernel(spec: UnarySpec): UnaryKernel {
  let k = unaryCache.get(spec.name);
  if (k === undefined) {
    k = compile<UnaryKernel>(['out', 'X', 'shape', 'sx', 'ox'], stridedLoop(['x'], spec.js));
    unaryCache.set(spec.name, k);
  }
  return k;
}

export function binaryKernel(spec: BinarySpec): BinaryKernel {
  let k = binaryCache.get(spec.name);
  if (k === undefined) {
    k = compile<BinaryKernel>(
      ['out', 'A', 'B', 'shape', 'sa', 'sb', 'oa', 'ob'],
      stridedLoop(['a', 'b'], spec.js),
    );
    binaryCache.set(spec.name, k);
  }
  return k;
}

export function getWhereKernel(): WhereKernel {
  whereKernel ??= compile<WhereKernel>(
    ['out', 'C', 'A', 'B', 'shape', 'sc', 'sa', 'sb', 'oc', 'oa', 'ob'],
    stridedLoop(['c', 'a', 'b'], 'c ? a : b'),
  );
  return whereKernel;
}

const copyKernels = new Map<string, UnaryKernel>();

/** A strided → contiguous copy; `convert` is a JS expression in x (e.g. the bool cast). */
export function copyKernel(convert: string): UnaryKernel {
  let k = copyKernels.get(convert);
  if (k === undefined) {
    k = compile<UnaryKernel>(['out', 'X', 'shape', 'sx', 'ox'], stridedLoop(['x'], convert));
    copyKernels.set(convert, k);
  }
  return k;
}

/** The elements of a view in row-major order: the storage itself when already contiguous, else a copy. */
export function readContiguous(view: KernelView, make: (n: number) => TypedArray): TypedArray {
  const data = view.buffer as TypedArray;
  let size = 1;
  for (const d of view.shape) size *= d;
  if (isRowMajor(view.shape, view.strides)) return data.subarray(view.offset, view.offset + size);
  const out = make(size);
  copyKernel('x')(out, data, view.shape, view.strides, view.offset);
  return out;
}
