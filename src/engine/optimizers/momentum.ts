import type { Optimizer } from './optimizer';

/**
 * Momentum-based gradient descent, per parameter, with update_0 = 0:
 *   update_t = γ·update_{t−1} + η ∇L(θ_t)
 *   θ_{t+1}  = θ_t − update_t
 * With γ = 0 this is plain gradient descent.
 */
export const momentum: Optimizer = {
  id: 'momentum',
  step(problem, theta, state, hyper) {
    const loss = problem.lossAndGrad(theta, state.grad);
    const { learningRate: eta, momentum: gamma } = hyper;
    const u = state.update;
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * state.grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
};
