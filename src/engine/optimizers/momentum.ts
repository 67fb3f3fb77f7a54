import { SCHEDULE_SETTINGS } from '../schedules';
import type { StepTrace } from '../stepTrace';
import type { OptimizerModule, ProbeKind, StepProbe } from './module';
import { after, plus, texNum, texVec } from './tex';
import { CLIP, ETA, GAMMA } from './settings';

/** update_{t−1} of a momentum-type run (zero at t = 0) and its γ. */
export interface MomentumState {
  readonly update: Float64Array;
  readonly gamma: number;
}

/** A momentum-type step's parts: the gradient at `at`, the history γ·update_{t−1} and the gradient term η_t·g. */
export function fillMomentumProbe(p: StepProbe, kind: ProbeKind, at: Float64Array, grad: Float64Array, u: Float64Array, gamma: number, eta: number): void {
  p.kind = kind;
  p.at.set(at);
  p.grad.set(grad);
  for (let i = 0; i < u.length; i++) {
    p.history[i] = gamma * u[i]!;
    p.gradStep[i] = eta * grad[i]!;
  }
}

/** The last lines of a momentum-type step: update_t = γ·update_{t−1} + η_t·g, then θ_{t+1} = θ_t − update_t. */
export function updateLines(t: StepTrace): string[] {
  const p = t.probe;
  const u = plus(p.history, p.gradStep);
  return [
    `\\mathrm{update}_{${t.k}} = ${texVec(p.history)} + ${texNum(p.eta)}\\,${texVec(p.grad)} = ${texVec(u)}`,
    `\\theta_{${t.k + 1}} = ${texVec(t.before)} - ${texVec(u)} = ${after(t)}`,
  ];
}

/**
 * Momentum-based gradient descent, per parameter, with update_0 = 0:
 *   update_t = γ·update_{t−1} + η_t ∇L(θ_t)
 *   θ_{t+1}  = θ_t − update_t
 * With γ = 0 this is plain gradient descent.
 */
export const momentum: OptimizerModule<MomentumState> = {
  id: 'momentum',
  name: 'Momentum',
  rule: 'update_t = γ·update_{t−1} + η_t·∇L(θ_t);  θ_{t+1} = θ_t − update_t',
  settings: [ETA, GAMMA, ...SCHEDULE_SETTINGS, CLIP],
  equations: {
    symbolic: ['\\mathrm{update}_t = \\gamma\\,\\mathrm{update}_{t-1} + \\eta_t\\,\\nabla L(\\theta_t)', '\\theta_{t+1} = \\theta_t - \\mathrm{update}_t'],
    numeric: (t) => [`\\gamma\\,\\mathrm{update}_{${t.k - 1}} = ${texVec(t.probe.history)},\\quad \\nabla L(\\theta_{${t.k}}) = ${texVec(t.probe.grad)}`, ...updateLines(t)],
  },
  init: (n, s) => ({ update: new Float64Array(n), gamma: s.gamma as number }),
  step({ problem, theta, grad, eta, state, probe }) {
    const loss = problem.lossAndGrad(theta, grad);
    const { update: u, gamma } = state;
    if (probe) fillMomentumProbe(probe, 'momentum', theta, grad, u, gamma, eta);
    for (let i = 0; i < theta.length; i++) {
      u[i] = gamma * u[i]! + eta * grad[i]!;
      theta[i] = theta[i]! - u[i]!;
    }
    return loss;
  },
  /**
   * On a quadratic, along an eigenvector of λ with h = ηλ, (θ, update) evolves by a 2 × 2 matrix whose
   * characteristic polynomial is z² − (1 + γ − h)z + γ: both roots are inside the unit circle iff
   * 0 < h < 2 + 2γ (for 0 ≤ γ < 1), so the bound is η < (2 + 2γ)/λ_max. Polyak's heavy-ball optimum,
   * η* = (2/(√λ_min + √λ_max))², γ* = ((√κ − 1)/(√κ + 1))², gives the rate (√κ − 1)/(√κ + 1) per step.
   */
  theory({ min, max }, s) {
    const gamma = s.gamma as number;
    const kappa = max / min;
    const r = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
    return {
      maxEta: max > 0 ? (2 + 2 * gamma) / max : null,
      bestPair: min > 0 ? { eta: (2 / (Math.sqrt(min) + Math.sqrt(max))) ** 2, gamma: r * r } : null,
      explain: {
        maxEta: max > 0
          ? 'Momentum is stable for 0 < η < (2 + 2γ)/λ_max: the velocity lets it take steps up to 1 + γ times longer than GD before the oscillation along the most curved direction grows.' + (min < 0 ? ' Here that holds only for the directions that curve up: along λ_min < 0 it moves away at any η.' : '')
          : 'No bound on η: nothing curves up here (λ_max ≤ 0), so momentum never overshoots; it slides away at any η.',
        bestPair: min > 0
          ? 'The best (η, γ) for a quadratic with these eigenvalues (heavy ball): η* = (2/(√λ_min + √λ_max))², γ* = ((√κ − 1)/(√κ + 1))², which shrinks the error by (√κ − 1)/(√κ + 1) per step, κ = λ_max/λ_min.'
          : 'No best (η, γ): with λ_min ≤ 0 some direction does not curve up, so no setting converges in every direction.',
      },
    };
  },
};
