/**
 * A differentiable objective over a flat parameter vector θ ∈ ℝⁿ.
 * Every problem in `problems/` implements this; optimizers and the surface sampler only see this shape.
 */
export interface Problem {
  /** n, the length of θ. */
  readonly paramCount: number;
  /** L(θ). May be non-finite for hostile θ; callers treat that as divergence. */
  loss(theta: Float64Array): number;
  /** Writes ∇L(θ) into `gradOut` (length n) and returns L(θ). */
  lossAndGrad(theta: Float64Array, gradOut: Float64Array): number;
  /**
   * The exact Hessian ∇²L(θ), written row-major into `out` (n × n), when the problem has one in closed
   * form. Problems without it get one by differences of exact gradients (curvature.ts hessianAt).
   */
  hessian?(theta: Float64Array, out: Float64Array): void;
  /**
   * The parameters that train, ascending, when only some do (trainOnly); absent means all. Newton solves,
   * and the settle test judges the point, in these directions only.
   */
  readonly trainable?: readonly number[];
}

/** Throws an engine error; used for misuse of the engine API, never for divergence. */
export function engineError(message: string): never {
  throw new Error(`engine: ${message}`);
}
