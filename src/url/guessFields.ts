import type { Guess } from '../protocol/experiment';
import { bad, clip, ok, parseNumber, type Field } from './fields';

/** At most this many guesses in a link or the table (like MAX_POINTS for data: a hostile link cannot freeze the tab). */
export const MAX_GUESSES = 100;
/** The largest magnitude of a guessed w or b (the start's and the window's bound, PARAM_LIMIT in table.ts). */
export const GUESS_LIMIT = 1000;

/** Guess mode on or off: `guess=1` (written only when on). */
export const guessModeField: Field<boolean> = {
  doc: 'guess mode: a press on the contour plot or the 3D surface adds a guess (w, b) to the guess table instead of moving the start; plane surfaces',
  bounds: '1 (on) or 0 (off; written only when on)',
  fallback: false,
  parse(raw) {
    const s = raw.trim();
    if (s === '1') return ok(true);
    if (s === '0') return ok(false);
    return bad(`"${clip(raw)}" is not 1 or 0`);
  },
  format: (on) => (on ? '1' : '0'),
  omit: (on) => !on,
};

/** Reads one number of a guess, or says which of the guess's numbers was wrong. */
function coordinate(raw: string, i: number, name: 'w' | 'b') {
  const r = parseNumber(raw, -GUESS_LIMIT, GUESS_LIMIT);
  return r.ok ? r : bad<number>(`guess ${i + 1}: ${name} ${r.why}`);
}

/**
 * The guesses of guess mode, in order: `w:b` pairs, comma-separated. Bounded like `data`: at most
 * MAX_GUESSES, each number within ±GUESS_LIMIT; one bad guess refuses the field (a notice names it,
 * and the table starts empty), the other keys keep their values.
 */
export const guessesField: Field<readonly Guess[]> = {
  doc: 'the guesses of the guess table, in order: w:b pairs, comma-separated; plane surfaces',
  bounds: `0 to ${MAX_GUESSES} guesses w:b; w and b in [-${GUESS_LIMIT}, ${GUESS_LIMIT}] (written only when there are some)`,
  fallback: [],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const parts = raw.split(',', MAX_GUESSES + 1);
    if (parts.length > MAX_GUESSES) return bad(`has more than ${MAX_GUESSES} guesses`);
    const out: Guess[] = [];
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i]!;
      const wb = s.split(':', 3);
      if (wb.length !== 2) return bad(`guess ${i + 1} "${clip(s)}" is not w:b`);
      const w = coordinate(wb[0]!, i, 'w');
      if (!w.ok) return w;
      const b = coordinate(wb[1]!, i, 'b');
      if (!b.ok) return b;
      out.push([w.value, b.value]);
    }
    return ok(out);
  },
  format: (gs) => gs.map(([w, b]) => `${w}:${b}`).join(','),
  omit: (gs) => gs.length === 0,
};
