import type { OptimizerModule } from './module';
import { texNum } from './tex';
import { ETA, type NumberSetting } from './settings';

/** Fahlman's maximum growth factor μ: no change is more than μ times the last one. */
export const MU: NumberSetting = {
  kind: 'number', key: 'mu', label: 'growth limit μ', doc: 'maximum growth factor μ: a change is at most μ·|θ_t − θ_{t−1}| (> 0)',
  default: 1.75, min: 0, max: 100, minExclusive: true, scale: 'log',
};

/** θ_{t−1} and g_{t−1} of every parameter (unset before the first step). */
export interface QuickpropState {
  readonly prevTheta: Float64Array;
  readonly prevGrad: Float64Array;
  readonly mu: number;
}

/**
 * QuickProp (Fahlman 1988), per parameter: the secant form of Newton's step along each axis,
 *   θ_{t+1} = θ_t − g_t·(θ_t − θ_{t−1}) / (g_t − g_{t−1}),
 * i.e. a jump to the minimum of the parabola through the last two slopes. The slide's Δw^(k−1) is
 * θ_t − θ_{t−1} (the last change, not its negative). Safeguards: at t = 0, and for a parameter whose last
 * change is 0, a gradient step −η·g_t; where g_t = g_{t−1}, or the secant step is not finite, or it is
 * longer than μ·|θ_t − θ_{t−1}|, the change is μ·(θ_t − θ_{t−1}) instead.
 */
export const quickprop: OptimizerModule<QuickpropState> = {
  id: 'quickprop',
  name: 'QuickProp',
  rule: 'θ_{t+1} = θ_t − g_t·(θ_t − θ_{t−1}) / (g_t − g_{t−1}), per parameter',
  settings: [ETA, MU],
  equations: {
    symbolic: ['\\theta_{t+1} = \\theta_t - g_t\\,\\dfrac{\\theta_t - \\theta_{t-1}}{g_t - g_{t-1}}\\quad\\text{(per parameter)}'],
    numeric(t) {
      const p = t.probe;
      return Array.from(t.before, (th, i) => {
        const name = i === 0 ? 'w' : i === 1 ? 'b' : `\\theta_{${i}}`;
        const next = texNum(th - p.gradStep[i]!);
        if (p.rule[i] === 0) return `${name}: \\text{gradient step } ${texNum(th)} - ${texNum(p.eta)}\\cdot ${texNum(p.grad[i]!)} = ${next}`;
        if (p.rule[i] === 2) return `${name}: \\text{limit } \\mu\\,(\\theta_t - \\theta_{t-1}):\\ ${texNum(th)} + ${texNum(-p.gradStep[i]!)} = ${next}`;
        return `${name}: ${texNum(th)} - ${texNum(p.grad[i]!)}\\cdot\\dfrac{${texNum(th)} - ${texNum(p.prevTheta[i]!)}}{${texNum(p.grad[i]!)} - ${texNum(p.prevGrad[i]!)}} = ${next}`;
      });
    },
  },
  init: (n, s) => ({ prevTheta: new Float64Array(n), prevGrad: new Float64Array(n), mu: s.mu as number }),
  step({ problem, theta, grad, k, eta, state, probe }) {
    const loss = problem.lossAndGrad(theta, grad);
    const { prevTheta, prevGrad, mu } = state;
    if (probe) {
      probe.kind = 'quickprop';
      probe.at.set(theta);
      probe.grad.set(grad);
      probe.prevTheta.set(prevTheta);
      probe.prevGrad.set(prevGrad);
    }
    for (let i = 0; i < theta.length; i++) {
      const t = theta[i]!;
      const g = grad[i]!;
      const last = t - prevTheta[i]!;
      let change: number;
      let rule = 0;
      if (k === 0 || last === 0) change = -eta * g;
      else {
        const secant = (-g * last) / (g - prevGrad[i]!);
        rule = g === prevGrad[i]! || !Number.isFinite(secant) || Math.abs(secant) > mu * Math.abs(last) ? 2 : 1;
        change = rule === 2 ? mu * last : secant;
      }
      if (probe) {
        probe.rule[i] = rule;
        probe.gradStep[i] = -change;
      }
      prevTheta[i] = t;
      prevGrad[i] = g;
      theta[i] = t + change;
    }
    return loss;
  },
};
