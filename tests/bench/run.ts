import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gpuMatmulCase } from './cases/gpu-matmul';
import { gpuMlpCase } from './cases/gpu-mlp';
import { matmulCase } from './cases/matmul';
import { MNIST_MLP, mlpCase, TINY_MLP } from './cases/mlp';
import { type GpuSetup, installHint, startWebGPU } from './gpu';
import { GPU_PEER, PEERS, type PeerName, peerDescription } from './peers';
import { formatTable, missedTargets, toRows, writeResults } from './report';
import { FULL_TIMING, QUICK_TIMING } from './timing';
import type { BenchCase, CaseResult } from './types';

// `pnpm bench [-- --quick] [-- --filter <name>] [-- --no-webgpu]`: races @plasticity/core's CPU backend
// against tfjs (cpu and wasm) and its WebGPU backend against tfjs-webgpu on the same adapter, and writes
// tests/bench/results/latest.json. Started by tsx with the @plasticity/source condition, so our packages
// are measured from their TypeScript sources.

const CASES: BenchCase[] = [
  matmulCase(64),
  matmulCase(256),
  matmulCase(512),
  mlpCase(TINY_MLP),
  mlpCase(MNIST_MLP),
  gpuMatmulCase(256),
  gpuMatmulCase(512),
  gpuMlpCase(TINY_MLP),
  gpuMlpCase(MNIST_MLP),
];

const USAGE = 'usage: pnpm bench [-- --quick] [-- --filter <substring of a case name>] [-- --no-webgpu]';

interface Args {
  quick: boolean;
  filter: string | undefined;
  webgpu: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, filter: undefined, webgpu: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '--quick') args.quick = true;
    else if (a === '--no-webgpu') args.webgpu = false;
    else if (a === '--filter' || a.startsWith('--filter=')) {
      const value = a === '--filter' ? argv[++i] : a.slice('--filter='.length);
      if (value === undefined || value === '')
        throw new Error(`bench --filter: expected a case name, got nothing\n${USAGE}`);
      args.filter = value;
    } else if (a === '--help' || a === '-h') {
      console.log(`${USAGE}\ncases:\n${CASES.map((c) => `  ${c.name}`).join('\n')}`);
      process.exit(0);
    } else throw new Error(`bench: unknown option ${JSON.stringify(a)}\n${USAGE}`);
  }
  return args;
}

function selectCases(filter: string | undefined): BenchCase[] {
  if (filter === undefined) return CASES;
  const wanted = filter.toLowerCase();
  const chosen = CASES.filter((c) => c.name.toLowerCase().includes(wanted));
  if (chosen.length === 0) {
    throw new Error(
      `bench --filter ${JSON.stringify(filter)}: no case matches; cases are:\n${CASES.map((c) => `  ${c.name}`).join('\n')}`,
    );
  }
  return chosen;
}

/**
 * Starts WebGPU when a selected case needs it. Without an adapter the WebGPU cases are left out with a
 * line saying what to install, and the CPU cases still run: a benchmark is not a test.
 */
async function prepareWebGPU(
  cases: BenchCase[],
  args: Args,
): Promise<{ cases: BenchCase[]; webgpu?: GpuSetup; notes: string[] }> {
  const wanted = cases.some((c) => c.needs === 'webgpu');
  if (!wanted) return { cases, notes: [] };
  const cpuOnly = cases.filter((c) => c.needs !== 'webgpu');
  if (!args.webgpu) return { cases: cpuOnly, notes: ['webgpu: skipped (--no-webgpu)'] };
  try {
    const webgpu = await startWebGPU();
    const notes = [`webgpu adapter: ${webgpu.adapter} (ours and tfjs-webgpu each on their own device)`];
    if (webgpu.adapterMismatch !== null) notes.push(`warning: ${webgpu.adapterMismatch}`);
    if (webgpu.peerUnavailable !== null)
      notes.push(`${GPU_PEER}: could not start: ${webgpu.peerUnavailable}`);
    return { cases, webgpu, notes };
  } catch (error) {
    const line = `webgpu: no adapter, WebGPU cases skipped (${(error as Error).message}); ${installHint()}`;
    process.stderr.write(`${line}\n`);
    return { cases: cpuOnly, notes: [line] };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { cases, webgpu, notes } = await prepareWebGPU(selectCases(args.filter), args);
  const timing = args.quick ? QUICK_TIMING : FULL_TIMING;
  const log = (message: string) => process.stderr.write(`  … ${message}\n`);
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await c.run({ timing, log, webgpu }));
  const seconds = (performance.now() - started) / 1000;

  const cpu = cpus();
  console.log(
    `\n@plasticity/core (cpu, webgpu) vs TensorFlow.js — ${args.quick ? 'quick run (few iterations, rough)' : 'full run'}`,
  );
  const load = loadavg()[0];
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, Node ${process.version}, load ${load.toFixed(2)}`,
  );
  if (load > cpu.length * 0.75) {
    console.log(
      `warning: the 1-minute load average (${load.toFixed(2)}) is high for ${cpu.length} CPUs; figures are noisy`,
    );
  }
  const raced = new Set(results.flatMap((r) => r.peers.filter((p) => p.ms !== null).map((p) => p.peer)));
  for (const peer of [...PEERS, GPU_PEER] as PeerName[]) {
    if (raced.has(peer)) console.log(`${peer}: ${peerDescription(peer)}`);
  }
  for (const note of notes) console.log(note);
  console.log('times are medians per call; ratio = peer ms / ours ms (above 1: we are faster)\n');
  console.log(formatTable(results));
  const missed = missedTargets(results);
  if (missed.length > 0) console.log(`\ngoals missed:\n${missed.map((m) => `  ${m}`).join('\n')}`);

  if (results.length === 0) {
    // Keep the last results rather than overwrite them with nothing.
    console.log('no case ran; results/latest.json left as it was');
    return;
  }
  const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
  writeResults(out, toRows(results));
  console.log(`\nwrote ${out} (${seconds.toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
