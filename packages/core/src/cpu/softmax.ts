import type { KernelView } from '../backend';
import { readContiguous } from './codegen';

/** Softmax (or log-softmax) over the last axis, one row at a time, shifted by the row maximum. */
export function softmaxCpu(x: KernelView, log: boolean): Float32Array {
  const data = readContiguous(x, (n) => new Float32Array(n));
  const out = new Float32Array(data.length);
  const cols = x.shape[x.shape.length - 1];
  if (cols === 0) return out;
  for (let row = 0; row < data.length; row += cols) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (data[row + j] > max) max = data[row + j];
    if (max === Number.NEGATIVE_INFINITY || Number.isNaN(max)) max = 0;
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(data[row + j] - max);
    if (log) {
      const logTotal = Math.log(total);
      for (let j = 0; j < cols; j++) out[row + j] = data[row + j] - max - logTotal;
    } else {
      for (let j = 0; j < cols; j++) out[row + j] = Math.exp(data[row + j] - max) / total;
    }
  }
  return out;
}
