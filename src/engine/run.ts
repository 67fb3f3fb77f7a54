import { classifyPoint, MAX_HESSIAN_PARAMS } from './curvature';
import type { StepContext, StepProbe, StopReason } from './optimizers/module';
import { getOptimizer } from './optimizers/registry';
import type { RunGlobals, RunSpec } from './optimizers/runs';
import { resolveSettings } from './optimizers/runs';
import type { Settings } from './optimizers/settings';
import type { Problem } from './problem';
import { createSchedule } from './schedules';
import { clipGradient } from './transforms/clipGradient';

/** |θᵢ| past this bound counts as divergence ("parameters exploded"); it keeps float32 GPU buffers finite. */
export const PARAM_BOUND = 1e6;
/** Settle test: ‖∇L(θ_k)‖₂ below this… */
export const GRAD_TOL = 1e-4;
/** …and the step ‖θ_{k+1} − θ_k‖₂ below this, for every later step of the run. */
export const STEP_TOL = 1e-5;

/** Why a run stopped early. */
export type DivergeReason = 'loss-nonfinite' | 'params-nonfinite' | 'params-exploded';

/**
 * Where a run stands. A run *settles* at step k when from k on every iterate has ‖∇L‖ < GRAD_TOL and moves
 * less than STEP_TOL; what it settled on is told by the Hessian there (curvature.ts classifyPoint):
 * `converged` at a minimum, `plateau` where the loss is flat in every direction (max |λ| < 10⁻⁶, e.g. a
 * saturated sigmoid), `saddle` where a direction still goes down. `diverged` means iterate k was unusable
 * (see reason) and the path ends at k − 1; `stopped` means the optimizer could not step from θ_k (Newton's
 * Hessian singular) and the path ends at k; `finished` means all steps ran without settling.
 */
export type RunStatus =
  | { readonly kind: 'running' }
  | { readonly kind: 'converged'; readonly step: number }
  | { readonly kind: 'plateau'; readonly step: number }
  | { readonly kind: 'saddle'; readonly step: number }
  | { readonly kind: 'diverged'; readonly step: number; readonly reason: DivergeReason }
  | { readonly kind: 'stopped'; readonly step: number; readonly reason: StopReason }
  | { readonly kind: 'finished' };

/** Facts about a run that are not its status: the first step whose Hessian was not positive definite (Newton). */
export interface RunNotes {
  readonly indefiniteFrom: number | null;
}

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
  readonly notes: RunNotes;
  /** The run's resolved settings (explicit, then the globals, then the defaults). */
  readonly settings: Settings;
}

function paramsProblem(theta: Float64Array): DivergeReason | null {
  for (let i = 0; i < theta.length; i++) {
    const v = theta[i]!;
    if (!Number.isFinite(v)) return 'params-nonfinite';
    if (Math.abs(v) > PARAM_BOUND) return 'params-exploded';
  }
  return null;
}

/** What startRun needs: the problem, the run, the globals its eta/gamma fall back to, a start and a length. */
export interface RunOptions {
  readonly problem: Problem;
  readonly run: RunSpec;
  readonly globals: RunGlobals;
  readonly start: ArrayLike<number>;
  readonly steps: number;
  /**
   * Trace one step: step `at` fills `into` with its parts and η_k (engine/stepTrace.ts); no other step
   * does. `at` may be moved forward between two `advance` calls (a tracer follows playback that way).
   */
  readonly probe?: { at: number; readonly into: StepProbe };
}

/**
 * Starts a run (rows 0..steps). Nothing runs until `advance` is called. The start itself is checked like
 * any iterate: a non-finite start diverges at step 0. Misuse (a Newton run on a problem with more than
 * MAX_HESSIAN_PARAMS parameters, a wrong start length) throws an engine error; validate runs at the
 * boundary with runProblem.
 */
export function startRun({ problem: raw, run, globals, start, steps, probe }: RunOptions): RunCursor {
  const n = raw.paramCount;
  const module = getOptimizer(run.optimizer);
  if (start.length !== n) throw new Error(`engine: start has ${start.length} values, problem needs ${n}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`engine: steps must be a non-negative integer, got ${steps}`);
  if (module.needsHessian && n > MAX_HESSIAN_PARAMS) throw new Error(`engine: ${module.id} needs a Hessian, at most ${MAX_HESSIAN_PARAMS} parameters, problem has ${n}`);
  const settings = resolveSettings(module, run, globals);
  const problem = typeof settings.clip === 'number' ? clipGradient(raw, settings.clip) : raw;
  const schedule = createSchedule(settings);
  const trajectory: Trajectory = { paramCount: n, params: new Float64Array((steps + 1) * n), loss: new Float64Array(steps + 1), length: 0 };
  const theta = Float64Array.from(start);
  const ctx: { -readonly [K in keyof StepContext<never>]: StepContext<never>[K] } = {
    problem, theta, state: module.init(n, settings), grad: new Float64Array(n), k: 0, eta: 0, stop: null, indefinite: false, probe: null,
  };
  let k = 0; // index of the iterate θ_k currently held in `theta`
  let status: RunStatus = { kind: 'running' };
  let indefiniteFrom: number | null = null;
  let settledSince = -1;
  const startProblem = paramsProblem(theta);
  if (startProblem) status = { kind: 'diverged', step: 0, reason: startProblem };
  else trajectory.params.set(theta, 0);

  const settle = (): RunStatus => {
    if (settledSince < 0) return { kind: 'finished' };
    const kind = classifyPoint(raw, Float64Array.from(theta)).kind;
    if (kind === 'flat') return { kind: 'plateau', step: settledSince };
    if (kind === 'saddle') return { kind: 'saddle', step: settledSince };
    return { kind: 'converged', step: settledSince };
  };

  return {
    trajectory,
    settings,
    get done() {
      return status.kind !== 'running';
    },
    get status() {
      return status;
    },
    get notes() {
      return { indefiniteFrom };
    },
    advance(maxSteps) {
      const from = trajectory.length;
      const limit = Math.min(steps, k + maxSteps);
      const P = trajectory.params;
      while (status.kind === 'running' && k < limit) {
        ctx.k = k;
        ctx.probe = probe !== undefined && probe.at === k ? probe.into : null;
        ctx.eta = schedule.etaAt(k, schedule.needsLoss ? raw.loss(theta) : NaN);
        const loss = module.step(ctx);
        if (ctx.probe) ctx.probe.eta = ctx.eta;
        if (!Number.isFinite(loss)) {
          status = { kind: 'diverged', step: k, reason: 'loss-nonfinite' };
          break;
        }
        trajectory.loss[k] = loss;
        trajectory.length = k + 1;
        if (ctx.indefinite && indefiniteFrom === null) indefiniteFrom = k;
        if (ctx.stop) {
          status = { kind: 'stopped', step: k, reason: ctx.stop };
          break;
        }
        let g2 = 0;
        let d2 = 0;
        const row = k * n;
        for (let i = 0; i < n; i++) {
          g2 += ctx.grad[i]! * ctx.grad[i]!;
          const d = theta[i]! - P[row + i]!;
          d2 += d * d;
        }
        const settled = Math.sqrt(g2) < GRAD_TOL && Math.sqrt(d2) < STEP_TOL;
        if (!settled) settledSince = -1;
        else if (settledSince < 0) settledSince = k;
        k++;
        const bad = paramsProblem(theta);
        if (bad) {
          status = { kind: 'diverged', step: k, reason: bad };
          break;
        }
        // A plain loop: TypedArray.set costs more than the whole optimizer step for n = 2.
        for (let i = 0, o = k * n; i < n; i++) P[o + i] = theta[i]!;
      }
      if (status.kind === 'running' && k === steps) {
        const last = raw.loss(theta);
        if (!Number.isFinite(last)) status = { kind: 'diverged', step: k, reason: 'loss-nonfinite' };
        else {
          trajectory.loss[k] = last;
          trajectory.length = k + 1;
          status = settle();
        }
      }
      return { from, to: trajectory.length };
    },
  };
}

/** Runs to the end in one go (CLI, tests, benchmarks). */
export function runToEnd(options: RunOptions): { trajectory: Trajectory; status: RunStatus; notes: RunNotes; settings: Settings } {
  const cursor = startRun(options);
  while (!cursor.done) cursor.advance(options.steps + 1);
  return { trajectory: cursor.trajectory, status: cursor.status, notes: cursor.notes, settings: cursor.settings };
}
