import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import { CLIP, ETA } from './settings';
import { after, clipped, texNum, texVec } from './tex';

/**
 * Gradient descent, from the first-order Taylor expansion L(θ + Δ) ≈ L(θ) + Δᵀ∇L(θ):
 * the direction of steepest decrease is −∇L, so
 *   θ_{t+1} = θ_t − η_t ∇L(θ_t).
 */
export const gd: OptimizerModule<null> = {
  id: 'gd',
  name: 'Gradient descent',
  short: 'GD',
  rule: 'θ_{t+1} = θ_t − η_t·∇L(θ_t)',
  settings: [ETA, ...SCHEDULE_SETTINGS, CLIP],
  equations: {
    symbolic: ['\\theta_{t+1} = \\theta_t - \\eta_t\\,\\nabla L(\\theta_t)'],
    numeric(t) {
      const g = clipped(t.probe.grad, t.gradient) ? '\\operatorname{clip}(\\nabla L)' : '\\nabla L';
      return [
        `${g}(\\theta_{${t.k}}) = ${texVec(t.probe.grad)}`,
        `\\theta_{${t.k + 1}} = ${texVec(t.before)} - ${texNum(t.probe.eta)}\\,${texVec(t.probe.grad)} = ${after(t)}`,
      ];
    },
  },
  init: () => null,
  step({ problem, theta, grad, eta, probe }) {
    const loss = problem.lossAndGrad(theta, grad);
    if (probe) {
      probe.kind = 'gradient';
      probe.at.set(theta);
      probe.grad.set(grad);
      for (let i = 0; i < theta.length; i++) probe.gradStep[i] = eta * grad[i]!;
    }
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - eta * grad[i]!;
    return loss;
  },
  /**
   * On a quadratic, the error along an eigenvector of λ is multiplied by 1 − ηλ every step: stable iff
   * |1 − ηλ| < 1 for every λ, i.e. 0 < η < 2/λ_max (all λ > 0); the worst factor max(|1 − ηλ_min|,
   * |1 − ηλ_max|) is smallest at η = 2/(λ_min + λ_max), where it is (κ − 1)/(κ + 1).
   */
  theory({ min, max }) {
    return {
      maxEta: max > 0 ? 2 / max : null,
      bestEta: min > 0 ? 2 / (min + max) : null,
      explain: {
        maxEta: max > 0
          ? 'GD is stable for 0 < η < 2/λ_max: above it the steps along the most curved direction overshoot by more than they correct, and grow.' + (min < 0 ? ' Here that holds only for the directions that curve up: along λ_min < 0 GD moves away at any η.' : '')
          : 'No bound on η: nothing curves up here (λ_max ≤ 0), so GD never overshoots; it slides away or crawls at any η.',
        bestEta: min > 0
          ? 'The best fixed η is 2/(λ_min + λ_max): it shrinks the error in the slowest direction as fast as in the fastest, by (κ − 1)/(κ + 1) per step, κ = λ_max/λ_min.'
          : 'No best fixed η: with λ_min ≤ 0 some direction does not curve up, so no η makes GD converge in every direction.',
      },
    };
  },
};
