import { useEffect, useMemo, useRef } from 'react';
import { numericEquations, symbolicEquations } from '../../lab/stepEquations';
import { useApp, useServices } from '../AppContext';
import { RunSelect } from '../controls/RunSelect';
import { useLiveChanges, useViewChanges } from '../useLive';
import { type Katex, useKatex } from './katexLoader';

/**
 * Typesets TeX lines into `el` (katex.render sets styles through the DOM: allowed by the page's CSP), unless
 * it already shows exactly these lines.
 */
function typeset(katex: Katex, el: HTMLElement, lines: readonly string[]): void {
  const tex = lines.join('\n');
  if (el.dataset.tex === tex) return;
  el.dataset.tex = tex;
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
 * (playback moves it frame by frame), at most once a frame and only
 * when the lines changed: KaTeX takes 5–8 ms for these lines, and paths stream in many messages a frame.
 */
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
  const onScreen = useRef(false);
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
    typeset(ready, el, view ? numericEquations(view) : []);
  };
  const writeRef = useRef(write);
  writeRef.current = write;
  const later = useMemo(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      writeRef.current();
    };
    return { schedule: () => void (frame ||= requestAnimationFrame(run)), cancel: () => cancelAnimationFrame(frame) };
  }, []);
  useEffect(() => later.cancel, [later]);
  useEffect(() => {
    const el = root.current;
    if (!el || typeof IntersectionObserver === 'undefined') {
      onScreen.current = true;
      return;
    }
    const io = new IntersectionObserver((entries) => {
      // Typeset off screen too: typesetting only once scrolled to changed the panel's height under the
      // scrolling reader (and a click below it missed). In the MLP lab the worker traces the step for these
      // numbers only while they are seen.
      onScreen.current = entries.some((e) => e.isIntersecting);
      bridge?.wantEquations(onScreen.current);
      if (onScreen.current) writeRef.current();
    });
    io.observe(el);
    return () => {
      io.disconnect();
      bridge?.wantEquations(false);
    };
  }, [bridge]);
  useLiveChanges(later.schedule);
  // The MLP lab's step arrives with the worker's network view.
  useViewChanges(later.schedule);
  useEffect(write);
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
