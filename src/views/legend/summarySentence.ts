import type { RunSpec } from '../../protocol/experiment';
import type { RunSummary } from '../../state/store';
import { runLabel } from '../../url/runCatalog';
import { statusText } from './statusText';

const fmt = (v: number) => (Number.isFinite(v) ? (v === 0 ? '0' : v.toExponential(1).replace('-', '−')) : 'not finite');

/**
 * What the page says to screen readers once every run is in (and the text alternative of the
 * canvases): "After 1000 steps: 1. GD converged at step 745, L = 2.4e−11; 2. Momentum …". Null while a
 * run is still computing (nothing is announced half-way).
 */
export function summarySentence(runs: readonly RunSpec[], summaries: readonly (RunSummary | null)[], steps: number): string | null {
  if (runs.length === 0) return 'No runs: add one to see a path.';
  const parts: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    const s = summaries[i];
    if (!s || s.status.kind === 'running') return null;
    parts.push(`${i + 1}. ${runLabel(runs[i]!)} ${statusText(s.status, s, steps)}, L = ${fmt(s.finalLoss)}`);
  }
  return `After ${steps} steps: ${parts.join('; ')}.`;
}
