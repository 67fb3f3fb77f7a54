import { hessianAt, solveNewton } from '../curvature';
import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import { after, texMat, texNum, texVec } from './tex';
import { ETA, type NumberSetting } from './settings';

/** Newton's own η: the lecture's Newton takes the whole step (η = 1), whatever the link's global η. */
export const NEWTON_ETA: NumberSetting = { ...ETA, default: 1, global: undefined, doc: 'step factor η on the Newton step (defaults to 1, not the link\'s eta)' };

/** Buffers for H and the Newton direction. */
export interface NewtonState {
  readonly H: Float64Array;
  readonly d: Float64Array;
}

/**
 * Newton's method with the exact Hessian (or differences of exact gradients, curvature.ts):
 *   θ_{t+1} = θ_t − η_t·H(θ_t)⁻¹·∇L(θ_t).
 * On a positive definite quadratic, η = 1 lands on the minimum in one step. Where H is not positive
 * definite the step still solves H d = ∇L and heads where the quadratic model's stationary point is (a
 * saddle or a maximum), as the lecture says; the run notes it. Where H is singular the run stops at k.
 */
export const newton: OptimizerModule<NewtonState> = {
  id: 'newton',
  name: 'Newton',
  rule: 'θ_{t+1} = θ_t − η_t·H(θ_t)⁻¹·∇L(θ_t)',
  settings: [NEWTON_ETA, ...SCHEDULE_SETTINGS],
  needsHessian: true,
  equations: {
    symbolic: ['\\theta_{t+1} = \\theta_t - \\eta_t\\,H(\\theta_t)^{-1}\\,\\nabla L(\\theta_t)'],
    numeric(t) {
      const p = t.probe;
      const n = t.before.length;
      return [
        `H(\\theta_{${t.k}}) = ${texMat(p.hessian, n)},\\quad \\nabla L(\\theta_{${t.k}}) = ${texVec(p.grad)}`,
        `\\eta_t\\,H^{-1}\\nabla L = ${texNum(p.eta)}\\cdot${texVec(Float64Array.from(p.gradStep, (v) => v / (p.eta || 1)))} = ${texVec(p.gradStep)}`,
        `\\theta_{${t.k + 1}} = ${texVec(t.before)} - ${texVec(p.gradStep)} = ${after(t)}`,
      ];
    },
  },
  init: (n) => ({ H: new Float64Array(n * n), d: new Float64Array(n) }),
  step(c) {
    const { problem, theta, grad, eta, state } = c;
    const n = theta.length;
    const loss = problem.lossAndGrad(theta, grad);
    hessianAt(problem, theta, state.H);
    const kind = solveNewton(state.H, grad, n, state.d, problem.trainable);
    if (kind === 'singular') {
      c.stop = 'hessian-singular';
      return loss;
    }
    if (kind === 'indefinite') c.indefinite = true;
    if (c.probe) {
      c.probe.kind = 'newton';
      c.probe.at.set(theta);
      c.probe.grad.set(grad);
      c.probe.hessian.set(state.H);
      for (let i = 0; i < n; i++) c.probe.gradStep[i] = eta * state.d[i]!;
    }
    for (let i = 0; i < n; i++) theta[i] = theta[i]! - eta * state.d[i]!;
    return loss;
  },
  /**
   * On a quadratic, the Newton step scaled by η multiplies the distance to the stationary point by 1 − η
   * in every direction, whatever the eigenvalues: it converges for 0 < η < 2, in one step at η = 1. That
   * point is the minimum only when H is positive definite (λ_min > 0); otherwise there is no bound to give.
   */
  theory({ min }) {
    const pd = min > 0;
    return {
      maxEta: pd ? 2 : null,
      bestEta: pd ? 1 : null,
      explain: {
        maxEta: pd
          ? 'Newton\'s step scaled by η shrinks the distance to the minimum by |1 − η| per step on a quadratic, so it converges for 0 < η < 2, whatever the eigenvalues.'
          : 'No stable η toward a minimum: H is not positive definite here, so Newton\'s step heads for the quadratic model\'s saddle or maximum instead.',
        bestEta: pd
          ? 'η = 1 lands on the minimum of the quadratic model in one step (exactly, on a quadratic).'
          : 'No best η: the quadratic model has no minimum here (λ_min ≤ 0).',
      },
    };
  },
};
