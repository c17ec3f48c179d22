import type { Tensor } from '../tensor';

/**
 * One elementwise op, described once. Backends generate their kernels from `js` / `wgsl`;
 * the frontend takes the dtype rule and the gradient from here.
 */
export interface UnarySpec {
  readonly name: string;
  /** A JavaScript expression in `x` (a number) giving the output element. */
  readonly js: string;
  /** A WGSL expression in `x` (an f32; i32 for int inputs of `same` ops) giving the output element. */
  readonly wgsl: string;
  /** `float`: output float32 (ints are cast first); `same`: the input's dtype; `bool`: a truth value. */
  readonly dtype: 'float' | 'same' | 'bool';
  /** Vector-Jacobian product: upstream gradient `g`, input `x`, output `y` → gradient for x. */
  readonly vjp?: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
  /**
   * For composites (tanh, sigmoid, gelu, …): the same function written with primitives, used when the
   * backend does not list the op in `backend.fused`. The fused kernel and this must agree.
   */
  readonly decompose?: (x: Tensor) => Tensor;
}

export interface BinarySpec {
  readonly name: string;
  /** A JavaScript expression in `a` and `b`. */
  readonly js: string;
  /** A WGSL expression in `a` and `b`. For `bool` outputs it is a WGSL `bool` expression. */
  readonly wgsl: string;
  /** `promote`: bool < int32 < float32 (bool⊕bool gives int32); `float`: float32; `bool`: comparison. */
  readonly dtype: 'promote' | 'float' | 'bool' | 'logical';
  /**
   * Gradient rules for a and for b, each at the broadcast output shape (the frontend sums them back to
   * each operand's shape). Separate functions, so only the side that needs a gradient is computed.
   */
  readonly vjp?: readonly [BinaryVjp, BinaryVjp];
}

/** One side of a binary op's gradient: upstream `g`, inputs `a` and `b`, output `y`. */
export type BinaryVjp = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => Tensor;

export function unarySpec(spec: UnarySpec): UnarySpec {
  return Object.freeze(spec);
}

export function binarySpec(spec: BinarySpec): BinarySpec {
  return Object.freeze(spec);
}
