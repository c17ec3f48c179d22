import { record } from '../autograd';
import type { DType } from '../dtype';
import { fail } from '../errors';
import { broadcastShapes, shapesEqual } from '../shape';
import { inGroup } from '../state';
import { Tensor, type TensorLike } from '../tensor';
import { cast } from './api';
import { broadcastView, sumToShape } from './broadcast';
import { asTensor, sameBackend } from './convert';
import type { BinarySpec, UnarySpec } from './elementwise-spec';

/** @internal Applies a unary spec: dtype rule, fused kernel or decomposition, gradient. */
export function applyUnary(spec: UnarySpec, value: TensorLike): Tensor {
  const label = `${spec.name}(x)`;
  let x = asTensor(label, value);
  let outDtype: DType = x.dtype;
  if (spec.dtype === 'float') {
    outDtype = 'float32';
    if (x.dtype !== 'float32') x = cast(x, 'float32');
  } else if (spec.dtype === 'bool') {
    outDtype = 'bool';
  } else if (x.dtype === 'bool' && spec.decompose === undefined && spec.name !== 'logicalNot') {
    x = cast(x, 'int32');
    outDtype = 'int32';
  }
  const backend = x.backend;
  if (spec.decompose !== undefined && !backend.fused.has(spec.name)) {
    return inGroup(spec.name, () => spec.decompose!(x));
  }
  const buffer =
    spec.decompose !== undefined ? backend.fusedUnary!(spec, x, outDtype) : backend.unary(spec, x, outDtype);
  const out = Tensor.fromBuffer(backend, buffer, x.shape, outDtype);
  const vjp = spec.vjp;
  return record(
    spec.name,
    out,
    [x],
    vjp === undefined || outDtype !== 'float32' ? null : (g) => [vjp(g, x, out)],
  );
}

function computeDtype(spec: BinarySpec, a: DType, b: DType): { inputs: DType; output: DType } {
  const promoted: DType =
    a === 'float32' || b === 'float32' ? 'float32' : a === 'int32' || b === 'int32' ? 'int32' : 'bool';
  switch (spec.dtype) {
    case 'float':
      return { inputs: 'float32', output: 'float32' };
    case 'bool':
      return { inputs: promoted, output: 'bool' };
    case 'logical':
      return { inputs: promoted, output: 'bool' };
    case 'promote': {
      const t = promoted === 'bool' ? 'int32' : promoted;
      return { inputs: t, output: t };
    }
  }
}

/** @internal Applies a binary spec with NumPy broadcasting; gradients are summed back to each shape. */
export function applyBinary(spec: BinarySpec, left: TensorLike, right: TensorLike): Tensor {
  const label = `${spec.name}(a, b)`;
  let a = typeof left === 'object' ? asTensor(label, left) : undefined;
  let b = typeof right === 'object' ? asTensor(label, right) : undefined;
  if (a === undefined && b === undefined) {
    a = asTensor(label, left);
    b = asTensor(label, right, a);
  } else if (a === undefined) a = asTensor(label, left, b);
  else if (b === undefined) b = asTensor(label, right, a);
  const backend = sameBackend(label, [a!, b!]);
  const shape = shapesEqual(a!.shape, b!.shape) ? a!.shape : broadcastShapes(label, a!.shape, b!.shape);
  const { inputs, output } = computeDtype(spec, a!.dtype, b!.dtype);
  const ta = a!.dtype === inputs ? a! : cast(a!, inputs);
  const tb = b!.dtype === inputs ? b! : cast(b!, inputs);
  const buffer = backend.binary(spec, broadcastView(ta, shape), broadcastView(tb, shape), output);
  const out = Tensor.fromBuffer(backend, buffer, shape, output);
  const vjp = spec.vjp;
  if (vjp === undefined || output !== 'float32') return record(spec.name, out, [ta, tb], null);
  return record(spec.name, out, [ta, tb], (g) => [
    ta.requiresGrad ? sumToShape(vjp[0](g, ta, tb, out), ta.shape) : null,
    tb.requiresGrad ? sumToShape(vjp[1](g, ta, tb, out), tb.shape) : null,
  ]);
}

/** @internal Guard for ops that only make sense on floats. */
export function requireFloat(opName: string, x: Tensor): void {
  if (x.dtype !== 'float32') fail(opName, `expected a float32 tensor, got ${x.dtype}`);
}
