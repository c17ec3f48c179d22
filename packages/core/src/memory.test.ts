import { describe, expect, it } from 'vitest';
import { noGrad } from './autograd';
import { memory } from './memory';
import { randn, tensor, zeros } from './ops/creation';
import { manualSeed } from './random';
import { dispose, keep, scopeDepth, tidy } from './scope';
import type { Tensor } from './tensor';

describe('tidy, keep, dispose', () => {
  it('disposes what the scope created, except what it returns', () => {
    // Makes the shared constants 2 and 1 once.
    tidy(() => {
      tensor([0]).mul(2).add(1);
    });
    const before = memory().tensors;
    const kept = tidy(() => {
      const a = tensor([1, 2]);
      a.mul(2);
      return a.add(1);
    });
    expect(memory().tensors).toBe(before + 1);
    expect(kept.toArraySync()).toEqual([2, 3]);
    kept.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('keep() exempts a tensor from every enclosing scope', () => {
    let k: Tensor | undefined;
    tidy(() => {
      k = keep(tensor([1]));
    });
    expect(k!.disposed).toBe(false);
    k!.dispose();
  });

  it('returns nested structures of tensors intact', () => {
    const out = tidy(() => ({ a: tensor(1), list: [tensor(2)] }));
    expect(out.a.item() + out.list[0].item()).toBe(3);
    dispose(out);
    expect(out.a.disposed && out.list[0].disposed).toBe(true);
  });

  it('works across await: tensors created after an await belong to the scope (tfjs#4685)', async () => {
    const before = memory().tensors;
    const result = await tidy(async () => {
      const a = tensor([1, 2, 3]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const b = a.mul(2);
      await b.data();
      return b.sum();
    });
    expect(result.item()).toBe(12);
    expect(memory().tensors).toBe(before + 1);
    result.dispose();
    expect(scopeDepth()).toBe(0);
  });

  it('closes the scope when the function throws', () => {
    const before = memory().tensors;
    expect(() =>
      tidy(() => {
        tensor([1]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(memory().tensors).toBe(before);
    expect(scopeDepth()).toBe(0);
  });

  it('a disposed tensor says so when used', () => {
    const t = tidy(() => {
      const inner = tensor([1]);
      return () => inner;
    })();
    expect(() => t.add(1)).toThrow(/was disposed \(by dispose\(\) or by the tidy\(\) that created it\)/);
  });

  it('views share storage: the buffer is freed with the last view', () => {
    const before = memory().bytes;
    const a = zeros([4, 4]);
    const v = a.reshape([16]);
    a.dispose();
    expect(memory().bytes).toBe(before + 64);
    v.dispose();
    expect(memory().bytes).toBe(before);
  });

  it('supports `using` through Symbol.dispose', () => {
    const before = memory().tensors;
    {
      using t = tensor([1, 2]);
      expect(t.size).toBe(2);
    }
    expect(memory().tensors).toBe(before);
  });
});

describe('scalar constants', () => {
  it('structural constants (3.25 = 13/4) are made once and shared; other values stay owned by tidy', () => {
    const a = tensor([1, 2]);
    tidy(() => {
      a.mul(3.25);
    });
    const afterPinning = memory().tensors;
    tidy(() => {
      a.mul(3.25).add(3.25);
    });
    expect(memory().tensors).toBe(afterPinning);
    // Distinct values (like Adam's bias corrections) never accumulate.
    for (let step = 1; step < 50; step++) {
      tidy(() => {
        a.mul(1 - 0.9 ** step);
      });
    }
    expect(memory().tensors).toBe(afterPinning);
  });
});

describe('a long training run keeps memory flat', () => {
  it('10,000 steps of a 2-8-1 MLP: live tensors and bytes do not grow', () => {
    manualSeed(7);
    const x = randn([16, 2]);
    const y = randn([16, 1]);
    const params = [randn([2, 8]), zeros([8]), randn([8, 1]), zeros([1])].map((p) => p.requiresGrad_());
    const step = () =>
      tidy(() => {
        const h = x.matmul(params[0]).add(params[1]).tanh();
        const loss = h.matmul(params[2]).add(params[3]).sub(y).square().mean();
        loss.backward();
        noGrad(() => {
          for (const p of params) {
            p.sub_(p.grad!, 0.05);
            p.zeroGrad();
          }
        });
        return loss.item();
      });
    step();
    const start = memory();
    let first = 0;
    let last = 0;
    for (let i = 0; i < 10_000; i++) {
      last = step();
      if (i === 0) first = last;
      if (i === 5_000) expect(memory()).toEqual(start);
    }
    expect(memory()).toEqual(start);
    expect(last).toBeLessThan(first);
  });
});
