import { useCallback, useLayoutEffect, useRef } from 'react';
import type { Progress } from '../../state/store';
import { useApp, useServices } from '../AppContext';
import { setAttr, setText } from '../domWrite';

/** What the bar says for this report on a grid × grid surface. */
function progressView(p: Progress, grid: number, interim: boolean) {
  const done = p.stage === 'surface' && p.done >= p.total;
  const text = done
    ? `surface ready (${grid}×${grid})`
    : p.stage === 'training'
      ? `training run 1 for the slice: step ${p.done} of ${p.total}${interim ? '; paths shown on the previous slice' : ''}`
      : `surface ${grid}×${grid}: ${p.done} of ${p.total} rows (coarse preview shown)`;
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return { done, text, percent: `${Math.round(share * 100)} %` };
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
    const { progress: p, experiment: e } = store.getState();
    const el = box.current;
    if (!p || !el || !bar.current || !text.current || !pct.current) return;
    const v = progressView(p, e.grid, live.interim);
    el.classList.toggle('done', v.done);
    setAttr(el, 'data-stage', p.stage);
    setAttr(el, 'data-done', String(v.done));
    if (bar.current.max !== p.total) bar.current.max = p.total;
    if (bar.current.value !== p.done) bar.current.value = p.done;
    setText(text.current, v.text);
    setText(pct.current, v.percent);
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
