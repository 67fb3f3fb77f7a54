import { hessianAt } from './curvature';
import { copyProbe, createProbe, type StepProbe } from './optimizers/module';
import { startRun, type RunCursor, type RunOptions } from './run';

/** The linear and quadratic Taylor predictions of a step's change in loss, and the change itself. */
export interface TaylorCheck {
  /** ∇L(θ_k)·Δ with Δ = θ_{k+1} − θ_k: the tangent plane's prediction. */
  readonly linear: number;
  /** ∇L·Δ + ½ΔᵀHΔ: the second-order model's prediction. */
  readonly quadratic: number;
  /** L(θ_{k+1}) − L(θ_k). */
  readonly actual: number;
}

/**
 * Step k of a run, part by part: θ_k and θ_{k+1}, the losses, the exact ∇L(θ_k) and H(θ_k) of the
 * problem (not clipped: they describe the surface, for the Taylor plane), and the step's probe (what the
 * optimizer's own rule used: the look-ahead point, the history term, Rprop's Δ, …). `after` is null when
 * the run ended at k (diverged or stopped); then `taylor` is null too.
 */
export interface StepTrace {
  readonly k: number;
  readonly before: Float64Array;
  readonly after: Float64Array | null;
  readonly loss: number;
  readonly nextLoss: number | null;
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  readonly taylor: TaylorCheck | null;
  readonly probe: StepProbe;
}

/** Traces the steps of one run; reuse it while the run is unchanged (it follows playback forward cheaply). */
export interface StepTracer {
  /** Step k (0 ≤ k < the run's steps), or null where the run has no step k (it ended before). */
  at(k: number): StepTrace | null;
  /**
   * Replays towards step k by at most `maxSteps` steps (a caller with a time budget, the MLP's worker);
   * true once `at(k)` has at most one step left to replay.
   */
  prepare(k: number, maxSteps: number): boolean;
}

/** `hessian: false` leaves the trace's `hessian` empty and its `taylor` null: for many parameters the caller does its own curvature. */
export interface TracerOptions {
  readonly hessian?: boolean;
}

/**
 * A tracer for one run. Replays the run from its start with the same engine as the worker (so the
 * trace is exactly the worker's path), keeping the cursor: a later k advances it, an earlier k starts
 * again. Cost O(k) steps at worst; O(Δk) while playback moves forward.
 */
export function createStepTracer(options: Omit<RunOptions, 'probe'>, { hessian = true }: TracerOptions = {}): StepTracer {
  const n = options.problem.paramCount;
  const probe = { at: -1, into: createProbe(n) };
  let cursor: RunCursor | null = null;
  let last: { k: number; trace: StepTrace | null } | null = null;
  return {
    at(k) {
      if (!Number.isInteger(k) || k < 0 || k >= options.steps) return null;
      if (last?.k === k) return last.trace;
      // The cursor holds θ_m with m = its rows: step k must still be ahead of it.
      if (!cursor || cursor.trajectory.length > k) cursor = startRun({ ...options, probe });
      probe.at = k;
      if (!cursor.done) cursor.advance(k + 1 - cursor.trajectory.length);
      const ran = !Number.isNaN(probe.into.eta);
      const st = cursor.status;
      const lost = (st.kind === 'diverged' && st.step === k + 1) || (st.kind === 'stopped' && st.step === k);
      const trace = ran && cursor.trajectory.length > k ? build(k, cursor.trajectory, options, probe.into, !lost, hessian) : null;
      probe.into.eta = NaN;
      last = { k, trace };
      return trace;
    },
    prepare(k, maxSteps) {
      if (!Number.isInteger(k) || k < 0 || k >= options.steps || last?.k === k) return true;
      if (!cursor || cursor.trajectory.length > k) cursor = startRun({ ...options, probe });
      const left = k - cursor.trajectory.length;
      if (cursor.done || left <= 0) return true;
      // Step k itself is not reached here (it stays for `at`), so the probe may already point at it.
      probe.at = k;
      cursor.advance(Math.max(1, Math.min(left, Math.floor(maxSteps))));
      return cursor.done || cursor.trajectory.length >= k;
    },
  };
}

function build(k: number, tr: RunCursor['trajectory'], o: Omit<RunOptions, 'probe'>, p: StepProbe, moved: boolean, curvature: boolean): StepTrace {
  const n = tr.paramCount;
  const before = tr.params.slice(k * n, k * n + n);
  // Step k wrote θ_{k+1} unless it left the bounds (then the run diverged at k + 1) or stopped at k.
  const after = moved ? tr.params.slice((k + 1) * n, (k + 2) * n) : null;
  const gradient = new Float64Array(n);
  const loss = o.problem.lossAndGrad(before, gradient);
  const hessian = new Float64Array(curvature ? n * n : 0);
  if (curvature) hessianAt(o.problem, before, hessian);
  const nextLoss = after ? o.problem.loss(after) : null;
  let taylor: TaylorCheck | null = null;
  if (curvature && after && nextLoss !== null) {
    let linear = 0;
    let curve = 0;
    for (let i = 0; i < n; i++) {
      const di = after[i]! - before[i]!;
      linear += gradient[i]! * di;
      for (let j = 0; j < n; j++) curve += di * hessian[i * n + j]! * (after[j]! - before[j]!);
    }
    taylor = { linear, quadratic: linear + curve / 2, actual: nextLoss - loss };
  }
  return { k, before, after, loss, nextLoss, gradient, hessian, taylor, probe: copyProbe(p) };
}
