import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { plain, quadratic, quadraticForm, rowAt, run, steps } from '../support/problems';

describe('rprop', () => {
  it('takes the hand-computed first two steps: θ_i − sign(∂L/∂θ_i)·Δ₀, then ×α while the signs hold', () => {
    // L = ½(2θ₀² + 0.5θ₁²) from (3, −2): prevD = (6, −1), Δ = 0.1.
    const p = quadratic([2, 0.5]);
    const { thetas, losses, grads, state } = steps('rprop', p, [3, -2], {}, 2);
    // Step 0: θ = (3 − 0.1, −2 + 0.1) = (2.9, −1.9); D = (5.8, −0.95) keeps both signs, so Δ = 0.1·1.2 = 0.12.
    expect(thetas[0]).toEqual([3 - 0.1, -2 + 0.1]);
    expect(p.calls).toEqual([[3, -2], [3 - 0.1, -2 + 0.1], [3 - 0.1 - 0.12, -2 + 0.1 + 0.12]]);
    // Step 1: θ = (2.9 − 0.12, −1.9 + 0.12) = (2.78, −1.78); Δ = 0.12·1.2 = 0.144.
    expect(thetas[1]).toEqual([3 - 0.1 - 0.1 * 1.2, -2 + 0.1 + 0.1 * 1.2]);
    expect(plain(state.delta)).toEqual([0.1 * 1.2 * 1.2, 0.1 * 1.2 * 1.2]);
    expect(losses[0]).toBe(p.loss(Float64Array.of(3, -2)));
    expect(losses[1]).toBe(p.loss(Float64Array.of(2.9, -1.9)));
    // The gradient a step reports is ∂L at θ_k (the settle test reads it).
    expect(grads[0]).toEqual([6, -1]);
    expect(grads[1]![0]).toBeCloseTo(5.8, 14);
    expect(grads[1]![1]).toBeCloseTo(-0.95, 14);
  });

  it('ignores η: the same path whatever the global or explicit learning rate', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    const a = run(p, 'rprop', [-2, -2], 100, {}, { eta: 0.01, gamma: 0 });
    const b = run(p, 'rprop', [-2, -2], 100, {}, { eta: 100, gamma: 0.9 });
    expect(plain(b.trajectory.params)).toEqual(plain(a.trajectory.params));
  });

  it('with backtrack:reset undoes a step whose derivative changed sign, halves Δ, forgets prevD, and takes the sign afresh', () => {
    // L = ½θ² from θ₀ = 0.25 with Δ₀ = 0.5: step 0 tries 0.25 − 0.5 = −0.25, where ∂L = −0.25 < 0:
    // undone (θ₁ = 0.25), Δ = 0.25 and prevD = 0 (Rprop with weight-backtracking). Step 1 then does not
    // move (sign 0) and takes ∂L(0.25) = 0.25 as prevD; step 2 moves by −0.25 to 0, where ∂L = 0.
    const { thetas, state } = steps('rprop', quadratic([1]), [0.25], { step: 0.5, backtrack: 'reset' }, 1);
    expect(thetas[0]).toEqual([0.25]);
    expect(state.delta[0]).toBe(0.25);
    expect(state.prevD[0]).toBe(0);
    const more = steps('rprop', quadratic([1]), [0.25], { step: 0.5, backtrack: 'reset' }, 3);
    expect(more.thetas).toEqual([[0.25], [0.25], [0]]);
    expect(more.state.prevD[0]).toBe(0);
  });

  it('shrinks Δ by β on a sign change but never below Δmin', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 1e-3, max: 0.9, noNaN: true }),
        (down, minFraction) => {
          // From θ₀ = 1 with Δ₀ = 4 every step overshoots: Δ_k = max(β^k·4, Δmin) and θ stays at 1 while Δ > 2.
          const min = 4 * minFraction;
          const { thetas, state } = steps('rprop', quadratic([1]), [1], { step: 4, down, min }, 1);
          expect(thetas[0]).toEqual([1]);
          expect(state.delta[0]).toBe(Math.max(down * 4, min));
        },
      ),
    );
    // Δmin = 2.5 > 2: every step overshoots (1 − 2.5 = −1.5) and Δ stays at Δmin, θ at 1.
    const stuck = steps('rprop', quadratic([1]), [1], { step: 4, min: 2.5 }, 5);
    expect(stuck.thetas).toEqual([[1], [1], [1], [1], [1]]);
    expect(stuck.state.delta[0]).toBe(2.5);
  });

  it('grows Δ by α while the sign holds, capped at Δmax', () => {
    // L = ½θ² from 100 with Δ₀ = 1, α = 2, Δmax = 5: steps of 1, 2, 4, 5, 5, … and θ = 99, 97, 93, 88, 83.
    const { thetas, state } = steps('rprop', quadratic([1]), [100], { step: 1, up: 2, max: 5 }, 5);
    expect(thetas).toEqual([[99], [97], [93], [88], [83]]);
    expect(state.delta[0]).toBe(5);
    // With the default α = 1.2: Δ_k = 0.1·1.2^k, θ_k = 100 − Σ_{j<k} 0.1·1.2^j (18.7 after 20 steps, still > 0).
    const d = steps('rprop', quadratic([1]), [100], {}, 20);
    let theta = 100;
    let delta = 0.1;
    for (let k = 0; k < 20; k++) {
      theta -= delta;
      delta = Math.min(1.2 * delta, 50);
      expect(d.thetas[k]![0]).toBe(theta);
    }
  });

  it('treats each parameter on its own: one can be undone while the other grows', () => {
    // L = ½(θ₀² + θ₁²) from (0.25, 10), Δ₀ = 0.5: θ₀ overshoots and is undone; θ₁ keeps its sign and grows.
    const { thetas, state } = steps('rprop', quadratic([1, 1]), [0.25, 10], { step: 0.5 }, 1);
    expect(thetas[0]).toEqual([0.25, 9.5]);
    expect(plain(state.delta)).toEqual([0.25, 0.5 * 1.2]);
  });

  it('leaves a parameter with a zero derivative where it is, and takes the next sign it sees', () => {
    // ∂L/∂θ₁ = 0 at θ₁ = 0 (its minimum): never moved; θ₀ moves.
    const { thetas } = steps('rprop', quadratic([1, 1]), [3, 0], {}, 4);
    for (const t of thetas) expect(t[1]).toBe(0);
    expect(thetas[3]![0]).toBeLessThan(3);
  });

  it('returns L(θ_k) as its loss, after undone steps too', () => {
    const p = createSigmoidNeuron(LECTURE_DATA);
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }), (w, b, step) => {
        const { trajectory: t } = run(p, 'rprop', [w, b], 80, { step });
        for (let k = 0; k < t.length; k++) expect(t.loss[k]).toBeCloseTo(p.loss(Float64Array.from(rowAt(t, k))), 14);
      }),
      { numRuns: 30 },
    );
  });

  it('with backtrack:reset reaches the lecture minimum of the sigmoid neuron from (−2, −2)', () => {
    const { trajectory: t, status } = run(createSigmoidNeuron(LECTURE_DATA), 'rprop', [-2, -2], 1000, { backtrack: 'reset' });
    expect(status.kind).toBe('converged');
    expect(t.loss[t.length - 1]).toBeLessThan(1e-8);
  });

  it('by default keeps prevD_i after an undone step, as the slide writes it: the next step goes the old way with the halved Δ', () => {
    // L = ½θ², θ₀ = 0.25, Δ₀ = 0.5: step 1 overshoots to −0.25 and is undone (Δ = 0.25, prevD kept at 0.25);
    // step 2 moves by −sign(prevD)·Δ = −0.25 to 0, where D = 0: prevD ← 0.
    const keep = steps('rprop', quadratic([1]), [0.25], { step: 0.5 }, 2);
    expect(keep.thetas).toEqual([[0.25], [0]]);
    expect(keep.state.delta[0]).toBe(0.25);
    // reset forgets prevD: step 2 leaves θ where it is and takes the fresh derivative's sign.
    const reset = steps('rprop', quadratic([1]), [0.25], { step: 0.5, backtrack: 'reset' }, 2);
    expect(reset.thetas).toEqual([[0.25], [0.25]]);
  });

  it('with the slide\'s rule freezes b on a stale sign on the lecture run, and its status says it did not converge', () => {
    const { trajectory: t, status } = run(createSigmoidNeuron(LECTURE_DATA), 'rprop', [-2, -2], 1000);
    expect(status.kind).toBe('finished');
    expect(t.loss[t.length - 1]).toBeGreaterThan(0.01);
  });

  // With "prevD_i kept" after an undone step, the next step of θ_i moves by the sign of a derivative taken
  // at an older point. When the other parameters have moved since, the derivative at θ_i's current point
  // can have the other sign: every step then goes the wrong way, sees the sign change, is undone, and Δ_i
  // sits at Δmin: θ_i is frozen for good with ∂L/∂θ_i ≠ 0, and the gradient reported to the settle test
  // (prevD) is stale. On this coupled bowl b freezes at −0.70685 (minimum −0.7) from step 15 on, with
  // ∂L/∂b ≈ −0.0028 there. Rprop+ / Riedmiller's backtracking set the remembered derivative to 0 after a
  // sign change, so the next step takes the sign of a fresh derivative.
  it('with backtrack:reset does not freeze a parameter whose derivative changed sign while it was being backtracked (reaches the minimum of a coupled bowl; the slide\'s rule does)', () => {
    const problem = quadraticForm([[1, 0.3], [0.3, 0.5]], [0.4, -0.7]);
    const { trajectory: t } = run(problem, 'rprop', [2.3, 1.1], 500, { backtrack: 'reset' });
    const last = rowAt(t, t.length - 1);
    const kept = rowAt(run(problem, 'rprop', [2.3, 1.1], 500).trajectory, 500);
    expect(Math.abs(kept[1]! + 0.7)).toBeGreaterThan(1e-3);
    expect(Math.abs(last[0]! - 0.4)).toBeLessThan(1e-4);
    expect(Math.abs(last[1]! + 0.7)).toBeLessThan(1e-4);
  });
});
