import type { RunStatus } from '../../protocol/messages';
import type { RunSummary } from '../../state/store';
import { useApp, useServices } from '../AppContext';
import { OPT_COLOR, OPT_NAME, OPT_ORDER } from '../colors';
import { WindowNote } from './WindowNote';

const REASON: Record<string, string> = {
  'loss-nonfinite': 'loss not finite',
  'params-nonfinite': 'parameters not finite',
  'params-exploded': 'parameters past ±1e6',
};

const fmtLoss = (v: number) => (Number.isFinite(v) ? (v === 0 ? '0' : v.toExponential(2)) : '—');

/** The words a run's status is shown with, everywhere. */
export function statusText(status: RunStatus, summary: RunSummary, steps: number): string {
  switch (status.kind) {
    case 'running':
      return `computing… ${summary.length}/${steps + 1}`;
    case 'converged':
      // Settled without getting any lower than it started: a saturated plateau, not a minimum.
      if (summary.finalLoss >= 0.99 * summary.startLoss) return `stuck on a plateau from step ${status.step} (gradient ≈ 0)`;
      return `converged at step ${status.step}`;
    case 'diverged':
      return `diverged at step ${status.step} (${REASON[status.reason] ?? status.reason})`;
    case 'finished':
      return `not converged after ${steps} steps`;
  }
}

/** One legend for all views: colour, name, on/off toggle, status and final loss of each optimizer. */
export function Legend() {
  const { store } = useServices();
  const opt = useApp((s) => s.experiment.opt);
  const runs = useApp((s) => s.runs);
  const steps = useApp((s) => s.experiment.steps);
  return (
    <ul className="legend" aria-label="Optimizers">
      {OPT_ORDER.map((id) => {
        const on = opt.includes(id);
        const r = runs[id];
        return (
          <li key={id} className={on ? '' : 'off'} data-optimizer={id}>
            <label>
              <input type="checkbox" checked={on} onChange={() => store.getState().toggleOptimizer(id)} />
              <span className="swatch" style={{ background: OPT_COLOR[id] }} />
              <span className="name">{OPT_NAME[id]}</span>
            </label>
            {on && <WindowNote id={id} />}
            {on && r && (
              <span className={`status ${r.status.kind}`}>
                {statusText(r.status, r, steps)} · final L = {fmtLoss(r.finalLoss)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
