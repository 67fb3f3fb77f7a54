import { useMemo, useState } from 'react';
import { parseNumber } from '../../url/fields';
import { GUESS_LIMIT, MAX_GUESSES } from '../../url/guessFields';
import { lossText } from '../colorBar';
import { useApp, useServices } from '../AppContext';
import { addGuessOrSay, guessTableReader } from './guessTable';

const fmt = (v: number) => String(Number(v.toFixed(4)));
/** The loss to four decimals as the lecture's table prints it, in scientific notation below 0.0001. */
export const guessLoss = (L: number) => (!Number.isFinite(L) ? 'not finite' : L >= 1e-4 || L === 0 ? L.toFixed(4) : `${L.toFixed(4)} (${lossText(L)})`);

/**
 * The lecture's first approach, guess work: every guess in the order tried with its loss, the best so far
 * starred; typed guesses (w, b, Add) are read with the link's bounds, a bad number gets a notice.
 */
export function GuessTable() {
  const { store } = useServices();
  const rowsOf = useMemo(() => guessTableReader(), []);
  const rows = useApp(rowsOf);
  const guessMode = useApp((s) => s.guess);
  const [w, setW] = useState('');
  const [b, setB] = useState('');
  const add = () => {
    const pw = parseNumber(w, -GUESS_LIMIT, GUESS_LIMIT);
    const pb = parseNumber(b, -GUESS_LIMIT, GUESS_LIMIT);
    const st = store.getState();
    if (!pw.ok || !pb.ok) {
      st.notify({ source: 'input', key: 'guesses', message: `guess ${!pw.ok ? `w ${pw.why}` : `b ${(pb as { why: string }).why}`}; the guess was not added` });
      return;
    }
    if (addGuessOrSay(store, pw.value, pb.value)) {
      setW('');
      setB('');
    }
  };
  return (
    <section className="guess-table" aria-label="Guess work">
      <h3>Guess work</h3>
      {rows.length === 0 ? (
        <p className="hint">{guessMode ? 'No guesses yet: press on the contours or the 3D view, or type one below.' : 'No guesses yet: turn on guess mode and press on a plot, or type one below.'}</p>
      ) : (
        <table>
          <caption className="visually-hidden">Guesses in the order tried, with their loss; ★ marks the best so far</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">w</th>
              <th scope="col">b</th>
              <th scope="col">L</th>
              <th scope="col">
                <span className="visually-hidden">Best</span>
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className={r.best ? 'best' : undefined} data-best={r.best ? '1' : undefined}>
                <td>{r.n}</td>
                <td>{fmt(r.w)}</td>
                <td>{fmt(r.b)}</td>
                <td>{guessLoss(r.loss)}</td>
                <td aria-label={r.best ? 'best so far' : undefined}>{r.best ? '★' : ''}</td>
                <td>
                  <button type="button" className="small" aria-label={`Remove guess ${r.n}`} onClick={() => store.getState().removeGuess(i)}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="guess-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          w <input type="text" inputMode="decimal" size={6} value={w} onChange={(e) => setW(e.currentTarget.value)} aria-label="Guess w" />
        </label>
        <label>
          b <input type="text" inputMode="decimal" size={6} value={b} onChange={(e) => setB(e.currentTarget.value)} aria-label="Guess b" />
        </label>
        <button type="submit">Add</button>
        {rows.length > 0 && (
          <button type="button" onClick={() => store.getState().clearGuesses()}>
            Clear
          </button>
        )}
        <span className="hint">
          up to {MAX_GUESSES}; w, b in [−{GUESS_LIMIT}, {GUESS_LIMIT}]
        </span>
      </form>
    </section>
  );
}
