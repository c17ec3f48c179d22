import { div, greater, greaterEqual, log, mul, neg, pow, square, where } from './api';
import { binarySpec } from './elementwise-spec';

export const ADD = binarySpec({
  name: 'add',
  js: 'a + b',
  wgsl: 'a + b',
  dtype: 'promote',
  vjp: [(g) => g, (g) => g],
});
export const SUB = binarySpec({
  name: 'sub',
  js: 'a - b',
  wgsl: 'a - b',
  dtype: 'promote',
  vjp: [(g) => g, (g) => neg(g)],
});
export const MUL = binarySpec({
  name: 'mul',
  js: 'a * b',
  wgsl: 'a * b',
  dtype: 'promote',
  vjp: [(g, _a, b) => mul(g, b), (g, a) => mul(g, a)],
});
export const DIV = binarySpec({
  name: 'div',
  js: 'a / b',
  wgsl: 'a / b',
  dtype: 'float',
  // d(a/b)/db = -a/b² = -y/b
  vjp: [(g, _a, b) => div(g, b), (g, _a, b, y) => neg(div(mul(g, y), b))],
});
export const POW = binarySpec({
  name: 'pow',
  js: 'Math.pow(a, b)',
  wgsl: 'pow_signed(a, b)',
  dtype: 'float',
  vjp: [
    // b·a^(b−1), written without dividing by a so that a = 0 stays finite.
    (g, a, b) => mul(g, mul(b, pow(a, b.sub(1)))),
    // y·ln a, defined as 0 where a ≤ 0 (the limit used by PyTorch for a = 0).
    // log is taken of a safe stand-in so that the masked branch cannot leak NaN into a double backward.
    (g, a, _b, y) => mul(g, where(greater(a, 0), mul(y, log(where(greater(a, 0), a, 1))), 0)),
  ],
});
export const MAXIMUM = binarySpec({
  name: 'maximum',
  js: '(a !== a || b !== b ? NaN : a > b ? a : b)',
  wgsl: 'max(a, b)',
  dtype: 'promote',
  // Ties send the gradient to `a`, as tfjs does (PyTorch splits it in half).
  vjp: [(g, a, b) => where(greaterEqual(a, b), g, 0), (g, a, b) => where(greaterEqual(a, b), 0, g)],
});
export const MINIMUM = binarySpec({
  name: 'minimum',
  js: '(a !== a || b !== b ? NaN : a < b ? a : b)',
  wgsl: 'min(a, b)',
  dtype: 'promote',
  vjp: [(g, a, b) => where(greaterEqual(b, a), g, 0), (g, a, b) => where(greaterEqual(b, a), 0, g)],
});
export const MOD = binarySpec({
  name: 'remainder',
  // Python's and PyTorch's remainder: the result takes the sign of the divisor.
  js: 'a - b * Math.floor(a / b)',
  wgsl: 'a - b * floor(a / b)',
  dtype: 'promote',
  vjp: [(g) => g, (g, a, b) => mul(g, neg(div(a, b).floor()))],
});
export const ATAN2 = binarySpec({
  name: 'atan2',
  js: 'Math.atan2(a, b)',
  wgsl: 'atan2(a, b)',
  dtype: 'float',
  vjp: [
    (g, a, b) => mul(g, div(b, square(a).add(square(b)))),
    (g, a, b) => mul(g, div(neg(a), square(a).add(square(b)))),
  ],
});
const cmp = (name: string, js: string, wgsl: string) =>
  binarySpec({ name, js: `(${js} ? 1 : 0)`, wgsl, dtype: 'bool' });
export const EQ = cmp('eq', 'a === b', 'a == b');
export const NE = cmp('ne', 'a !== b', 'a != b');
export const LT = cmp('lt', 'a < b', 'a < b');
export const LE = cmp('le', 'a <= b', 'a <= b');
export const GT = cmp('gt', 'a > b', 'a > b');
export const GE = cmp('ge', 'a >= b', 'a >= b');
export const LOGICAL_AND = binarySpec({
  name: 'logicalAnd',
  js: '(a !== 0 && b !== 0 ? 1 : 0)',
  wgsl: '(a != 0.0) && (b != 0.0)',
  dtype: 'logical',
});
export const LOGICAL_OR = binarySpec({
  name: 'logicalOr',
  js: '(a !== 0 || b !== 0 ? 1 : 0)',
  wgsl: '(a != 0.0) || (b != 0.0)',
  dtype: 'logical',
});
export const LOGICAL_XOR = binarySpec({
  name: 'logicalXor',
  js: '((a !== 0) !== (b !== 0) ? 1 : 0)',
  wgsl: '(a != 0.0) != (b != 0.0)',
  dtype: 'logical',
});

export const BINARY_SPECS = {
  add: ADD,
  sub: SUB,
  mul: MUL,
  div: DIV,
  pow: POW,
  maximum: MAXIMUM,
  minimum: MINIMUM,
  remainder: MOD,
  atan2: ATAN2,
  eq: EQ,
  ne: NE,
  lt: LT,
  le: LE,
  gt: GT,
  ge: GE,
  logicalAnd: LOGICAL_AND,
  logicalOr: LOGICAL_OR,
  logicalXor: LOGICAL_XOR,
} as const;
