import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSigmoidNeuron, LECTURE_DATA, sigmoid, type DataPoint } from '../../../src/engine/problems/sigmoidNeuron';

/** The lecture's loss written out by hand: Σ ½ (1/(1 + e^−(w·x + b)) − y)². */
function handLoss(data: readonly DataPoint[], w: number, b: number): number {
  return data.reduce((s, { x, y }) => s + 0.5 * (1 / (1 + Math.exp(-(w * x + b))) - y) ** 2, 0);
}

function lossAt(problem: ReturnType<typeof createSigmoidNeuron>, w: number, b: number): number {
  return problem.loss(Float64Array.of(w, b));
}

function gradAt(problem: ReturnType<typeof createSigmoidNeuron>, w: number, b: number): { loss: number; g: Float64Array } {
  const g = new Float64Array(2);
  const loss = problem.lossAndGrad(Float64Array.of(w, b), g);
  return { loss, g };
}

/** Central differences (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h. */
function centralDifference(problem: ReturnType<typeof createSigmoidNeuron>, w: number, b: number, h = 1e-6): [number, number] {
  return [
    (lossAt(problem, w + h, b) - lossAt(problem, w - h, b)) / (2 * h),
    (lossAt(problem, w, b + h) - lossAt(problem, w, b - h)) / (2 * h),
  ];
}

const dataArb = fc.array(
  fc.record({
    x: fc.double({ min: -20, max: 20, noNaN: true }),
    y: fc.double({ min: -1, max: 2, noNaN: true }),
  }),
  { minLength: 1, maxLength: 6 },
);

// The minimum solves σ(0.5w + b) = 0.2 and σ(2.5w + b) = 0.9, i.e. 0.5w + b = logit(0.2), 2.5w + b = logit(0.9).
const logit = (p: number) => Math.log(p / (1 - p));
const W_STAR = (logit(0.9) - logit(0.2)) / 2;
const B_STAR = logit(0.2) - 0.5 * W_STAR;

describe('sigmoid', () => {
  it('is one half at zero and symmetric: σ(z) + σ(−z) = 1', () => {
    expect(sigmoid(0)).toBe(0.5);
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) => {
        expect(sigmoid(z) + sigmoid(-z)).toBeCloseTo(1, 14);
      }),
    );
  });

  it('matches 1 / (1 + e^−z) where that formula does not overflow', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => {
        expect(sigmoid(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 14);
      }),
    );
  });

  it('saturates to exactly 1 and 0 at ±1000 instead of producing NaN', () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(Number.MAX_VALUE)).toBe(1);
    expect(sigmoid(-Number.MAX_VALUE)).toBe(0);
  });
});

describe('createSigmoidNeuron', () => {
  const problem = createSigmoidNeuron(LECTURE_DATA);

  it('has two parameters, w and b', () => {
    expect(problem.paramCount).toBe(2);
  });

  it('uses the lecture data (0.5, 0.2) and (2.5, 0.9) by default', () => {
    expect(LECTURE_DATA).toEqual([
      { x: 0.5, y: 0.2 },
      { x: 2.5, y: 0.9 },
    ]);
  });

  it("reproduces the lecture's guess table to four decimals", () => {
    const table: [number, number, number][] = [
      [0.5, 0, 0.0731],
      [-0.1, 0, 0.1481],
      [0.94, -0.94, 0.0217],
      [1.42, -1.73, 0.0029],
    ];
    for (const [w, b, L] of table) {
      expect(lossAt(problem, w, b)).toBeCloseTo(L, 4);
      expect(lossAt(problem, w, b)).toBeCloseTo(handLoss(LECTURE_DATA, w, b), 14);
    }
  });

  it('has its minimum L = 0 at w ≈ 1.7918, b ≈ −2.2822 where the gradient vanishes', () => {
    expect(W_STAR).toBeCloseTo(1.7918, 4);
    expect(B_STAR).toBeCloseTo(-2.2822, 4);
    const { loss, g } = gradAt(problem, W_STAR, B_STAR);
    expect(loss).toBeLessThan(1e-25);
    expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1e-12);
    for (const [dw, db] of [
      [0.01, 0],
      [-0.01, 0],
      [0, 0.01],
      [0, -0.01],
    ] as const) {
      expect(lossAt(problem, W_STAR + dw, B_STAR + db)).toBeGreaterThan(loss);
    }
  });

  it('matches the hand-written loss formula on random data and parameters', () => {
    fc.assert(
      fc.property(dataArb, fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (data, w, b) => {
        const p = createSigmoidNeuron(data);
        expect(lossAt(p, w, b)).toBeCloseTo(handLoss(data, w, b), 12);
        expect(lossAt(p, w, b)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('returns the same loss from lossAndGrad as from loss', () => {
    fc.assert(
      fc.property(dataArb, fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), (data, w, b) => {
        const p = createSigmoidNeuron(data);
        expect(gradAt(p, w, b).loss).toBe(lossAt(p, w, b));
      }),
    );
  });

  it('has a gradient that agrees with central finite differences at random θ', () => {
    fc.assert(
      fc.property(dataArb, fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: -6, max: 6, noNaN: true }), (data, w, b) => {
        const p = createSigmoidNeuron(data);
        const { g } = gradAt(p, w, b);
        const [fw, fb] = centralDifference(p, w, b);
        expect(Math.abs(g[0]! - fw)).toBeLessThan(1e-6 * (1 + Math.abs(fw)));
        expect(Math.abs(g[1]! - fb)).toBeLessThan(1e-6 * (1 + Math.abs(fb)));
      }),
    );
  });

  it('has a gradient that agrees with central finite differences on the lecture data', () => {
    for (const [w, b] of [
      [-2, -2],
      [0.5, 0],
      [3, 1],
      [W_STAR, B_STAR],
    ] as const) {
      const { g } = gradAt(problem, w, b);
      const [fw, fb] = centralDifference(problem, w, b);
      expect(g[0]).toBeCloseTo(fw, 8);
      expect(g[1]).toBeCloseTo(fb, 8);
    }
  });

  it('keeps loss and gradient finite and correct on saturated inputs like w = ±500', () => {
    fc.assert(
      fc.property(
        dataArb,
        fc.constantFrom(-500, 500, -1e4, 1e4),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (data, w, b) => {
          const p = createSigmoidNeuron(data);
          const { loss, g } = gradAt(p, w, b);
          expect(Number.isFinite(loss)).toBe(true);
          expect(Number.isFinite(g[0]!)).toBe(true);
          expect(Number.isFinite(g[1]!)).toBe(true);
          // In saturation σ is 0 or 1 to within rounding, so each term is ½y² or ½(1 − y)².
          expect(loss).toBeCloseTo(handLossSaturated(data, w, b), 6);
        },
      ),
    );
    for (const w of [-500, 500]) {
      for (const b of [-3, 0, 3]) {
        const { g } = gradAt(problem, w, b);
        const [fw, fb] = centralDifference(problem, w, b);
        expect(Math.abs(g[0]! - fw)).toBeLessThan(1e-9);
        expect(Math.abs(g[1]! - fb)).toBeLessThan(1e-9);
      }
    }
  });

  it('throws an engine error when θ does not have two entries', () => {
    expect(() => problem.loss(Float64Array.of(1, 2, 3))).toThrow(/^engine: /);
  });
});

/** ½ (s − y)² summed, with s = 1 when w·x + b > 0 and 0 when < 0 (½ at exactly 0), valid when |w·x + b| ≫ 1. */
function handLossSaturated(data: readonly DataPoint[], w: number, b: number): number {
  return data.reduce((s, { x, y }) => {
    const z = w * x + b;
    if (Math.abs(z) < 40) return s + 0.5 * (1 / (1 + Math.exp(-z)) - y) ** 2;
    return s + 0.5 * ((z > 0 ? 1 : 0) - y) ** 2;
  }, 0);
}
