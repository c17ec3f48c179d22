import type { EpochInfo } from './fit';

/** One progress line (carriage return first, so a terminal redraws it in place). @internal */
export function renderProgress(done: number, total: number, info: EpochInfo, width = 24): string {
  const filled = Math.round((done / total) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const parts = [`loss ${info.loss.toFixed(4)}`];
  if (info.valLoss !== undefined) parts.push(`val ${info.valLoss.toFixed(4)}`);
  for (const [k, v] of Object.entries(info.metrics)) parts.push(`${k} ${v.toFixed(3)}`);
  return `\r${bar} epoch ${done}/${total}  ${parts.join('  ')}`;
}
