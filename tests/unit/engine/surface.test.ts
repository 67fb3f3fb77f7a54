import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import fc from 'fast-check';
import { axisPlane, FLOAT32_MAX, sampleSurface, sampleSurfaceCells, storedLoss, type Plane } from '../../../src/engine/surface';

/** L(θ) = θ₀ + 10·θ₁: every lattice value tells which (a, b) it came from. */
const probe: Problem = {
  paramCount: 2,
  loss: (t) => t[0]! + 10 * t[1]!,
  lossAndGrad: (t, g) => {
    g[0] = 1;
    g[1] = 10;
    return t[0]! + 10 * t[1]!;
  },
};

/** A problem that returns whatever `f(w, b)` says, hostile values included. */
function lossOf(f: (w: number, b: number) => number): Problem {
  return {
    paramCount: 2,
    loss: (t) => f(t[0]!, t[1]!),
    lossAndGrad: (t, g) => {
      g.fill(0);
      return f(t[0]!, t[1]!);
    },
  };
}

describe('sampleSurface', () => {
  it('is row-major: row j holds b_j and column i holds a_i, spanning the plane edge to edge', () => {
    // a ∈ [−2, 2] in steps of 1, b ∈ [−3, 3] in steps of 2: all values exact in float32.
    const g = sampleSurface(probe, axisPlane(-2, 2, -3, 3), 5, 4);
    expect(g.nx).toBe(5);
    expect(g.ny).toBe(4);
    expect(g.values).toHaveLength(20);
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 5; i++) expect(g.values[j * 5 + i]).toBe(-2 + i + 10 * (-3 + 2 * j));
    }
  });

  it('equals the sigmoid loss at the corners and the centre of the lecture window', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    const n = 65; // (6 − (−6)) / 64 = 0.1875 is exact, so lattice points are exactly the corners and centre
    const g = sampleSurface(problem, axisPlane(-6, 6, -6, 6), n, n);
    const L = (w: number, b: number) => Math.fround(problem.loss(Float64Array.of(w, b)));
    expect(g.values[0]).toBe(L(-6, -6));
    expect(g.values[n - 1]).toBe(L(6, -6));
    expect(g.values[(n - 1) * n]).toBe(L(-6, 6));
    expect(g.values[n * n - 1]).toBe(L(6, 6));
    expect(g.values[32 * n + 32]).toBe(L(0, 0));
    expect(g.values[32 * n + 40]).toBe(L(8 * 0.1875, 0));
    expect(g.values[40 * n + 32]).toBe(L(0, 8 * 0.1875));
  });

  it('reports min and max equal to the smallest and largest values stored in the grid', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    const g = sampleSurface(problem, axisPlane(-6, 6, -6, 6), 33, 17);
    let min = Infinity;
    let max = -Infinity;
    for (const v of g.values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(g.min).toBe(min);
    expect(g.max).toBe(max);
  });

  it('clamps NaN, ±Infinity and values beyond float32 to ±FLOAT32_MAX so the grid is always finite', () => {
    const hostile = lossOf((w, b) => {
      if (w < -1) return NaN;
      if (w < 0) return Infinity;
      if (w < 1) return b < 0 ? -Infinity : 1e300;
      return -1e300;
    });
    const g = sampleSurface(hostile, axisPlane(-2, 2, -1, 1), 9, 3);
    expect(g.values.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(g.min)).toBe(true);
    expect(Number.isFinite(g.max)).toBe(true);
    for (let j = 0; j < 3; j++) {
      const b = -1 + j;
      for (let i = 0; i < 9; i++) {
        const w = -2 + i * 0.5;
        const v = g.values[j * 9 + i];
        if (w < 0 || (w < 1 && b >= 0)) expect(v).toBe(Math.fround(FLOAT32_MAX));
        else expect(v).toBe(-Math.fround(FLOAT32_MAX));
      }
    }
    expect(g.max).toBe(FLOAT32_MAX);
    expect(g.min).toBe(-FLOAT32_MAX);
  });

  it('treats FLOAT32_MAX as the largest finite float32', () => {
    expect(Math.fround(FLOAT32_MAX)).toBe(FLOAT32_MAX);
    expect(Math.fround(FLOAT32_MAX * (1 + 2 ** -23))).toBe(Infinity);
  });

  it('keeps sigmoid losses finite on a window far into saturation', () => {
    const g = sampleSurface(createSigmoidNeuron(LECTURE_DATA), axisPlane(-1000, 1000, -1000, 1000), 16, 16);
    expect(g.values.every(Number.isFinite)).toBe(true);
  });

  it('samples θ = origin + a·u + b·v on a plane through a higher-dimensional space', () => {
    const seen: number[][] = [];
    const three: Problem = {
      paramCount: 3,
      loss: (t) => {
        seen.push(Array.from(t));
        return 0;
      },
      lossAndGrad: () => 0,
    };
    const plane: Plane = {
      origin: Float64Array.of(1, 2, 3),
      u: Float64Array.of(1, 0, 1),
      v: Float64Array.of(0, 2, 0),
      aMin: 0,
      aMax: 1,
      bMin: -1,
      bMax: 1,
    };
    sampleSurface(three, plane, 2, 2);
    expect(seen).toEqual([
      [1, 0, 3],
      [2, 0, 4],
      [1, 4, 3],
      [2, 4, 4],
    ]);
  });

  it('writes into a passed buffer of the right length and allocates when the length differs', () => {
    const reuse = new Float32Array(16);
    expect(sampleSurface(probe, axisPlane(0, 1, 0, 1), 4, 4, reuse).values).toBe(reuse);
    const wrong = new Float32Array(10);
    const g = sampleSurface(probe, axisPlane(0, 1, 0, 1), 4, 4, wrong);
    expect(g.values).not.toBe(wrong);
    expect(g.values).toHaveLength(16);
  });

  it('throws an engine error for a grid smaller than 2×2 or not whole', () => {
    expect(() => sampleSurface(probe, axisPlane(0, 1, 0, 1), 1, 4)).toThrow(/^engine: /);
    expect(() => sampleSurface(probe, axisPlane(0, 1, 0, 1), 4, 2.5)).toThrow(/^engine: /);
    expect(() => sampleSurface(probe, axisPlane(0, 1, 0, 1), NaN, 4)).toThrow(/^engine: /);
  });
});

describe('axisPlane', () => {
  it('maps (a, b) to (w, b) over the given window', () => {
    const p = axisPlane(-1, 2, -3, 4);
    expect(Array.from(p.origin)).toEqual([0, 0]);
    expect(Array.from(p.u)).toEqual([1, 0]);
    expect(Array.from(p.v)).toEqual([0, 1]);
    expect([p.aMin, p.aMax, p.bMin, p.bMax]).toEqual([-1, 2, -3, 4]);
  });
});

describe('sampleSurfaceCells', () => {
  it('gives any band of cells (partial rows included) bit for bit as sampleSurface has them', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    const plane = axisPlane(-6, 6, -6, 6);
    const whole = sampleSurface(problem, plane, 13, 7);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 91 }), (a, len) => {
        const from = Math.min(a, 90);
        const to = Math.min(91, from + len);
        const band = sampleSurfaceCells(problem, plane, 13, 7, from, to);
        expect(Array.from(band.values)).toEqual(Array.from(whole.values.subarray(from, to)));
        expect(band.min).toBe(Math.min(...band.values));
        expect(band.max).toBe(Math.max(...band.values));
      }),
    );
    expect(() => sampleSurfaceCells(problem, plane, 13, 7, 5, 5)).toThrow(/cell band \[5, 5\)/);
    expect(() => sampleSurfaceCells(problem, plane, 13, 7, 0, 92)).toThrow(/not inside 0 … 91/);
  });

  it('stores losses as finite float32: NaN and +∞ as the largest float32, −∞ as its negative', () => {
    expect([NaN, Infinity, -Infinity, 1e300, -1e300, 0.25].map(storedLoss)).toEqual([FLOAT32_MAX, FLOAT32_MAX, -FLOAT32_MAX, FLOAT32_MAX, -FLOAT32_MAX, 0.25]);
  });
});
