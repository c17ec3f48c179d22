import type { Conv2dOptions } from '@plasticity/core';
import * as core from '@plasticity/core';
import { describe, it } from 'vitest';
import { expectClose, type SuiteContext, seeder, tf, toHwio, toNchw, toNhwc } from './harness';

type Pair2 = [number, number];
const pair = (v: number | readonly number[] | undefined, d: number): Pair2 =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/**
 * PyTorch's conv2d (NCHW input, OIHW weight) computed by tfjs: transposed to NHWC/HWIO, explicit padding,
 * and groups by splitting channels (tf.conv2d has no groups), depthwise through tf.depthwiseConv2d.
 */
export function tfConv2d(
  x: tf.Tensor,
  w: tf.Tensor,
  bias: tf.Tensor | null,
  o: Conv2dOptions = {},
): tf.Tensor {
  const [sh, sw] = pair(o.stride as number | number[] | undefined, 1);
  const [ph, pw] = pair(o.padding as number | number[] | undefined, 0);
  const [dh, dw] = pair(o.dilation as number | number[] | undefined, 1);
  const groups = o.groups ?? 1;
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [ph, ph],
    [pw, pw],
    [0, 0],
  ];
  const xh = toNhwc(x);
  const [outC, perGroup] = w.shape;
  const inC = x.shape[1];
  let y: tf.Tensor4D;
  if (groups === 1) {
    y = tf.conv2d(xh, toHwio(w), [sh, sw], pad, 'NHWC', [dh, dw]);
  } else if (groups === inC && perGroup === 1) {
    // Depthwise: tf's filter is [kh, kw, inC, multiplier] and output channel c·multiplier + m — our o.
    const mult = outC / inC;
    const [, , kh, kw] = w.shape as [number, number, number, number];
    const filter = tf.reshape(tf.transpose(w, [2, 3, 1, 0]), [kh, kw, inC, mult]) as tf.Tensor4D;
    y = tf.depthwiseConv2d(xh, filter, [sh, sw], pad, 'NHWC', [dh, dw]);
  } else {
    const outPer = outC / groups;
    const parts = Array.from({ length: groups }, (_, g) =>
      tf.conv2d(
        tf.slice(xh, [0, 0, 0, g * perGroup], [-1, -1, -1, perGroup]) as tf.Tensor4D,
        toHwio(tf.slice(w, [g * outPer, 0, 0, 0], [outPer, -1, -1, -1])),
        [sh, sw],
        pad,
        'NHWC',
        [dh, dw],
      ),
    );
    y = tf.concat(parts, 3) as tf.Tensor4D;
  }
  const out = toNchw(y);
  return bias === null ? out : tf.add(out, tf.reshape(bias, [1, -1, 1, 1]));
}

export interface PoolCase {
  kernelSize: Pair2 | number;
  stride?: Pair2 | number;
  padding?: Pair2 | number;
  countIncludePad?: boolean;
}

/**
 * Max/avg pooling by tfjs on an explicitly padded input: −∞ padding for max (padding never wins), zeros for
 * avg with countIncludePad (the zeros count in the divisor); avg without it is tf.avgPool's own padding.
 */
export function tfPool(kind: 'max' | 'avg', x: tf.Tensor, p: PoolCase): tf.Tensor {
  const k = pair(p.kernelSize as number | number[], 1);
  const s = p.stride === undefined ? k : pair(p.stride as number | number[], 1);
  const [ph, pw] = pair(p.padding as number | number[] | undefined, 0);
  const xh = toNhwc(x);
  if (kind === 'avg' && p.countIncludePad === false && (ph > 0 || pw > 0)) {
    // tf's numeric padding pads both sides equally and averages in-bounds values only.
    if (ph !== pw) throw new Error('tfPool: countIncludePad=false oracle needs equal padding');
    return toNchw(tf.avgPool(xh, k, s, ph));
  }
  const padded = tf.pad(
    xh,
    [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ],
    kind === 'max' ? Number.NEGATIVE_INFINITY : 0,
  ) as tf.Tensor4D;
  return toNchw(kind === 'max' ? tf.maxPool(padded, k, s, 'valid') : tf.avgPool(padded, k, s, 'valid'));
}

export const CONV_CASES: { x: number[]; w: number[]; bias: boolean; o: Conv2dOptions }[] = [
  { x: [2, 3, 6, 5], w: [4, 3, 3, 3], bias: true, o: {} },
  { x: [1, 2, 7, 7], w: [3, 2, 3, 2], bias: false, o: { stride: [2, 1] } },
  { x: [2, 2, 5, 6], w: [2, 2, 3, 3], bias: true, o: { padding: 1 } },
  { x: [1, 3, 5, 5], w: [2, 3, 3, 3], bias: false, o: { padding: [2, 0], stride: 2 } },
  { x: [1, 2, 8, 7], w: [3, 2, 3, 3], bias: true, o: { dilation: 2 } },
  { x: [1, 2, 9, 8], w: [2, 2, 2, 3], bias: false, o: { dilation: [2, 3], padding: [1, 2] } },
  { x: [2, 4, 5, 5], w: [4, 1, 3, 3], bias: true, o: { groups: 4, padding: 1 } },
  { x: [1, 3, 5, 6], w: [6, 1, 3, 2], bias: false, o: { groups: 3, stride: [1, 2] } },
  { x: [1, 4, 6, 5], w: [6, 2, 3, 3], bias: true, o: { groups: 2 } },
  { x: [2, 3, 4, 4], w: [5, 3, 1, 1], bias: true, o: {} },
  { x: [1, 2, 3, 4], w: [3, 2, 3, 4], bias: false, o: {} },
  { x: [1, 1, 1, 1], w: [1, 1, 1, 1], bias: true, o: { padding: 1 } },
];

export const POOL_CASES: PoolCase[] = [
  { kernelSize: 2 },
  { kernelSize: 2, stride: 1 },
  { kernelSize: [2, 3], stride: [1, 2] },
  { kernelSize: 3, stride: 2, padding: 1 },
  { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false },
  { kernelSize: [3, 2], stride: 1, padding: [1, 0] },
  { kernelSize: 4, stride: 3, padding: 2 },
];

/** conv2d and 2-D pooling against tfjs, in PyTorch's NCHW layout. */
export function registerConvolution(ctx: SuiteContext): void {
  describe('convolution and pooling', () => {
    it('conv2d matches tf.conv2d / tf.depthwiseConv2d for stride, padding, dilation, groups and bias', async () => {
      const next = seeder('conv2d');
      for (const c of CONV_CASES) {
        const x = ctx.pair(c.x, next());
        const w = ctx.pair(c.w, next());
        const b = c.bias ? ctx.pair([c.w[0]], next()) : null;
        await expectClose(
          core.conv2d(x.x, w.x, b?.x ?? null, c.o),
          tfConv2d(x.tx, w.tx, b?.tx ?? null, c.o),
          ctx.tol,
          {
            label: `conv2d x ${JSON.stringify(c.x)} w ${JSON.stringify(c.w)} ${JSON.stringify(c.o)}`,
            dtype: 'float32',
          },
        );
      }
    });

    it('conv2d reads non-contiguous input and weight views', async () => {
      const next = seeder('conv2d views');
      const x = ctx.pair([1, 5, 6, 2], next());
      const w = ctx.pair([3, 3, 2, 3], next());
      // x viewed as NCHW [1, 2, 5, 6] through a permute; w as [3, 2, 3, 3] through a transpose.
      const xv = core.permute(x.x, [0, 3, 1, 2]);
      const wv = core.transpose(w.x, 1, 2);
      await expectClose(
        xv.conv2d(wv, null, { padding: 1 }),
        tfConv2d(tf.transpose(x.tx, [0, 3, 1, 2]), tf.transpose(w.tx, [0, 2, 1, 3]), null, { padding: 1 }),
        ctx.tol,
        { label: 'conv2d of views' },
      );
    });

    for (const kind of ['max', 'avg'] as const) {
      it(`${kind}Pool2d matches tf.${kind}Pool for kernels, strides and padding`, async () => {
        const next = seeder(`${kind}Pool2d`);
        for (const p of POOL_CASES) {
          if (kind === 'max' && p.countIncludePad === false) continue;
          const x = ctx.pair([2, 3, 7, 6], next());
          const ours = kind === 'max' ? core.maxPool2d(x.x, p) : core.avgPool2d(x.x, p);
          await expectClose(ours, tfPool(kind, x.tx, p), ctx.tol, {
            label: `${kind}Pool2d ${JSON.stringify(p)}`,
            dtype: 'float32',
          });
        }
        const x = ctx.pair([1, 2, 4, 4], next());
        const viaNumber = kind === 'max' ? x.x.maxPool2d(2) : x.x.avgPool2d(2);
        await expectClose(viaNumber, tfPool(kind, x.tx, { kernelSize: 2 }), ctx.tol, {
          label: `${kind}Pool2d(x, 2)`,
        });
        const view = core.flip(x.x, 3);
        const fromView =
          kind === 'max' ? core.maxPool2d(view, 3) : core.avgPool2d(view, { kernelSize: 3, stride: 1 });
        await expectClose(
          fromView,
          tfPool(kind, tf.reverse(x.tx, 3), { kernelSize: 3, stride: kind === 'max' ? 3 : 1 }),
          ctx.tol,
          {
            label: `${kind}Pool2d of a flipped view`,
          },
        );
      });
    }

    it('maxPool2d ignores padding even when every real value is negative', async () => {
      const x = ctx.pairOf([1, 1, 2, 2], [-4, -3, -2, -1]);
      await expectClose(
        core.maxPool2d(x.x, { kernelSize: 2, stride: 1, padding: 1 }),
        tfPool('max', x.tx, { kernelSize: 2, stride: 1, padding: 1 }),
        ctx.tol,
      );
      await expectClose(
        core.maxPool2d(x.x, { kernelSize: 2, stride: 1, padding: 1 }),
        [
          [
            [
              [-4, -3, -3],
              [-2, -1, -1],
              [-2, -1, -1],
            ],
          ],
        ],
        ctx.tol,
      );
    });
  });
}
