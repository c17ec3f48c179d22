import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CaseResult } from './types';

/**
 * One row of `results/latest.json`: ratio = peer_ms / ours_ms, so above 1 means we are faster.
 * `peer_ms` and `ratio` are null when the peer could not run (the printed table says why).
 */
export interface ResultRow {
  name: string;
  ours_ms: number;
  peer: string;
  peer_ms: number | null;
  ratio: number | null;
}

export function toRows(results: readonly CaseResult[]): ResultRow[] {
  return results.flatMap((r) =>
    r.peers.map(({ peer, ms }) => ({
      name: r.name,
      ours_ms: round(r.oursMs, 4),
      peer,
      peer_ms: ms === null ? null : round(ms, 4),
      ratio: ms === null ? null : round(ms / r.oursMs, 3),
    })),
  );
}

function round(x: number, digits: number): number {
  // Significant digits, so 0.0123 ms keeps its precision as well as 512 ms does.
  return Number(x.toPrecision(digits));
}

function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(3);
  return ms.toFixed(4);
}

function gflops(flops: number | undefined, ms: number): string {
  if (flops === undefined) return '';
  const g = flops / (ms * 1e6);
  // Two significant digits below 0.1, so a tiny step's rate does not print as 0.00.
  return g >= 0.1 ? g.toFixed(2) : g.toPrecision(2);
}

/** Verdict on the goal for this row, if it has one. */
function targetCell(r: CaseResult, peer: string, ratio: number | null): string {
  if (r.target === undefined || r.target.peer !== peer) return '';
  const verdict = ratio === null ? 'NOT MEASURED' : ratio >= r.target.minRatio ? 'met' : 'MISSED';
  return `${verdict} (goal ≥ ${r.target.minRatio}×)`;
}

/**
 * The results as an aligned text table: one row per (case, peer), GFLOP/s where the case counts flops.
 * A peer that could not run shows n/a and, in the last column, why.
 */
export function formatTable(results: readonly CaseResult[]): string {
  const header = ['case', 'ours ms', 'ours GFLOP/s', 'peer', 'peer ms', 'peer GFLOP/s', 'ratio', 'target'];
  const rows = results.flatMap((r) =>
    r.peers.map(({ peer, ms, reason }) => {
      const ratio = ms === null ? null : ms / r.oursMs;
      const verdict = targetCell(r, peer, ratio);
      const note = ms === null ? `peer did not run: ${reason ?? 'unknown reason'}` : '';
      return [
        r.name,
        fmtMs(r.oursMs),
        gflops(r.flops, r.oursMs),
        peer,
        ms === null ? 'n/a' : fmtMs(ms),
        ms === null ? '' : gflops(r.flops, ms),
        ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`,
        [verdict, note].filter((c) => c !== '').join('; '),
      ];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([1, 2, 4, 5, 6]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Misses of the goals, one line each (empty when every goal is met). */
export function missedTargets(results: readonly CaseResult[]): string[] {
  const missed: string[] = [];
  for (const r of results) {
    if (r.target === undefined) continue;
    const { peer, minRatio } = r.target;
    const p = r.peers.find((x) => x.peer === peer);
    if (p === undefined) continue;
    if (p.ms === null) missed.push(`${r.name}: not measured (${peer} did not run), goal ≥ ${minRatio}×`);
    else if (p.ms / r.oursMs < minRatio) {
      missed.push(`${r.name}: ${(p.ms / r.oursMs).toFixed(2)}× ${peer}, goal ≥ ${minRatio}×`);
    }
  }
  return missed;
}

/** Writes the rows as pretty JSON, creating the results directory when missing. */
export function writeResults(path: string, rows: readonly ResultRow[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(rows, null, 2)}\n`);
}
