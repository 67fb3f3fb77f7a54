import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { BRUTE_N, evaluationsToReach, gridEvaluations } from '../../lab/bruteForce';
import { parseNumber } from '../../url/fields';
import { paramCountOf } from '../../url/mlpFields';
import { runLabel } from '../../url/runCatalog';
import { FIELDS } from '../../url/table';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { bruteRunOf } from './bruteRun';
import { guessLoss } from './GuessTable';

/**
 * The store holds the plane lab's experiment while this panel shows, not an MLP's: n^P is said for the
 * MLP lab's default network (the `arch` default, 2-8-8-1).
 */
const MLP_ARCH = FIELDS.arch.fallback;
const MLP_P = paramCountOf(MLP_ARCH);
const fmt = (v: number) => String(Number(v.toFixed(4)));

/** What the panel shows of the search, as one string (a stable snapshot for useSyncExternalStore). */
interface BruteView {
  n: number;
  count: number;
  total: number;
  done: boolean;
  best: { w: number; b: number; loss: number } | null;
  /** Per run shown: gradient evaluations to get as low as the best cell (null: never), and its steps computed. */
  runs: { i: number; k: number | null; length: number }[];
}

/**
 * The lecture's second approach, brute force: L on an n × n grid over the window, revealed cell by cell
 * over the contour plot (guess/bruteRun.ts), the best cell named, the evaluations counted; beside it, how
 * many gradient evaluations each run needed to get as low, and what a grid would cost the MLP.
 */
export function BrutePanel() {
  const { store, live } = useServices();
  const brute = useMemo(() => bruteRunOf(store), [store]);
  const [text, setText] = useState(String(BRUTE_N.default));
  const runs = useApp((s) => s.experiment.runs);
  const subscribe = useCallback(
    (fn: () => void) => {
      const a = brute.subscribe(fn);
      const b = live.subscribe(fn);
      return () => {
        a();
        b();
      };
    },
    [brute, live],
  );
  const snapshot = useSyncExternalStore(subscribe, () => {
    const r = brute.current;
    if (!r) return '';
    const view: BruteView = { n: r.n, count: r.count, total: r.n * r.n, done: r.done, best: r.best && { w: r.best.w, b: r.best.b, loss: r.best.loss }, runs: [] };
    if (r.best) {
      const off = store.getState().off;
      store.getState().experiment.runs.forEach((_, i) => {
        const p = live.paths[i];
        if (!p || off.includes(i) || p.status.kind === 'running') return;
        view.runs.push({ i, k: evaluationsToReach(p.loss, p.length, r.best!.loss), length: p.length });
      });
    }
    return JSON.stringify(view);
  });
  const view = snapshot ? (JSON.parse(snapshot) as BruteView) : null;
  const parsed = parseNumber(text, BRUTE_N.min, BRUTE_N.max, true);
  const n = parsed.ok ? parsed.value : BRUTE_N.default;
  const cost = gridEvaluations(n, MLP_P);
  const start = () => {
    if (!parsed.ok) {
      store.getState().notify({ source: 'input', key: 'brute', message: `brute force n ${parsed.why}; it needs a whole number from ${BRUTE_N.min} to ${BRUTE_N.max}` });
      return;
    }
    store.getState().dismissNotices('input');
    brute.start(parsed.value);
  };
  return (
    <section className="brute" aria-label="Brute force">
      <h3>Brute force</h3>
      <form
        className="brute-form"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <label>
          n per side <input type="text" inputMode="numeric" size={4} value={text} onChange={(e) => setText(e.currentTarget.value)} aria-label="Brute force grid size n" />
        </label>
        <button type="submit">Brute force</button>
        {view && (
          <button type="button" onClick={() => brute.stop()}>
            Clear
          </button>
        )}
        <span className="hint">
          n × n cells over the window; n from {BRUTE_N.min} to {BRUTE_N.max}
        </span>
      </form>
      {view && (
        <div className="brute-result" data-done={view.done ? '1' : '0'}>
          <p className="brute-count">
            {view.done ? 'Done: ' : 'Evaluating: '}
            {view.count.toLocaleString('en-US')} of {view.total.toLocaleString('en-US')} loss evaluations ({view.n} × {view.n} grid)
          </p>
          {view.best ? (
            <p className="brute-best">
              ★ Best cell{view.done ? '' : ' so far'}: w = {fmt(view.best.w)}, b = {fmt(view.best.b)}, L = {guessLoss(view.best.loss)}
            </p>
          ) : (
            <p className="hint">No cell with a finite loss yet.</p>
          )}
          {view.best && view.runs.length > 0 && (
            <ul className="brute-runs" aria-label="Gradient evaluations each run needed to get as low as the best cell">
              {view.runs.map((r) => (
                <li key={r.i}>
                  <span className="swatch" style={{ background: runColor(r.i) }} aria-hidden="true" /> {r.i + 1}. {runs[r.i] ? runLabel(runs[r.i]!) : ''}:{' '}
                  {r.k === null ? `never got as low (${(r.length - 1).toLocaleString('en-US')} steps)` : `${r.k.toLocaleString('en-US')} gradient evaluation${r.k === 1 ? '' : 's'} to get as low`}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p className="brute-mlp">
        A grid of {n} values per parameter for the current MLP would need {n}
        <sup>{MLP_P}</sup> {cost.exact !== null ? `= ${cost.text}` : <>≈ {cost.mantissa} × 10<sup>{cost.exponent}</sup></>} evaluations (the MLP lab's default network {MLP_ARCH.join('-')}, P = {MLP_P} parameters).
      </p>
    </section>
  );
}
