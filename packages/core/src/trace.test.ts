import { describe, expect, it } from 'vitest';
import { memory } from './memory';
import { tensor } from './ops/creation';
import { traceGraph } from './trace';

describe('traceGraph', () => {
  it('records every op with inputs, shapes, values and — after backward — gradients', () => {
    const w = tensor([[0.5], [-1]]).requiresGrad_();
    w.name = 'w';
    const x = tensor([[1, 2]]);
    x.name = 'x';
    // A first trace makes the shared scalar constants (the 1 in tanh's gradient); after it, tracing
    // leaves no tensor behind.
    traceGraph(() => x.matmul(w).tanh().sum(), { backward: true });
    const before = memory().tensors;
    const graph = traceGraph(() => x.matmul(w).tanh().sum(), { backward: true });
    expect(memory().tensors).toBe(before);
    const ops = graph.nodes.map((n) => n.op);
    expect(ops).toEqual(['input', 'parameter', 'matmul', 'tanh', 'sum']);
    const [xn, wn, mm, th, total] = graph.nodes;
    expect(xn.label).toBe('x');
    expect(mm.inputs).toEqual([xn.id, wn.id]);
    expect(mm.value).toEqual([-1.5]);
    expect(th.value![0]).toBeCloseTo(Math.tanh(-1.5), 6);
    expect(graph.outputs).toEqual([total.id]);
    expect(graph.backwardOrder).toEqual([total.id, th.id, mm.id]);
    const dtanh = 1 - Math.tanh(-1.5) ** 2;
    expect(mm.grad![0]).toBeCloseTo(dtanh, 6);
    expect(wn.grad![0]).toBeCloseTo(dtanh * 1, 6);
    expect(wn.grad![1]).toBeCloseTo(dtanh * 2, 6);
    expect(w.grad).toBeNull();
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('groups the primitives of a decomposed composite under its name', () => {
    const x = tensor([[1, 2, 3]]);
    const graph = traceGraph(() => x.logsumexp(1));
    expect(graph.nodes.filter((n) => n.group === 'logsumexp').length).toBeGreaterThan(3);
  });
});
