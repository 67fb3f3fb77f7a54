import type { Problem } from '../problem';
import type { SettingSpec, Settings } from './settings';

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
}
