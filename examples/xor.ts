/**
 * The main job until the lecture site exists: a 2-8-1 tanh network learns XOR with nothing but
 * @plasticity/core — tensors, autograd and an SGD update written out by hand — and prints the loss falling.
 */
import { manualSeed, memory, noGrad, randn, type Tensor, tensor, tidy, zeros } from '@plasticity/core';

manualSeed(42);
const inputs = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const targets = tensor([[0], [1], [1], [0]]);

// Xavier-style scaling keeps tanh in its steep region at the start; tidy() disposes the unscaled draws.
const [w1, b1, w2, b2] = tidy(() => [
  randn([2, 8])
    .mul(Math.sqrt(1 / 2))
    .requiresGrad_(),
  zeros([8]).requiresGrad_(),
  randn([8, 1])
    .mul(Math.sqrt(1 / 8))
    .requiresGrad_(),
  zeros([1]).requiresGrad_(),
]);
const parameters: Tensor[] = [w1, b1, w2, b2];
const learningRate = 0.5;

function forward(x: Tensor): Tensor {
  return x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
}

const started = performance.now();
for (let epoch = 0; epoch <= 2000; epoch++) {
  const loss = tidy(() => {
    const prediction = forward(inputs);
    const mse = prediction.sub(targets).square().mean();
    mse.backward();
    noGrad(() => {
      for (const p of parameters) {
        p.sub_(p.grad!, learningRate);
        p.zeroGrad();
      }
    });
    return mse.item();
  });
  if (epoch % 200 === 0) {
    const bar = '█'.repeat(Math.round(loss * 160));
    console.log(`epoch ${String(epoch).padStart(4)}  loss ${loss.toFixed(5)}  ${bar}`);
  }
}
const elapsed = performance.now() - started;

const predictions = tidy(() => forward(inputs).toArraySync() as number[][]);
console.log('\n x1 x2 | target | prediction');
[
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
].forEach(([a, b, t], i) => {
  console.log(`  ${a}  ${b} |   ${t}    | ${predictions[i][0].toFixed(3)}`);
});
const correct = predictions.filter((p, i) => Math.round(p[0]) === [0, 1, 1, 0][i]).length;
console.log(
  `\n${correct}/4 correct after 2000 epochs in ${elapsed.toFixed(0)} ms; live tensors: ${memory().tensors} ` +
    '(inputs, targets, 4 parameters and shared constants)',
);
if (correct !== 4) process.exitCode = 1;
