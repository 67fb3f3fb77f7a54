import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import type { MomentumState } from './momentum';
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
  init: (n, s) => ({ update: new Float64Array(n), look: new Float64Array(n), gamma: s.gamma as number }),
  step({ problem, theta, grad, eta, state }) {
    const { update: u, look, gamma } = state;
    for (let i = 0; i < theta.length; i++) look[i] = theta[i]! - gamma * u[i]!;
    problem.lossAndGrad(look, grad);
    const loss = problem.loss(theta);
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
};
