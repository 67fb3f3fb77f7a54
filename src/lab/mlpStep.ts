/**
 * The MLP lab's step at the playback step (the worker's half of the step overlays): the followed run's
 * step k traced part by part with the run's own engine (engine/stepTrace.ts, the optimizer modules'
 * StepProbe), then PROJECTED onto the slice the page shows, with the projection the paths use
 * (engine/slices.ts projectOntoPlane, which is affine in θ): points (θ_k, θ_{k+1}, Nesterov's look-ahead)
 * are projected as points, displacements (the step term, the history term) through its linear part, so
 * the projected parts add up exactly as the full ones do and the update's tip is the projection of
 * θ_{k+1}. The result is a 2-D StepTrace in slice coordinates (a, b), which lab/stepGeometry.ts and the
 * views draw as they draw a plane's step, and the full-dimension trace, for the equations' numbers.
 * Pure: no DOM, no clock.
 */
import { createProbe, type StepProbe } from '../engine/optimizers/module';
import type { Problem } from '../engine/problem';
import { projectOntoPlane } from '../engine/slices';
import { createStepTracer, type StepTrace, type StepTracer, type TaylorCheck } from '../engine/stepTrace';
import type { Plane } from '../engine/surface';
import { planeHessian } from '../engine/theory';
import type { RunGlobals, RunSpec } from '../engine/optimizers/runs';

type Pair = readonly [number, number];

/** The followed run's step as the worker sends it with a view reply (protocol `view` message's `step`). */
export interface MlpStep {
  /** The run (position) it belongs to and its optimizer id. */
  readonly run: number;
  readonly optimizer: string;
  /** k: the step shown, θ_k → θ_{k+1}. */
  readonly k: number;
  /**
   * The step with all n parameters: θ_k, θ_{k+1}, ∇L(θ_k), the probe's parts. `hessian` is empty (n × n
   * is not needed: a Newton probe has its own); `taylor` is the full model's check, with ΔᵀHΔ from a
   * difference of two gradients along Δ.
   */
  readonly full: StepTrace;
  /**
   * The same step on the slice, 2-D in (a, b): `before`/`after` the projections of θ_k and θ_{k+1};
   * `gradient` and `hessian` those of the loss restricted to θ_k + span(u, v) ((∇L·u, ∇L·v) and
   * planeHessian), for the tangent plane and the second-order patch; the probe's vectors projected (see
   * projectStep). Losses and `taylor` are the full ones.
   */
  readonly plane: StepTrace;
  /** The distances of θ_k and θ_{k+1} from the slice plane (the paths' offPlane). */
  readonly offPlane: Pair;
  /** QuickProp: its parabolas summed along the step it took (stepParabola); null for the other optimizers. */
  readonly parabola: StepParabola | null;
}

/**
 * QuickProp's model along the step it took. Each parameter i that took the secant rule jumps to the
 * bottom of its parabola L + g_i·s + ½c_i·s² (c_i = (g_i − g_{i,k−1}) / (θ_i − θ_{i,k−1})); a parameter on
 * the gradient step or the μ limit contributes its slope only (c_i = 0, as in the plane lab's drawing).
 * These axes are parameters, which a slice's axes are not, so no single per-parameter parabola lies over
 * the slice; their sum along the step direction d = θ_{k+1} − θ_k does, over the segment from θ_k's
 * projection to θ_{k+1}'s (the projection is affine):
 *   m(s) = L(θ_k) + g·s + ½c·s²,  g = Σ_i g_i·d_i = ∇L·d,  c = Σ_{i secant} c_i·d_i²,
 * s = 0 at θ_k and 1 at θ_{k+1}. Where every parameter took the secant rule, d_i = −g_i/c_i, so g = −c and
 * the vertex −g/c is s = 1: θ_{k+1}. `secant` of `n` parameters took that rule.
 */
export interface StepParabola {
  readonly g: number;
  readonly c: number;
  readonly secant: number;
  readonly n: number;
}

/** QuickProp's parabola along its step (StepParabola), or null: another optimizer, no step, or a non-finite term. */
export function stepParabola(full: StepTrace): StepParabola | null {
  const p = full.probe;
  if (p.kind !== 'quickprop' || !full.after) return null;
  let g = 0;
  let c = 0;
  let secant = 0;
  const n = full.before.length;
  for (let i = 0; i < n; i++) {
    const d = full.after[i]! - full.before[i]!;
    g += p.grad[i]! * d;
    if (p.rule[i] !== 1) continue;
    const last = full.before[i]! - p.prevTheta[i]!;
    if (last === 0) continue;
    c += ((p.grad[i]! - p.prevGrad[i]!) / last) * d * d;
    secant++;
  }
  return Number.isFinite(g) && Number.isFinite(c) ? { g, c, secant, n } : null;
}

/** The projection onto a plane, for points and for displacements (its linear part). */
export interface PlaneProjector {
  point(theta: ArrayLike<number>): Pair;
  vector(d: ArrayLike<number>): Pair;
  /**
   * Half-widths of the shadow of the box θ ± half (per parameter) on the slice: Σ_i half_i·|M_i| along a
   * and b, M the projection's linear part. `share` the part of it from the parameters with mask 1.
   */
  box(half: ArrayLike<number>, mask: ArrayLike<number>): { half: Pair; share: Pair };
}

export function planeProjector(plane: Plane): PlaneProjector {
  const { u, v } = plane;
  const n = u.length;
  let uu = 0;
  let uv = 0;
  let vv = 0;
  for (let i = 0; i < n; i++) {
    uu += u[i]! * u[i]!;
    uv += u[i]! * v[i]!;
    vv += v[i]! * v[i]!;
  }
  const det = uu * vv - uv * uv;
  // The rows of M = [u·u u·v; u·v v·v]⁻¹ [u v]ᵀ (projectOntoPlane's degenerate cases alike).
  const ma = new Float64Array(n);
  const mb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (det > 1e-12 * uu * vv) {
      ma[i] = (vv * u[i]! - uv * v[i]!) / det;
      mb[i] = (uu * v[i]! - uv * u[i]!) / det;
    } else if (uu > 0) ma[i] = u[i]! / uu;
    else if (vv > 0) mb[i] = v[i]! / vv;
  }
  return {
    point(theta) {
      const p = projectOntoPlane(plane, theta);
      return [p.a, p.b];
    },
    vector(d) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        a += ma[i]! * d[i]!;
        b += mb[i]! * d[i]!;
      }
      return [a, b];
    },
    box(half, mask) {
      let a = 0;
      let b = 0;
      let ma1 = 0;
      let mb1 = 0;
      for (let i = 0; i < n; i++) {
        const ha = Math.abs(half[i]! * ma[i]!);
        const hb = Math.abs(half[i]! * mb[i]!);
        a += ha;
        b += hb;
        if (mask[i]) {
          ma1 += ha;
          mb1 += hb;
        }
      }
      return { half: [a, b], share: [a > 0 ? ma1 / a : 0, b > 0 ? mb1 / b : 0] };
    },
  };
}

/**
 * A side of the projected Δ box is drawn as flipped (undone) when at least this share of its half-width
 * comes from parameters whose step was undone: on a 'params' slice that is exactly "θ_i flipped".
 */
export const UNDONE_SHARE = 0.25;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * The full trace's step on the slice (see MlpStep.plane). Probe: `at` (the look-ahead) and `prevTheta`
 * as points; `grad`, `history`, `gradStep`, `prevGrad` as displacements; `delta` the Δ box's shadow and
 * `undone` its sides that flipped (UNDONE_SHARE); `rule` zero (QuickProp's per-parameter parabolas have
 * no projection on a slice: its MlpStep's `parabola` is their sum along the step); `hessian` the 2 × 2 plane Hessian. 4 gradients (planeHessian).
 */
export function projectStep(full: StepTrace, plane: Plane, problem: Problem, proj: PlaneProjector = planeProjector(plane)): StepTrace {
  const p = full.probe;
  const q: StepProbe = createProbe(2);
  q.kind = p.kind;
  q.eta = p.eta;
  const set = (out: Float64Array, v: Pair) => {
    out[0] = v[0];
    out[1] = v[1];
  };
  set(q.at, proj.point(p.at));
  set(q.grad, proj.vector(p.grad));
  set(q.history, proj.vector(p.history));
  set(q.gradStep, proj.vector(p.gradStep));
  set(q.prevTheta, proj.point(p.prevTheta));
  set(q.prevGrad, proj.vector(p.prevGrad));
  if (p.kind === 'rprop') {
    const box = proj.box(p.delta, p.undone);
    set(q.delta, box.half);
    q.undone[0] = box.share[0] >= UNDONE_SHARE ? 1 : 0;
    q.undone[1] = box.share[1] >= UNDONE_SHARE ? 1 : 0;
  }
  const gu = dot(full.gradient, plane.u);
  const gv = dot(full.gradient, plane.v);
  let hessian: Float64Array;
  try {
    hessian = planeHessian(problem, full.before, plane.u, plane.v);
  } catch {
    hessian = Float64Array.of(NaN, NaN, NaN, NaN);
  }
  q.hessian.set(hessian);
  return {
    k: full.k,
    before: Float64Array.from(proj.point(full.before)),
    after: full.after ? Float64Array.from(proj.point(full.after)) : null,
    loss: full.loss,
    nextLoss: full.nextLoss,
    gradient: Float64Array.of(gu, gv),
    hessian,
    taylor: full.taylor,
    probe: q,
  };
}

/**
 * The Taylor check of a step with many parameters: ∇L·Δ, and ½ΔᵀHΔ from the central difference of two
 * gradients along Δ (ε·‖Δ‖ = 10⁻⁵·max(1, rms θ), as planeHessian). Null where the run ended at k.
 */
export function directionalTaylor(problem: Problem, t: StepTrace): TaylorCheck | null {
  if (!t.after || t.nextLoss === null) return null;
  const n = t.before.length;
  const d = Float64Array.from(t.after, (x, i) => x - t.before[i]!);
  const linear = dot(t.gradient, d);
  const dd = Math.sqrt(dot(d, d));
  let curve = 0;
  if (dd > 0) {
    const eps = (1e-5 * Math.max(1, Math.sqrt(dot(t.before, t.before) / n))) / dd;
    const x = new Float64Array(n);
    const gp = new Float64Array(n);
    const gm = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = t.before[i]! + eps * d[i]!;
    problem.lossAndGrad(x, gp);
    for (let i = 0; i < n; i++) x[i] = t.before[i]! - eps * d[i]!;
    problem.lossAndGrad(x, gm);
    for (let i = 0; i < n; i++) curve += (d[i]! * (gp[i]! - gm[i]!)) / (2 * eps);
  }
  return { linear, quadratic: linear + curve / 2, actual: t.nextLoss - t.loss };
}

/** What mlpStepper needs of a run: the engine's inputs, exactly as the worker's training cursor got them. */
export interface StepperOptions {
  readonly problem: Problem;
  readonly runs: readonly RunSpec[];
  readonly globals: RunGlobals;
  readonly start: ArrayLike<number>;
  readonly steps: number;
}

export interface MlpStepper {
  /**
   * Run `run`'s step k projected on `plane` (at the path's end, its last step), or 'pending' while the
   * replay towards it needs more than `maxSteps` steps (call again: it goes on where it stopped), or null
   * where the run has no step there.
   */
  at(run: number, k: number, plane: Plane, maxSteps: number): MlpStep | 'pending' | null;
}

/** Steps of one experiment's runs; keeps one tracer (the run last asked for), so playback forward is cheap. */
export function mlpStepper(o: StepperOptions): MlpStepper {
  let tracer: { run: number; t: StepTracer } | null = null;
  let last: { run: number; k: number; plane: Plane; step: MlpStep | null } | null = null;
  return {
    at(run, k, plane, maxSteps) {
      const spec = o.runs[run];
      if (!spec || !Number.isInteger(k) || k < 0) return null;
      if (last && last.run === run && last.k === k && last.plane === plane) return last.step;
      if (tracer?.run !== run) tracer = { run, t: createStepTracer({ problem: o.problem, run: spec, globals: o.globals, start: o.start, steps: o.steps }, { hessian: false }) };
      const tr = tracer.t;
      const want = Math.min(k, o.steps - 1);
      if (!tr.prepare(want, maxSteps)) return 'pending';
      // At the path's end (it diverged or stopped there, or k is the last row) the last step it took.
      const full0 = tr.at(want) ?? (want > 0 ? tr.at(want - 1) : null);
      let step: MlpStep | null = null;
      if (full0 && full0.before.every(Number.isFinite)) {
        const full: StepTrace = { ...full0, taylor: directionalTaylor(o.problem, full0) };
        const off = (x: Float64Array | null) => (x ? projectOntoPlane(plane, x).offPlane : NaN);
        step = { run, optimizer: spec.optimizer, k: full.k, full, plane: projectStep(full, plane, o.problem), offPlane: [off(full.before), off(full.after)], parabola: stepParabola(full) };
      }
      last = { run, k, plane, step };
      return step;
    },
  };
}
