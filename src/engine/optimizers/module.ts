import type { Problem } from '../problem';
import type { SettingSpec, Settings } from './settings';
import type { StepTrace } from '../stepTrace';

/** The extreme eigenvalues λ_min ≤ λ_max of ∇²L at a point: what an optimizer's theory reads. */
export interface Spectrum {
  readonly min: number;
  readonly max: number;
}

/**
 * What an optimizer's module says about a quadratic whose Hessian has the spectrum it is given, for the
 * run's settings: exact on a quadratic, the local quadratic model's prediction elsewhere. Each value is
 * null where it does not apply (no stable η where nothing curves up, no best η at a saddle), and
 * `explain` has one sentence for each entry, saying what it means or why it does not apply.
 */
export interface OptimizerTheory {
  /** The stability bound: runs converge for 0 < η < maxEta and diverge above it (null: no η converges, or none is bounded). */
  readonly maxEta: number | null;
  /** The best fixed η for these settings (the fastest worst-direction contraction). */
  readonly bestEta?: number | null;
  /** The best (η, γ) pair (momentum's heavy-ball optimum). */
  readonly bestPair?: { readonly eta: number; readonly gamma: number } | null;
  readonly explain: { readonly maxEta: string; readonly bestEta?: string; readonly bestPair?: string };
}

/** Which parts of a step a probe holds (one per optimizer family). */
export type ProbeKind = 'gradient' | 'momentum' | 'nesterov' | 'newton' | 'rprop' | 'quickprop';

/**
 * What one step did, part by part, for the overlays and the live equations (filled only when a run is
 * traced: engine/stepTrace.ts). Every array has n entries (`hessian` n × n) and is allocated once.
 * Vectors are displacements in θ-space with the sign of the update: θ_{k+1} = θ_k − update.
 */
export interface StepProbe {
  kind: ProbeKind;
  /** η_k, the step's learning rate after the run's schedule. */
  eta: number;
  /** Where the step took its gradient: θ_k, or Nesterov's look-ahead θ_k − γ·update_{k−1}. */
  readonly at: Float64Array;
  /** The gradient the step used (after the run's clipping), at `at`; Rprop: the remembered prevD. */
  readonly grad: Float64Array;
  /** γ·update_{k−1}, the history term (momentum, Nesterov; zero otherwise). */
  readonly history: Float64Array;
  /** The step term: η_k·grad (GD, momentum, Nesterov), η_k·H⁻¹∇L (Newton), sign(prevD)·Δ (Rprop), −change (QuickProp). */
  readonly gradStep: Float64Array;
  /** Rprop: the step sizes Δ_i this step used. */
  readonly delta: Float64Array;
  /** Rprop: 1 where the sign flipped and the step of parameter i was undone. */
  readonly undone: Uint8Array;
  /** QuickProp: θ_{k−1} and g_{k−1}, and the rule each parameter took (0: gradient step, 1: secant, 2: the μ limit). */
  readonly prevTheta: Float64Array;
  readonly prevGrad: Float64Array;
  readonly rule: Uint8Array;
  /** Newton: H(θ_k), row-major. */
  readonly hessian: Float64Array;
}

/** A probe for n parameters, all zero. */
export function createProbe(n: number): StepProbe {
  const v = () => new Float64Array(n);
  return {
    kind: 'gradient', eta: NaN, at: v(), grad: v(), history: v(), gradStep: v(), delta: v(), undone: new Uint8Array(n),
    prevTheta: v(), prevGrad: v(), rule: new Uint8Array(n), hessian: new Float64Array(n * n),
  };
}

/** A copy of a probe that the traced run's later steps cannot overwrite. */
export function copyProbe(p: StepProbe): StepProbe {
  return {
    kind: p.kind, eta: p.eta, at: p.at.slice(), grad: p.grad.slice(), history: p.history.slice(), gradStep: p.gradStep.slice(), delta: p.delta.slice(),
    undone: p.undone.slice(), prevTheta: p.prevTheta.slice(), prevGrad: p.prevGrad.slice(), rule: p.rule.slice(), hessian: p.hessian.slice(),
  };
}

/** Why a run stops early without diverging. */
export type StopReason = 'hessian-singular';

/**
 * What one step sees. `problem` already applies the run's gradient transforms (clipping), so every
 * gradient an optimizer asks for is the one the run uses. `grad` is scratch of length n that a step
 * leaves holding the gradient it used (the settle test reads its norm).
 */
export interface StepContext<S> {
  readonly problem: Problem;
  /** θ_k on entry, θ_{k+1} on return, updated in place. */
  readonly theta: Float64Array;
  readonly state: S;
  readonly grad: Float64Array;
  /** k, the 0-based index of this step (θ_k → θ_{k+1}). */
  readonly k: number;
  /** η_k, the learning rate after the run's schedule. */
  readonly eta: number;
  /** Set by a step that cannot go on (θ is left at θ_k): the run stops with this reason at step k. */
  stop: StopReason | null;
  /** Set by a step that used a Hessian that is not positive definite (Newton heads for a saddle or a maximum). */
  indefinite: boolean;
  /** When the step is traced: the step fills it with its parts (theta on entry is θ_k). Null on every ordinary step. */
  readonly probe: StepProbe | null;
}

/**
 * One optimizer of the lectures. Its file's JSDoc is the lecture's update rule; `settings` declares
 * every setting it accepts (a run setting anything else is refused). `init` builds the run's state from
 * its resolved settings (state zero: update_0 = 0 and the like); `step` moves θ_k to θ_{k+1} in place
 * and returns L(θ_k).
 */
export interface OptimizerModule<S = unknown> {
  readonly id: string;
  /** Name in the "Add run" menu and the README. */
  readonly name: string;
  /** Name in run labels (legend, run list) when shorter than `name` ("GD η = 0.5"). */
  readonly short?: string;
  /** Its update rule in one line, for the README and the run editor. */
  readonly rule: string;
  readonly settings: readonly SettingSpec[];
  /** Uses ∇²L (refused where no dense Hessian is formed: more than MAX_HESSIAN_PARAMS parameters). */
  readonly needsHessian?: true;
  /** Ignores η altogether (the page says so where η is shown). */
  readonly ignoresEta?: true;
  /** Cross-setting checks ("min must be less than max"), after each setting passed its own bounds. */
  check?(s: Settings): string | null;
  init(n: number, s: Settings): S;
  step(c: StepContext<S>): number;
  /**
   * Its update rule for the live equations: `symbolic` TeX lines, and `numeric` the same lines with a
   * traced step's numbers (θ_t, the gradient it used, η_t, its history or steps, θ_{t+1}) filled in.
   */
  readonly equations: {
    readonly symbolic: readonly string[];
    numeric(t: StepTrace): string[];
  };
  /** Its stability bound and best values on a quadratic with this spectrum (theory.ts asks every module that has one). */
  theory?(eig: Spectrum, s: Settings): OptimizerTheory;
}
