import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import { CLIP, ETA, GAMMA } from './settings';

/** update_{t−1} of a momentum-type run (zero at t = 0) and its γ. */
export interface MomentumState {
  readonly update: Float64Array;
  readonly gamma: number;
}

/**
 * Momentum-based gradient descent, per parameter, with update_0 = 0:
 *   update_t = γ·update_{t−1} + η_t ∇L(θ_t)
 *   θ_{t+1}  = θ_t − update_t
 * With γ = 0 this is plain gradient descent.
 */
export const momentum: OptimizerModule<MomentumState> = {
  id: 'momentum',
  name: 'Momentum',
  rule: 'update_t = γ·update_{t−1} + η_t·∇L(θ_t);  θ_{t+1} = θ_t − update_t',
  settings: [ETA, GAMMA, ...SCHEDULE_SETTINGS, CLIP],
  init: (n, s) => ({ update: new Float64Array(n), gamma: s.gamma as number }),
  step({ problem, theta, grad, eta, state }) {
    const loss = problem.lossAndGrad(theta, grad);
    const { update: u, gamma } = state;
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
};
