import { guessRows, type GuessRow } from '../../lab/guesses';
import { planeProblemCache } from '../../lab/planeProblem';
import type { AppState, AppStore } from '../../state/store';
import { MAX_GUESSES } from '../../url/guessFields';

/**
 * The guess table of a state: each guess's loss on the surface shown (empty in the MLP lab). One
 * problem cache per reader, so a new start or η does not rebuild the surface's problem.
 */
const NO_ROWS: GuessRow[] = [];

export function guessTableReader(): (st: Pick<AppState, 'experiment' | 'guesses'>) => GuessRow[] {
  const problemOf = planeProblemCache();
  let last: { problem: unknown; g: unknown; rows: GuessRow[] } | null = null;
  return (st) => {
    const e = st.experiment;
    // One empty list, not a new one per call: a selector must return the same value for the same state.
    if (e.problem === 'mlp' || st.guesses.length === 0) return NO_ROWS;
    // The losses depend on the surface and the data only (the cache keeps its problem while they hold): a
    // new η or start keeps the rows, so the table does not re-render for it.
    const problem = problemOf(e);
    if (last && last.problem === problem && last.g === st.guesses) return last.rows;
    last = { problem, g: st.guesses, rows: guessRows(problem, st.guesses) };
    return last.rows;
  };
}

/** Adds a guess, or says why not (a full table) in a notice on `guesses`. */
export function addGuessOrSay(store: AppStore, w: number, b: number): boolean {
  const st = store.getState();
  if (st.addGuess(w, b)) {
    st.dismissNotices('input');
    return true;
  }
  st.notify({ source: 'input', key: 'guesses', message: `the guess table holds at most ${MAX_GUESSES} guesses; remove one to add another` });
  return false;
}
