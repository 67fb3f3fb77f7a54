import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import { texVec } from './tex';
import { fillMomentumProbe, updateLines, type MomentumState } from './momentum';
import { CLIP, ETA, GAMMA } from './settings';

/** Momentum's state plus the look-ahead point's buffer. */
export interface NesterovState extends MomentumState {
  readonly look: Float64Array;
}

/**
 * Nesterov accelerated gradient: look before you leap. The gradient is taken at the look-ahead
 * point θ_look = θ_t − γ·update_{t−1}:
 *   update_t = γ·update_{t−1} + η_t ∇L(θ_t − γ·update_{t−1})
 *   θ_{t+1}  = θ_t − update_t
 * The returned loss is L(θ_t) (the iterate, not the look-ahead point), so loss curves compare like for like.
 */
export const nesterov: OptimizerModule<NesterovState> = {
  id: 'nesterov',
  name: 'Nesterov',
  rule: 'update_t = γ·update_{t−1} + η_t·∇L(θ_t − γ·update_{t−1});  θ_{t+1} = θ_t − update_t',
  settings: [ETA, GAMMA, ...SCHEDULE_SETTINGS, CLIP],
  equations: {
    symbolic: ['\\mathrm{update}_t = \\gamma\\,\\mathrm{update}_{t-1} + \\eta_t\\,\\nabla L(\\theta_t - \\gamma\\,\\mathrm{update}_{t-1})', '\\theta_{t+1} = \\theta_t - \\mathrm{update}_t'],
    numeric(t) {
      const p = t.probe;
      return [
        `\\theta_{${t.k}} - \\gamma\\,\\mathrm{update}_{${t.k - 1}} = ${texVec(t.before)} - ${texVec(p.history)} = ${texVec(p.at)}\\ \\text{(look-ahead)}`,
        `\\nabla L(\\text{look-ahead}) = ${texVec(p.grad)}`,
        ...updateLines(t),
      ];
    },
  },
  init: (n, s) => ({ update: new Float64Array(n), look: new Float64Array(n), gamma: s.gamma as number }),
  step({ problem, theta, grad, eta, state, probe }) {
    const { update: u, look, gamma } = state;
    for (let i = 0; i < theta.length; i++) look[i] = theta[i]! - gamma * u[i]!;
    problem.lossAndGrad(look, grad);
    const loss = problem.loss(theta);
    if (probe) fillMomentumProbe(probe, 'nesterov', look, grad, u, gamma, eta);
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
  /**
   * On a quadratic, along an eigenvector of λ with h = ηλ, the characteristic polynomial of this
   * look-ahead form is z² − (1 + γ)(1 − h)z + γ(1 − h): both roots are inside the unit circle iff
   * 0 < h < (2 + 2γ)/(1 + 2γ), so the bound is η < (2 + 2γ)/((1 + 2γ)·λ_max).
   */
  theory({ min, max }, s) {
    const gamma = s.gamma as number;
    return {
      maxEta: max > 0 ? (2 + 2 * gamma) / ((1 + 2 * gamma) * max) : null,
      explain: {
        maxEta: max > 0
          ? 'Nesterov is stable for 0 < η < (2 + 2γ)/((1 + 2γ)·λ_max): looking ahead damps the oscillation, but it also makes the bound smaller than momentum\'s, between 4/3 and 2 over λ_max.' + (min < 0 ? ' Here that holds only for the directions that curve up: along λ_min < 0 it moves away at any η.' : '')
          : 'No bound on η: nothing curves up here (λ_max ≤ 0), so Nesterov never overshoots; it slides away at any η.',
      },
    };
  },
};
