import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { matmulCase } from './cases/matmul';
import { MNIST_MLP, mlpCase, TINY_MLP } from './cases/mlp';
import { PEERS, peerDescription } from './peers';
import { formatTable, missedTargets, toRows, writeResults } from './report';
import { FULL_TIMING, QUICK_TIMING } from './timing';
import type { BenchCase, CaseResult } from './types';

// `pnpm bench [-- --quick] [-- --filter <name>]`: races @plasticity/core against tfjs (cpu and wasm) and
// writes tests/bench/results/latest.json. Started by tsx with the @plasticity/source condition, so core
// is measured from its TypeScript sources.

const CASES: BenchCase[] = [
  matmulCase(64),
  matmulCase(256),
  matmulCase(512),
  mlpCase(TINY_MLP),
  mlpCase(MNIST_MLP),
];

const USAGE = 'usage: pnpm bench [-- --quick] [-- --filter <substring of a case name>]';

interface Args {
  quick: boolean;
  filter: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, filter: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '--quick') args.quick = true;
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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cases = selectCases(args.filter);
  const timing = args.quick ? QUICK_TIMING : FULL_TIMING;
  const log = (message: string) => process.stderr.write(`  … ${message}\n`);
  const started = performance.now();
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await c.run({ timing, log }));
  const seconds = (performance.now() - started) / 1000;

  const cpu = cpus();
  console.log(
    `\n@plasticity/core vs TensorFlow.js — ${args.quick ? 'quick run (few iterations, rough)' : 'full run'}`,
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
  for (const peer of PEERS) console.log(`${peer}: ${peerDescription(peer)}`);
  console.log('times are medians per call; ratio = peer ms / ours ms (above 1: we are faster)\n');
  console.log(formatTable(results));
  const missed = missedTargets(results);
  if (missed.length > 0) console.log(`\ngoals missed:\n${missed.map((m) => `  ${m}`).join('\n')}`);

  const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
  writeResults(out, toRows(results));
  console.log(`\nwrote ${out} (${seconds.toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
