import type { Problem } from '../../../src/engine/problem';
import type { StepContext, StopReason } from '../../../src/engine/optimizers/module';
import { getOptimizer } from '../../../src/engine/optimizers/registry';
import { resolveSettings, type RunGlobals } from '../../../src/engine/optimizers/runs';
import { runToEnd, type Trajectory } from '../../../src/engine/run';

/**
 * L(θ) = ½ Σᵢ λᵢ (θᵢ − mᵢ)², ∇L = (λᵢ (θᵢ − mᵢ)): the textbook quadratic whose GD iterates are
 * θ_k − m = (1 − ηλ)^k (θ_0 − m). `calls` records every point the gradient was asked for, so tests can see
 * where an optimizer looked. With `hessian: true` it offers its exact Hessian diag(λ) (otherwise
 * curvature.ts forms one by differences of the gradient).
 */
export function quadratic(
  lambdas: readonly number[],
  opts: { readonly center?: readonly number[]; readonly hessian?: boolean } = {},
): Problem & { readonly calls: number[][] } {
  const calls: number[][] = [];
  const m = opts.center ?? lambdas.map(() => 0);
  const loss = (theta: Float64Array) => {
    let s = 0;
    for (let i = 0; i < lambdas.length; i++) s += 0.5 * lambdas[i]! * (theta[i]! - m[i]!) * (theta[i]! - m[i]!);
    return s;
  };
  const p: Problem & { readonly calls: number[][] } = {
    paramCount: lambdas.length,
    calls,
    loss,
    lossAndGrad(theta, gradOut) {
      calls.push(Array.from(theta));
      for (let i = 0; i < lambdas.length; i++) gradOut[i] = lambdas[i]! * (theta[i]! - m[i]!);
      return loss(theta);
    },
  };
  if (opts.hessian) {
    const n = lambdas.length;
    return {
      ...p,
      hessian(_theta, out) {
        out.fill(0);
        for (let i = 0; i < n; i++) out[i * n + i] = lambdas[i]!;
      },
    };
  }
  return p;
}

/** L(θ) = ½ (θ − m)ᵀ A (θ − m) for a symmetric A (rows), with its exact Hessian A. */
export function quadraticForm(A: readonly (readonly number[])[], center?: readonly number[]): Problem {
  const n = A.length;
  const m = center ?? A.map(() => 0);
  const grad = (theta: Float64Array, out: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let gi = 0;
      for (let j = 0; j < n; j++) gi += A[i]![j]! * (theta[j]! - m[j]!);
      out[i] = gi;
      s += 0.5 * (theta[i]! - m[i]!) * gi;
    }
    return s;
  };
  return {
    paramCount: n,
    loss: (theta) => grad(theta, new Float64Array(n)),
    lossAndGrad: grad,
    hessian(_theta, out) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = A[i]![j]!;
    },
  };
}

/** The same problem without its exact Hessian (so curvature.ts takes differences of the gradient). */
export function withoutHessian(p: Problem): Problem {
  return { paramCount: p.paramCount, loss: (t) => p.loss(t), lossAndGrad: (t, g) => p.lossAndGrad(t, g) };
}

/** Copies a typed array into plain numbers, turning −0 into 0 so exact comparisons ignore the sign of zero. */
export function plain(a: ArrayLike<number>): number[] {
  return Array.from(a, (x) => x + 0);
}

/** The valid rows of a trajectory as plain numbers. */
export function rows(t: Trajectory): { params: number[]; loss: number[] } {
  return { params: plain(t.params.subarray(0, t.length * t.paramCount)), loss: plain(t.loss.subarray(0, t.length)) };
}

/** θ_k of a trajectory. */
export function rowAt(t: Trajectory, k: number): number[] {
  return plain(t.params.subarray(k * t.paramCount, (k + 1) * t.paramCount));
}

/** The lecture's globals: η = 1, γ = 0.9. */
export const LECTURE_GLOBALS: RunGlobals = { eta: 1, gamma: 0.9 };

/** runToEnd with positional arguments, for brevity in tests. */
export function run(
  problem: Problem,
  optimizer: string,
  start: ArrayLike<number>,
  steps: number,
  settings: Readonly<Record<string, number | string>> = {},
  globals: RunGlobals = LECTURE_GLOBALS,
) {
  return runToEnd({ problem, run: { optimizer, settings }, globals, start, steps });
}

/**
 * Drives an optimizer module's step directly (no schedule, no clipping, no settle test): η_k is the
 * resolved `eta` (or NaN for a module without one). Returns θ after each step, the losses the steps returned,
 * the gradient each step left in `grad`, each step's stop/indefinite flags, and the state.
 */
export function steps(
  optimizer: string,
  problem: Problem,
  start: readonly number[],
  settings: Readonly<Record<string, number | string>>,
  count: number,
  globals: RunGlobals = LECTURE_GLOBALS,
) {
  const m = getOptimizer(optimizer);
  const s = resolveSettings(m, { optimizer, settings }, globals);
  const n = problem.paramCount;
  const theta = Float64Array.from(start);
  const ctx: { -readonly [K in keyof StepContext<unknown>]: StepContext<unknown>[K] } = {
    problem, theta, state: m.init(n, s), grad: new Float64Array(n), k: 0, eta: typeof s.eta === 'number' ? s.eta : NaN, stop: null, indefinite: false, probe: null,
  };
  const thetas: number[][] = [];
  const losses: number[] = [];
  const grads: number[][] = [];
  const flags: { stop: StopReason | null; indefinite: boolean }[] = [];
  for (let k = 0; k < count; k++) {
    ctx.k = k;
    ctx.stop = null;
    ctx.indefinite = false;
    losses.push((m.step as (c: StepContext<unknown>) => number)(ctx));
    thetas.push(plain(theta));
    grads.push(plain(ctx.grad));
    flags.push({ stop: ctx.stop, indefinite: ctx.indefinite });
  }
  return { thetas, losses, grads, flags, state: ctx.state as any };
}

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = u64[0]! + (x > 0 ? 1n : -1n);
  return f64[0]!;
}
/** The next double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
