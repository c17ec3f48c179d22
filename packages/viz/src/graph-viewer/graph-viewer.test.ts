// Registers the element (the other imports from it are types only).
import './graph-viewer';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { neuronGraph, softmaxGraph } from '../fixtures/graphs';
import {
  $,
  $$,
  alertText,
  expectAccessible,
  mount,
  removeMounted,
  screenshot,
  update,
} from '../test-support/harness';
import type { GraphViewer } from './graph-viewer';
import { gradientsKnown, layoutGraph, type TracedGraph } from './traced-graph';

afterEach(removeMounted);

/** Evaluates a fixture graph from its leaves, optionally replacing one node's value; returns every value. */
function evaluate(graph: TracedGraph, override?: { id: number; value: number[] }): Map<number, number[]> {
  const values = new Map<number, number[]>();
  const zip = (a: number[], b: number[], f: (x: number, y: number) => number) =>
    Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      f(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]),
    );
  for (const n of graph.nodes) {
    const [a, b] = n.inputs.map((i) => values.get(i)!);
    const ops: Record<string, () => number[]> = {
      mul: () => zip(a, b, (x, y) => x * y),
      add: () => zip(a, b, (x, y) => x + y),
      sub: () => zip(a, b, (x, y) => x - y),
      div: () => zip(a, b, (x, y) => x / y),
      sum: () => [a.reduce((s, x) => s + x, 0)],
      tanh: () => a.map(Math.tanh),
      exp: () => a.map(Math.exp),
      log: () => a.map(Math.log),
      neg: () => a.map((x) => -x),
      square: () => a.map((x) => x * x),
    };
    const value = override?.id === n.id ? override.value : n.inputs.length ? ops[n.op]() : n.value!;
    values.set(n.id, value);
  }
  return values;
}

function checkFixture(graph: TracedGraph): void {
  const forward = evaluate(graph);
  for (const n of graph.nodes)
    expect(n.value, `value of #${n.id}`).toEqual(forward.get(n.id)!.map((v) => expect.closeTo(v, 12)));
  const out = graph.outputs[0];
  for (const n of graph.nodes) {
    if (!n.grad) continue;
    // Central differences of the output with respect to this node's value, entry by entry.
    const numeric = n.value!.map((_, k) => {
      const h = 1e-6;
      const bump = (d: number) =>
        evaluate(graph, { id: n.id, value: n.value!.map((v, j) => (j === k ? v + d : v)) }).get(out)![0];
      return (bump(h) - bump(-h)) / (2 * h);
    });
    numeric.forEach((g, k) => {
      expect(n.grad![k], `grad of #${n.id}[${k}]`).toBeCloseTo(g, 6);
    });
  }
}

describe('fixture graphs', () => {
  it('have correct forward values and gradients (re-derived by finite differences)', () => {
    checkFixture(neuronGraph);
    checkFixture(softmaxGraph);
  });
  it('give p − onehot as the softmax cross-entropy gradient', () => {
    const p = softmaxGraph.nodes[3].value!;
    expect(softmaxGraph.nodes[0].grad).toEqual([p[0], p[1] - 1, p[2]].map((v) => expect.closeTo(v, 12)));
  });
});

describe('layoutGraph and gradientsKnown', () => {
  it('layers by longest path and puts leaves next to their consumer', () => {
    const { layer, layers } = layoutGraph(neuronGraph);
    expect(layers).toBe(7);
    expect([0, 1, 3, 4, 5, 6, 8, 9].map((id) => layer.get(id))).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);
    expect(layer.get(2)).toBe(2); // b feeds add (layer 3)
    expect(layer.get(7)).toBe(4); // t feeds sub (layer 5)
  });
  it('knows a gradient only once every consumer on the backward path has been applied', () => {
    expect(gradientsKnown(softmaxGraph, 0).size).toBe(0);
    expect([...gradientsKnown(softmaxGraph, 1)].sort()).toEqual([7, 8]);
    // exp (#1) feeds both div (#3) and sum (#2): complete only after both VJPs.
    expect(gradientsKnown(softmaxGraph, 5).has(1)).toBe(false);
    expect(gradientsKnown(softmaxGraph, 6).has(1)).toBe(true);
    expect(gradientsKnown(softmaxGraph, 7).has(0)).toBe(true);
  });
});

describe('<pl-graph-viewer>', () => {
  it('draws every node with op and shape, and a table of the graph', async () => {
    const el = await mount<GraphViewer>('pl-graph-viewer', { graph: neuronGraph });
    expect($$(el, 'g.node')).toHaveLength(10);
    expect($$(el, 'path.edge')).toHaveLength(9);
    expect($$(el, 'g.node .op')[6].textContent).toBe('tanh y');
    expect($(el, '.status').textContent).toContain('Ready: 10 nodes, 6 backward steps');
    expect($$(el, 'tbody tr')).toHaveLength(10);
    await expectAccessible(el);
  });

  it('steps forward through values, then backward through VJPs, by buttons and keys', async () => {
    const el = await mount<GraphViewer>('pl-graph-viewer', { graph: neuronGraph });
    const steps: unknown[] = [];
    el.addEventListener('pl-step-change', (e) => steps.push((e as CustomEvent).detail));
    const [start, back, forward, end] = $$<HTMLButtonElement>(el, '.controls button');
    expect(start.disabled && back.disabled).toBe(true);
    for (let i = 0; i < 7; i++) await userEvent.click(forward);
    await el.updateComplete;
    expect($(el, '.status').textContent).toBe('Forward 7/10: tanh y (#6) from #5 = 0.0997.');
    expect(steps.at(-1)).toEqual({ step: 7, phase: 'forward', node: 6 });
    const plot = $(el, '.scroll');
    plot.focus();
    await userEvent.keyboard('{End}');
    await el.updateComplete;
    expect(end.disabled).toBe(true);
    expect(el.step).toBe(16);
    expect($(el, '.status').textContent).toBe(
      'Backward 6/6: applying the VJP of mul (#3) with gradient [-0.793, -0.793], passing gradients to #1, #0.',
    );
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}');
    await el.updateComplete;
    expect($(el, '.status').textContent).toContain('Backward 3/6: applying the VJP of tanh y (#6)');
    // After tanh's VJP, add (#5) has its gradient; mul (#3) does not yet.
    const gradText = (id: number) => $$(el, 'g.node')[id].querySelector('.grad')?.textContent ?? null;
    expect(gradText(5)).toBe('∂ -0.79');
    expect(gradText(3)).toBeNull();
    expect($$(el, 'path.edge.back')).toHaveLength(1);
    await screenshot(el, 'graph-viewer-backward-3');
    await userEvent.click(start);
    await el.updateComplete;
    expect(el.step).toBe(0);
    await expectAccessible(el);
  });

  it('groups composite ops', async () => {
    const el = await mount<GraphViewer>('pl-graph-viewer', { graph: softmaxGraph, step: 16 });
    expect($$(el, 'text.group-label').map((t) => t.textContent)).toEqual(['softmax']);
    expect($(el, '.detail').textContent).toContain('exp (#1) in softmax');
  });

  it('explains bad input in place', async () => {
    const el = await mount<GraphViewer>('pl-graph-viewer', { graph: { nodes: [], outputs: [] } });
    expect(alertText(el)).toContain(
      'pl-graph-viewer(graph.nodes): expected a non-empty array, got an empty array',
    );
    const node = { id: 0, op: 'input', inputs: [], shape: [2], dtype: 'float32' as const };
    await update(el, { graph: { nodes: [{ ...node, inputs: [3] }], outputs: [0] } });
    expect(alertText(el)).toContain(
      'graph.nodes[0].inputs): expected ids of earlier nodes (forward order), got 3',
    );
    await update(el, { graph: { nodes: [{ ...node, value: [1] }], outputs: [0] } });
    expect(alertText(el)).toContain('graph.nodes[0].value): expected 2 entries for shape [2], got 1');
    await update(el, { graph: { nodes: [{ ...node, grad: [1, Number.NaN] }], outputs: [0] } });
    expect(alertText(el)).toContain('graph.nodes[0].grad[1]): expected a number, got NaN');
    await update(el, { graph: { nodes: [node], outputs: [4] } });
    expect(alertText(el)).toContain('graph.outputs[0]): expected a node id, got 4');
    await expectAccessible(el);
  });
});
