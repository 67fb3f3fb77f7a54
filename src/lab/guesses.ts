import type { Problem } from '../engine/problem';
import type { Guess } from '../protocol/experiment';

/** One row of the guess table: its number (1-based, in the order tried), the point and its loss. */
export interface GuessRow {
  readonly n: number;
  readonly w: number;
  readonly b: number;
  /** L(w, b) on the surface shown; NaN where the loss is not finite there (the row says so). */
  readonly loss: number;
  /** True on the one row with the lowest finite loss (the first of equals): the best guess so far. */
  readonly best: boolean;
}

/**
 * The guess table of the lecture's first approach, "guess work": each guess's loss, and the best so far
 * (★). A guess whose loss is not finite (a surface that overflows far away) is never the best.
 */
export function guessRows(problem: Problem, guesses: readonly Guess[]): GuessRow[] {
  const theta = new Float64Array(2);
  const losses = guesses.map(([w, b]) => {
    theta[0] = w;
    theta[1] = b;
    const L = problem.loss(theta);
    return Number.isFinite(L) ? L : NaN;
  });
  const best = bestIndex(losses);
  return guesses.map(([w, b], i) => ({ n: i + 1, w, b, loss: losses[i]!, best: i === best }));
}

/** Position of the lowest finite value (the first of equals), −1 when there is none. */
export function bestIndex(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && (best < 0 || v < values[best]!)) best = i;
  }
  return best;
}

/**
 * The guesses of the lecture's table (CS7015, the sigmoid neuron on (0.5, 0.2), (2.5, 0.9)), in the order
 * the lecture tries them, with the losses the slide prints to four decimals.
 */
export const LECTURE_GUESSES: readonly { readonly guess: Guess; readonly slide: number }[] = [
  { guess: [0.5, 0], slide: 0.073 },
  { guess: [-0.1, 0], slide: 0.1481 },
  { guess: [0.94, -0.94], slide: 0.0214 },
  { guess: [1.42, -1.73], slide: 0.0028 },
  { guess: [1.65, -2.08], slide: 0.0003 },
  { guess: [1.78, -2.27], slide: 0 },
];
