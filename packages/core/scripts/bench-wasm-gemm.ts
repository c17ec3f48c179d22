// Timing script (not a test): GFLOP/s of the WebAssembly SIMD gemm (including the copies into and out of
// wasm memory) against the JS kernel in src/cpu/matmul.ts, for square sizes and a few network-shaped
// products, and the size from which wasm wins. Run from the repo root:
//   npx tsx packages/core/scripts/bench-wasm-gemm.ts [--quick]
// The machine is shared, so each entry is the best of several timed trials.
import type { KernelView } from '../src/backend';
import { matmulCpu } from '../src/cpu/matmul';
import { wasmGemm, wasmGemmAvailable } from '../src/cpu/wasm/gemm';
import { Generator } from '../src/random';

const quick = process.argv.includes('--quick');
const trials = quick ? 3 : 7;
const budgetMs = quick ? 40 : 150;

function randomMatrix(g: Generator, length: number): Float32Array {
  const data = new Float32Array(length);
  for (let i = 0; i < length; i++) data[i] = g.normal();
  return data;
}

function view(buffer: Float32Array, rows: number, cols: number): KernelView {
  return { buffer, shape: [rows, cols], strides: [cols, 1], offset: 0, dtype: 'float32' };
}

/** Best-of-`trials` GFLOP/s; each trial repeats `run` until it has taken about `budgetMs`. */
function gflops(flops: number, run: () => void): number {
  run();
  const t0 = performance.now();
  run();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.round(budgetMs / once));
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < trials; t++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) run();
    best = Math.min(best, (performance.now() - start) / reps);
  }
  return flops / best / 1e6;
}

interface Row {
  readonly label: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly wasm: number;
  readonly js: number;
}

function measure(label: string, m: number, n: number, k: number, g: Generator): Row {
  const a = randomMatrix(g, m * k);
  const b = randomMatrix(g, k * n);
  const outWasm = new Float32Array(m * n);
  const outJs = new Float32Array(m * n);
  const flops = 2 * m * n * k;
  const wasm = gflops(flops, () => {
    if (!wasmGemm(a, 0, b, 0, outWasm, 0, m, n, k)) throw new Error('wasmGemm declined to run');
  });
  const av = view(a, m, k);
  const bv = view(b, k, n);
  const js = gflops(flops, () => matmulCpu(av, bv, outJs));
  // Guard against timing something that computes the wrong thing.
  let worst = 0;
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(outWasm[i] - outJs[i]));
  if (!(worst < 1e-2 * Math.sqrt(k))) throw new Error(`${label}: wasm and JS disagree by ${worst}`);
  return { label, m, n, k, wasm, js };
}

if (!wasmGemmAvailable()) {
  console.log('WebAssembly SIMD is not available in this runtime: nothing to compare.');
  process.exit(0);
}

const g = new Generator(1);
const square = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 256, 512];
const rows: Row[] = square.map((s) => measure(`${s}`, s, s, s, g));
const shaped: Row[] = [
  ['MLP 64×784 · 784×128', 64, 128, 784],
  ['MLP 64×128 · 128×10', 64, 10, 128],
  ['MLP 32×2 · 2×16', 32, 16, 2],
  ['grad 784×64 · 64×128', 784, 128, 64],
  ['conv im2col 576×27 · 27×16', 576, 16, 27],
].map(([label, m, n, k]) => measure(label as string, m as number, n as number, k as number, g));

const pad = (text: string, width: number) => text.padStart(width);
console.log(`Node ${process.version}, best of ${trials} trials, GFLOP/s (wasm includes copy-in/copy-out)`);
console.log(`${pad('shape', 28)} ${pad('m·n·k', 10)} ${pad('wasm', 7)} ${pad('JS', 7)} ${pad('ratio', 6)}`);
for (const r of [...rows, ...shaped]) {
  console.log(
    `${pad(r.label, 28)} ${pad(String(r.m * r.n * r.k), 10)} ${pad(r.wasm.toFixed(1), 7)} ${pad(r.js.toFixed(1), 7)} ${pad((r.wasm / r.js).toFixed(2), 6)}`,
  );
}
// The crossover: the smallest square size from which wasm is faster at that size and every larger one.
let crossover: number | undefined;
for (let i = rows.length - 1; i >= 0 && rows[i].wasm > rows[i].js; i--) crossover = square[i];
console.log(
  crossover === undefined
    ? 'wasm never beats JS at the largest size measured'
    : `wasm beats JS from n = ${crossover} (m·n·k = ${crossover ** 3}) upward`,
);
