// @plasticity/nn end to end on the CPU and on WebGPU (Dawn via the `webgpu` package, on SwiftShader when no
// GPU is present): seeded models learn XOR, the spiral, the shipped 8×8 digits and a sequence task, and one
// training step gives the same loss and parameters on both backends. Without an adapter this fails and says
// what to install; it never skips.
import {
  type Backend,
  Generator,
  initBackend,
  manualSeed,
  rand,
  randint,
  randn,
  type Tensor,
  tensor,
} from '@plasticity/core';
import { loadDigits, spiral, trainTestSplit } from '@plasticity/data';
import {
  Adam,
  accuracy,
  type Batch,
  BatchNorm2d,
  bceWithLogitsLoss,
  Conv2d,
  CosineAnnealingLR,
  crossEntropyLoss,
  evaluate,
  Flatten,
  fit,
  Linear,
  LSTM,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  SGD,
  Tanh,
} from '@plasticity/nn';
import { createWebGPUBackend, type WebGPUBackend } from '@plasticity/webgpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.VK_ICD_FILENAMES ??= ICD;
Object.assign(globalThis, globals);
// Dawn crashes if its GPU object is garbage-collected while devices live: keep it referenced here.
const gpu = create([]);

async function makeWebGPU(): Promise<WebGPUBackend> {
  try {
    return await createWebGPUBackend({ gpu, name: 'webgpu-nn' });
  } catch (error) {
    throw new Error(
      `no WebGPU adapter in Node: install Vulkan and SwiftShader (apt-get install -y chromium libvulkan1) and set ` +
        `VK_ICD_FILENAMES=${ICD}. Cause: ${(error as Error).message}`,
    );
  }
}

let webgpu: WebGPUBackend | undefined;
let cpu: Backend;
const backends: Record<'cpu' | 'webgpu', () => Backend> = {
  cpu: () => cpu,
  webgpu: () => {
    if (webgpu === undefined) throw new Error('the WebGPU backend was not created (see the beforeAll error)');
    return webgpu;
  },
};

beforeAll(async () => {
  cpu = await initBackend('cpu');
  webgpu = await makeWebGPU();
}, 30_000);

afterAll(() => {
  webgpu?.destroy();
});

/** The model's accuracy on (x, y), computed on the model's backend with one read. */
async function accuracyOf(model: Module, x: Tensor, y: Tensor): Promise<number> {
  const { metrics } = await evaluate(model, [[x, y]], (o, t) => crossEntropyLoss(o, t), { accuracy });
  return metrics.accuracy;
}

function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  return run().then((value) => {
    console.info(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  });
}

for (const which of ['cpu', 'webgpu'] as const) {
  describe(`nn end to end on ${which}`, () => {
    it('an MLP learns XOR (4/4, seeded)', async () => {
      const backend = backends[which]();
      manualSeed(1);
      const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1)).to(backend);
      const x = tensor(
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        { backend },
      );
      const y = tensor([[0], [1], [1], [0]], { backend });
      const history = await timed(`XOR MLP on ${which}, 300 epochs`, () =>
        fit(model, {
          data: [[x, y]],
          loss: (o, t) => bceWithLogitsLoss(o, t),
          optimizer: new Adam(model.parameters(), { lr: 0.05 }),
          epochs: 300,
          metrics: { accuracy },
        }),
      );
      expect(history.metrics.accuracy.at(-1)).toBe(1);
      expect(history.loss.at(-1)!).toBeLessThan(0.05);
      // The trained weights come back to the CPU and classify the same.
      await model.toAsync('cpu');
      const onCpu = tensor(await x.data(), { shape: [4, 2] });
      expect(model.call(onCpu).gt(0).int().reshape([4]).toArraySync()).toEqual([0, 1, 1, 0]);
      model.dispose();
    });

    it('an MLP learns the two-arm spiral to ≥ 99% train accuracy (seeded)', async () => {
      const backend = backends[which]();
      manualSeed(2);
      const points = spiral({ n: 200, noise: 0, seed: 3 });
      const xs: number[][] = [];
      const ys: number[] = [];
      for (let i = 0; i < points.length; i++) {
        const r = points.get(i);
        xs.push([r.x[0] / 5, r.x[1] / 5]);
        ys.push(r.y as number);
      }
      const x = tensor(xs, { backend });
      const y = tensor(ys, { dtype: 'int32', backend });
      const model = new Sequential(
        new Linear(2, 32),
        new Tanh(),
        new Linear(32, 32),
        new Tanh(),
        new Linear(32, 2),
      ).to(backend);
      await timed(`spiral MLP on ${which}, 200 full-batch epochs`, () =>
        fit(model, {
          data: [[x, y]],
          loss: (o, t) => crossEntropyLoss(o, t),
          optimizer: new Adam(model.parameters(), { lr: 0.05 }),
          epochs: 200,
        }),
      );
      const acc = await accuracyOf(model, x, y);
      console.info(`spiral train accuracy on ${which}: ${(acc * 100).toFixed(1)}% of ${xs.length}`);
      expect(acc).toBeGreaterThanOrEqual(0.99);
      model.dispose();
    });

    it('a small CNN reaches ≥ 95% test accuracy on the shipped 8×8 digits (seeded split)', async () => {
      const backend = backends[which]();
      manualSeed(0);
      const digits = loadDigits();
      const split = trainTestSplit(digits.dataset, { testSize: 0.2, stratify: true, seed: 1 });
      // Pixels 0–16, standardised to about zero mean and unit spread.
      const images = (idx: readonly number[]) =>
        tensor(
          idx.map((i) => digits.x[i].map((p) => (p / 16 - 0.3) / 0.4)),
          { shape: [idx.length, 1, 8, 8], backend },
        );
      const labels = (idx: readonly number[]) =>
        tensor(
          idx.map((i) => digits.y[i]),
          { dtype: 'int32', backend },
        );
      const order = new Generator(2);
      // A fresh shuffle every epoch, made lazily: fit frees each batch after its step.
      function* epochBatches(): IterableIterator<Batch> {
        const idx = order.shuffle([...split.trainIndices]);
        for (let i = 0; i < idx.length; i += 128) {
          const part = idx.slice(i, i + 128);
          yield [images(part), labels(part)];
        }
      }
      // One convolution: SwiftShader runs convolutions slowly, and this reaches 97% on the CPU.
      const model = new Sequential(
        new Conv2d(1, 8, 3, { padding: 1 }),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(128, 10),
      ).to(backend);
      const epochs = 15;
      const optimizer = new Adam(model.parameters(), { lr: 0.02 });
      const schedule = new CosineAnnealingLR(optimizer, epochs);
      await timed(`digits CNN on ${which}, ${epochs} epochs over ${split.trainIndices.length} images`, () =>
        fit(model, {
          data: epochBatches,
          loss: (o, t) => crossEntropyLoss(o, t),
          optimizer,
          epochs,
          onEpochEnd: () => schedule.step(),
        }),
      );
      const acc = await accuracyOf(model, images(split.testIndices), labels(split.testIndices));
      console.info(
        `digits CNN test accuracy on ${which}: ${(acc * 100).toFixed(1)}% of ${split.testIndices.length}`,
      );
      expect(acc).toBeGreaterThanOrEqual(0.95);
      model.dispose();
    });

    it('an LSTM learns to echo its input two steps late (≥ 99% of fresh bits, seeded)', async () => {
      const backend = backends[which]();
      manualSeed(5);
      const model = new EchoNet().to(backend);
      const bits = new Generator(6);
      const steps = 8;
      const sequences = (count: number): Batch => {
        const xs: number[] = [];
        for (let i = 0; i < count * steps; i++) xs.push(bits.uniform() < 0.5 ? 0 : 1);
        const ys: number[] = [];
        for (let b = 0; b < count; b++) for (let t = 2; t < steps; t++) ys.push(xs[b * steps + t - 2]);
        return [
          tensor(xs, { shape: [count, steps, 1], backend }),
          tensor(ys, { shape: [count, steps - 2], backend }),
        ];
      };
      function* stream(): IterableIterator<Batch> {
        for (let i = 0; i < 10; i++) yield sequences(32);
      }
      // A metric returning a tensor: computed on the device and read together with the loss.
      const bitAccuracy = (o: Tensor, t: Tensor) => o.gt(0).float().eq(t).float().mean();
      const epochs = 8;
      await timed(`LSTM echo on ${which}, ${epochs} epochs of 10 batches`, () =>
        fit(model, {
          data: stream,
          loss: (o, t) => bceWithLogitsLoss(o, t),
          optimizer: new Adam(model.parameters(), { lr: 0.05 }),
          epochs,
          metrics: { bitAccuracy },
        }),
      );
      const { metrics } = await evaluate(model, [sequences(256)], (o, t) => bceWithLogitsLoss(o, t), {
        bitAccuracy,
      });
      console.info(
        `LSTM echo accuracy on ${which}: ${(metrics.bitAccuracy * 100).toFixed(2)}% of fresh bits`,
      );
      expect(metrics.bitAccuracy).toBeGreaterThanOrEqual(0.99);
      model.dispose();
    });
  });
}

/** LSTM(1 → 16) and a linear read-out: one logit per step from the third on (the echo of step t − 2). */
class EchoNet extends Module {
  readonly lstm = this.registerModule('lstm', new LSTM(1, 16, { batchFirst: true }));
  readonly head = this.registerModule('head', new Linear(16, 1));

  forward(x: Tensor): Tensor {
    const [out] = this.lstm.call(x);
    const [batch, steps] = x.shape;
    return this.head.call(out.narrow(1, 2, steps - 2)).reshape([batch, steps - 2]);
  }
}

/** A seeded model, one batch and its loss, built the same way on any backend. */
interface StepCase {
  build: () => Module;
  batch: () => [Tensor, Tensor];
  loss: (output: Tensor, target: Tensor) => Tensor;
}

const stepCases: Record<string, StepCase> = {
  'MLP (Linear, Tanh, ReLU)': {
    build: () =>
      new Sequential(new Linear(3, 16), new Tanh(), new Linear(16, 16), new ReLU(), new Linear(16, 4)),
    batch: () => [
      randn([8, 3], { generator: new Generator(21) }),
      randint(0, 4, [8], { generator: new Generator(22) }),
    ],
    loss: (o, t) => crossEntropyLoss(o, t),
  },
  'CNN (Conv2d, BatchNorm2d, MaxPool2d, Linear)': {
    build: () =>
      new Sequential(
        new Conv2d(1, 4, 3, { padding: 1 }),
        new BatchNorm2d(4),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(64, 10),
      ),
    batch: () => [
      randn([6, 1, 8, 8], { generator: new Generator(23) }),
      randint(0, 10, [6], { generator: new Generator(24) }),
    ],
    loss: (o, t) => crossEntropyLoss(o, t, { labelSmoothing: 0.1 }),
  },
  'LSTM with a read-out': {
    build: () => new EchoNet(),
    batch: () => [
      randn([4, 8, 1], { generator: new Generator(25) }),
      rand([4, 6], { generator: new Generator(26) })
        .gt(0.5)
        .float(),
    ],
    loss: (o, t) => bceWithLogitsLoss(o, t),
  },
};

/** One SGD step from the same seed on `backend`: the loss and every parameter and buffer afterwards. */
async function oneStep(
  backend: Backend,
  c: StepCase,
): Promise<{ loss: number; state: Record<string, number[]> }> {
  manualSeed(20);
  const model = c.build().to(backend);
  expect(model.parameters().every((p) => p.backend === backend)).toBe(true);
  const [x0, y0] = c.batch();
  const x = tensor(x0.dataSync(), { shape: x0.shape, dtype: x0.dtype, backend });
  const y = tensor(y0.dataSync(), { shape: y0.shape, dtype: y0.dtype, backend });
  const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  optimizer.zeroGrad();
  const loss = c.loss(model.call(x), y);
  loss.backward();
  optimizer.step();
  const entries = Object.entries(model.stateDict());
  const values = await Promise.all([loss.data(), ...entries.map(([, t]) => t.data())]);
  const state = Object.fromEntries(entries.map(([k], i) => [k, Array.from(values[i + 1])]));
  model.dispose();
  return { loss: values[0][0], state };
}

describe('one training step on the CPU and on WebGPU', () => {
  for (const [name, c] of Object.entries(stepCases)) {
    it(`${name}: the same loss, parameters and buffers within 1e-4`, async () => {
      const onCpu = await oneStep(backends.cpu(), c);
      const onGpu = await oneStep(backends.webgpu(), c);
      expect(Math.abs(onGpu.loss - onCpu.loss)).toBeLessThanOrEqual(1e-4);
      expect(Object.keys(onGpu.state)).toEqual(Object.keys(onCpu.state));
      let worst = 0;
      for (const [key, want] of Object.entries(onCpu.state)) {
        const got = onGpu.state[key];
        expect(got).toHaveLength(want.length);
        want.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(got[i] - v));
        });
      }
      console.info(
        `${name}: loss ${onCpu.loss.toFixed(6)}, largest parameter difference ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThanOrEqual(1e-4);
    });
  }
});
