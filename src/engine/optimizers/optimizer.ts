import type { Problem } from '../problem';

/** Hyperparameters named as the UI names them. */
export interface Hyper {
  /** η, the learning rate (step size), > 0. */
  readonly learningRate: number;
  /** γ, the momentum coefficient in [0, 1); ignored by plain gradient descent. */
  readonly momentum: number;
}

/**
 * Scratch state of one run, allocated once: `update` is update_{t−1} (zero at t = 0),
 * `grad` and `look` are work buffers of length n.
 */
export interface OptimizerState {
  readonly update: Float64Array;
  readonly grad: Float64Array;
  readonly look: Float64Array;
}

/**
 * One optimizer: `step` moves θ_t to θ_{t+1} in place and returns L(θ_t) and leaves ∇L(θ_t) in state.grad
 * (for Nesterov, the gradient at the look-ahead point).
 */
export interface Optimizer {
  readonly id: string;
  step(problem: Problem, theta: Float64Array, state: OptimizerState, hyper: Hyper): number;
}

/** Fresh state for a problem with n parameters; update_0 = 0. */
export function createOptimizerState(n: number): OptimizerState {
  return { update: new Float64Array(n), grad: new Float64Array(n), look: new Float64Array(n) };
}
