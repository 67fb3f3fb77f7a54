import { useApp } from '../AppContext';
import { useLiveValue } from '../useLive';

/**
 * The MLP surface's progress: the training needed before a PCA or end-centred plane exists, then the
 * rows of the fine grid (a coarse preview is shown meanwhile). Says "ready" when the last row is in.
 * Its box has a fixed size (styles.css), so its changing text never reflows the caption beside it and
 * moves the views under the pointer.
 */
export function SurfaceProgress() {
  const p = useApp((s) => s.progress);
  const grid = useApp((s) => s.experiment.grid);
  const interim = useLiveValue((live) => live.interim);
  if (!p) return null;
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const done = p.stage === 'surface' && p.done >= p.total;
  const text = done
    ? `surface ready (${grid}×${grid})`
    : p.stage === 'training'
      ? `training run 1 for the slice: step ${p.done} of ${p.total}${interim ? '; paths shown on the previous slice' : ''}`
      : `surface ${grid}×${grid}: ${p.done} of ${p.total} rows (coarse preview shown)`;
  return (
    <div className={`surface-progress${done ? ' done' : ''}`} data-stage={p.stage} data-done={done ? 'true' : 'false'}>
      <progress max={p.total} value={p.done} aria-label="Surface computation" />
      <span className="text">{text}</span>
      <span className="visually-hidden">{Math.round(share * 100)} %</span>
    </div>
  );
}
