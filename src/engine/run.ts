import type { Problem } from './problem';
import { createOptimizerState, type Hyper, type Optimizer } from './optimizers';

/** |θᵢ| past this bound counts as divergence ("parameters exploded"); it keeps float32 GPU buffers finite. */
export const PARAM_BOUND = 1e6;
/** Convergence test: ‖∇L(θ_k)‖₂ below this… */
export const GRAD_TOL = 1e-4;
/** …and the step ‖θ_{k+1} − θ_k‖₂ below this, for every later step of the run. */
export const STEP_TOL = 1e-5;

/** Why a run stopped early. */
export type DivergeReason = 'loss-nonfinite' | 'params-nonfinite' | 'params-exploded';

/**
 * Where a run stands. `converged` means from step k on every iterate had ‖∇L‖ < GRAD_TOL and moved
 * less than STEP_TOL; `diverged` means iterate k was unusable (see reason) and the path ends at k − 1;
 * `finished` means all steps ran without settling.
 */
export type RunStatus =
  | { readonly kind: 'running' }
  | { readonly kind: 'converged'; readonly step: number }
  | { readonly kind: 'diverged'; readonly step: number; readonly reason: DivergeReason }
  | { readonly kind: 'finished' };

/**
 * A trajectory: rows k = 0..length−1 hold θ_k (row-major in `params`, n per row) and L(θ_k) in `loss`.
 * Arrays are allocated for steps + 1 rows; only the first `length` rows are valid.
 */
export interface Trajectory {
  readonly paramCount: number;
  readonly params: Float64Array;
  readonly loss: Float64Array;
  length: number;
}

/** A run that can be advanced a chunk at a time (the worker streams those chunks). */
export interface RunCursor {
  readonly trajectory: Trajectory;
  /** Computes up to `maxSteps` more optimizer steps; returns the rows [from, to) that became valid. */
  advance(maxSteps: number): { from: number; to: number };
  readonly done: boolean;
  readonly status: RunStatus;
}

function paramsProblem(theta: Float64Array): DivergeReason | null {
  for (let i = 0; i < theta.length; i++) {
    const v = theta[i]!;
    if (!Number.isFinite(v)) return 'params-nonfinite';
    if (Math.abs(v) > PARAM_BOUND) return 'params-exploded';
  }
  return null;
}

/**
 * Starts `optimizer` on `problem` at `start` for `steps` steps (rows 0..steps). Nothing runs until
 * `advance` is called. The start itself is checked like any iterate: a non-finite start diverges at step 0.
 */
export function startRun(
  problem: Problem,
  optimizer: Optimizer,
  start: ArrayLike<number>,
  hyper: Hyper,
  steps: number,
): RunCursor {
  const n = problem.paramCount;
  if (start.length !== n) throw new Error(`engine: start has ${start.length} values, problem needs ${n}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`engine: steps must be a non-negative integer, got ${steps}`);
  const trajectory: Trajectory = {
    paramCount: n,
    params: new Float64Array((steps + 1) * n),
    loss: new Float64Array(steps + 1),
    length: 0,
  };
  const theta = Float64Array.from(start);
  const state = createOptimizerState(n);
  let k = 0; // index of the iterate θ_k currently held in `theta`
  let status: RunStatus = { kind: 'running' };
  let settledSince = -1;
  const startProblem = paramsProblem(theta);
  if (startProblem) status = { kind: 'diverged', step: 0, reason: startProblem };
  else trajectory.params.set(theta, 0);

  const finish = (s: RunStatus) => {
    status = s;
  };

  return {
    trajectory,
    get done() {
      return status.kind !== 'running';
    },
    get status() {
      return status;
    },
    advance(maxSteps) {
      const from = trajectory.length;
      const limit = Math.min(steps, k + maxSteps);
      while (status.kind === 'running' && k < limit) {
        const loss = optimizer.step(problem, theta, state, hyper);
        if (!Number.isFinite(loss)) {
          finish({ kind: 'diverged', step: k, reason: 'loss-nonfinite' });
          break;
        }
        trajectory.loss[k] = loss;
        trajectory.length = k + 1;
        let g2 = 0;
        let d2 = 0;
        const row = k * n;
        for (let i = 0; i < n; i++) {
          g2 += state.grad[i]! * state.grad[i]!;
          const d = theta[i]! - trajectory.params[row + i]!;
          d2 += d * d;
        }
        const settled = Math.sqrt(g2) < GRAD_TOL && Math.sqrt(d2) < STEP_TOL;
        if (!settled) settledSince = -1;
        else if (settledSince < 0) settledSince = k;
        k++;
        const bad = paramsProblem(theta);
        if (bad) {
          finish({ kind: 'diverged', step: k, reason: bad });
          break;
        }
        // A plain loop: TypedArray.set costs more than the whole optimizer step for n = 2.
        const P = trajectory.params;
        for (let i = 0, o = k * n; i < n; i++) P[o + i] = theta[i]!;
      }
      if (status.kind === 'running' && k === steps) {
        const last = problem.loss(theta);
        if (!Number.isFinite(last)) finish({ kind: 'diverged', step: k, reason: 'loss-nonfinite' });
        else {
          trajectory.loss[k] = last;
          trajectory.length = k + 1;
          finish(settledSince >= 0 ? { kind: 'converged', step: settledSince } : { kind: 'finished' });
        }
      }
      return { from, to: trajectory.length };
    },
  };
}

/** Runs to the end in one go (CLI, tests, benchmarks). */
export function runToEnd(
  problem: Problem,
  optimizer: Optimizer,
  start: ArrayLike<number>,
  hyper: Hyper,
  steps: number,
): { trajectory: Trajectory; status: RunStatus } {
  const cursor = startRun(problem, optimizer, start, hyper, steps);
  while (!cursor.done) cursor.advance(steps + 1);
  return { trajectory: cursor.trajectory, status: cursor.status };
}
