import { SCHEDULE_SETTINGS } from '../schedules';
import type { OptimizerModule } from './module';
import { CLIP, ETA } from './settings';

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
  init: () => null,
  step({ problem, theta, grad, eta }) {
    const loss = problem.lossAndGrad(theta, grad);
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - eta * grad[i]!;
    return loss;
  },
};
