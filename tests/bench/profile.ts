import { noGrad, tensor, tidy } from '@plasticity/core';
import { buildOurs, type MlpSpec, MNIST_MLP, makeData, TINY_MLP } from './cases/mlp';
import { collectGarbage } from './timing';

// Where does one of our training steps spend its time? Splits the bench's MLP step into phases
// (forward, backward, SGD update, reading the loss, closing the tidy scope) and counts the tensors a
// step creates. Our side only; run with:
//   npx tsx --conditions=@plasticity/source tests/bench/profile.ts [steps]
// For a function-level view, the same file runs under `node --cpu-prof --import tsx --conditions=@plasticity/source`.

const PHASES = ['forward', 'backward', 'update', 'item', 'tidy close'] as const;

/** Live tensors are numbered in creation order, so the id of a fresh tensor counts what was made since. */
function nextTensorId(): number {
  const t = tensor(0);
  t.dispose();
  return t.id;
}

function profile(spec: MlpSpec, steps: number): void {
  const ours = buildOurs(spec, makeData(spec));
  const totals = new Map<string, number>(PHASES.map((p) => [p, 0]));
  const add = (phase: string, ms: number) => totals.set(phase, (totals.get(phase) ?? 0) + ms);
  collectGarbage();
  let idBefore = 0;
  for (let i = 0; i < 2 * steps; i++) {
    const timed = i >= steps; // the first half only warms up
    if (i === steps) idBefore = nextTensorId();
    const t0 = performance.now();
    let t1 = t0;
    let t2 = t0;
    let t3 = t0;
    let t4 = t0;
    tidy(() => {
      const loss = ours.forwardLoss();
      t1 = performance.now();
      loss.backward();
      t2 = performance.now();
      for (const p of ours.params) {
        noGrad(() => p.sub_(p.grad!, spec.lr));
        p.zeroGrad();
      }
      t3 = performance.now();
      const value = loss.item();
      t4 = performance.now();
      return value;
    });
    const t5 = performance.now();
    if (timed) {
      add('forward', t1 - t0);
      add('backward', t2 - t1);
      add('update', t3 - t2);
      add('item', t4 - t3);
      add('tidy close', t5 - t4);
    }
  }
  // Ids strictly between the two probes belong to tensors the timed steps created.
  const perStep = (nextTensorId() - idBefore - 1) / steps;
  ours.dispose();
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  const unit = total / steps < 1 ? 'µs' : 'ms';
  const scale = unit === 'µs' ? 1000 : 1;
  console.log(
    `\n${spec.name}: ${((total / steps) * scale).toFixed(2)} ${unit} per step, ${perStep.toFixed(1)} tensors created per step`,
  );
  for (const [phase, ms] of totals) {
    console.log(
      `  ${phase.padEnd(11)} ${((ms / steps) * scale).toFixed(2).padStart(9)} ${unit}  ${((100 * ms) / total).toFixed(1).padStart(5)}%`,
    );
  }
}

const steps = Number(process.argv[2] ?? 5000);
if (!Number.isInteger(steps) || steps < 1)
  throw new Error(`profile: steps must be a positive integer, got ${process.argv[2]}`);
profile(TINY_MLP, steps);
profile(MNIST_MLP, Math.max(1, Math.round(steps / 100)));
