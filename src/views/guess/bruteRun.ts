import { bruteForce, cellsPerFrame, type BruteForce } from '../../lab/bruteForce';
import { planeProblemCache } from '../../lab/planeProblem';
import type { AppStore } from '../../state/store';

/** The most a frame spends evaluating cells (ms): the page stays responsive while a big grid fills in. */
export const FRAME_BUDGET_MS = 6;

/**
 * The page's brute-force search (one per store): the panel starts it, the contour plot draws its cells,
 * both listen. It runs over requestAnimationFrame, cellsPerFrame cells a frame within FRAME_BUDGET_MS,
 * or all at once under prefers-reduced-motion. A new window, surface or data set ends it (its cells
 * would describe another picture).
 */
export interface BruteRun {
  readonly current: BruteForce | null;
  /** Bumps on every change of `current` or its cells. */
  readonly version: number;
  start(n: number): void;
  stop(): void;
  subscribe(fn: () => void): () => void;
}

const runs = new WeakMap<AppStore, BruteRun>();

/** The brute-force search of this store's page. */
export function bruteRunOf(store: AppStore): BruteRun {
  let r = runs.get(store);
  if (!r) {
    r = createBruteRun(store);
    runs.set(store, r);
  }
  return r;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

function createBruteRun(store: AppStore): BruteRun {
  const listeners = new Set<() => void>();
  const problemOf = planeProblemCache();
  let frame = 0;
  const emit = () => {
    run.version++;
    for (const fn of listeners) fn();
  };
  const tick = () => {
    frame = 0;
    const b = run.current;
    if (!b || b.done) return;
    const t0 = performance.now();
    b.advance(cellsPerFrame(b.n), () => performance.now() - t0 > FRAME_BUDGET_MS);
    emit();
    if (!b.done) frame = requestAnimationFrame(tick);
  };
  const run = {
    current: null as BruteForce | null,
    version: 0,
    start(n: number) {
      const e = store.getState().experiment;
      if (e.problem === 'mlp') return;
      run.stop();
      run.current = bruteForce(problemOf(e), e.range, n);
      if (reducedMotion()) run.current.advance(n * n);
      else frame = requestAnimationFrame(tick);
      emit();
    },
    stop() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      if (run.current) {
        run.current = null;
        emit();
      }
    },
    subscribe(fn: () => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
  // Compared by value: an experiment decoded again from its own link (the URL written back after a scene
  // opened) has new arrays with the same numbers, and must not end a search the user just started.
  store.subscribe((s, p) => {
    const a = s.experiment;
    const b = p.experiment;
    if (a === b) return;
    if (a.problem !== b.problem) return run.stop();
    if (a.problem === 'mlp' || b.problem === 'mlp') return;
    const sameRange = a.range.every((v, i) => v === b.range[i]);
    const sameData = a.data.length === b.data.length && a.data.every((d, i) => d.x === b.data[i]!.x && d.y === b.data[i]!.y);
    if (!sameRange || !sameData || JSON.stringify(a.surface) !== JSON.stringify(b.surface)) run.stop();
  });
  return run;
}
