import type { Problem } from '../../../src/engine/problem';

/**
 * L(θ) = ½ Σᵢ λᵢ θᵢ², ∇L = (λᵢ θᵢ): the textbook quadratic whose GD iterates are θ_k = (1 − ηλ)^k θ_0.
 * `calls` records every point the gradient was asked for, so tests can see where an optimizer looked.
 */
export function quadratic(lambdas: readonly number[]): Problem & { readonly calls: number[][] } {
  const calls: number[][] = [];
  const loss = (theta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < lambdas.length; i++) s += 0.5 * lambdas[i]! * theta[i]! * theta[i]!;
    return s;
  };
  return {
    paramCount: lambdas.length,
    calls,
    loss,
    lossAndGrad(theta, gradOut) {
      calls.push(Array.from(theta));
      for (let i = 0; i < lambdas.length; i++) gradOut[i] = lambdas[i]! * theta[i]!;
      return loss(theta);
    },
  };
}

/** Copies a typed array into plain numbers, turning −0 into 0 so exact comparisons ignore the sign of zero. */
export function plain(a: ArrayLike<number>): number[] {
  return Array.from(a, (x) => x + 0);
}
