import { useApp, useServices } from '../AppContext';

/** The guess-mode switch of the plane lab (link `guess=1`): while on, a press on the views adds a guess. */
export function GuessModeToggle() {
  const { store } = useServices();
  const on = useApp((s) => s.guess);
  const count = useApp((s) => s.guesses.length);
  return (
    <label className="guess-toggle">
      <input type="checkbox" checked={on} onChange={(e) => store.getState().setGuessMode(e.currentTarget.checked)} />
      Guess mode{on ? ': a press adds a guess' : ''}{count > 0 ? ` (${count}, table below)` : ''}
    </label>
  );
}
