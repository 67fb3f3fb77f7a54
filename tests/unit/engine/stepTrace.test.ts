import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../../src/engine/optimizers/registry';
import { createSigmoidNeuron, LECTURE_DATA } from '../../../src/engine/problems/sigmoidNeuron';
import { runToEnd } from '../../../src/engine/run';
import { createStepTracer } from '../../../src/engine/stepTrace';
import { LECTURE_GLOBALS, quadraticForm, rowAt } from '../support/problems';

const neuron = createSigmoidNeuron(LECTURE_DATA);
const START = [-2, -2];
const STEPS = 60;
const opts = (optimizer: string, settings: Record<string, number | string> = {}, problem = neuron) => ({
  problem, run: { optimizer, settings }, globals: LECTURE_GLOBALS, start: START, steps: STEPS,
});
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, -Math.log10(tol)));

describe.each(OPTIMIZERS.map((m) => [m.id]))('tracing %s', (id) => {
  const path = runToEnd(opts(id)).trajectory;
  it('gives exactly the worker\'s θ_k and θ_{k+1} at any step, in any order of requests', () => {
    const tracer = createStepTracer(opts(id));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STEPS - 1 }), { minLength: 1, maxLength: 8 }), (ks) => {
        for (const k of ks) {
          const t = tracer.at(k);
          if (k >= path.length - 1) continue;
          expect(t).not.toBeNull();
          expect(Array.from(t!.before)).toEqual(rowAt(path, k));
          expect(Array.from(t!.after!)).toEqual(rowAt(path, k + 1));
          expect(t!.loss).toBe(path.loss[k]);
        }
      }),
      { numRuns: 30 },
    );
  });
  it('has the problem\'s exact gradient at θ_k and a step term that is finite', () => {
    const t = createStepTracer(opts(id)).at(3)!;
    const g = new Float64Array(2);
    neuron.lossAndGrad(t.before, g);
    expect(Array.from(t.gradient)).toEqual(Array.from(g));
    expect(t.probe.gradStep.every(Number.isFinite)).toBe(true);
  });
});

describe('the parts of a step', () => {
  it('GD: the arrow −η∇L ends at the next iterate, and the tangent plane predicts −η‖∇L‖²', () => {
    const t = createStepTracer(opts('gd', { eta: 0.5 })).at(5)!;
    expect(t.probe.kind).toBe('gradient');
    expect(t.probe.eta).toBe(0.5);
    close(t.after!, [t.before[0]! - t.probe.gradStep[0]!, t.before[1]! - t.probe.gradStep[1]!]);
    const g2 = t.gradient[0]! ** 2 + t.gradient[1]! ** 2;
    expect(t.taylor!.linear).toBeCloseTo(-0.5 * g2, 14);
  });

  it('momentum: history γ·update_{t−1} plus the gradient term, tip to tail, is the update', () => {
    const tracer = createStepTracer(opts('momentum', { gamma: 0.8 }));
    const prev = tracer.at(6)!;
    const t = tracer.at(7)!;
    for (let i = 0; i < 2; i++) {
      expect(t.probe.history[i]).toBeCloseTo(0.8 * (prev.before[i]! - prev.after![i]!), 12);
      expect(t.after![i]).toBeCloseTo(t.before[i]! - t.probe.history[i]! - t.probe.gradStep[i]!, 12);
    }
  });

  it('momentum at step 0 has no history (update_0 = 0)', () => {
    const t = createStepTracer(opts('momentum')).at(0)!;
    expect(Array.from(t.probe.history)).toEqual([0, 0]);
  });

  it('Nesterov takes its gradient at the look-ahead point θ_t − γ·update_{t−1}', () => {
    const t = createStepTracer(opts('nesterov')).at(9)!;
    const look = [t.before[0]! - t.probe.history[0]!, t.before[1]! - t.probe.history[1]!];
    close(t.probe.at, look);
    const g = new Float64Array(2);
    neuron.lossAndGrad(Float64Array.from(look), g);
    close(t.probe.grad, g);
    expect(t.probe.grad[0]).not.toBeCloseTo(t.gradient[0]!, 6);
  });

  it('Newton on a quadratic: the second-order model predicts the change in loss exactly, and the step lands on the minimum', () => {
    const q = quadraticForm([[3, 1], [1, 2]], [1, -1]);
    const t = createStepTracer(opts('newton', {}, q)).at(0)!;
    expect(t.probe.kind).toBe('newton');
    close(t.after!, [1, -1], 1e-10);
    expect(t.taylor!.quadratic).toBeCloseTo(t.taylor!.actual, 12);
    expect(Array.from(t.probe.hessian)).toEqual([3, 1, 1, 2]);
  });

  it('Rprop: a parameter is flagged undone exactly where its step came back', () => {
    const path = runToEnd(opts('rprop')).trajectory;
    const tracer = createStepTracer(opts('rprop'));
    let undone = 0;
    for (let k = 0; k < STEPS - 1; k++) {
      const t = tracer.at(k)!;
      for (let i = 0; i < 2; i++) {
        const moved = rowAt(path, k + 1)[i] !== rowAt(path, k)[i];
        if (t.probe.undone[i]) {
          undone++;
          expect(moved).toBe(false);
        } else if (t.probe.grad[i] !== 0) expect(moved).toBe(true);
        expect(t.probe.delta[i]).toBeGreaterThan(0);
      }
    }
    expect(undone).toBeGreaterThan(0);
  });

  it('QuickProp says which rule each parameter took: a gradient step at t = 0, then secants or the μ limit', () => {
    const tracer = createStepTracer(opts('quickprop'));
    expect(Array.from(tracer.at(0)!.probe.rule)).toEqual([0, 0]);
    const later = tracer.at(4)!;
    expect(later.probe.rule.every((r) => r === 1 || r === 2)).toBe(true);
    close(later.after!, [later.before[0]! - later.probe.gradStep[0]!, later.before[1]! - later.probe.gradStep[1]!]);
  });

  it('a run that diverged has no step past its end, and the step that left the bounds has no "after"', () => {
    const o = { ...opts('gd', { eta: 1e6 }) };
    const path = runToEnd(o).trajectory;
    const tracer = createStepTracer(o);
    expect(tracer.at(path.length + 2)).toBeNull();
    expect(tracer.at(-1)).toBeNull();
    expect(tracer.at(STEPS)).toBeNull();
  });

  it('the tangent plane gets better as the step shrinks: predicted/actual ΔL → 1 as η → 0', () => {
    const ratio = (eta: number) => {
      const t = createStepTracer(opts('gd', { eta })).at(2)!.taylor!;
      return t.linear / t.actual;
    };
    expect(Math.abs(ratio(1e-3) - 1)).toBeLessThan(Math.abs(ratio(1) - 1));
    expect(ratio(1e-4)).toBeCloseTo(1, 3);
  });
});
