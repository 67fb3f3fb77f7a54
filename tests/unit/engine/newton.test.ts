import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { quadratic, quadraticForm, rowAt, run, steps, withoutHessian } from '../support/problems';

/** L = θ⁴/4 in one dimension: g = θ³, H = 3θ², so Newton's step is θ − θ³/(3θ²) = (2/3)θ. */
const quartic: Problem = {
  paramCount: 1,
  loss: (t) => t[0]! ** 4 / 4,
  lossAndGrad(t, g) {
    g[0] = t[0]! ** 3;
    return t[0]! ** 4 / 4;
  },
  hessian(t, out) {
    out[0] = 3 * t[0]! ** 2;
  },
};

/** A random symmetric 2×2 or 3×3 matrix with chosen eigenvalues, from a rotation by Euler angles. */
function withEigenvalues(eigs: readonly number[], angles: readonly number[]): number[][] {
  const n = eigs.length;
  // Q = product of Givens rotations in the (0,1), (0,2), (1,2) planes.
  let Q: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const planes: [number, number][] = n === 2 ? [[0, 1]] : [[0, 1], [0, 2], [1, 2]];
  planes.forEach(([p, q], k) => {
    const c = Math.cos(angles[k]!);
    const s = Math.sin(angles[k]!);
    Q = Q.map((row) => {
      const r = row.slice();
      r[p] = c * row[p]! - s * row[q]!;
      r[q] = s * row[p]! + c * row[q]!;
      return r;
    });
  });
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => eigs.reduce((s, l, k) => s + Q[i]![k]! * l * Q[j]![k]!, 0)));
}

const coord = fc.double({ min: -3, max: 3, noNaN: true });

describe('newton', () => {
  it('takes the hand-computed first step θ₁ = θ₀ − η·H⁻¹∇L on a quadratic (2×2 inverse by hand)', () => {
    // A = [[2, 1], [1, 3]], det 5, A⁻¹ = [[3, −1], [−1, 2]]/5; θ₀ − m = (1, −2): g = (0, −5), A⁻¹g = (1, −2).
    const { thetas, losses, flags } = steps('newton', quadraticForm([[2, 1], [1, 3]], [0.5, 0.25]), [1.5, -1.75], { eta: 0.5 }, 1);
    expect(thetas[0]![0]).toBeCloseTo(1.5 - 0.5 * 1, 14);
    expect(thetas[0]![1]).toBeCloseTo(-1.75 - 0.5 * -2, 14);
    expect(losses[0]).toBeCloseTo(0.5 * (1 * 0 + -2 * -5), 14);
    expect(flags[0]).toEqual({ stop: null, indefinite: false });
  });

  it('takes η = 1 by default, not the link\'s global η', () => {
    const { thetas } = steps('newton', quadraticForm([[2, 1], [1, 3]], [0.5, 0.25]), [1.5, -1.75], {}, 1, { eta: 0.01, gamma: 0.9 });
    expect(thetas[0]![0]).toBeCloseTo(0.5, 14);
    expect(thetas[0]![1]).toBeCloseTo(0.25, 14);
  });

  it('follows θ_k = (2/3)^k θ₀ on L = θ⁴/4, where H = 3θ²', () => {
    const { thetas } = steps('newton', quartic, [1.5], {}, 20);
    thetas.forEach((t, k) => expect(t[0]).toBeCloseTo((2 / 3) ** (k + 1) * 1.5, 13));
  });

  it('takes the hand-computed first step on the lecture sigmoid neuron, with its exact Hessian', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    // H by the lecture's formula: cᵢ = σ'ᵢ² + (fᵢ − yᵢ)σ'ᵢ(1 − 2fᵢ), H = Σ cᵢ [[xᵢ², xᵢ], [xᵢ, 1]].
    const [w, b] = [0.5, 0];
    let [gw, gb, hww, hwb, hbb] = [0, 0, 0, 0, 0];
    for (const { x, y } of LECTURE_DATA) {
      const f = 1 / (1 + Math.exp(-(w * x + b)));
      const s1 = f * (1 - f);
      const c = s1 * s1 + (f - y) * s1 * (1 - 2 * f);
      gw += (f - y) * s1 * x;
      gb += (f - y) * s1;
      hww += c * x * x;
      hwb += c * x;
      hbb += c;
    }
    const det = hww * hbb - hwb * hwb;
    const dw = (hbb * gw - hwb * gb) / det;
    const db = (-hwb * gw + hww * gb) / det;
    const { thetas } = steps('newton', p, [w, b], {}, 1);
    expect(thetas[0]![0]).toBeCloseTo(w - dw, 12);
    expect(thetas[0]![1]).toBeCloseTo(b - db, 12);
  });

  it('uses the problem\'s exact Hessian when it has one', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    let hessians = 0;
    const counted: Problem = { ...p, loss: p.loss, lossAndGrad: p.lossAndGrad, hessian: (t, out) => (hessians++, p.hessian!(t, out)) };
    run(counted, 'newton', [0.5, 0], 5);
    expect(hessians).toBe(5);
  });

  it('reaches the minimum of a positive definite quadratic in one step, and then converges', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2, 3),
        fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: Math.PI, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(coord, { minLength: 3, maxLength: 3 }),
        fc.array(coord, { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        (n, eigs, angles, m, start, exact) => {
          const q = quadraticForm(withEigenvalues(eigs.slice(0, n), angles), m.slice(0, n));
          const problem = exact ? q : withoutHessian(q);
          const { trajectory: t, status, notes } = run(problem, 'newton', start.slice(0, n), 3);
          const scale = 1 + Math.max(...start.map(Math.abs), ...m.map(Math.abs));
          rowAt(t, 1).forEach((v, i) => expect(Math.abs(v - m[i]!)).toBeLessThan((exact ? 1e-12 : 1e-8) * scale * 400));
          // Settled from step 1 on (from step 0 when θ₀ was already within the settle test's tolerances of m).
          expect(status).toEqual({ kind: 'converged', step: Math.hypot(...start.slice(0, n).map((v, i) => v - m[i]!)) > 1e-3 ? 1 : expect.any(Number) });
          expect(notes.indefiniteFrom).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reaches the saddle of an indefinite quadratic in one step, notes it from step 0 and settles there as a saddle', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        fc.tuple(coord, coord),
        fc.tuple(coord, coord),
        (a, c, angle, m, start) => {
          const problem = quadraticForm(withEigenvalues([a, -c], [angle]), m);
          const { trajectory: t, status, notes } = run(problem, 'newton', start, 3);
          rowAt(t, 1).forEach((v, i) => expect(Math.abs(v - m[i]!)).toBeLessThan(1e-10));
          expect(notes.indefiniteFrom).toBe(0);
          expect(status.kind).toBe('saddle');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('heads for the maximum of a negative definite quadratic (notes the indefinite Hessian from step 0)', () => {
    const { trajectory: t, notes } = run(quadraticForm([[-2, 0.5], [0.5, -1]], [1, 2]), 'newton', [3, -1], 1);
    expect(rowAt(t, 1)[0]).toBeCloseTo(1, 12);
    expect(rowAt(t, 1)[1]).toBeCloseTo(2, 12);
    expect(notes.indefiniteFrom).toBe(0);
  });

  it('records the first step whose Hessian is not positive definite, not a later one', () => {
    // L = θ⁴/4 − θ²/2: H = 3θ² − 1 > 0 for |θ| > 1/√3. From θ₀ = 2 Newton moves toward the minimum at 1,
    // staying where H > 0; from θ₀ = 0.5, H(0.5) = −0.25 < 0 at step 0.
    const p: Problem = {
      paramCount: 1,
      loss: (t) => t[0]! ** 4 / 4 - t[0]! ** 2 / 2,
      lossAndGrad(t, g) {
        g[0] = t[0]! ** 3 - t[0]!;
        return t[0]! ** 4 / 4 - t[0]! ** 2 / 2;
      },
      hessian(t, out) {
        out[0] = 3 * t[0]! ** 2 - 1;
      },
    };
    expect(run(p, 'newton', [2], 20).notes.indefiniteFrom).toBeNull();
    expect(run(p, 'newton', [0.5], 20).notes.indefiniteFrom).toBe(0);
    // From θ₀ = 0.8 with η = 0.1: g(0.8) = −0.288 < 0 and H(0.8) = 0.92 > 0, so each step goes up toward the
    // minimum at 1 and H stays positive: never noted. From θ₀ = −0.5 (H = −0.25) it is noted at once.
    expect(run(p, 'newton', [0.8], 50, { eta: 0.1 }).notes.indefiniteFrom).toBeNull();
    expect(run(p, 'newton', [-0.5], 50, { eta: 0.1 }).notes.indefiniteFrom).toBe(0);
    // In general: the first k where H(θ_k) = 3θ_k² − 1 ≤ 0 along θ_{k+1} = θ_k − η(θ_k³ − θ_k)/(3θ_k² − 1).
    const laterOnes: number[] = [];
    for (const [theta0, eta] of [[2, 1.9], [1.2, 3], [0.9, 3], [0.7, 3], [-3, 1.7]] as const) {
      let theta = theta0;
      let expected: number | null = null;
      for (let k = 0; k < 30 && expected === null; k++) {
        const h = 3 * theta * theta - 1;
        if (!(h > 0)) expected = k;
        theta -= (eta * (theta ** 3 - theta)) / h;
      }
      expect(run(p, 'newton', [theta0], 30, { eta }).notes.indefiniteFrom, `θ₀ = ${theta0}, η = ${eta}`).toBe(expected);
      if (expected !== null && expected > 0) laterOnes.push(expected);
    }
    expect(laterOnes.length).toBeGreaterThan(0);
  });

  it('stops with "hessian-singular" at step 0 on L = ½w² in two dimensions (flat in b), keeping θ₀ and its loss', () => {
    for (const problem of [quadratic([1, 0], { hessian: true }), quadratic([1, 0])]) {
      const { trajectory: t, status, notes } = run(problem, 'newton', [2, 3], 10);
      expect(status).toEqual({ kind: 'stopped', step: 0, reason: 'hessian-singular' });
      expect(t.length).toBe(1);
      expect(rowAt(t, 0)).toEqual([2, 3]);
      expect(t.loss[0]).toBe(2);
      expect(notes.indefiniteFrom).toBeNull();
    }
  });

  it('stops with "hessian-singular" on a constant loss', () => {
    const constant: Problem = { paramCount: 2, loss: () => 3, lossAndGrad: (_t, g) => (g.fill(0), 3) };
    expect(run(constant, 'newton', [1, 1], 5).status).toEqual({ kind: 'stopped', step: 0, reason: 'hessian-singular' });
  });

  it('stops at the step where the Hessian turns singular, with the rows up to that iterate', () => {
    // L = ½θ² for θ > 1 and θ − ½ beyond (linear, H = 0) below 1 … written as: H = 1 for θ > 1, else 0.
    const p: Problem = {
      paramCount: 1,
      loss: (t) => (t[0]! > 1 ? 0.5 * t[0]! ** 2 : t[0]! - 0.5),
      lossAndGrad(t, g) {
        g[0] = t[0]! > 1 ? t[0]! : 1;
        return t[0]! > 1 ? 0.5 * t[0]! ** 2 : t[0]! - 0.5;
      },
      hessian(t, out) {
        out[0] = t[0]! > 1 ? 1 : 0;
      },
    };
    // η = 0.5 from θ₀ = 4: θ_k = 4·2^−k; θ₂ = 1 is the first iterate with H = 0.
    const { trajectory: t, status } = run(p, 'newton', [4], 10, { eta: 0.5 });
    expect(status).toEqual({ kind: 'stopped', step: 2, reason: 'hessian-singular' });
    expect(t.length).toBe(3);
    expect(Array.from(t.params.subarray(0, 3))).toEqual([4, 2, 1]);
    expect(t.loss[2]).toBe(0.5);
  });

  it('follows the schedule: with decay inv, θ_{k+1} = θ_k·(1 − 1/(3(k+1))) on L = θ⁴/4', () => {
    const { trajectory: t } = run(quartic, 'newton', [1.5], 10, { decay: 'inv' });
    let expected = 1.5;
    for (let k = 0; k < 10; k++) {
      expect(t.params[k]).toBeCloseTo(expected, 13);
      expected *= 1 - 1 / (3 * (k + 1));
    }
  });
});
