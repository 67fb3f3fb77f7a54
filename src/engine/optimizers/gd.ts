import type { Optimizer } from './optimizer';

/**
 * Gradient descent, from the first-order Taylor expansion L(θ + Δ) ≈ L(θ) + Δᵀ∇L(θ):
 * the direction of steepest decrease is −∇L, so
 *   θ_{t+1} = θ_t − η ∇L(θ_t).
 */
export const gd: Optimizer = {
  id: 'gd',
  step(problem, theta, state, hyper) {
    const loss = problem.lossAndGrad(theta, state.grad);
    const eta = hyper.learningRate;
    for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! - eta * state.grad[i]!;
    return loss;
  },
};
