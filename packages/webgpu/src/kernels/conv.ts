import type { Conv2dParams, Pool2dParams } from '@plasticity/core';
import type { GpuBuffer, GpuRuntime } from '../runtime';
import { bindings, MAIN_1D, prelude } from '../wgsl';
import { contiguous, type View } from './elementwise';

// Shared params: [0] threads [1] N [2] C [3] H [4] W [5] O [6] C per group [7] KH [8] KW [9] OH [10] OW
// [11] sh [12] sw [13] ph [14] pw [15] dh [16] dw [17] O per group [18] offset of input 0 [19] of input 1.
const GEOMETRY = /* wgsl */ `
  let N = P(1u); let C = P(2u); let H = P(3u); let W = P(4u); let O = P(5u); let CG = P(6u);
  let KH = P(7u); let KW = P(8u); let OH = P(9u); let OW = P(10u); let SH = P(11u); let SW = P(12u);
  let PH = P(13u); let PW = P(14u); let DH = P(15u); let DW = P(16u); let OG = P(17u);
  let off0 = P(18u); let off1 = P(19u);`;

function geometry(
  threads: number,
  x: readonly number[],
  w: readonly number[],
  oh: number,
  ow: number,
  p: Conv2dParams,
  offs: [number, number],
) {
  const [n, c, h, wd] = x;
  const [o, cg, kh, kw] = w;
  return Int32Array.from([
    threads,
    n,
    c,
    h,
    wd,
    o,
    cg,
    kh,
    kw,
    oh,
    ow,
    p.stride[0],
    p.stride[1],
    p.padding[0],
    p.padding[1],
    p.dilation[0],
    p.dilation[1],
    o / p.groups,
    offs[0],
    offs[1],
  ]);
}

/** Runs `make` on contiguous versions of the views, releasing any temporary copies after. */
function withContiguous<T>(rt: GpuRuntime, views: View[], make: (vs: View[]) => T): T {
  const made = views.map((v) => contiguous(rt, v));
  try {
    return make(made.map((m) => m.view));
  } finally {
    for (const m of made) if (m.temp !== null) rt.release(m.temp);
  }
}

function run(rt: GpuRuntime, body: string, inputs: View[], out: GpuBuffer, params: Int32Array): void {
  const code = `${prelude(3)}
${bindings(['X0', 'X1', 'OUT'], ['float32', 'float32', 'float32'])}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  ${GEOMETRY}
  ${body}
}`;
  rt.dispatch(rt.kernel(code, 3), [inputs[0].buffer, inputs[1].buffer, out], params, rt.grid(params[0]));
}

const CONV = /* wgsl */ `
  let ox = i32(i) % OW; let oy = (i32(i) / OW) % OH; let oc = (i32(i) / (OW * OH)) % O; let b = i32(i) / (OW * OH * O);
  let c0 = (oc / OG) * CG;
  var acc = 0.0;
  for (var ci = 0; ci < CG; ci++) {
    let xBase = off0 + ((b * C + c0 + ci) * H) * W;
    let wBase = off1 + (oc * CG + ci) * KH * KW;
    for (var ky = 0; ky < KH; ky++) {
      let iy = oy * SH - PH + ky * DH;
      if (iy < 0 || iy >= H) { continue; }
      for (var kx = 0; kx < KW; kx++) {
        let ix = ox * SW - PW + kx * DW;
        if (ix >= 0 && ix < W) { acc = acc + X1[wBase + ky * KW + kx] * X0[xBase + iy * W + ix]; }
      }
    }
  }
  OUT[i] = acc;`;

export function conv2d(rt: GpuRuntime, x: View, w: View, p: Conv2dParams): GpuBuffer {
  const [n, , h, wd] = x.shape;
  const [o, , kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * p.padding[0] - p.dilation[0] * (kh - 1) - 1) / p.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * p.padding[1] - p.dilation[1] * (kw - 1) - 1) / p.stride[1]) + 1;
  const total = n * o * oh * ow;
  const out = rt.acquire(total, 'float32');
  if (total === 0) return out;
  withContiguous(rt, [x, w], ([cx, cw]) =>
    run(rt, CONV, [cx, cw], out, geometry(total, x.shape, w.shape, oh, ow, p, [cx.offset, cw.offset])),
  );
  return out;
}

// One thread per input element gathers every (output, tap) that read it: no atomics needed.
const INPUT_GRAD = /* wgsl */ `
  let ix = i32(i) % W; let iy = (i32(i) / W) % H; let c = (i32(i) / (W * H)) % C; let b = i32(i) / (W * H * C);
  let g = c / CG; let ci = c % CG;
  var acc = 0.0;
  for (var oc = g * OG; oc < (g + 1) * OG; oc++) {
    let dyBase = off0 + (b * O + oc) * OH * OW;
    let wBase = off1 + (oc * CG + ci) * KH * KW;
    for (var ky = 0; ky < KH; ky++) {
      let ty = iy + PH - ky * DH;
      if (ty < 0 || ty % SH != 0 || ty / SH >= OH) { continue; }
      let y = ty / SH;
      for (var kx = 0; kx < KW; kx++) {
        let tx = ix + PW - kx * DW;
        if (tx < 0 || tx % SW != 0 || tx / SW >= OW) { continue; }
        acc = acc + X1[wBase + ky * KW + kx] * X0[dyBase + y * OW + tx / SW];
      }
    }
  }
  OUT[i] = acc;`;

export function conv2dInputGrad(
  rt: GpuRuntime,
  dy: View,
  w: View,
  inputShape: readonly number[],
  p: Conv2dParams,
): GpuBuffer {
  const total = inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3];
  const out = rt.acquire(total, 'float32');
  if (total === 0) return out;
  const [, , oh, ow] = dy.shape;
  withContiguous(rt, [dy, w], ([cdy, cw]) =>
    run(
      rt,
      INPUT_GRAD,
      [cdy, cw],
      out,
      geometry(total, inputShape, w.shape, oh, ow, p, [cdy.offset, cw.offset]),
    ),
  );
  return out;
}

const WEIGHT_GRAD = /* wgsl */ `
  let kx = i32(i) % KW; let ky = (i32(i) / KW) % KH; let ci = (i32(i) / (KW * KH)) % CG; let oc = i32(i) / (KW * KH * CG);
  let c0 = (oc / OG) * CG;
  var acc = 0.0;
  for (var b = 0; b < N; b++) {
    let xBase = off0 + (b * C + c0 + ci) * H * W;
    let dyBase = off1 + (b * O + oc) * OH * OW;
    for (var y = 0; y < OH; y++) {
      let iy = y * SH - PH + ky * DH;
      if (iy < 0 || iy >= H) { continue; }
      for (var xo = 0; xo < OW; xo++) {
        let ix = xo * SW - PW + kx * DW;
        if (ix >= 0 && ix < W) { acc = acc + X1[dyBase + y * OW + xo] * X0[xBase + iy * W + ix]; }
      }
    }
  }
  OUT[i] = acc;`;

export function conv2dWeightGrad(
  rt: GpuRuntime,
  x: View,
  dy: View,
  weightShape: readonly number[],
  p: Conv2dParams,
): GpuBuffer {
  const total = weightShape[0] * weightShape[1] * weightShape[2] * weightShape[3];
  const out = rt.acquire(total, 'float32');
  if (total === 0) return out;
  const [, , oh, ow] = dy.shape;
  withContiguous(rt, [x, dy], ([cx, cdy]) =>
    run(
      rt,
      WEIGHT_GRAD,
      [cx, cdy],
      out,
      geometry(total, x.shape, weightShape, oh, ow, p, [cx.offset, cdy.offset]),
    ),
  );
  return out;
}

// Pool params reuse the conv layout with KH/KW = window, O = C, and [17] = countIncludePad.
function poolParams(total: number, x: readonly number[], p: Pool2dParams, offs: [number, number]) {
  const [n, c, h, w] = x;
  const oh = Math.floor((h + 2 * p.padding[0] - p.kernel[0]) / p.stride[0]) + 1;
  const ow = Math.floor((w + 2 * p.padding[1] - p.kernel[1]) / p.stride[1]) + 1;
  const params = Int32Array.from([
    total,
    n,
    c,
    h,
    w,
    c,
    1,
    p.kernel[0],
    p.kernel[1],
    oh,
    ow,
    p.stride[0],
    p.stride[1],
    p.padding[0],
    p.padding[1],
    1,
    1,
    p.countIncludePad ? 1 : 0,
    offs[0],
    offs[1],
  ]);
  return { params, oh, ow };
}

/** WGSL: the window of output (plane, oy, ox), clipped to the image, its divisor and first argmax. */
const WINDOW = /* wgsl */ `
fn window(plane: i32, oy: i32, ox: i32) -> vec4<i32> {
  let H = P(3u); let W = P(4u);
  let ys = oy * P(11u) - P(13u); let xs = ox * P(12u) - P(14u);
  return vec4<i32>(max(ys, 0), min(ys + P(7u), H), max(xs, 0), min(xs + P(8u), W));
}
fn divisor(win: vec4<i32>) -> f32 {
  if (P(17u) != 0) { return f32(P(7u) * P(8u)); }
  return f32((win.y - win.x) * (win.w - win.z));
}
fn argmax_window(base: i32, win: vec4<i32>) -> i32 {
  let W = P(4u);
  var best = -inf_f32();
  var at = base + win.x * W + win.z;
  for (var yy = win.x; yy < win.y; yy++) {
    for (var xx = win.z; xx < win.w; xx++) {
      let v = X0[base + yy * W + xx];
      if (is_nan(v)) { return base + yy * W + xx; }
      if (v > best) { best = v; at = base + yy * W + xx; }
    }
  }
  return at;
}`;

function runPool(rt: GpuRuntime, body: string, inputs: View[], out: GpuBuffer, params: Int32Array): void {
  const code = `${prelude(3)}
${bindings(['X0', 'X1', 'OUT'], ['float32', 'float32', 'float32'])}
${WINDOW}
${MAIN_1D}
  if (i >= PU(0u)) { return; }
  ${GEOMETRY}
  ${body}
}`;
  rt.dispatch(rt.kernel(code, 3), [inputs[0].buffer, inputs[1].buffer, out], params, rt.grid(params[0]));
}

export function pool2d(rt: GpuRuntime, kind: 'max' | 'avg', x: View, p: Pool2dParams): GpuBuffer {
  const [n, c] = x.shape;
  const probe = poolParams(0, x.shape, p, [0, 0]);
  const total = n * c * probe.oh * probe.ow;
  const out = rt.acquire(total, 'float32');
  if (total === 0) return out;
  const body =
    kind === 'max'
      ? `let ox = i32(i) % OW; let oy = (i32(i) / OW) % OH; let plane = i32(i) / (OW * OH);
  let base = off0 + plane * H * W;
  OUT[i] = X0[argmax_window(base, window(plane, oy, ox))];`
      : `let ox = i32(i) % OW; let oy = (i32(i) / OW) % OH; let plane = i32(i) / (OW * OH);
  let base = off0 + plane * H * W;
  let win = window(plane, oy, ox);
  var acc = 0.0;
  for (var yy = win.x; yy < win.y; yy++) { for (var xx = win.z; xx < win.w; xx++) { acc = acc + X0[base + yy * W + xx]; } }
  OUT[i] = acc / divisor(win);`;
  withContiguous(rt, [x], ([cx]) =>
    runPool(rt, body, [cx, cx], out, poolParams(total, x.shape, p, [cx.offset, 0]).params),
  );
  return out;
}

/** One thread per input element sums the share of every window that routes gradient to it. */
export function pool2dGrad(
  rt: GpuRuntime,
  kind: 'max' | 'avg',
  x: View,
  dy: View,
  p: Pool2dParams,
): GpuBuffer {
  const total = x.shape[0] * x.shape[1] * x.shape[2] * x.shape[3];
  const out = rt.acquire(total, 'float32');
  if (total === 0) return out;
  const take =
    kind === 'max'
      ? 'if (argmax_window(base, win) == base + iy * W + ix) { acc = acc + X1[off1 + plane * OH * OW + oy * OW + ox]; }'
      : 'acc = acc + X1[off1 + plane * OH * OW + oy * OW + ox] / divisor(win);';
  const body = `let ix = i32(i) % W; let iy = (i32(i) / W) % H; let plane = i32(i) / (W * H);
  let base = off0 + plane * H * W;
  var acc = 0.0;
  for (var oy = max(0, (iy + PH - KH + SH) / SH); oy < OH; oy++) {
    if (oy * SH - PH > iy) { break; }
    for (var ox = max(0, (ix + PW - KW + SW) / SW); ox < OW; ox++) {
      if (ox * SW - PW > ix) { break; }
      let win = window(plane, oy, ox);
      if (iy < win.x || iy >= win.y || ix < win.z || ix >= win.w) { continue; }
      ${take}
    }
  }
  OUT[i] = acc;`;
  withContiguous(rt, [x, dy], ([cx, cdy]) =>
    runPool(rt, body, [cx, cdy], out, poolParams(total, x.shape, p, [cx.offset, cdy.offset]).params),
  );
  return out;
}
