// The viewer must draw what core's traceGraph really produces, not only hand-made fixtures.
import './graph-viewer';
import { tensor, traceGraph } from '@plasticity/core';
import { afterEach, describe, expect, it } from 'vitest';
import { $, $$, expectAccessible, mount, removeMounted, screenshot } from '../test-support/harness';
import type { GraphViewer } from './graph-viewer';
import { gradientsKnown, type TracedGraph } from './traced-graph';

afterEach(removeMounted);

describe('<pl-graph-viewer> with a graph traced by @plasticity/core', () => {
  it('draws a real forward/backward trace of a neuron with a squared-error loss', async () => {
    const w = tensor([0.5, -0.25]).requiresGrad_();
    w.name = 'w';
    const b = tensor(0.1).requiresGrad_();
    b.name = 'b';
    const x = tensor([1, 2]);
    x.name = 'x';
    const traced = traceGraph(() => x.mul(w).sum().add(b).tanh().sub(0.5).square(), { backward: true });
    // The structural type viz accepts is the type core produces.
    const graph: TracedGraph = traced;
    const leaves = new Set(['input', 'parameter', 'constant']);
    const ops = graph.nodes.filter((n) => !leaves.has(n.op)).map((n) => n.op);
    expect(ops).toEqual(['mul', 'sum', 'add', 'tanh', 'sub', 'square']);
    // Once every VJP has been applied, every parameter's gradient is known.
    const known = gradientsKnown(graph, graph.backwardOrder!.length);
    for (const n of graph.nodes.filter((n) => n.op === 'parameter')) expect(known.has(n.id)).toBe(true);

    const el = await mount<GraphViewer>('pl-graph-viewer', { graph });
    expect($$(el, 'g.node')).toHaveLength(graph.nodes.length);
    expect($(el, '.status').textContent).toContain(
      `${graph.nodes.length} nodes, ${graph.backwardOrder!.length} backward steps`,
    );
    // The gradient of w in the table equals the one core computed: 2(tanh(z) − 0.5)(1 − tanh²z)·x.
    const z = 0.5 * 1 - 0.25 * 2 + 0.1;
    const dz = 2 * (Math.tanh(z) - 0.5) * (1 - Math.tanh(z) ** 2);
    const wNode = graph.nodes.find((n) => n.label === 'w')!;
    expect(wNode.grad![0]).toBeCloseTo(dz * 1, 5);
    expect(wNode.grad![1]).toBeCloseTo(dz * 2, 5);
    await expectAccessible(el);
    await screenshot(el, 'graph-viewer-core-trace');
  });
});
