import { fail, InputError } from '../shared/validate';

/** One node of a traced computation graph, as `traceGraph` in @plasticity/core produces it. */
export interface TracedNode {
  /** Unique; nodes are listed in forward (topological) order. */
  id: number;
  /** `'input'`, `'parameter'`, `'constant'` or an op name such as `'matmul'`, `'tanh'`. */
  op: string;
  /** A user-given name, e.g. `'W1'`. */
  label?: string;
  /** Ids of the nodes this one consumes. */
  inputs: number[];
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  /** Flat forward value (row-major), present when small. */
  value?: number[];
  /** Flat gradient after backward, when requested and defined. */
  grad?: number[];
  /** The composite op this primitive belongs to, e.g. `'softmax'`. */
  group?: string;
}

/** A traced computation graph (JSON-serialisable). */
export interface TracedGraph {
  nodes: TracedNode[];
  /** Ids of the traced function's outputs. */
  outputs: number[];
  /** Node ids in the order their gradient rules (VJPs) are applied. */
  backwardOrder?: number[];
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Throws an InputError naming the first inconsistency (unknown ids, cycles, wrong value lengths, NaN). */
export function checkGraph(graph: unknown, where = 'graph'): asserts graph is TracedGraph {
  if (typeof graph !== 'object' || graph === null) fail(where, 'a traced graph { nodes, outputs }', graph);
  const g = graph as TracedGraph;
  if (!Array.isArray(g.nodes) || g.nodes.length === 0) fail(`${where}.nodes`, 'a non-empty array', g.nodes);
  const seen = new Set<number>();
  g.nodes.forEach((n, i) => {
    const at = `${where}.nodes[${i}]`;
    if (typeof n !== 'object' || n === null) fail(at, 'a node object', n);
    if (!Number.isInteger(n.id)) fail(`${at}.id`, 'an integer id', n.id);
    if (seen.has(n.id)) throw new InputError(`${at}.id`, `expected a unique id, got ${n.id} twice`);
    if (typeof n.op !== 'string' || !n.op) fail(`${at}.op`, 'an op name', n.op);
    if (!Array.isArray(n.inputs)) fail(`${at}.inputs`, 'an array of node ids', n.inputs);
    for (const input of n.inputs) {
      if (!seen.has(input)) {
        throw new InputError(`${at}.inputs`, `expected ids of earlier nodes (forward order), got ${input}`);
      }
    }
    if (!Array.isArray(n.shape) || n.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      fail(`${at}.shape`, 'an array of non-negative integers', n.shape);
    }
    for (const key of ['value', 'grad'] as const) {
      const v = n[key];
      if (v === undefined) continue;
      if (!Array.isArray(v)) fail(`${at}.${key}`, 'an array of numbers', v);
      if (v.length !== size(n.shape)) {
        throw new InputError(
          `${at}.${key}`,
          `expected ${size(n.shape)} entries for shape [${n.shape.join(', ')}], got ${v.length}`,
        );
      }
      v.forEach((x, j) => {
        if (typeof x !== 'number' || Number.isNaN(x)) fail(`${at}.${key}[${j}]`, 'a number', x);
      });
    }
    seen.add(n.id);
  });
  if (!Array.isArray(g.outputs) || g.outputs.length === 0)
    fail(`${where}.outputs`, 'a non-empty array of node ids', g.outputs);
  g.outputs.forEach((id, i) => {
    if (!seen.has(id)) throw new InputError(`${where}.outputs[${i}]`, `expected a node id, got ${id}`);
  });
  if (g.backwardOrder !== undefined) {
    if (!Array.isArray(g.backwardOrder))
      fail(`${where}.backwardOrder`, 'an array of node ids', g.backwardOrder);
    g.backwardOrder.forEach((id, i) => {
      if (!seen.has(id))
        throw new InputError(`${where}.backwardOrder[${i}]`, `expected a node id, got ${id}`);
    });
  }
}

/** Position of each node: its layer (column) and row within the layer. */
export interface GraphLayout {
  layer: Map<number, number>;
  row: Map<number, number>;
  layers: number;
  maxRows: number;
}

/**
 * Layers by longest path from the leaves; leaves then move right to just before their first
 * consumer (so a parameter sits next to the op using it), and rows are ordered by the mean row of
 * each node's inputs (one barycentre sweep), which removes most crossings in small graphs.
 */
export function layoutGraph(graph: TracedGraph): GraphLayout {
  const layer = new Map<number, number>();
  for (const n of graph.nodes)
    layer.set(n.id, n.inputs.length ? 1 + Math.max(...n.inputs.map((i) => layer.get(i)!)) : 0);
  const consumers = new Map<number, number[]>();
  for (const n of graph.nodes)
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.id]);
  for (const n of graph.nodes) {
    const users = consumers.get(n.id);
    if (!n.inputs.length && users) layer.set(n.id, Math.min(...users.map((u) => layer.get(u)!)) - 1);
  }
  const layers = Math.max(...layer.values()) + 1;
  const columns: number[][] = Array.from({ length: layers }, () => []);
  for (const n of graph.nodes) columns[layer.get(n.id)!].push(n.id);
  const row = new Map<number, number>();
  const inputsOf = new Map(graph.nodes.map((n) => [n.id, n.inputs]));
  columns.forEach((col) => {
    const key = (id: number) => {
      const ins = inputsOf.get(id)!.filter((i) => row.has(i));
      const users = consumers.get(id) ?? [];
      // Leaves have no placed inputs: order them by their consumers' inputs instead.
      const refs = ins.length ? ins : users.flatMap((u) => inputsOf.get(u)!.filter((i) => row.has(i)));
      return refs.length ? refs.reduce((a, i) => a + row.get(i)!, 0) / refs.length : id * 1e-6;
    };
    const keys = new Map(col.map((id) => [id, key(id)]));
    col.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    col.forEach((id, r) => {
      row.set(id, r);
    });
  });
  return { layer, row, layers, maxRows: Math.max(...columns.map((c) => c.length)) };
}

/**
 * Which nodes have their complete gradient after the first `applied` VJPs of `backwardOrder`:
 * the outputs (seeded with 1) and every node all of whose backward-path consumers have been applied.
 */
export function gradientsKnown(graph: TracedGraph, applied: number): Set<number> {
  const order = graph.backwardOrder ?? [];
  const done = new Set(order.slice(0, applied));
  const onPath = new Set(order);
  const known = new Set<number>(applied > 0 ? graph.outputs : []);
  const users = new Map<number, number[]>();
  for (const n of graph.nodes)
    for (const i of n.inputs) if (onPath.has(n.id)) users.set(i, [...(users.get(i) ?? []), n.id]);
  for (const n of graph.nodes) {
    const u = users.get(n.id);
    if (u?.length && u.every((id) => done.has(id))) known.add(n.id);
  }
  return known;
}
