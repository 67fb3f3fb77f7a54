import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import type { Problem } from '../../../src/engine/problem';

/**
 * Stability bounds on a quadratic bowl L = ½ λ θ² (per eigenvalue λ), with h = ηλ:
 * GD converges iff 0 < h < 2; heavy-ball momentum iff 0 < h < 2 + 2γ; Nesterov (gradient at
 * θ − γ·update) iff 0 < h < (2 + 2γ) / (1 + 2γ). Derived from the 2×2 iteration matrices' spectral radius.
 */
const BOUND: Readonly<Record<'gd' | 'momentum' | 'nesterov', (gamma: number) => number>> = {
  gd: () => 2,
  momentum: (g) => 2 + 2 * g,
  nesterov: (g) => (2 + 2 * g) / (1 + 2 * g),
};

const STEPS = 30_000;

/** L(θ) = ½ λ θ², lean (no call log) because these runs take tens of thousands of steps. */
function quadratic([lambda]: [number]): Problem {
  return {
    paramCount: 1,
    loss: (t) => 0.5 * lambda * t[0]! * t[0]!,
    lossAndGrad(t, g) {
      g[0] = lambda * t[0]!;
      return 0.5 * lambda * t[0]! * t[0]!;
    },
  };
}

function classify(id: keyof typeof BOUND, lambda: number, eta: number, gamma: number): string {
  const { status } = runToEnd({ problem: quadratic([lambda]), run: { optimizer: id, settings: id === 'gd' ? { eta } : { eta, gamma } }, globals: { eta: 1, gamma: 0.9 }, start: [1], steps: STEPS });
  return status.kind;
}

describe('convergence on a quadratic bowl matches theory', () => {
  for (const id of ['gd', 'momentum', 'nesterov'] as const) {
    it(`${id} converges a few percent inside its bound and diverges a few percent outside`, () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0.1, max: 10, noNaN: true }),
          fc.double({ min: 0, max: 0.95, noNaN: true }),
          fc.double({ min: 0.04, max: 0.3, noNaN: true }),
          fc.boolean(),
          (lambda, gamma, margin, inside) => {
            const g = id === 'gd' ? 0 : gamma;
            const h = BOUND[id](g) * (inside ? 1 - margin : 1 + margin);
            const kind = classify(id, lambda, h / lambda, g);
            expect(kind, `h=${h} γ=${g} λ=${lambda}`).toBe(inside ? 'converged' : 'diverged');
          },
        ),
        { numRuns: 150 },
      );
    }, 60_000);
  }

  it('a diverging run names its step and keeps only finite rows', () => {
    const { trajectory, status } = runToEnd({ problem: quadratic([1]), run: { optimizer: 'momentum', settings: { eta: 4.5, gamma: 0.9 } }, globals: { eta: 1, gamma: 0.9 }, start: [1], steps: STEPS });
    expect(status.kind).toBe('diverged');
    if (status.kind !== 'diverged') return;
    expect(trajectory.length).toBe(status.step);
    for (let k = 0; k < trajectory.length; k++) {
      expect(Number.isFinite(trajectory.params[k]!)).toBe(true);
      expect(Number.isFinite(trajectory.loss[k]!)).toBe(true);
    }
  });
});
