import type { OptimizerModule } from './module';
import { texNum } from './tex';
import type { NumberSetting, Settings } from './settings';

const setting = (key: string, label: string, doc: string, def: number, min: number, max: number, extra: Partial<NumberSetting> = {}): NumberSetting => ({
  kind: 'number', key, label, doc, default: def, min, max, scale: 'log', ...extra,
});

/** Per-parameter step sizes Δ_i, the remembered derivatives prevD_i, and the loss at θ when known. */
export interface RpropState {
  readonly delta: Float64Array;
  readonly prevD: Float64Array;
  readonly d: Float64Array;
  readonly up: number;
  readonly down: number;
  readonly max: number;
  readonly min: number;
  /** After an undone step: true forgets prevD_i (Riedmiller & Braun), false keeps it (the lecture's slide). */
  readonly reset: boolean;
  /** L(θ_k) when the last step left θ exactly where its gradient was taken (no parameter undone). */
  knownLoss: number;
}

/**
 * Rprop with weight backtracking, the lecture's "Rprop (simplified)" with its step bounds. η is not used.
 * Per parameter i: before the first step prevD_i = ∂L/∂θ_i(θ_0) and Δ_i = Δ₀. Each step:
 *   θ_i ← θ_i − sign(prevD_i)·Δ_i;  D_i = ∂L/∂θ_i at the new θ (one gradient per step);
 *   sign(D_i)·sign(prevD_i) > 0:  Δ_i ← min(α·Δ_i, Δmax), prevD_i ← D_i;
 *   sign(D_i)·sign(prevD_i) < 0:  overshot: θ_i ← θ_i + sign(prevD_i)·Δ_i (undone), Δ_i ← max(β·Δ_i, Δmin), prevD_i kept;
 *   otherwise (a zero):           prevD_i ← D_i.
 * That is the lecture's slide, the default (`backtrack:keep`). Keeping prevD_i can lock θ_i on a stale
 * sign once the other parameters have moved: every later step of θ_i goes the old way, sees the sign
 * change, is undone, and Δ_i sits at Δmin, so θ_i is frozen with ∂L/∂θ_i ≠ 0 (on the lecture's run from
 * (−2, −2) b freezes at −0.350 with L ≈ 0.05). `backtrack:reset` is Riedmiller & Braun's weight
 * backtracking: prevD_i ← 0 after an undo, so the next step leaves θ_i where it is and takes the sign of
 * a fresh derivative.
 * L(θ_k) is returned as every optimizer's; after a step that undid a parameter it costs one loss evaluation.
 */
export const rprop: OptimizerModule<RpropState> = {
  id: 'rprop',
  name: 'Rprop',
  rule: 'θ_i ← θ_i − sign(∂L/∂θ_i)·Δ_i;  Δ_i grows ×α while the sign holds, shrinks ×β and the step is undone when it flips',
  ignoresEta: true,
  settings: [
    setting('step', 'initial step Δ₀', 'initial step Δ₀ of every parameter', 0.1, 1e-6, 1000),
    setting('up', 'growth α', 'growth factor α of Δ while the sign holds (> 1)', 1.2, 1, 10, { minExclusive: true, scale: 'linear' }),
    setting('down', 'shrink β', 'shrink factor β of Δ after a sign change (in (0, 1))', 0.5, 0, 1, { minExclusive: true, maxExclusive: true, scale: 'linear' }),
    setting('max', 'largest step Δmax', 'upper bound Δmax of every step', 50, 1e-6, 1000),
    setting('min', 'smallest step Δmin', 'lower bound Δmin of every step', 1e-6, 1e-12, 1),
    {
      kind: 'choice', key: 'backtrack', label: 'after an undone step',
      doc: 'keep: prevD_i kept (the lecture\'s slide; can freeze a parameter on a stale sign); reset: prevD_i ← 0 (Riedmiller & Braun)',
      default: 'keep', options: ['keep', 'reset'],
    },
  ],
  check(s: Settings) {
    if ((s.min as number) > (s.max as number)) return 'min must be at most max';
    if ((s.step as number) > (s.max as number) || (s.step as number) < (s.min as number)) return 'step must lie between min and max';
    return null;
  },
  equations: {
    symbolic: [
      '\\theta_i \\leftarrow \\theta_i - \\operatorname{sign}(\\partial L/\\partial\\theta_i)\\,\\Delta_i',
      '\\Delta_i \\leftarrow \\begin{cases}\\min(\\alpha\\Delta_i, \\Delta_{\\max}) & \\text{sign kept}\\\\ \\max(\\beta\\Delta_i, \\Delta_{\\min}),\\ \\text{step undone} & \\text{sign flipped}\\end{cases}',
    ],
    numeric(t) {
      const p = t.probe;
      return Array.from(t.before, (th, i) => {
        const name = i === 0 ? 'w' : i === 1 ? 'b' : `\\theta_{${i}}`;
        const tried = th - p.gradStep[i]!;
        const s = Math.sign(p.grad[i]!);
        const end = p.undone[i] ? `${texNum(tried)}\\ \\text{sign flipped: undone, back to } ${texNum(th)}` : texNum(t.after ? t.after[i]! : tried);
        return `${name}: ${texNum(th)} - (${s})\\cdot ${texNum(p.delta[i]!)} = ${end}`;
      });
    },
  },
  init: (n, s) => ({
    delta: new Float64Array(n).fill(s.step as number),
    prevD: new Float64Array(n),
    d: new Float64Array(n),
    up: s.up as number,
    down: s.down as number,
    max: s.max as number,
    min: s.min as number,
    reset: s.backtrack === 'reset',
    knownLoss: NaN,
  }),
  step({ problem, theta, grad, k, state, probe }) {
    const { delta, prevD, d } = state;
    const n = theta.length;
    let loss: number;
    if (k === 0) {
      loss = problem.lossAndGrad(theta, prevD);
    } else loss = Number.isNaN(state.knownLoss) ? problem.loss(theta) : state.knownLoss;
    // The settle test reads ∇L(θ_k): exact at k = 0, else the last gradient taken (at θ_k unless a parameter was undone).
    grad.set(k === 0 ? prevD : d);
    if (probe) {
      probe.kind = 'rprop';
      probe.at.set(theta);
      probe.grad.set(prevD);
      probe.delta.set(delta);
      for (let i = 0; i < n; i++) probe.gradStep[i] = Math.sign(prevD[i]!) * delta[i]!;
    }
    for (let i = 0; i < n; i++) theta[i] = theta[i]! - Math.sign(prevD[i]!) * delta[i]!;
    const next = problem.lossAndGrad(theta, d);
    let undone = false;
    for (let i = 0; i < n; i++) {
      const s = Math.sign(d[i]!) * Math.sign(prevD[i]!);
      if (probe) probe.undone[i] = s < 0 ? 1 : 0;
      if (s > 0) {
        delta[i] = Math.min(state.up * delta[i]!, state.max);
        prevD[i] = d[i]!;
      } else if (s < 0) {
        theta[i] = theta[i]! + Math.sign(prevD[i]!) * delta[i]!;
        delta[i] = Math.max(state.down * delta[i]!, state.min);
        if (state.reset) prevD[i] = 0;
        undone = true;
      } else prevD[i] = d[i]!;
    }
    state.knownLoss = undone ? NaN : next;
    return loss;
  },
};
