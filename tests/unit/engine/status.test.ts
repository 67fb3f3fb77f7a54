import { describe, expect, it } from 'vitest';
import { classifyPoint } from '../../../src/engine/curvature';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { quadratic, rowAt, run } from '../support/problems';

// The plateau links: the sigmoid neuron on the lecture data (0.5, 0.2), (2.5, 0.9) from (−2, −2).
const problem = createSigmoidNeuron(LECTURE_DATA);
const START = [-2, -2];
const logit = (p: number) => Math.log(p / (1 - p));
const W_STAR = (logit(0.9) - logit(0.2)) / 2;
const B_STAR = logit(0.2) - 0.5 * W_STAR;

describe('run status on the lecture\'s plateau links', () => {
  it('η = 19.1, γ = 0.9, 1000 steps: momentum and nesterov end on a plateau, gd converges', () => {
    const globals = { eta: 19.1, gamma: 0.9 };
    expect(run(problem, 'momentum', START, 1000, {}, globals).status.kind).toBe('plateau');
    expect(run(problem, 'nesterov', START, 1000, {}, globals).status.kind).toBe('plateau');
    expect(run(problem, 'gd', START, 1000, {}, globals).status.kind).toBe('converged');
  });

  it('η = 2, γ = 0.95: momentum ends on a plateau', () => {
    expect(run(problem, 'momentum', START, 1000, {}, { eta: 2, gamma: 0.95 }).status.kind).toBe('plateau');
  });

  it('η = 1000, γ = 0.99, 100000 steps: momentum ends on a plateau', () => {
    expect(run(problem, 'momentum', START, 100_000, {}, { eta: 1000, gamma: 0.99 }).status.kind).toBe('plateau');
  });

  it.each(['gd', 'momentum', 'nesterov'])('η = 1, γ = 0.9: %s converges at the true minimum with L < 1e−8', (id) => {
    const { trajectory: t, status } = run(problem, id, START, 1000, {}, { eta: 1, gamma: 0.9 });
    expect(status.kind).toBe('converged');
    const last = rowAt(t, t.length - 1);
    expect(Math.abs(last[0]! - W_STAR)).toBeLessThan(1e-3);
    expect(Math.abs(last[1]! - B_STAR)).toBeLessThan(1e-3);
    expect(t.loss[t.length - 1]).toBeLessThan(1e-8);
  });

  it('a plateau status names the step from which the run was settled, and the point there is flat', () => {
    const { trajectory: t, status } = run(problem, 'momentum', START, 1000, {}, { eta: 19.1, gamma: 0.9 });
    if (status.kind !== 'plateau') throw new Error(`expected a plateau, got ${status.kind}`);
    expect(status.step).toBeGreaterThan(0);
    expect(status.step).toBeLessThan(1000);
    expect(classifyPoint(problem, Float64Array.from(rowAt(t, t.length - 1))).kind).toBe('flat');
    // Far above the minimum's L = 0.
    expect(t.loss[t.length - 1]).toBeGreaterThan(1e-3);
  });
});

describe('run status on quadratics', () => {
  it('a degenerate quadratic valley L = ½w² (flat in b) is a minimum: gd converges', () => {
    const { status, trajectory: t } = run(quadratic([1, 0]), 'gd', [3, 5], 200, { eta: 0.5 });
    expect(status.kind).toBe('converged');
    expect(rowAt(t, t.length - 1)[1]).toBe(5);
  });

  it('gd started on the stable axis of the saddle L = ½(w² − b²) settles at the origin with status saddle', () => {
    // b = 0 exactly: ∂L/∂b = −b stays 0, and w → 0 as (1 − η)^k.
    expect(run(quadratic([1, -1]), 'gd', [1, 0], 200, { eta: 0.5 }).status.kind).toBe('saddle');
  });

  it('classifies the settled point, not the start: a saddle start that slides into a bowl converges', () => {
    // L = ¼b⁴ − ½b² + ½w²: a saddle at b = 0 and minima at b = ±1.
    const p = {
      paramCount: 2,
      loss: (t: Float64Array) => 0.25 * t[1]! ** 4 - 0.5 * t[1]! ** 2 + 0.5 * t[0]! ** 2,
      lossAndGrad(t: Float64Array, g: Float64Array) {
        g[0] = t[0]!;
        g[1] = t[1]! ** 3 - t[1]!;
        return 0.25 * t[1]! ** 4 - 0.5 * t[1]! ** 2 + 0.5 * t[0]! ** 2;
      },
    };
    const { status, trajectory: t } = run(p, 'gd', [1, 1e-3], 500, { eta: 0.3 });
    expect(status.kind).toBe('converged');
    expect(rowAt(t, t.length - 1)[1]).toBeCloseTo(1, 4);
  });
});
