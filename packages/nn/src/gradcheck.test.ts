import { Generator, randn, type Tensor, tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { gradcheckModule } from './gradcheck';
import { ELU, GELU, LeakyReLU, ReLU, Sigmoid, SiLU, Softmax, Tanh } from './layers/activations';
import { MultiheadAttention } from './layers/attention';
import { Flatten } from './layers/basic';
import { Conv1d, Conv2d } from './layers/conv';
import { Embedding } from './layers/embedding';
import { Linear } from './layers/linear';
import { BatchNorm1d, BatchNorm2d, LayerNorm } from './layers/norm';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './layers/pool';
import { GRU, LSTM, RNN } from './layers/recurrent';
import { TransformerEncoderLayer } from './layers/transformer';
import { Module } from './module';
import { Residual, Sequential } from './sequential';

const g = () => new Generator(11);
const x = (shape: number[], seed = 1) => randn(shape, { generator: new Generator(seed) });

/** Takes the first element of a recurrent layer's [output, state] result. */
class First extends Module {
  constructor(readonly inner: Module<any, any> & { call(t: Tensor): [Tensor, unknown] }) {
    super();
    this.registerModule('inner', inner);
  }
  forward(t: Tensor): Tensor {
    return this.inner.call(t)[0];
  }
}

describe('gradcheckModule: every layer’s input and parameter gradients match finite differences', () => {
  const cases: [string, Module<any, Tensor>, Tensor[]][] = [
    ['Linear', new Linear(3, 2, { generator: g() }), [x([2, 3])]],
    [
      'Sequential MLP',
      new Sequential(new Linear(2, 3, { generator: g() }), new Tanh(), new Linear(3, 1, { generator: g() })),
      [x([4, 2])],
    ],
    ['Residual', new Residual(new Sequential(new Linear(3, 3, { generator: g() }), new SiLU())), [x([2, 3])]],
    [
      'activations',
      new Sequential(new LeakyReLU(0.1), new ELU(), new GELU(), new Sigmoid(), new ReLU(), new Softmax()),
      [x([2, 4])],
    ],
    [
      'Conv2d (stride, padding, dilation)',
      new Conv2d(2, 2, 3, { stride: 2, padding: 2, dilation: 2, generator: g() }),
      [x([1, 2, 5, 5])],
    ],
    ['Conv2d (groups)', new Conv2d(4, 2, 2, { groups: 2, generator: g() }), [x([1, 4, 3, 3])]],
    ['Conv1d', new Conv1d(2, 3, 2, { generator: g() }), [x([2, 2, 4])]],
    [
      'pooling + Flatten',
      new Sequential(new MaxPool2d(2), new AvgPool2d(1), new AdaptiveAvgPool2d([1, 2]), new Flatten()),
      [x([1, 2, 4, 5])],
    ],
    ['BatchNorm1d', new BatchNorm1d(3), [x([4, 3])]],
    ['BatchNorm2d', new BatchNorm2d(2), [x([2, 2, 2, 2])]],
    ['LayerNorm', new LayerNorm([2, 3]), [x([2, 2, 3])]],
    ['RNN', new First(new RNN(2, 3, { generator: g() })), [x([3, 2, 2])]],
    ['LSTM', new First(new LSTM(2, 2, { generator: g() })), [x([3, 1, 2])]],
    ['GRU', new First(new GRU(2, 2, { generator: g() })), [x([3, 1, 2])]],
    ['MultiheadAttention', new First(new MultiheadAttention(4, 2, { generator: g() })), [x([3, 1, 4])]],
    [
      'TransformerEncoderLayer',
      new TransformerEncoderLayer(4, 2, { dimFeedforward: 4, batchFirst: true }).eval(),
      [x([1, 3, 4])],
    ],
    [
      'Embedding',
      new Embedding(5, 3, { generator: g() }),
      [
        tensor(
          [
            [1, 4],
            [0, 1],
          ],
          { dtype: 'int32' },
        ),
      ],
    ],
  ];
  for (const [name, module, inputs] of cases) {
    it(name, () => {
      const reports = gradcheckModule(module, inputs, { maxElements: 32, directions: 3 });
      expect(Object.values(reports).every((r) => r.ok)).toBe(true);
      expect(Object.keys(reports).length).toBeGreaterThan(0);
    });
  }

  it('reports a wrong gradient', () => {
    class Wrong extends Module {
      readonly w = this.registerParameter('w', tensor([1.5]));
      forward(t: Tensor): Tensor {
        // Detaching half of the product hides part of the gradient from autograd.
        return t.mul(this.w).mul(this.w.detach());
      }
    }
    expect(() => gradcheckModule(new Wrong(), [tensor([2])])).toThrow(
      /gradcheck\(f, inputs\): gradient of input 0/,
    );
  });
});
