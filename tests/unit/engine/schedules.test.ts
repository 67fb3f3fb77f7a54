import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createSchedule, DECAYS, STEP_IMPROVEMENT } from '../../../src/engine/schedules';
import { quadratic, run } from '../support/problems';

const etas = (s: ReturnType<typeof createSchedule>, losses: readonly number[]) => losses.map((L, k) => s.etaAt(k, L));
const eta = fc.double({ min: 1e-4, max: 1000, noNaN: true });

/** The step rule written out from its definition, with the whole loss history (O(k·p) per step). */
function stepRuleByDefinition(eta0: number, alpha: number, p: number, losses: readonly number[]): number[] {
  let e = eta0;
  let kLast = 0;
  return losses.map((_, k) => {
    if (k >= p && k - kLast >= p) {
      const recent = Math.min(...losses.slice(k - p + 1, k + 1));
      const before = Math.min(...losses.slice(0, k - p + 1));
      if (recent > (1 - 1e-3) * before) {
        e *= alpha;
        kLast = k;
      }
    }
    return e;
  });
}

describe('learning-rate schedules', () => {
  it('lists none, inv, inv2, exp and step', () => {
    expect([...DECAYS]).toEqual(['none', 'inv', 'inv2', 'exp', 'step']);
    expect(STEP_IMPROVEMENT).toBe(1e-3);
  });

  it('none keeps η; inv gives η/(k+1); inv2 η/(k+1)²; exp η·e^(−βk)', () => {
    fc.assert(
      fc.property(eta, fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 10, noNaN: true }), (e, k, beta) => {
        const at = (decay: string) => {
          const s = createSchedule({ eta: e, decay, beta, drop: 0.1, patience: 50 });
          expect(s.needsLoss).toBe(false);
          let v = NaN;
          for (let j = 0; j <= Math.min(k, 3); j++) v = s.etaAt(j, NaN);
          return k <= 3 ? v : s.etaAt(k, NaN);
        };
        expect(at('none')).toBe(e);
        expect(at('inv')).toBeCloseTo(e / (k + 1), 12);
        expect(Math.abs(at('inv2') - e / (k + 1) ** 2)).toBeLessThanOrEqual(1e-15 * e);
        expect(Math.abs(at('exp') - e * Math.exp(-beta * k))).toBeLessThanOrEqual(1e-15 * e);
      }),
      { numRuns: 500 },
    );
  });

  it('exp with β = 0 is constant, and the first step of every closed form uses η itself', () => {
    expect(etas(createSchedule({ eta: 0.7, decay: 'exp', beta: 0 }), [1, 1, 1])).toEqual([0.7, 0.7, 0.7]);
    for (const decay of ['none', 'inv', 'inv2', 'exp']) expect(createSchedule({ eta: 0.7, decay, beta: 0.5 }).etaAt(0, NaN)).toBe(0.7);
    expect(createSchedule({ eta: 0.7 }).etaAt(5, NaN)).toBe(0.7);
  });

  it('step multiplies η by α exactly when the last p losses stop improving on the earlier ones, and not again within p steps', () => {
    // p = 3, α = 0.5: L = 10, 9, 8, 7, then flat at 7.
    // k = 3: min(L1..3) = 7 vs 0.999·min(L0) = 9.99, improving. k = 4: 7 vs 0.999·9; k = 5: 7 vs 0.999·8.
    // k = 6: min(L4..6) = 7 > 0.999·min(L0..3) = 6.993: η ← η/2, k_last = 6. k = 7, 8: within p of k_last.
    // k = 9: fires again (7 > 6.993), η ← η/4; k = 12: η/8.
    const losses = [10, 9, 8, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7];
    const got = etas(createSchedule({ eta: 1, decay: 'step', drop: 0.5, patience: 3 }), losses);
    expect(got).toEqual([1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]);
  });

  it('step does not fire while the loss keeps improving by more than 0.1 % per window, and fires once it does not', () => {
    // Improvement by a factor 0.998 per step: over a window of p = 2 the best is 0.998² of the old best.
    const improving = Array.from({ length: 40 }, (_, k) => 0.998 ** k);
    expect(etas(createSchedule({ eta: 2, decay: 'step', drop: 0.1, patience: 2 }), improving).every((e) => e === 2)).toBe(true);
    // Improvement by 0.9995 per step is below the bar with p = 1: every step from k = 1 on multiplies η by α.
    const slow = Array.from({ length: 5 }, (_, k) => 0.9995 ** k);
    const got = etas(createSchedule({ eta: 2, decay: 'step', drop: 0.5, patience: 1 }), slow);
    expect(got).toEqual([2, 1, 0.5, 0.25, 0.125]);
  });

  it('step agrees with its definition on random loss sequences, for any patience', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.array(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(1, 2)), { minLength: 0, maxLength: 120 }),
        (p, alpha, losses) => {
          expect(etas(createSchedule({ eta: 1, decay: 'step', drop: alpha, patience: p }), losses)).toEqual(stepRuleByDefinition(1, alpha, p, losses));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('step agrees with its definition over a long run (past the window bookkeeping\'s compaction)', () => {
    // Rising losses keep every index in the window's deque; plateaus and drops in between.
    // With p = 1 and 7 the window slides past more than 1024 rising losses in the first rise (the deque compacts).
    const losses = Array.from({ length: 3000 }, (_, k) => (k % 1500 < 1200 ? 1 + 1e-4 * (k % 1500) : 0.5 - 1e-5 * k));
    for (const p of [1, 7, 1100]) {
      expect(etas(createSchedule({ eta: 1, decay: 'step', drop: 0.5, patience: p }), losses), `p = ${p}`).toEqual(stepRuleByDefinition(1, 0.5, p, losses));
    }
  });

  it('a gd run with decay step reads L(θ_k): on a constant loss η drops by α at k = p, 2p, …', () => {
    // L ≡ 1 with gradient 1: θ_{k+1} − θ_k = −η_k.
    const flat: Problem = { paramCount: 1, loss: () => 1, lossAndGrad: (_t, g) => ((g[0] = 1), 1) };
    const { trajectory: t } = run(flat, 'gd', [0], 12, { eta: 0.5, decay: 'step', drop: 0.5, patience: 4 });
    const moves = Array.from({ length: 12 }, (_, k) => t.params[k]! - t.params[k + 1]!);
    expect(moves).toEqual([0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125]);
  });

  it('a gd run with decay inv, inv2 or exp uses η_k at step k', () => {
    // L = ½θ²: θ_{k+1} = (1 − η_k)θ_k.
    for (const [settings, etaK] of [
      [{ decay: 'inv' }, (k: number) => 0.5 / (k + 1)],
      [{ decay: 'inv2' }, (k: number) => 0.5 / (k + 1) ** 2],
      [{ decay: 'exp', beta: 0.3 }, (k: number) => 0.5 * Math.exp(-0.3 * k)],
    ] as const) {
      const { trajectory: t } = run(quadratic([1]), 'gd', [1], 20, { eta: 0.5, ...settings });
      let expected = 1;
      for (let k = 0; k <= 20; k++) {
        expect(t.params[k], `${settings.decay} θ_${k}`).toBeCloseTo(expected, 14);
        expected *= 1 - etaK(k);
      }
    }
  });

  it('momentum and nesterov runs use η_k in update_t = γ·update_{t−1} + η_k·g', () => {
    // L = ½θ², decay inv, γ = 0.5: u_k = 0.5·u_{k−1} + η/(k+1)·θ_k (Nesterov: gradient at θ_k − γu_{k−1}).
    for (const id of ['momentum', 'nesterov']) {
      const { trajectory: t } = run(quadratic([1]), id, [1], 15, { eta: 0.4, gamma: 0.5, decay: 'inv' });
      let theta = 1;
      let u = 0;
      for (let k = 0; k < 15; k++) {
        expect(t.params[k], `${id} θ_${k}`).toBeCloseTo(theta, 14);
        u = 0.5 * u + (0.4 / (k + 1)) * (id === 'nesterov' ? theta - 0.5 * u : theta);
        theta -= u;
      }
    }
  });
});
