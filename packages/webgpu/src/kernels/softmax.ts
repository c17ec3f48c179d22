import type { GpuBuffer, GpuRuntime } from '../runtime';
import { bindings, MAIN_1D, prelude, sizeOf } from '../wgsl';
import { contiguous, type View } from './elementwise';

// Params: [0] rows [1] columns [2] x offset.
function code(log: boolean): string {
  return `${prelude(2)}
${bindings(['X', 'OUT'], ['float32', 'float32'])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  let cols = PU(1u);
  let src = u32(P(2u)) + i * cols;
  let dst = i * cols;
  var m = -inf_f32();
  // On the CPU a NaN in the row makes the sum of exponentials NaN, and so does +Infinity (∞ − ∞):
  // every output of the row is NaN. Decided here from the bits, since SwiftShader's exp(NaN) is +∞.
  var poisoned = false;
  for (var j = 0u; j < cols; j++) {
    let v = X[src + j];
    if (is_nan(v) || is_pos_inf(v)) { poisoned = true; } else if (v > m) { m = v; }
  }
  if (poisoned) {
    for (var j = 0u; j < cols; j++) { OUT[dst + j] = nan_f32(); }
    return;
  }
  // A row of -Infinity is shifted by 0, as on the CPU, so it yields NaN rather than hiding it.
  if (is_neg_inf(m)) { m = 0.0; }
  var total = 0.0;
  for (var j = 0u; j < cols; j++) { total = total + exp(X[src + j] - m); }
  ${
    log
      ? 'let lt = log_f32(total);\n  for (var j = 0u; j < cols; j++) { OUT[dst + j] = X[src + j] - m - lt; }'
      : 'for (var j = 0u; j < cols; j++) { OUT[dst + j] = exp(X[src + j] - m) / total; }'
  }
}`;
}

/** Softmax / log-softmax over the last axis: one thread per row, shifted by the row maximum. */
export function softmax(rt: GpuRuntime, x: View, log: boolean): GpuBuffer {
  const n = sizeOf(x.shape);
  const out = rt.acquire(n, 'float32');
  const cols = x.shape[x.shape.length - 1];
  if (n === 0) return out;
  const { view, temp } = contiguous(rt, x);
  const rows = n / cols;
  rt.dispatch(rt.kernel(code(log), 2), [view.buffer, out], [rows, cols, view.offset], rt.grid(rows));
  if (temp !== null) rt.release(temp);
  return out;
}
