import type { Conv2dParams, KernelView, Pool2dParams } from '../backend';
import { readContiguous } from './codegen';

const f32 = (n: number) => new Float32Array(n);

/** Visits every (output position, kernel tap, input position inside the image) of a conv or pool. */
function geometry(
  h: number,
  w: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  p: { stride: [number, number]; padding: [number, number] },
  dilation: [number, number],
) {
  return {
    h,
    w,
    oh,
    ow,
    kh,
    kw,
    sh: p.stride[0],
    sw: p.stride[1],
    ph: p.padding[0],
    pw: p.padding[1],
    dh: dilation[0],
    dw: dilation[1],
  };
}

export function conv2dCpu(xv: KernelView, wv: KernelView, p: Conv2dParams): Float32Array {
  const x = readContiguous(xv, f32);
  const w = readContiguous(wv, f32);
  const [n, c, h, wd] = xv.shape;
  const [o, cg, kh, kw] = wv.shape;
  const oh = Math.floor((h + 2 * p.padding[0] - p.dilation[0] * (kh - 1) - 1) / p.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * p.padding[1] - p.dilation[1] * (kw - 1) - 1) / p.stride[1]) + 1;
  const g = geometry(h, wd, oh, ow, kh, kw, p, p.dilation);
  const out = new Float32Array(n * o * oh * ow);
  const og = o / p.groups;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const c0 = Math.floor(oc / og) * cg;
      const outBase = (b * o + oc) * oh * ow;
      for (let ci = 0; ci < cg; ci++) {
        const xBase = (b * c + c0 + ci) * h * wd;
        const wBase = (oc * cg + ci) * kh * kw;
        for (let y = 0; y < oh; y++) {
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * g.sh - g.ph + ky * g.dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const wv2 = w[wBase + ky * kw + kx];
              const row = xBase + iy * wd;
              const dst = outBase + y * ow;
              for (let xo = 0; xo < ow; xo++) {
                const ix = xo * g.sw - g.pw + kx * g.dw;
                if (ix >= 0 && ix < wd) out[dst + xo] += wv2 * x[row + ix];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

export function conv2dInputGradCpu(
  dyv: KernelView,
  wv: KernelView,
  inputShape: readonly number[],
  p: Conv2dParams,
): Float32Array {
  const dy = readContiguous(dyv, f32);
  const w = readContiguous(wv, f32);
  const [n, c, h, wd] = inputShape;
  const [o, cg, kh, kw] = wv.shape;
  const [, , oh, ow] = dyv.shape;
  const out = new Float32Array(n * c * h * wd);
  const og = o / p.groups;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const c0 = Math.floor(oc / og) * cg;
      const dyBase = (b * o + oc) * oh * ow;
      for (let ci = 0; ci < cg; ci++) {
        const xBase = (b * c + c0 + ci) * h * wd;
        const wBase = (oc * cg + ci) * kh * kw;
        for (let y = 0; y < oh; y++) {
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * p.stride[0] - p.padding[0] + ky * p.dilation[0];
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const wk = w[wBase + ky * kw + kx];
              for (let xo = 0; xo < ow; xo++) {
                const ix = xo * p.stride[1] - p.padding[1] + kx * p.dilation[1];
                if (ix >= 0 && ix < wd) out[xBase + iy * wd + ix] += wk * dy[dyBase + y * ow + xo];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

export function conv2dWeightGradCpu(
  xv: KernelView,
  dyv: KernelView,
  weightShape: readonly number[],
  p: Conv2dParams,
): Float32Array {
  const x = readContiguous(xv, f32);
  const dy = readContiguous(dyv, f32);
  const [n, c, h, wd] = xv.shape;
  const [o, cg, kh, kw] = weightShape;
  const [, , oh, ow] = dyv.shape;
  const out = new Float32Array(o * cg * kh * kw);
  const og = o / p.groups;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < o; oc++) {
      const c0 = Math.floor(oc / og) * cg;
      const dyBase = (b * o + oc) * oh * ow;
      for (let ci = 0; ci < cg; ci++) {
        const xBase = (b * c + c0 + ci) * h * wd;
        const wBase = (oc * cg + ci) * kh * kw;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            let acc = 0;
            for (let y = 0; y < oh; y++) {
              const iy = y * p.stride[0] - p.padding[0] + ky * p.dilation[0];
              if (iy < 0 || iy >= h) continue;
              for (let xo = 0; xo < ow; xo++) {
                const ix = xo * p.stride[1] - p.padding[1] + kx * p.dilation[1];
                if (ix >= 0 && ix < wd) acc += dy[dyBase + y * ow + xo] * x[xBase + iy * wd + ix];
              }
            }
            out[wBase + ky * kw + kx] += acc;
          }
        }
      }
    }
  }
  return out;
}

function poolOut(h: number, w: number, p: Pool2dParams) {
  return [
    Math.floor((h + 2 * p.padding[0] - p.kernel[0]) / p.stride[0]) + 1,
    Math.floor((w + 2 * p.padding[1] - p.kernel[1]) / p.stride[1]) + 1,
  ];
}

/**
 * Walks every pooling window of every (n, c) plane; `visit` gets the plane's base, the output index
 * and the window's clipped bounds. Shared by the forward and the gradient of both kinds of pooling.
 */
function forEachWindow(
  shape: readonly number[],
  p: Pool2dParams,
  visit: (
    planeBase: number,
    outIndex: number,
    y0: number,
    y1: number,
    x0: number,
    x1: number,
    divisor: number,
  ) => void,
): void {
  const [n, c, h, w] = shape;
  const [oh, ow] = poolOut(h, w, p);
  for (let plane = 0; plane < n * c; plane++) {
    for (let y = 0; y < oh; y++) {
      const ys = y * p.stride[0] - p.padding[0];
      const y0 = Math.max(ys, 0);
      const y1 = Math.min(ys + p.kernel[0], h);
      for (let x = 0; x < ow; x++) {
        const xs = x * p.stride[1] - p.padding[1];
        const x0 = Math.max(xs, 0);
        const x1 = Math.min(xs + p.kernel[1], w);
        const divisor = p.countIncludePad ? p.kernel[0] * p.kernel[1] : (y1 - y0) * (x1 - x0);
        visit(plane * h * w, (plane * oh + y) * ow + x, y0, y1, x0, x1, divisor);
      }
    }
  }
}

/** Storage index (within the plane) of the first maximum of a window; NaN counts as the maximum. */
function argmaxWindow(
  x: Float32Array,
  base: number,
  w: number,
  y0: number,
  y1: number,
  x0: number,
  x1: number,
): number {
  let best = Number.NEGATIVE_INFINITY;
  let at = base + y0 * w + x0;
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const v = x[base + yy * w + xx];
      if (v > best || Number.isNaN(v)) {
        best = v;
        at = base + yy * w + xx;
        if (Number.isNaN(v)) return at;
      }
    }
  }
  return at;
}

export function pool2dCpu(kind: 'max' | 'avg', xv: KernelView, p: Pool2dParams): Float32Array {
  const x = readContiguous(xv, f32) as Float32Array;
  const [n, c, h, w] = xv.shape;
  const [oh, ow] = poolOut(h, w, p);
  const out = new Float32Array(n * c * oh * ow);
  forEachWindow(xv.shape, p, (base, i, y0, y1, x0, x1, divisor) => {
    if (kind === 'max') {
      out[i] = x[argmaxWindow(x, base, w, y0, y1, x0, x1)];
      return;
    }
    let acc = 0;
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) acc += x[base + yy * w + xx];
    out[i] = acc / divisor;
  });
  return out;
}

export function pool2dGradCpu(
  kind: 'max' | 'avg',
  xv: KernelView,
  dyv: KernelView,
  p: Pool2dParams,
): Float32Array {
  const x = readContiguous(xv, f32) as Float32Array;
  const dy = readContiguous(dyv, f32);
  const [, , , w] = xv.shape;
  const out = new Float32Array(x.length);
  forEachWindow(xv.shape, p, (base, i, y0, y1, x0, x1, divisor) => {
    if (kind === 'max') {
      out[argmaxWindow(x, base, w, y0, y1, x0, x1)] += dy[i];
      return;
    }
    const share = dy[i] / divisor;
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) out[base + yy * w + xx] += share;
  });
  return out;
}
