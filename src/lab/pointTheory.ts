/**
 * The theory panel's numbers for the page: theoryAt (engine/theory.ts) at the point the followed run is
 * at on the playback step, on the shown plane surface. Cheap (one gradient and one exact 2 × 2 Hessian),
 * so it runs on the main thread, once per (experiment, run, step, worker run): views ask every frame
 * and get the cached result while nothing changed.
 *
 * In the MLP lab the worker computes it (on the slice plane, with the network view: the full θ_t is
 * there) and this only wraps it. On a plane surface, the point: row min(t, length − 1) of the run's live path (the start at t = 0). While the run's path
 * belongs to an older experiment (the worker has not answered the newest yet), the panel is computed at
 * the experiment's start and marked `pending`, so it never shows a stale path's point as the current one.
 */
import type { Live } from '../bridge/live';
import { getPlane } from '../engine/problems/plane/registry';
import { planeProblemCache } from './planeProblem';
import { runSettings } from '../engine/optimizers/runs';
import { theoryAt, type PointTheory } from '../engine/theory';
import type { AnyExperiment, Experiment, RunSpec } from '../protocol/experiment';

export type { PointTheory, TheoryEntry, TheoryKind } from '../engine/theory';

/** What the panel shows. */
export interface TheoryView {
  /** The run followed (0-based) and its optimizer. */
  readonly run: number;
  readonly optimizer: string;
  /** The step whose point this is (the playback step, or the path's last row when it ended earlier). */
  readonly step: number;
  readonly theory: PointTheory;
  /** The surface is exactly quadratic: the predictions hold everywhere, not just near the point. */
  readonly exact: boolean;
  /** The run's path for this experiment has not arrived: this is the theory at the start. */
  readonly pending: boolean;
  /**
   * The new path is being computed and this is the last one's theory, held (TheoryOptions.holdMs): the
   * panel says so, offers no buttons, and the η marks and eigen-axes stay on the point the panel shows.
   */
  readonly updating?: boolean;
  /** When the hold of an `updating` view ends (the reader's clock, performance.now on the page): then the fresh view shows. */
  readonly heldUntil?: number;
  /** The run's own η (its setting, else the link's η; Newton's default 1), null for an optimizer without η (Rprop). */
  readonly eta: number | null;
  /** The run's γ, null for an optimizer without one. */
  readonly gamma: number | null;
  /**
   * What makes the run's steps differ from the fixed-η, raw-gradient steps the bounds are about: its η
   * schedule ('decay') or gradient clipping ('clip'); null for a plain run. Then no prediction is exact.
   */
  readonly modified: 'decay' | 'clip' | null;
}

/** What pointTheory reads from the store. */
export interface TheoryInputs {
  readonly experiment: AnyExperiment;
  readonly t: number;
  readonly theory: number;
}

/** A theory reader with its caches (one per page; tests make their own). */
export interface TheoryReader {
  /** The panel's view, or null where there is none (the MLP lab, no runs, a point that is not finite). */
  at(s: TheoryInputs, live: Live): TheoryView | null;
}

/** A run's own η and γ (null where its optimizer has none). */
function ownRates(spec: RunSpec, e: AnyExperiment): { eta: number | null; gamma: number | null; modified: 'decay' | 'clip' | null } {
  const own = runSettings(spec, e);
  const modified = typeof own.decay === 'string' && own.decay !== 'none' ? 'decay' : typeof own.clip === 'number' && Number.isFinite(own.clip) ? 'clip' : null;
  return { eta: typeof own.eta === 'number' ? own.eta : null, gamma: typeof own.gamma === 'number' ? own.gamma : null, modified };
}

/** The theory has numbers to show: L, H and its eigenvalues finite (else the panel says there is none). */
const usable = (t: PointTheory): boolean => Number.isFinite(t.loss) && t.hessian.every(Number.isFinite) && t.eigenvalues.every(Number.isFinite);

/**
 * The MLP lab's: the worker computes the theory on the slice plane with each network view (the full θ_t
 * lives there), for the run the panel follows; it is shown once the view is of the current run and of
 * that run, else nothing (the panel says it is coming).
 */
function mlpView(s: TheoryInputs, live: Live, cache: { last: { theory: PointTheory; view: TheoryView } | null }): TheoryView | null {
  const v = live.view;
  const e = s.experiment;
  if (!v || !v.theory || v.runId !== live.sentRun || !usable(v.theory)) return null;
  const run = v.theoryRun;
  if (run !== Math.min(Math.max(0, s.theory), e.runs.length - 1)) return null;
  if (cache.last?.theory === v.theory) return cache.last.view;
  const k = v.runs.indexOf(run);
  const view: TheoryView = { run, optimizer: e.runs[run]!.optimizer, step: k >= 0 ? v.steps[k]! : v.t, theory: v.theory, exact: false, pending: false, ...ownRates(e.runs[run]!, e) };
  cache.last = { theory: v.theory, view };
  return view;
}

/** How long a reader holds the last theory while a new path is computed (ms); the page's reader holds, tests' do not by default. */
export interface TheoryOptions {
  /** The plane labs' hold: a path takes tens of ms there. */
  readonly holdMs?: number;
  /** The MLP lab's: its theory comes with a network view of the new run, some hundreds of ms into training. */
  readonly mlpHoldMs?: number;
  readonly now?: () => number;
}

/** The page's holds (main.tsx). */
export const HOLD_MS = 400;
export const MLP_HOLD_MS = 1500;

export function createTheoryReader(opts: TheoryOptions = {}): TheoryReader {
  const now = opts.now ?? (() => performance.now());
  /** The last theory of a computed path, and since when it has been held (null: not held now). */
  let held: { view: TheoryView; problem: string; since: number | null; shown: TheoryView | null } | null = null;
  /**
   * While the followed run's new path is computed (a slider move: the fresh view is the start's, or none yet
   * in the MLP lab), the last computed one of the same lab, run and optimizer, marked `updating`, for at most
   * the lab's hold; then the fresh one. A move swaps the numbers once instead of flashing the start's theory.
   */
  const hold = (fresh: TheoryView | null, e: AnyExperiment, run: number): TheoryView | null => {
    const waiting = fresh === null ? e.problem === 'mlp' : fresh.pending;
    if (!waiting) {
      if (fresh && held?.view !== fresh) held = { view: fresh, problem: e.problem, since: null, shown: null };
      return fresh;
    }
    const ms = e.problem === 'mlp' ? (opts.mlpHoldMs ?? 0) : (opts.holdMs ?? 0);
    if (!held || ms <= 0 || held.problem !== e.problem || held.view.run !== run || held.view.optimizer !== e.runs[run]?.optimizer) return fresh;
    held.since ??= now();
    if (now() - held.since >= ms) return fresh;
    return (held.shown ??= { ...held.view, updating: true, heldUntil: held.since + ms });
  };
  let last: { key: string; e: AnyExperiment; view: TheoryView | null } | null = null;
  const mlpCache: { last: { theory: PointTheory; view: TheoryView } | null } = { last: null };
  const problem = planeProblemCache();
  return {
    at(s, live) {
      const e = s.experiment;
      if (e.runs.length === 0) return null;
      const run = Math.min(Math.max(0, s.theory), e.runs.length - 1);
      if (e.problem === 'mlp') return hold(mlpView(s, live, mlpCache), e, run);
      const p = live.paths[run];
      const current = p !== undefined && p.run === live.sentRun && p.length > 0;
      // The run's path for this experiment arrived empty (it diverged at its start): nothing to show.
      if (p !== undefined && p.run === live.sentRun && p.length === 0 && p.status.kind !== 'running') return null;
      const step = current ? Math.min(Math.max(0, s.t), p.length - 1) : 0;
      // A row of a run's path never changes once written (a newer run has another p.run), so the step and
      // the run id say which point this is: a chunk that adds later rows does not recompute it.
      const key = `${run}|${step}|${current ? p.run : -1}`;
      if (last && last.e === e && last.key === key) return hold(last.view, e, run);
      const theta = current ? [p.params[2 * step]!, p.params[2 * step + 1]!] : [e.start[0], e.start[1]];
      let view: TheoryView | null = null;
      if (theta.every(Number.isFinite)) {
        try {
          const theory = theoryAt({ problem: problem(e), theta, run: e.runs[run], globals: e });
          if (!usable(theory)) throw new Error('not finite');
          const spec = e.runs[run]!;
          const rates = ownRates(spec, e);
          view = {
            run,
            optimizer: spec.optimizer,
            step,
            theory,
            exact: getPlane(e.problem).quadratic === true && rates.modified === null,
            pending: !current,
            ...rates,
          };
        } catch {
          // Nothing the panel can show (theoryAt refuses the point): no panel rather than a broken page.
          view = null;
        }
      }
      last = { key, e, view };
      return hold(view, e, run);
    },
  };
}
