import type { Problem } from '../engine/problem';

/** Grid sizes per side that brute force accepts, and the page's default. */
export const BRUTE_N = { min: 2, max: 256, default: 32 } as const;

/** The best cell found so far: its position (row-major, row j = b), its centre and its loss. */
export interface BestCell {
  readonly index: number;
  readonly w: number;
  readonly b: number;
  readonly loss: number;
}

/**
 * Brute force, the lecture's second approach: L at the centre of every cell of an n × n grid over the
 * window [w0, w1] × [b0, b1], one cell at a time in row-major order (row j from b0 up, cell i from w0
 * right), so a view can reveal it as it goes. `values` holds each evaluated cell's loss (NaN where it is
 * not finite, and before it is evaluated); `count` cells are done.
 */
export interface BruteForce {
  readonly n: number;
  readonly range: readonly [number, number, number, number];
  readonly values: Float64Array;
  readonly count: number;
  readonly done: boolean;
  readonly best: BestCell | null;
  /**
   * Evaluates at most `max` more cells, stopping early once `enough()` says so (it is asked after each
   * cell: a frame's time budget); returns how many it evaluated.
   */
  advance(max: number, enough?: () => boolean): number;
}

/** The centre (w, b) of cell `index` (row-major) of an n × n grid over `range`. */
export function cellCentre(range: readonly [number, number, number, number], n: number, index: number): [number, number] {
  const i = index % n;
  const j = Math.floor(index / n);
  const [w0, w1, b0, b1] = range;
  return [w0 + ((i + 0.5) * (w1 - w0)) / n, b0 + ((j + 0.5) * (b1 - b0)) / n];
}

/** Starts a brute-force search of `problem` (a plane problem: θ = [w, b]) on an n × n grid over `range`. */
export function bruteForce(problem: Problem, range: readonly [number, number, number, number], n: number): BruteForce {
  if (!Number.isInteger(n) || n < BRUTE_N.min || n > BRUTE_N.max) throw new Error(`lab: brute force needs n in ${BRUTE_N.min}..${BRUTE_N.max}, got ${n}`);
  if (problem.paramCount !== 2) throw new Error(`lab: brute force searches a plane (2 parameters), got ${problem.paramCount}`);
  const total = n * n;
  const values = new Float64Array(total).fill(NaN);
  const theta = new Float64Array(2);
  const state = {
    n,
    range,
    values,
    count: 0,
    done: false,
    best: null as BestCell | null,
    advance(max: number, enough?: () => boolean): number {
      let k = 0;
      while (state.count < total && k < max) {
        const index = state.count;
        const [w, b] = cellCentre(range, n, index);
        theta[0] = w;
        theta[1] = b;
        const L = problem.loss(theta);
        values[index] = Number.isFinite(L) ? L : NaN;
        if (Number.isFinite(L) && (state.best === null || L < state.best.loss)) state.best = { index, w, b, loss: L };
        state.count++;
        k++;
        if (enough?.()) break;
      }
      state.done = state.count === total;
      return k;
    },
  };
  return state;
}

/**
 * How many cells a frame reveals so that the whole grid takes about `frames` frames (at least one a
 * frame): the animation lasts about as long for n = 8 as for n = 256. The time budget still caps a frame.
 */
export function cellsPerFrame(n: number, frames = 90): number {
  return Math.max(1, Math.ceil((n * n) / frames));
}

/**
 * The number of gradient evaluations a run needed to get at least as low as `target`: the first step k
 * with L(θ_k) ≤ target (step k has used k gradients; 0: the start already was), or null when none of
 * its first `length` losses is.
 */
export function evaluationsToReach(loss: ArrayLike<number>, length: number, target: number): number | null {
  const n = Math.min(length, loss.length);
  for (let k = 0; k < n; k++) if (loss[k]! <= target) return k;
  return null;
}

/**
 * n^P written out for the page: exact below 10¹⁵, else as a power of ten (P log₁₀ n): the evaluations a
 * grid of n values per parameter needs for P parameters.
 */
export function gridEvaluations(n: number, p: number): { exact: bigint | null; log10: number; text: string; mantissa: string; exponent: number } {
  const log10 = p * Math.log10(n);
  if (log10 < 15) {
    const exact = BigInt(n) ** BigInt(p);
    return { exact, log10, text: exact.toLocaleString('en-US'), mantissa: '', exponent: 0 };
  }
  let e = Math.floor(log10);
  let m = Number((10 ** (log10 - e)).toFixed(1));
  // 9.96 rounds to 10.0: say 1.0 × 10^(e+1).
  if (m >= 10) {
    m /= 10;
    e += 1;
  }
  return { exact: null, log10, text: `≈ ${m.toFixed(1)} × 10^${e}`, mantissa: m.toFixed(1), exponent: e };
}
