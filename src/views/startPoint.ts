import type { Live } from '../bridge/live';
import type { AppState } from '../state/store';

/**
 * Where the paths start, in surface coordinates: the sigmoid lab's (w, b) start, or for the MLP (whose
 * start is the seeded θ₀) the first row of the first path, projected onto the slice; null while
 * no row has arrived.
 */
export function startPoint(st: AppState, live: Live): readonly [number, number] | null {
  const e = st.experiment;
  if (e.problem !== 'mlp') return e.start;
  for (let i = 0; i < e.runs.length; i++) {
    const p = live.paths[i];
    if (p && p.length > 0) return [p.params[0]!, p.params[1]!];
  }
  return null;
}

/** True when the user may move the start (the sigmoid lab; an MLP starts at its seeded θ₀). */
export const startIsMovable = (st: AppState): boolean => st.experiment.problem !== 'mlp';
