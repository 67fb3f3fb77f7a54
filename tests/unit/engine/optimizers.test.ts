import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOptimizer, getOptimizer, OPTIMIZERS } from '../../../src/engine/optimizers';
import { gd } from '../../../src/engine/optimizers/gd';
import { momentum } from '../../../src/engine/optimizers/momentum';
import { nesterov } from '../../../src/engine/optimizers/nesterov';
import { newton } from '../../../src/engine/optimizers/newton';
import { quickprop } from '../../../src/engine/optimizers/quickprop';
import { rprop } from '../../../src/engine/optimizers/rprop';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { plain, quadratic, steps } from '../support/problems';

// Lecture data written out: ∂L/∂w = Σ (f − y) f (1 − f) x, ∂L/∂b = Σ (f − y) f (1 − f), f = σ(w x + b).
function lectureGrad(w: number, b: number): [number, number] {
  let gw = 0;
  let gb = 0;
  for (const [x, y] of [
    [0.5, 0.2],
    [2.5, 0.9],
  ] as const) {
    const f = 1 / (1 + Math.exp(-(w * x + b)));
    gw += (f - y) * f * (1 - f) * x;
    gb += (f - y) * f * (1 - f);
  }
  return [gw, gb];
}

const H = { eta: 0.1, gamma: 0.9 };
// On L = ½(2θ₀² + 0.5θ₁²) from θ₀ = (3, −2): ∇L(θ₀) = (6, −1).
const LAMBDAS = [2, 0.5];
const START = [3, -2];

/** Property: with γ = 0 the optimizer's iterates and losses equal plain gradient descent's, bit for bit. */
function matchesGdWithoutMomentum(id: string) {
  fc.assert(
    fc.property(
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: -5, max: 5, noNaN: true }),
      fc.double({ min: 1e-3, max: 20, noNaN: true }),
      fc.integer({ min: 1, max: 30 }),
      (w, b, eta, k) => {
        const p = createSigmoidNeuron(LECTURE_DATA);
        const a = steps('gd', p, [w, b], { eta }, k);
        const m = steps(id, p, [w, b], { eta, gamma: 0 }, k);
        expect(m.thetas).toEqual(a.thetas);
        expect(m.losses).toEqual(a.losses);
      },
    ),
  );
}

describe('the optimizer registry', () => {
  it('lists gd, momentum, nesterov, newton, rprop and quickprop in menu order and returns each by id', () => {
    expect(OPTIMIZERS.map((m) => m.id)).toEqual(['gd', 'momentum', 'nesterov', 'newton', 'rprop', 'quickprop']);
    expect(getOptimizer('gd')).toBe(gd);
    expect(getOptimizer('momentum')).toBe(momentum);
    expect(getOptimizer('nesterov')).toBe(nesterov);
    expect(getOptimizer('newton')).toBe(newton);
    expect(getOptimizer('rprop')).toBe(rprop);
    expect(getOptimizer('quickprop')).toBe(quickprop);
    for (const m of OPTIMIZERS) expect(getOptimizer(m.id).id).toBe(m.id);
  });

  it('has unique ids and names', () => {
    expect(new Set(OPTIMIZERS.map((m) => m.id)).size).toBe(OPTIMIZERS.length);
    expect(new Set(OPTIMIZERS.map((m) => m.name)).size).toBe(OPTIMIZERS.length);
  });

  it('throws an engine error for an unknown id, including inherited object keys, and findOptimizer returns undefined', () => {
    for (const id of ['adam', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      expect(() => getOptimizer(id)).toThrow(/^engine: /);
      expect(findOptimizer(id)).toBeUndefined();
    }
  });

  it('starts every momentum-type run with update_0 = 0', () => {
    for (const id of ['momentum', 'nesterov']) {
      const s = steps(id, quadratic([1, 1, 1]), [0, 0, 0], {}, 0).state;
      expect(plain(s.update)).toEqual([0, 0, 0]);
    }
  });
});

describe('gradient descent', () => {
  it('takes the hand-computed first step θ₁ = θ₀ − η∇L(θ₀) on a quadratic and returns L(θ₀)', () => {
    const { thetas, losses, grads } = steps('gd', quadratic(LAMBDAS), START, { eta: 0.1 }, 1);
    expect(thetas[0]![0]).toBeCloseTo(3 - 0.1 * 6, 14);
    expect(thetas[0]![1]).toBeCloseTo(-2 - 0.1 * -1, 14);
    expect(losses[0]).toBe(0.5 * (2 * 9 + 0.5 * 4));
    expect(grads[0]).toEqual([6, -1]);
  });

  it('follows the closed form θ_k = (1 − ηλ)^k θ₀ on a one-dimensional quadratic', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0.001, max: 0.19, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        (lambda, eta, theta0, k) => {
          const { thetas } = steps('gd', quadratic([lambda]), [theta0], { eta }, k);
          const expected = (1 - eta * lambda) ** k * theta0;
          expect(Math.abs(thetas[k - 1]![0]! - expected)).toBeLessThan(1e-12 * (1 + Math.abs(theta0)));
        },
      ),
    );
  });

  it('takes the hand-computed first step on the lecture sigmoid neuron from (−2, −2)', () => {
    const [gw, gb] = lectureGrad(-2, -2);
    const { thetas } = steps('gd', createSigmoidNeuron(LECTURE_DATA), [-2, -2], { eta: 1 }, 1);
    expect(thetas[0]![0]).toBeCloseTo(-2 - gw, 14);
    expect(thetas[0]![1]).toBeCloseTo(-2 - gb, 14);
  });

  it('ignores the global momentum coefficient', () => {
    const a = steps('gd', quadratic(LAMBDAS), START, {}, 5, { eta: 0.1, gamma: 0 });
    const b = steps('gd', quadratic(LAMBDAS), START, {}, 5, { eta: 0.1, gamma: 0.9 });
    expect(b.thetas).toEqual(a.thetas);
  });
});

describe('momentum', () => {
  it('takes the hand-computed first two steps on a quadratic', () => {
    const { thetas, losses, state } = steps('momentum', quadratic(LAMBDAS), START, H, 2);
    // update₁ = η∇L(θ₀) = (0.6, −0.1), θ₁ = (2.4, −1.9)
    expect(thetas[0]![0]).toBeCloseTo(2.4, 14);
    expect(thetas[0]![1]).toBeCloseTo(-1.9, 14);
    // ∇L(θ₁) = (4.8, −0.95); update₂ = 0.9·(0.6, −0.1) + 0.1·(4.8, −0.95) = (1.02, −0.185); θ₂ = (1.38, −1.715)
    expect(thetas[1]![0]).toBeCloseTo(1.38, 14);
    expect(thetas[1]![1]).toBeCloseTo(-1.715, 14);
    expect(state.update[0]).toBeCloseTo(1.02, 14);
    expect(state.update[1]).toBeCloseTo(-0.185, 14);
    expect(losses[1]).toBeCloseTo(0.5 * (2 * 2.4 ** 2 + 0.5 * 1.9 ** 2), 14);
  });

  it('takes the hand-computed first two steps on the lecture sigmoid neuron', () => {
    const eta = 1;
    const gamma = 0.9;
    const g0 = lectureGrad(-2, -2);
    const u1 = [eta * g0[0], eta * g0[1]] as const;
    const t1 = [-2 - u1[0], -2 - u1[1]] as const;
    const g1 = lectureGrad(t1[0], t1[1]);
    const u2 = [gamma * u1[0] + eta * g1[0], gamma * u1[1] + eta * g1[1]] as const;
    const { thetas } = steps('momentum', createSigmoidNeuron(LECTURE_DATA), [-2, -2], { eta, gamma }, 2);
    expect(thetas[0]![0]).toBeCloseTo(t1[0], 13);
    expect(thetas[0]![1]).toBeCloseTo(t1[1], 13);
    expect(thetas[1]![0]).toBeCloseTo(t1[0] - u2[0], 13);
    expect(thetas[1]![1]).toBeCloseTo(t1[1] - u2[1], 13);
  });

  it('takes γ from the link\'s global gamma when the run does not set it, and its own when it does', () => {
    const viaGlobal = steps('momentum', quadratic(LAMBDAS), START, {}, 3, { eta: 0.1, gamma: 0.5 });
    const own = steps('momentum', quadratic(LAMBDAS), START, { gamma: 0.5 }, 3, { eta: 0.1, gamma: 0.9 });
    expect(own.thetas).toEqual(viaGlobal.thetas);
    expect(viaGlobal.state.gamma).toBe(0.5);
  });

  it('with γ = 0 matches gradient descent exactly', () => matchesGdWithoutMomentum('momentum'));

  it('on a one-dimensional quadratic follows θ_{t+1} = (1 + γ − ηλ)θ_t − γθ_{t−1}', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        fc.double({ min: 0.01, max: 0.4, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        (lambda, eta, gamma) => {
          const { thetas } = steps('momentum', quadratic([lambda]), [1], { eta, gamma }, 20);
          let prev = 1;
          let cur = 1 - eta * lambda;
          expect(thetas[0]![0]).toBeCloseTo(cur, 12);
          for (let t = 1; t < 20; t++) {
            const next = (1 + gamma - eta * lambda) * cur - gamma * prev;
            prev = cur;
            cur = next;
            expect(thetas[t]![0]).toBeCloseTo(cur, 10);
          }
        },
      ),
    );
  });
});

describe('nesterov', () => {
  it('takes the same first step as momentum, since the look-ahead point is θ₀ when update₀ = 0', () => {
    const p = quadratic(LAMBDAS);
    const { thetas } = steps('nesterov', p, START, H, 1);
    expect(p.calls[0]).toEqual(START);
    expect(thetas[0]![0]).toBeCloseTo(2.4, 14);
    expect(thetas[0]![1]).toBeCloseTo(-1.9, 14);
  });

  it('takes its second gradient at the look-ahead point θ₁ − γ·update₁', () => {
    const p = quadratic(LAMBDAS);
    const { thetas, losses, grads, state } = steps('nesterov', p, START, H, 2);
    // look = (2.4, −1.9) − 0.9·(0.6, −0.1) = (1.86, −1.81)
    expect(p.calls[1]![0]).toBeCloseTo(1.86, 14);
    expect(p.calls[1]![1]).toBeCloseTo(-1.81, 14);
    // ∇L(look) = (3.72, −0.905); update₂ = (0.54 + 0.372, −0.09 − 0.0905) = (0.912, −0.1805)
    expect(grads[1]![0]).toBeCloseTo(3.72, 14);
    expect(grads[1]![1]).toBeCloseTo(-0.905, 14);
    expect(state.update[0]).toBeCloseTo(0.912, 14);
    expect(state.update[1]).toBeCloseTo(-0.1805, 14);
    expect(thetas[1]![0]).toBeCloseTo(2.4 - 0.912, 14);
    expect(thetas[1]![1]).toBeCloseTo(-1.9 + 0.1805, 14);
    // The reported loss is at the iterate θ₁, not at the look-ahead point.
    expect(losses[1]).toBeCloseTo(0.5 * (2 * 2.4 ** 2 + 0.5 * 1.9 ** 2), 14);
  });

  it('takes the hand-computed first two steps on the lecture sigmoid neuron', () => {
    const eta = 1;
    const gamma = 0.9;
    const g0 = lectureGrad(-2, -2);
    const u1 = [eta * g0[0], eta * g0[1]] as const;
    const t1 = [-2 - u1[0], -2 - u1[1]] as const;
    const g1 = lectureGrad(t1[0] - gamma * u1[0], t1[1] - gamma * u1[1]);
    const u2 = [gamma * u1[0] + eta * g1[0], gamma * u1[1] + eta * g1[1]] as const;
    const { thetas } = steps('nesterov', createSigmoidNeuron(LECTURE_DATA), [-2, -2], { eta, gamma }, 2);
    expect(thetas[0]![0]).toBeCloseTo(t1[0], 13);
    expect(thetas[0]![1]).toBeCloseTo(t1[1], 13);
    expect(thetas[1]![0]).toBeCloseTo(t1[0] - u2[0], 13);
    expect(thetas[1]![1]).toBeCloseTo(t1[1] - u2[1], 13);
  });

  it('differs from momentum from the second step on when γ > 0', () => {
    const m = steps('momentum', quadratic(LAMBDAS), START, H, 2);
    const n = steps('nesterov', quadratic(LAMBDAS), START, H, 2);
    expect(n.thetas[0]).toEqual(m.thetas[0]);
    expect(n.thetas[1]![0]).not.toBeCloseTo(m.thetas[1]![0]!, 6);
  });

  it('with γ = 0 matches gradient descent exactly', () => matchesGdWithoutMomentum('nesterov'));
});
