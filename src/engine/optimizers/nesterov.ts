import type { Optimizer } from './optimizer';

/**
 * Nesterov accelerated gradient: look before you leap. The gradient is taken at the look-ahead
 * point θ_look = θ_t − γ·update_{t−1}:
 *   update_t = γ·update_{t−1} + η ∇L(θ_t − γ·update_{t−1})
 *   θ_{t+1}  = θ_t − update_t
 * The returned loss is L(θ_t) (the iterate, not the look-ahead point), so loss curves compare like for like.
 */
export const nesterov: Optimizer = {
  id: 'nesterov',
  step(problem, theta, state, hyper) {
    const { learningRate: eta, momentum: gamma } = hyper;
    const u = state.update;
    const look = state.look;
    for (let i = 0; i < theta.length; i++) look[i] = theta[i]! - gamma * u[i]!;
    problem.lossAndGrad(look, state.grad);
    const loss = problem.loss(theta);
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * state.grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
};
