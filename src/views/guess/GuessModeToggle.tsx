import { useApp, useServices } from '../AppContext';

/** The guess-mode switch of the plane lab (link `guess=1`): while on, a press on the views adds a guess. */
export function GuessModeToggle() {
  const { store } = useServices();
  const on = useApp((s) => s.guess);
  const count = useApp((s) => s.guesses.length);
  return (
    // Short, and as long on as off (only the count grows): a label that grew with the mode pushed the step bar
    // beside it onto a second line. What a press does is in its title and in the guess table's hint.
    <label className="guess-toggle" title="When on, a press on the contours or the 3D view adds a guess instead of moving the start; the guesses are in the table below">
      <input type="checkbox" checked={on} onChange={(e) => store.getState().setGuessMode(e.currentTarget.checked)} />
      Guess mode{count > 0 ? ` · ${count} guess${count === 1 ? '' : 'es'}` : ''}
    </label>
  );
}
