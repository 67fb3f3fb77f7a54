import { useEffect, useMemo, useRef } from 'react';
import { numericEquations, symbolicEquations } from '../../lab/stepEquations';
import { useApp, useServices } from '../AppContext';
import { RunSelect } from '../controls/RunSelect';
import { frameScheduler } from '../useCanvasSize';
import { throttle, useLiveChanges, useViewChanges } from '../useLive';
import { useOnScreen } from '../useOnScreen';
import { type Katex, useKatex } from './katexLoader';

/**
 * Typesets TeX lines into `el` (katex.render sets styles through the DOM: allowed by the page's CSP), unless
 * it already shows exactly these lines.
 */
function typeset(katex: Katex, el: HTMLElement, lines: readonly string[]): void {
  const tex = lines.join('\n');
  if (el.dataset.tex === tex) return;
  el.dataset.tex = tex;
  el.dataset.lines = String(lines.length);
  el.replaceChildren();
  for (const tex of lines) {
    const div = document.createElement('div');
    div.className = 'eq-line';
    katex.render(tex, div, { throwOnError: false, displayMode: true, output: 'htmlAndMathml' });
    el.append(div);
  }
}

/**
 * The followed run's update rule, typeset: first as its module writes it, then with the playback step's
 * numbers (θ_t, the gradient it used, η_t, the history or the step sizes, θ_{t+1}). Re-typeset outside React
 * (playback moves it frame by frame), only when the lines changed, at most once a frame on screen and once a
 * second off it: KaTeX takes 3–8 ms for these lines, and paths stream in many messages a frame.
 */
/** How often the panel typesets while it is off screen (ms). */
export const OFF_SCREEN_GAP_MS = 1000;

export function EquationsPanel() {
  const { store, live, steps, bridge } = useServices();
  const runs = useApp((s) => s.experiment.runs);
  const theory = useApp((s) => s.theory);
  const optimizer = runs[Math.min(theory, runs.length - 1)]?.optimizer ?? '';
  const symbolic = useRef<HTMLDivElement>(null);
  const numeric = useRef<HTMLDivElement>(null);
  const caption = useRef<HTMLParagraphElement>(null);
  const shown = useRef<unknown>(null);
  const root = useRef<HTMLDivElement>(null);
  const onScreen = useRef(typeof IntersectionObserver === 'undefined');
  // KaTeX (about 70 KB gzipped) loads after the first paint (katexLoader.ts); its place says so meanwhile.
  const katex = useKatex();
  const ready = katex !== null && katex !== 'failed' ? katex : null;
  useEffect(() => {
    if (symbolic.current && ready) typeset(ready, symbolic.current, symbolicEquations(optimizer));
  }, [optimizer, ready]);
  const write = () => {
    const el = numeric.current;
    if (!el || !ready) return;
    const view = steps?.at(store.getState(), live) ?? null;
    if (view === shown.current) return;
    shown.current = view;
    if (caption.current) caption.current.textContent = view ? `At step ${view.step} → ${view.step + 1}${view.mlp ? ` (${view.mlp.step.full.before.length} parameters: lengths ‖·‖, and coordinates on the slice):` : ':'}` : 'No step to show here yet.';
    const lines = view ? numericEquations(view) : [];
    // Off screen only a change in the number of lines is typeset (it changes the panel's height, and the
    // page below it must not move when it is scrolled to); new numbers wait until it is seen.
    if (!onScreen.current && el.dataset.lines === String(lines.length)) {
      shown.current = null;
      return;
    }
    typeset(ready, el, lines);
  };
  const writeRef = useRef(write);
  writeRef.current = write;
  // On screen at most once a frame; off screen at most once a second (KaTeX was most of a slider move's
  // main-thread work with 8 runs), and then only a new number of lines; all of it at once when it comes into view.
  const schedule = useMemo(() => {
    const frame = frameScheduler(() => writeRef.current());
    const slow = throttle(frame, OFF_SCREEN_GAP_MS);
    return () => (onScreen.current ? frame() : slow());
  }, []);
  // In the MLP lab the worker traces the step for these numbers only while they are seen.
  useOnScreen(root, (on) => {
    onScreen.current = on;
    bridge?.wantEquations(on);
    if (on) writeRef.current();
  });
  useLiveChanges(schedule);
  // The MLP lab's step arrives with the worker's network view.
  useViewChanges(schedule);
  useEffect(schedule);
  return (
    <div ref={root} className="equations">
      <RunSelect label="Run whose equations are shown" text="Run" />
      {katex === null && <p className="hint eq-loading">Loading the equations…</p>}
      {katex === 'failed' && <p className="hint">The equations could not be loaded; reload the page to try again.</p>}
      <div ref={symbolic} className="eq-symbolic" />
      <p ref={caption} className="eq-caption" />
      <div ref={numeric} className="eq-numeric" data-equations-step />
    </div>
  );
}
