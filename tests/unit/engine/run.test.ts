import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/engine/problem';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { GRAD_TOL, PARAM_BOUND, runToEnd, startRun, STEP_TOL, type Trajectory } from '../../../src/engine/run';
import { LECTURE_GLOBALS, plain, quadratic, rows, run } from '../support/problems';

const logit = (p: number) => Math.log(p / (1 - p));
const W_STAR = (logit(0.9) - logit(0.2)) / 2;
const B_STAR = logit(0.2) - 0.5 * W_STAR;
const FIRST_ORDER = ['gd', 'momentum', 'nesterov'] as const;

function expectOnlyFiniteRows(t: Trajectory) {
  const { params, loss } = rows(t);
  expect(params.every(Number.isFinite)).toBe(true);
  expect(loss.every(Number.isFinite)).toBe(true);
}

describe('the lecture run', () => {
  const problem = createSigmoidNeuron(LECTURE_DATA);

  it.each(FIRST_ORDER)('%s from (−2, −2) with η = 1, γ = 0.9 converges within 1000 steps to within 1e-3 of the minimum', (id) => {
    const { trajectory, status } = run(problem, id, [-2, -2], 1000);
    expect(status.kind).toBe('converged');
    expect(trajectory.length).toBe(1001);
    const last = trajectory.length - 1;
    expect(Math.abs(trajectory.params[2 * last]! - W_STAR)).toBeLessThan(1e-3);
    expect(Math.abs(trajectory.params[2 * last + 1]! - B_STAR)).toBeLessThan(1e-3);
    expect(trajectory.loss[last]).toBeLessThan(1e-6);
  });

  it('starts at the start point and records L(θ_k) beside every θ_k', () => {
    for (const id of FIRST_ORDER) {
      const { trajectory } = run(problem, id, [-2, -2], 1000);
      expect(plain(trajectory.params.subarray(0, 2))).toEqual([-2, -2]);
      for (let k = 0; k < trajectory.length; k += 37) {
        const theta = trajectory.params.slice(2 * k, 2 * k + 2);
        expect(trajectory.loss[k]).toBeCloseTo(problem.loss(theta), 14);
      }
    }
  });

  it('has nesterov and momentum settle before plain gradient descent', () => {
    const at = (id: (typeof FIRST_ORDER)[number]) => {
      const s = run(problem, id, [-2, -2], 1000).status;
      if (s.kind !== 'converged') throw new Error(`expected ${id} to converge`);
      return s.step;
    };
    expect(at('momentum')).toBeLessThan(at('gd'));
    expect(at('nesterov')).toBeLessThan(at('gd'));
  });
});

describe('divergence', () => {
  it('a quadratic with ηλ > 2 diverges once |θ| passes PARAM_BOUND, keeping only the finite rows before it', () => {
    // θ_k = (1 − ηλ)^k = (−1.5)^k; the first k with 1.5^k > PARAM_BOUND is where the run must stop.
    let expectedStep = 0;
    while (1.5 ** expectedStep <= PARAM_BOUND) expectedStep++;
    const { trajectory, status } = run(quadratic([1]), 'gd', [1], 1000, { eta: 2.5 });
    expect(status).toEqual({ kind: 'diverged', step: expectedStep, reason: 'params-exploded' });
    expect(trajectory.length).toBe(expectedStep);
    expectOnlyFiniteRows(trajectory);
    for (let k = 0; k < trajectory.length; k++) {
      expect(trajectory.params[k]).toBeCloseTo((-1.5) ** k, 6);
      expect(trajectory.loss[k]).toBeCloseTo(0.5 * 1.5 ** (2 * k), 3);
    }
  });

  it('a loss that turns non-finite stops the run at that iterate with reason loss-nonfinite', () => {
    const q = quadratic([1]);
    const capped: Problem = {
      paramCount: 1,
      loss: (t) => (Math.abs(t[0]!) > 100 ? NaN : q.loss(t)),
      lossAndGrad: (t, g) => {
        const L = q.lossAndGrad(t, g);
        return Math.abs(t[0]!) > 100 ? Infinity : L;
      },
    };
    let expectedStep = 0;
    while (1.5 ** expectedStep <= 100) expectedStep++;
    for (const id of FIRST_ORDER) {
      const { trajectory, status } = run(capped, id, [1], 1000, id === 'gd' ? { eta: 2.5 } : { eta: 2.5, gamma: 0 });
      expect(status).toEqual({ kind: 'diverged', step: expectedStep, reason: 'loss-nonfinite' });
      expect(trajectory.length).toBe(expectedStep);
      expectOnlyFiniteRows(trajectory);
    }
  });

  it('a gradient that turns NaN stops the run with reason params-nonfinite', () => {
    const nanGrad: Problem = {
      paramCount: 2,
      loss: () => 1,
      lossAndGrad: (_t, g) => {
        g[0] = NaN;
        g[1] = 0;
        return 1;
      },
    };
    const { trajectory, status } = run(nanGrad, 'gd', [0, 0], 10);
    expect(status).toEqual({ kind: 'diverged', step: 1, reason: 'params-nonfinite' });
    expect(trajectory.length).toBe(1);
    expectOnlyFiniteRows(trajectory);
  });

  it('a non-finite start diverges at step 0 with an empty path', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    for (const [start, reason] of [
      [[NaN, 0], 'params-nonfinite'],
      [[0, Infinity], 'params-nonfinite'],
      [[-Infinity, -Infinity], 'params-nonfinite'],
      [[2 * PARAM_BOUND, 0], 'params-exploded'],
    ] as const) {
      const cursor = startRun({ problem, run: { optimizer: 'momentum', settings: {} }, globals: LECTURE_GLOBALS, start, steps: 100 });
      expect(cursor.done).toBe(true);
      expect(cursor.status).toEqual({ kind: 'diverged', step: 0, reason });
      expect(cursor.advance(100)).toEqual({ from: 0, to: 0 });
      expect(cursor.trajectory.length).toBe(0);
    }
  });
});

describe('convergence on quadratics matches theory', () => {
  const LAMBDA = 4;
  const status = (r: number, gamma = 0, id: 'gd' | 'momentum' = 'gd') =>
    run(quadratic([LAMBDA]), id, [1], 5000, { eta: r / LAMBDA, ...(id === 'gd' ? {} : { gamma }) }).status;

  it.each([0.05, 0.5, 1, 1.5, 1.9, 1.95, 1.98])('gradient descent converges when ηλ = %f < 2', (r) => {
    expect(status(r).kind).toBe('converged');
  });

  it.each([2.02, 2.05, 2.1, 3])('gradient descent diverges when ηλ = %f > 2', (r) => {
    expect(status(r)).toMatchObject({ kind: 'diverged', reason: 'params-exploded' });
  });

  it('gradient descent at exactly ηλ = 2 oscillates between ±θ₀ and finishes without settling', () => {
    const { trajectory, status } = run(quadratic([LAMBDA]), 'gd', [1], 50, { eta: 2 / LAMBDA });
    expect(status).toEqual({ kind: 'finished' });
    expect(trajectory.length).toBe(51);
    expect(plain(trajectory.params.subarray(0, 4))).toEqual([1, -1, 1, -1]);
  });

  it.each([2.9, 2.97])('momentum with γ = 0.5 converges when ηλ = %f < 2(1 + γ) = 3', (r) => {
    expect(status(r, 0.5, 'momentum').kind).toBe('converged');
  });

  it.each([3.03, 3.1])('momentum with γ = 0.5 diverges when ηλ = %f > 2(1 + γ) = 3', (r) => {
    expect(status(r, 0.5, 'momentum').kind).toBe('diverged');
  });

  it('reports as the convergence step the first k from which ‖∇L‖ < GRAD_TOL and the step < STEP_TOL', () => {
    // λ = 1, η = 0.5: θ_k = 2^−k exactly, ∇L = θ_k and the step is θ_k / 2.
    let expected = 0;
    while (!(2 ** -expected < GRAD_TOL && 2 ** -expected / 2 < STEP_TOL)) expected++;
    expect(run(quadratic([1]), 'gd', [1], 100, { eta: 0.5 }).status).toEqual({ kind: 'converged', step: expected });
  });
});

describe('startRun', () => {
  const GD = { optimizer: 'gd', settings: {} };
  it('advanced in chunks gives a trajectory bit-identical to runToEnd', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gd', 'momentum', 'nesterov', 'newton', 'rprop', 'quickprop'),
        fc.tuple(fc.double({ min: -6, max: 6, noNaN: true }), fc.double({ min: -6, max: 6, noNaN: true })),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 10 }),
        (id, start, eta, gamma, steps, chunks) => {
          const problem = createSigmoidNeuron(LECTURE_DATA);
          const options = { problem, run: { optimizer: id, settings: {} }, globals: { eta, gamma }, start, steps };
          const whole = runToEnd(options);
          const cursor = startRun(options);
          let expectedFrom = 0;
          for (let i = 0; !cursor.done; i++) {
            const { from, to } = cursor.advance(chunks[i % chunks.length]!);
            expect(from).toBe(expectedFrom);
            expect(to).toBe(cursor.trajectory.length);
            expectedFrom = to;
          }
          expect(cursor.status).toEqual(whole.status);
          expect(cursor.trajectory.length).toBe(whole.trajectory.length);
          expect(rows(cursor.trajectory)).toEqual(rows(whole.trajectory));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs nothing until advance is called, and a chunk of k steps yields k rows while running', () => {
    const cursor = startRun({ problem: createSigmoidNeuron(LECTURE_DATA), run: { optimizer: 'gd', settings: {} }, globals: LECTURE_GLOBALS, start: [-2, -2], steps: 10 });
    expect(cursor.status).toEqual({ kind: 'running' });
    expect(cursor.trajectory.length).toBe(0);
    expect(cursor.advance(4)).toEqual({ from: 0, to: 4 });
    expect(cursor.done).toBe(false);
    expect(cursor.advance(4)).toEqual({ from: 4, to: 8 });
    // The last chunk also appends the final iterate θ_steps: rows 0..steps.
    expect(cursor.advance(4)).toEqual({ from: 8, to: 11 });
    expect(cursor.done).toBe(true);
  });

  it('with zero steps records just the start and its loss', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    const { trajectory, status } = run(problem, 'nesterov', [0.5, 0], 0);
    expect(status.kind).toBe('finished');
    expect(trajectory.length).toBe(1);
    expect(trajectory.loss[0]).toBe(problem.loss(Float64Array.of(0.5, 0)));
  });

  it('throws an engine error for a start of the wrong length or a bad step count', () => {
    const problem = createSigmoidNeuron(LECTURE_DATA);
    expect(() => startRun({ problem, run: GD, globals: LECTURE_GLOBALS, start: [1, 2, 3], steps: 10 })).toThrow(/^engine: /);
    expect(() => startRun({ problem, run: GD, globals: LECTURE_GLOBALS, start: [1, 2], steps: -1 })).toThrow(/^engine: /);
    expect(() => startRun({ problem, run: GD, globals: LECTURE_GLOBALS, start: [1, 2], steps: 2.5 })).toThrow(/^engine: /);
    expect(() => startRun({ problem, run: GD, globals: LECTURE_GLOBALS, start: [1, 2], steps: NaN })).toThrow(/^engine: /);
  });

  it('does not modify the start array it was given', () => {
    const start = [-2, -2];
    run(createSigmoidNeuron(LECTURE_DATA), 'gd', start, 20);
    expect(start).toEqual([-2, -2]);
  });
});

describe('a run of the registry', () => {
  const problem = createSigmoidNeuron(LECTURE_DATA);

  it('exposes its resolved settings: explicit values, then the globals, then the defaults', () => {
    const cursor = startRun({ problem, run: { optimizer: 'momentum', settings: { gamma: 0.5, decay: 'inv' } }, globals: { eta: 0.25, gamma: 0.9 }, start: [0, 0], steps: 3 });
    expect(cursor.settings).toEqual({ eta: 0.25, gamma: 0.5, decay: 'inv', beta: 0.01, drop: 0.1, patience: 50, clip: Infinity });
  });

  it('has no indefinite note for a first-order run', () => {
    expect(run(problem, 'momentum', [-2, -2], 50).notes).toEqual({ indefiniteFrom: null });
  });

  it('throws an engine error for an unknown optimizer, a prototype name, or Newton past MAX_HESSIAN_PARAMS parameters', () => {
    for (const optimizer of ['adam', 'constructor', '__proto__']) {
      expect(() => startRun({ problem, run: { optimizer, settings: {} }, globals: LECTURE_GLOBALS, start: [0, 0], steps: 1 })).toThrow(/^engine: /);
    }
    const big = quadratic(Array.from({ length: 129 }, () => 1));
    expect(() => run(big, 'newton', new Float64Array(129), 1)).toThrow(/^engine: newton needs a Hessian/);
    const ok = quadratic(Array.from({ length: 128 }, () => 1));
    expect(run(ok, 'newton', new Float64Array(128).fill(1), 1).status.kind).not.toBe('stopped');
  });

  it('gives the same rows as stepping the module by hand, with the loss of the final iterate appended', () => {
    const q = quadratic([2, 0.5]);
    const { trajectory, status } = run(q, 'gd', [3, -2], 2, { eta: 0.1 });
    expect(status).toEqual({ kind: 'finished' });
    expect(rows(trajectory).params).toEqual([3, -2, 3 - 0.6, -2 + 0.1, 2.4 - 0.1 * 4.8, -1.9 - 0.1 * -0.95]);
    expect(trajectory.loss[2]).toBe(q.loss(Float64Array.of(2.4 - 0.1 * 4.8, -1.9 - 0.1 * -0.95)));
  });
});
