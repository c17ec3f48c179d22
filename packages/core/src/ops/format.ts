import type { DType, TypedArray } from '../dtype';
import type { NestedArray, Tensor } from '../tensor';

export interface FormatOptions {
  /** Digits after the decimal point for floats (default 4, as PyTorch). */
  precision?: number;
  /** Above this many elements, only the first and last `edgeItems` of each axis are shown. */
  threshold?: number;
  edgeItems?: number;
}

/** @internal Rebuilds nested arrays from row-major data. */
export function nest(data: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const value = (i: number) => (dtype === 'bool' ? data[i] !== 0 : data[i]);
  if (shape.length === 0) return value(0);
  const build = (depth: number, offset: number): NestedArray[] => {
    const n = shape[depth];
    const out: NestedArray[] = new Array(n);
    if (depth === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = value(offset + i);
      return out;
    }
    let block = 1;
    for (let d = depth + 1; d < shape.length; d++) block *= shape[d];
    for (let i = 0; i < n; i++) out[i] = build(depth + 1, offset + i * block);
    return out;
  };
  return build(0, 0);
}

/**
 * Prints like PyTorch: `tensor([[1.0000, 2.0000], …], shape=[2,2], dtype=float32)`; values are aligned
 * and large tensors are summarised with `...`. Reads synchronously when it can.
 */
export function formatTensor(t: Tensor, options: FormatOptions = {}): string {
  const meta = `shape=[${t.shape.join(',')}], dtype=${t.dtype}${t.requiresGrad ? ', requiresGrad=true' : ''}${t.name ? `, name='${t.name}'` : ''}`;
  if (t.disposed) return `tensor(<disposed>, ${meta})`;
  if (!t.backend.canReadSync) return `tensor(<on ${t.backend.name}: await data()>, ${meta})`;
  const { precision = 4, threshold = 1000, edgeItems = 3 } = options;
  const data = t.dataSync();
  const summarise = data.length > threshold;
  const fmt = (v: number): string => {
    if (t.dtype === 'bool') return v ? 'true' : 'false';
    if (t.dtype === 'int32') return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const abs = Math.abs(v);
    return abs !== 0 && (abs >= 1e8 || abs < 10 ** -precision)
      ? v.toExponential(precision)
      : v.toFixed(precision);
  };
  const strings = Array.from(data, fmt);
  const width = strings.reduce((w, s) => Math.max(w, s.length), 0);
  const indent = 'tensor('.length;
  const render = (depth: number, offset: number): string => {
    if (t.ndim === 0) return strings[0];
    const n = t.shape[depth];
    let block = 1;
    for (let d = depth + 1; d < t.ndim; d++) block *= t.shape[d];
    const indices =
      summarise && n > 2 * edgeItems
        ? [
            ...Array.from({ length: edgeItems }, (_, i) => i),
            -1,
            ...Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i),
          ]
        : Array.from({ length: n }, (_, i) => i);
    if (depth === t.ndim - 1) {
      return `[${indices.map((i) => (i < 0 ? '...' : strings[offset + i].padStart(width))).join(', ')}]`;
    }
    const sep = `,${'\n'.repeat(t.ndim - depth - 1)}${' '.repeat(indent + depth + 1)}`;
    return `[${indices.map((i) => (i < 0 ? '...' : render(depth + 1, offset + i * block))).join(sep)}]`;
  };
  return `tensor(${render(0, 0)}, ${meta})`;
}
