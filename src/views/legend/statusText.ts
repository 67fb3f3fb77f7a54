import type { RunStatus } from '../../protocol/messages';
import type { RunSummary } from '../../state/store';

const REASON: Readonly<Record<string, string>> = {
  'loss-nonfinite': 'loss not finite',
  'params-nonfinite': 'parameters not finite',
  'params-exploded': 'parameters past ±1e6',
};

/** The words a run's status is shown with, everywhere (README: What "converged" and "diverged" mean). */
export function statusText(status: RunStatus, summary: Pick<RunSummary, 'length'>, steps: number): string {
  switch (status.kind) {
    case 'running':
      return `computing… ${summary.length}/${steps + 1}`;
    case 'converged':
      return `converged at step ${status.step}`;
    case 'plateau':
      return `stuck on a plateau from step ${status.step} (gradient ≈ 0, flat around)`;
    case 'saddle':
      return `stopped at a saddle point at step ${status.step} (gradient ≈ 0, a direction still goes down)`;
    case 'diverged':
      return `diverged at step ${status.step} (${REASON[status.reason] ?? status.reason})`;
    case 'stopped':
      return `Hessian singular at step ${status.step}`;
    case 'finished':
      return `not converged after ${steps} steps`;
  }
}

/** What the legend adds after the status: Newton's indefinite Hessian, the time per step when it matters. */
export function runExtras(summary: RunSummary): string[] {
  const out: string[] = [];
  if (summary.notes.indefiniteFrom !== null) out.push(`Hessian not positive definite from step ${summary.notes.indefiniteFrom}`);
  if (summary.msPerStep > 1) out.push(`${summary.msPerStep.toFixed(summary.msPerStep < 10 ? 1 : 0)} ms/step`);
  return out;
}
