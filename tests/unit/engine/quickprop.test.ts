import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { quadratic, run, steps } from '../support/problems';

/** L = θ⁴/4 in one dimension: g = θ³. */
const quartic: Problem = {
  paramCount: 1,
  loss: (t) => t[0]! ** 4 / 4,
  lossAndGrad(t, g) {
    g[0] = t[0]! ** 3;
    return t[0]! ** 4 / 4;
  },
};

describe('quickprop', () => {
  it('takes a gradient step −η·g₀ at t = 0', () => {
    const { thetas, losses } = steps('quickprop', quadratic([2, 0.5]), [3, -2], { eta: 0.1 }, 1);
    expect(thetas[0]).toEqual([3 - 0.1 * 6, -2 - 0.1 * -1]);
    expect(losses[0]).toBe(0.5 * (2 * 9 + 0.5 * 4));
  });

  it('takes the secant step θ₂ = θ₁ − g₁(θ₁ − θ₀)/(g₁ − g₀) at t = 1 (L = θ⁴/4, η = 0.3)', () => {
    // θ₀ = 1, g₀ = 1; θ₁ = 0.7, g₁ = 0.343; secant change = −0.343·(−0.3)/(0.343 − 1) ≈ −0.1566, within
    // μ·|θ₁ − θ₀| = 0.525, so θ₂ = 0.7 − 0.1029/0.657.
    const { thetas } = steps('quickprop', quartic, [1], { eta: 0.3 }, 2);
    expect(thetas[0]![0]).toBeCloseTo(0.7, 15);
    const t1 = 1 - 0.3;
    const g1 = t1 ** 3;
    expect(thetas[1]![0]).toBeCloseTo(t1 - (g1 * (t1 - 1)) / (g1 - 1), 15);
    expect(thetas[1]![0]).toBeCloseTo(0.7 - 0.1029 / 0.657, 14);
  });

  it('lands on the minimum of an axis-aligned quadratic at step 2, to 1e−12', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.array(fc.double({ min: 0.4, max: 3, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (eta, h, m, start) => {
          // λ_i = h_i/η keeps every secant change |(1 − ηλ)/(ηλ)|·|θ₁ − θ₀| within μ = 1.75 times the last one.
          const n = h.length;
          const center = m.slice(0, n);
          const s = start.slice(0, n);
          fc.pre(s.every((v, i) => Math.abs(v - center[i]!) > 1e-3) && h.every((x) => Math.abs(1 - x) > 1e-6));
          const p = quadratic(h.map((x) => x / eta), { center });
          const { trajectory: t } = run(p, 'quickprop', s, 2, { eta });
          for (let i = 0; i < n; i++) expect(Math.abs(t.params[2 * n + i]! - center[i]!), `θ₂[${i}]`).toBeLessThan(1e-12 * (1 + Math.abs(s[i]!) + Math.abs(center[i]!)) * 10);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('limits a secant change longer than μ·|θ_t − θ_{t−1}| to μ·(θ_t − θ_{t−1})', () => {
    // L = θ⁴/4, η = 0.1: θ₁ = 0.9, g₁ = 0.729; the secant change −0.729·(−0.1)/(0.729 − 1) ≈ −0.269 is longer
    // than 1.75·0.1, so the change is 1.75·(0.9 − 1) = −0.175 and θ₂ = 0.725.
    const { thetas } = steps('quickprop', quartic, [1], { eta: 0.1 }, 2);
    expect(thetas[1]![0]).toBeCloseTo(0.9 + 1.75 * (0.9 - 1), 15);
    const other = steps('quickprop', quartic, [1], { eta: 0.1, mu: 3 }, 2);
    // With μ = 3 the limit is 0.3 and the secant change stands.
    const g1 = 0.9 ** 3;
    expect(other.thetas[1]![0]).toBeCloseTo(0.9 - (g1 * (0.9 - 1)) / (g1 - 1), 15);
  });

  it('grows the change by μ per step where the gradient does not change (g_t = g_{t−1}, a linear loss)', () => {
    // L = 2θ: g ≡ 2, θ₁ = θ₀ − 2η, then every change is μ times the last one.
    const linear: Problem = { paramCount: 1, loss: (t) => 2 * t[0]!, lossAndGrad: (t, g) => ((g[0] = 2), 2 * t[0]!) };
    const { thetas } = steps('quickprop', linear, [0], { eta: 0.5, mu: 2 }, 5);
    expect(thetas.map((t) => t[0])).toEqual([-1, -3, -7, -15, -31]);
  });

  it('takes a gradient step for a parameter whose last change was 0', () => {
    // L = ½(w − 1)² + ½(b − w)² from (0, 0), η = 0.5: g₀ = (−1, 0), so θ₁ = (0.5, 0) and b's last change is 0.
    // g₁ = (−0.5 + 0.5, 0 − 0.5) = (0, −0.5): w's secant change is 0; b takes −η·g = 0.25.
    const p: Problem = {
      paramCount: 2,
      loss: (t) => 0.5 * (t[0]! - 1) ** 2 + 0.5 * (t[1]! - t[0]!) ** 2,
      lossAndGrad(t, g) {
        g[0] = t[0]! - 1 - (t[1]! - t[0]!);
        g[1] = t[1]! - t[0]!;
        return 0.5 * (t[0]! - 1) ** 2 + 0.5 * (t[1]! - t[0]!) ** 2;
      },
    };
    const { thetas } = steps('quickprop', p, [0, 0], { eta: 0.5 }, 2);
    expect(thetas).toEqual([[0.5, 0], [0.5, 0.25]]);
  });
});
