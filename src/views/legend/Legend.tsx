import { memo } from 'react';
import type { RunSpec } from '../../protocol/experiment';
import type { RunSummary } from '../../state/store';
import { runLabel } from '../../url/runCatalog';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { runExtras, statusText } from './statusText';
import { WindowNote } from './WindowNote';


const fmtLoss = (v: number) => (Number.isFinite(v) ? (v === 0 ? '0' : v.toExponential(2)) : '—');

/**
 * The row's toggle, swatch and label, apart from its status: a streamed summary (ten a second for a second
 * after each MLP edit) re-rendered the checkbox too, and React writes an input's type and name at every
 * update, so each write of the summaries mutated the legend's inputs and restyled the page (issue 8, item 8).
 */
const Toggle = memo(function Toggle({ i, label, off }: { i: number; label: string; off: boolean }) {
  const { store } = useServices();
  return (
    <label>
      <input type="checkbox" checked={!off} onChange={() => store.getState().toggleRun(i)} aria-label={`Show run ${i + 1}: ${label}`} />
      <span className="swatch" style={{ background: runColor(i) }} />
      <span className="name" title={label}>
        {label}
      </span>
    </label>
  );
});

/** A row re-renders only when its own run, summary or visibility changes (a write of one run's summary leaves the others). */
const Row = memo(function Row({ i, run, summary, off, steps }: { i: number; run: RunSpec; summary: RunSummary | null; off: boolean; steps: number }) {
  const label = runLabel(run);
  const parts = summary ? [statusText(summary.status, summary, steps), `final L = ${fmtLoss(summary.finalLoss)}`, ...runExtras(summary)] : [];
  const text = parts.join(' · ');
  return (
    <li className={off ? 'off' : ''} data-run={i} data-optimizer={run.optimizer}>
      <Toggle i={i} label={label} off={off} />
      {!off && <WindowNote run={i} />}
      {!off && summary ? (
        <span className={`status ${summary.status.kind}`} title={text}>
          {/* Each part breaks only between parts ("final L =" and its number stay on one line). */}
          {parts.map((p, k) => (
            <span key={k} className="part">
              {k > 0 ? ' · ' : ''}
              <span className="nobr">{p}</span>
            </span>
          ))}
        </span>
      ) : (
        // The status line's place is kept (a run hidden or not reported yet), so the header never changes height.
        <span className="status-placeholder" aria-hidden="true">
          {off ? '\u00a0' : 'running…'}
        </span>
      )}
    </li>
  );
});

/** One legend for all views, a row per run: colour, label, show/hide toggle, status and final loss. */
export function Legend() {
  const runs = useApp((s) => s.experiment.runs);
  const summaries = useApp((s) => s.runs);
  const off = useApp((s) => s.off);
  const steps = useApp((s) => s.experiment.steps);
  return (
    <ul className="legend" aria-label="Runs">
      {runs.map((run, i) => (
        <Row key={i} i={i} run={run} summary={summaries[i] ?? null} off={off.includes(i)} steps={steps} />
      ))}
      {runs.length === 0 && <li className="empty">No runs: add one in the run list.</li>}
    </ul>
  );
}
