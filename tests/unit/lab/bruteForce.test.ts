import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createPlane, PLANE_PROBLEMS, planeDefaults } from '../../../src/engine/problems/plane/registry';
import { LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { BRUTE_N, bruteForce, cellCentre, cellsPerFrame, evaluationsToReach, gridEvaluations } from '../../../src/lab/bruteForce';

/** A problem that counts its loss evaluations. */
function counting(p: Problem): Problem & { calls: number } {
  const c = {
    paramCount: p.paramCount,
    calls: 0,
    loss: (t: Float64Array) => {
      c.calls++;
      return p.loss(t);
    },
    lossAndGrad: (t: Float64Array, g: Float64Array) => p.lossAndGrad(t, g),
  };
  return c;
}

/** The grid minimum by a plain double loop, apart from the incremental search. */
function directMinimum(p: Problem, range: readonly [number, number, number, number], n: number) {
  let best = { loss: Infinity, w: NaN, b: NaN };
  const [w0, w1, b0, b1] = range;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      // Cell centres, written as the search writes them (so both see the same doubles).
      const w = w0 + ((i + 0.5) * (w1 - w0)) / n;
      const b = b0 + ((j + 0.5) * (b1 - b0)) / n;
      const L = p.loss(Float64Array.of(w, b));
      if (L < best.loss) best = { loss: L, w, b };
    }
  }
  return best;
}

const window = fc
  .tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 30, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 30, noNaN: true }))
  .map(([w, dw, b, db]): [number, number, number, number] => [w, w + dw, b, b + db]);

describe('bruteForce', () => {
  it('finds the same best cell as a direct grid minimum, on every plane surface, for any window and n, however it is split into frames', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLANE_PROBLEMS), window, fc.integer({ min: BRUTE_N.min, max: 40 }), fc.integer({ min: 1, max: 500 }), (m, range, n, chunk) => {
        const p = createPlane(m.id, planeDefaults(m), LECTURE_DATA);
        const run = bruteForce(p, range, n);
        while (!run.done) expect(run.advance(chunk)).toBeGreaterThan(0);
        const direct = directMinimum(p, range, n);
        expect(run.best).not.toBeNull();
        expect(run.best!.loss).toBe(direct.loss);
        expect([run.best!.w, run.best!.b]).toEqual([direct.w, direct.b]);
        expect(cellCentre(range, n, run.best!.index)).toEqual([direct.w, direct.b]);
      }),
      { numRuns: 150 },
    );
  });

  it('evaluates the loss exactly once per cell: n² evaluations in all, counted as it goes', () => {
    for (const n of [2, 7, 32]) {
      const p = counting(createPlane('sigmoid', {}, LECTURE_DATA));
      const run = bruteForce(p, [-6, 6, -6, 6], n);
      expect(run.count).toBe(0);
      expect(run.advance(5)).toBe(Math.min(5, n * n));
      expect(run.count).toBe(Math.min(5, n * n));
      while (!run.done) run.advance(cellsPerFrame(n));
      expect(run.count).toBe(n * n);
      expect(p.calls).toBe(n * n);
      expect(run.advance(10)).toBe(0);
      expect(Array.from(run.values).every(Number.isFinite)).toBe(true);
    }
  });

  it('stops a frame as soon as its budget says enough', () => {
    const run = bruteForce(createPlane('sigmoid', {}, LECTURE_DATA), [-6, 6, -6, 6], 16);
    let asked = 0;
    expect(run.advance(100, () => ++asked >= 3)).toBe(3);
    expect(run.count).toBe(3);
  });

  it('refuses an n outside 2..256 and a problem that is not a plane', () => {
    const p = createPlane('sigmoid', {}, LECTURE_DATA);
    for (const n of [1, 257, 2.5, NaN]) expect(() => bruteForce(p, [-1, 1, -1, 1], n)).toThrow(/lab: brute force/);
    expect(() => bruteForce({ ...p, paramCount: 3 }, [-1, 1, -1, 1], 4)).toThrow(/plane/);
  });

  it('never takes a non-finite cell for the best', () => {
    const p: Problem = { paramCount: 2, loss: (t) => (t[0]! < 0 ? -Infinity : t[0]!), lossAndGrad: () => 0 };
    const run = bruteForce(p, [-1, 1, -1, 1], 4);
    run.advance(16);
    expect(run.best!.loss).toBe(0.25);
    expect(Number.isNaN(run.values[0])).toBe(true);
  });
});

describe('evaluationsToReach', () => {
  it('is the first step whose loss is at most the target, or null', () => {
    const loss = Float64Array.of(5, 3, 2, 2, 1);
    expect(evaluationsToReach(loss, 5, 5)).toBe(0);
    expect(evaluationsToReach(loss, 5, 2)).toBe(2);
    expect(evaluationsToReach(loss, 5, 1.5)).toBe(4);
    expect(evaluationsToReach(loss, 4, 1.5)).toBeNull();
    expect(evaluationsToReach(loss, 5, 0.5)).toBeNull();
  });
});

describe('gridEvaluations and cellsPerFrame', () => {
  it('says n^P exactly while it is small and as a power of ten past it', () => {
    expect(gridEvaluations(32, 2)).toMatchObject({ exact: 1024n, text: '1,024' });
    expect(gridEvaluations(10, 14).text).toBe('100,000,000,000,000');
    expect(gridEvaluations(32, 105).text).toBe('≈ 1.1 × 10^158');
    expect(gridEvaluations(10, 105).text).toBe('≈ 1.0 × 10^105');
  });

  it('reveals about the same number of frames whatever n, at least one cell a frame', () => {
    expect(cellsPerFrame(2)).toBe(1);
    expect(cellsPerFrame(256)).toBe(Math.ceil(65536 / 90));
  });
});
