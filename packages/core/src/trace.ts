import { backwardSteps } from './autograd';
import type { DType } from './dtype';
import { fail } from './errors';
import { tidy } from './scope';
import { state } from './state';
import { isTensor, type Tensor } from './tensor';

/** One node of a traced computation graph (JSON-serialisable, for the lecture's graph widget). */
export interface TracedNode {
  /** Unique, in forward (topological) order. */
  id: number;
  /** 'input' | 'parameter' | 'constant' for leaves, else the op name ('matmul', 'add', 'tanh', …). */
  op: string;
  /** The tensor's `name`, when it has one (e.g. 'W1'). */
  label?: string;
  inputs: number[];
  shape: number[];
  dtype: DType;
  /** Forward value, flat row-major, when the tensor is small enough (see `maxValues`). */
  value?: number[];
  /** ∂output/∂node after backward, flat row-major, when requested and the node is on a gradient path. */
  grad?: number[];
  /** The composite op this primitive belongs to (e.g. 'softmax'), innermost last, joined by '/'. */
  group?: string;
}

export interface TracedGraph {
  nodes: TracedNode[];
  outputs: number[];
  /** Node ids in the order their VJPs are applied by backward (present when `backward` was requested). */
  backwardOrder?: number[];
}

export interface TraceOptions {
  /** Also run backward from the (scalar) output and record every node's gradient. */
  backward?: boolean;
  /** Values of tensors with more elements than this are left out (default 256). */
  maxValues?: number;
}

/**
 * Runs `fn` and returns the graph of every op it performed: nodes with op, inputs, shapes, forward values
 * and — with `backward: true` — gradients. Tensors `fn` creates are disposed afterwards; the graph is plain
 * data. Give leaves a `name` to see it as the node's label.
 */
export function traceGraph(fn: () => Tensor | readonly Tensor[], options: TraceOptions = {}): TracedGraph {
  if (state.observer !== null) fail('traceGraph(fn)', 'a trace is already running; traces do not nest');
  const maxValues = options.maxValues ?? 256;
  const ids = new Map<Tensor, number>();
  const nodes: TracedNode[] = [];
  const readValues = (t: Tensor): number[] | undefined =>
    t.size <= maxValues && t.backend.canReadSync ? Array.from(t.backend.readSync(t)) : undefined;

  const nodeFor = (t: Tensor): number => {
    const known = ids.get(t);
    if (known !== undefined) return known;
    const id = nodes.length;
    const op = t.requiresGrad ? 'parameter' : t.ndim === 0 && t.name === undefined ? 'constant' : 'input';
    nodes.push({
      id,
      op,
      label: t.name,
      inputs: [],
      shape: [...t.shape],
      dtype: t.dtype,
      value: readValues(t),
    });
    ids.set(t, id);
    return id;
  };

  return tidy(() => {
    let result: Tensor | readonly Tensor[];
    state.observer = {
      onOp(op, inputs, output) {
        const inputIds = inputs.map(nodeFor);
        const id = nodes.length;
        const group = state.groups.length > 0 ? state.groups.join('/') : undefined;
        nodes.push({
          id,
          op,
          label: output.name,
          inputs: inputIds,
          shape: [...output.shape],
          dtype: output.dtype,
          value: readValues(output),
          group,
        });
        ids.set(output, id);
      },
    };
    try {
      result = fn();
    } finally {
      state.observer = null;
    }
    const outputs = (isTensor(result) ? [result] : [...result]).map(nodeFor);
    const graph: TracedGraph = { nodes, outputs };
    if (options.backward) {
      const root = isTensor(result) ? result : result[0];
      const order: number[] = [];
      const leafGrads = new Map<Tensor, Tensor[]>();
      for (const step of backwardSteps(root, undefined, { accumulate: false })) {
        const id = ids.get(step.output);
        if (id === undefined) continue;
        order.push(id);
        nodes[id].grad = readValues(step.upstream);
        for (const { input, grad } of step.inputGrads) {
          if (grad !== null && input.node === null)
            leafGrads.set(input, [...(leafGrads.get(input) ?? []), grad]);
        }
      }
      for (const [leaf, parts] of leafGrads) {
        const id = ids.get(leaf);
        if (id === undefined) continue;
        const total = parts.reduce((a, b) => a.add(b));
        nodes[id].grad = readValues(total.reshape(leaf.shape));
      }
      graph.backwardOrder = order;
    }
    return graph;
  });
}
