import { useCallback, useLayoutEffect, useRef } from 'react';
import type { AppState } from '../../state/store';
import { useApp, useServices } from '../AppContext';

/** What the bar shows for this state (null: no bar). */
export function progressText(s: Pick<AppState, 'progress'> & { experiment: { grid?: number } }, interim: boolean): { share: number; done: boolean; stage: string; text: string; value: number; max: number } | null {
  const p = s.progress;
  if (!p) return null;
  const grid = s.experiment.grid ?? 0;
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const done = p.stage === 'surface' && p.done >= p.total;
  const text = done
    ? `surface ready (${grid}×${grid})`
    : p.stage === 'training'
      ? `training run 1 for the slice: step ${p.done} of ${p.total}${interim ? '; paths shown on the previous slice' : ''}`
      : `surface ${grid}×${grid}: ${p.done} of ${p.total} rows (coarse preview shown)`;
  return { share, done, stage: p.stage, text, value: p.done, max: p.total };
}

/**
 * The MLP surface's progress: the training needed before a PCA or end-centred plane exists, then the
 * rows of the fine grid (a coarse preview is shown meanwhile). Says "ready" when the last row is in.
 * Its box has a fixed size (styles.css), so its changing text never reflows the caption beside it and
 * moves the views under the pointer. React renders the box once; the count is written into it from the
 * store outside React (about ten reports a second after an edit, each a React commit of the page before).
 */
export function SurfaceProgress() {
  const { live, store } = useServices();
  const shown = useApp((s) => s.progress !== null);
  const box = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLProgressElement>(null);
  const text = useRef<HTMLSpanElement>(null);
  const pct = useRef<HTMLSpanElement>(null);
  const paint = useCallback(() => {
    const v = progressText(store.getState(), live.interim);
    const el = box.current;
    if (!v || !el || !bar.current || !text.current || !pct.current) return;
    el.classList.toggle('done', v.done);
    if (el.dataset.stage !== v.stage) el.dataset.stage = v.stage;
    const done = v.done ? 'true' : 'false';
    if (el.dataset.done !== done) el.dataset.done = done;
    if (bar.current.max !== v.max) bar.current.max = v.max;
    if (bar.current.value !== v.value) bar.current.value = v.value;
    if (text.current.textContent !== v.text) text.current.textContent = v.text;
    const share = `${Math.round(v.share * 100)} %`;
    if (pct.current.textContent !== share) pct.current.textContent = share;
  }, [live, store]);
  useLayoutEffect(() => {
    if (!shown) return;
    paint();
    const a = store.subscribe((s, p) => {
      if (s.progress !== p.progress || s.experiment !== p.experiment) paint();
    });
    // The training line says whether the paths are shown on the previous slice (live.interim).
    const b = live.subscribe(paint);
    return () => {
      a();
      b();
    };
  }, [shown, paint, live, store]);
  if (!shown) return null;
  return (
    <div className="surface-progress" ref={box}>
      <progress ref={bar} aria-label="Surface computation" />
      <span className="text" ref={text} />
      <span className="visually-hidden" ref={pct} />
    </div>
  );
}
