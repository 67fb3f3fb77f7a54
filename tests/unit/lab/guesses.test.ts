import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { createPlane, PLANE_PROBLEMS, planeDefaults } from '../../../src/engine/problems/plane/registry';
import { bestIndex, guessRows, LECTURE_GUESSES } from '../../../src/lab/guesses';

/** The lecture's loss written out on its own (not the engine's code): Σ ½ (σ(w·x + b) − y)². */
const byHand = (w: number, b: number) => LECTURE_DATA.reduce((s, { x, y }) => s + 0.5 * (1 / (1 + Math.exp(-(w * x + b))) - y) ** 2, 0);
const four = (v: number) => v.toFixed(4);

/**
 * Rows where the engine's loss, to four decimals, is not the slide's. Both the engine and the formula
 * written out above give these values for the points as the slide prints them (two decimals); the slide
 * presumably evaluated unrounded guesses. Each is within 0.0005 of the slide.
 */
const SLIDE_DIFFERS = new Map<string, string>([
  ['0.5,0', '0.0731'],
  ['0.94,-0.94', '0.0217'],
  ['1.42,-1.73', '0.0029'],
]);

describe('the lecture guess table', () => {
  const problem = createSigmoidNeuron(LECTURE_DATA);
  const rows = guessRows(problem, LECTURE_GUESSES.map((g) => g.guess));

  it.each(LECTURE_GUESSES.map((g, i) => [i + 1, g] as const))('guess %i: the engine\'s loss rounds to the slide\'s four decimals, or to the documented value where they differ', (n, { guess, slide }) => {
    const row = rows[n - 1]!;
    expect([row.w, row.b]).toEqual(guess);
    expect(row.loss).toBeCloseTo(byHand(guess[0], guess[1]), 14);
    const differs = SLIDE_DIFFERS.get(guess.join(','));
    expect(four(row.loss)).toBe(differs ?? four(slide));
    expect(Math.abs(row.loss - slide)).toBeLessThan(0.0005);
  });

  it('stars the last guess, the lowest, and only it', () => {
    expect(rows.map((r) => r.best)).toEqual([false, false, false, false, false, true]);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('guessRows', () => {
  it('stars the first of equal lowest losses, and none when no loss is finite', () => {
    expect(bestIndex([3, 1, 1, 2])).toBe(1);
    expect(bestIndex([NaN, Infinity])).toBe(-1);
    expect(bestIndex([])).toBe(-1);
  });

  it('marks exactly the row with the lowest loss, on every plane surface, for any guesses', () => {
    const point = fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom(...PLANE_PROBLEMS), fc.array(point, { maxLength: 20 }), (m, gs) => {
        const p = createPlane(m.id, planeDefaults(m), LECTURE_DATA);
        const rows = guessRows(p, gs);
        expect(rows).toHaveLength(gs.length);
        const finite = rows.filter((r) => Number.isFinite(r.loss));
        const stars = rows.filter((r) => r.best);
        expect(stars).toHaveLength(finite.length > 0 ? 1 : 0);
        for (const r of finite) expect(stars[0]!.loss).toBeLessThanOrEqual(r.loss);
      }),
      { numRuns: 200 },
    );
  });
});
