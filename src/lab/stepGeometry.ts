/**
 * What the step overlays draw, in (w, b) coordinates, from a traced step (lab/stepView.ts): arrows tip to
 * tail as the optimizer's rule adds them up, Nesterov's look-ahead point, Rprop's Δ box, QuickProp's
 * per-parameter secant parabolas, and the Taylor patches around θ_k. Pure, so the geometry is tested
 * apart from the canvases; every number it returns is finite (a non-finite part is left out).
 */
import type { StepView } from './stepView';

export type Pair = readonly [number, number];

/** gradient: the step term (−η∇L and its kin); history: −γ·update_{t−1}; update: the whole step θ_k → θ_{k+1}; undone: Rprop's tried and taken back. */
export type ArrowRole = 'gradient' | 'history' | 'update' | 'undone';

export interface Arrow {
  readonly from: Pair;
  readonly to: Pair;
  readonly role: ArrowRole;
  /** A short label drawn at its tip. */
  readonly label: string;
}

/** QuickProp along one parameter: the parabola m(s) = L + g·s + ½·c·s² it jumps to the bottom of (s = θ_i − θ_k,i). */
export interface Secant {
  readonly axis: 0 | 1;
  readonly g: number;
  readonly c: number;
  /** The change it took along this axis (to the vertex, or the gradient step / μ limit when the rule said so). */
  readonly change: number;
  readonly rule: 'gradient' | 'secant' | 'limit';
}

/**
 * QuickProp on a slice (the MLP lab): its parabolas summed along the step (lab/mlpStep.ts StepParabola),
 * m(s) = L + g·s + ½c·s² over the segment from (s = 0, θ_k's projection) to (s = 1, θ_{k+1}'s).
 */
export interface StepParabola2d {
  readonly from: Pair;
  readonly to: Pair;
  readonly g: number;
  readonly c: number;
}

export interface StepShapes {
  readonly at: Pair;
  readonly arrows: readonly Arrow[];
  /** Where Nesterov took its gradient. */
  readonly lookAhead: Pair | null;
  /** Rprop: the step sizes Δ_i as a box around θ_k; which parameters flipped sign and were undone. */
  readonly box: { readonly half: Pair; readonly undone: readonly [boolean, boolean] } | null;
  readonly secants: readonly Secant[];
  readonly parabola: StepParabola2d | null;
}

const fin = (p: Pair): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]);
const minus = (a: Pair, v: ArrayLike<number>): Pair => [a[0] - v[0]!, a[1] - v[1]!];

/** The overlay shapes of a traced step. */
export function stepShapes(view: StepView): StepShapes {
  const { trace } = view;
  const p = trace.probe;
  const at: Pair = [trace.before[0]!, trace.before[1]!];
  const after: Pair | null = trace.after ? [trace.after[0]!, trace.after[1]!] : null;
  const arrows: Arrow[] = [];
  const add = (from: Pair, to: Pair, role: ArrowRole, label: string) => {
    if (fin(from) && fin(to) && (from[0] !== to[0] || from[1] !== to[1])) arrows.push({ from, to, role, label });
  };
  let lookAhead: Pair | null = null;
  let box: StepShapes['box'] = null;
  const secants: Secant[] = [];
  let parabola: StepParabola2d | null = null;
  switch (p.kind) {
    case 'gradient':
      add(at, minus(at, p.gradStep), 'gradient', '−η∇L');
      break;
    case 'momentum': {
      const mid = minus(at, p.history);
      add(at, mid, 'history', '−γ·update');
      add(mid, minus(mid, p.gradStep), 'gradient', '−η∇L');
      if (after) add(at, after, 'update', 'update');
      break;
    }
    case 'nesterov': {
      const look = minus(at, p.history);
      if (fin(look)) lookAhead = look;
      add(at, look, 'history', '−γ·update');
      add(look, minus(look, p.gradStep), 'gradient', '−η∇L(look-ahead)');
      if (after) add(at, after, 'update', 'update');
      break;
    }
    case 'newton':
      add(at, minus(at, p.gradStep), 'gradient', '−ηH⁻¹∇L');
      break;
    case 'rprop': {
      const tried = minus(at, p.gradStep);
      const undone: [boolean, boolean] = [p.undone[0] === 1, p.undone[1] === 1];
      if (Number.isFinite(p.delta[0]!) && Number.isFinite(p.delta[1]!)) box = { half: [p.delta[0]!, p.delta[1]!], undone };
      if (undone[0] || undone[1]) {
        add(at, tried, 'undone', 'tried, undone');
        if (after) add(at, after, 'gradient', 'kept');
      } else add(at, tried, 'gradient', '−sign(∂L)·Δ');
      break;
    }
    case 'quickprop': {
      // Its parabolas are per parameter: a slice's axes (the MLP lab) are not two of the parameters it
      // used, so there it shows their sum along the step.
      const along = view.mlp?.step.parabola;
      add(at, minus(at, p.gradStep), 'gradient', along ? `secant step (${along.secant}/${along.n} secant)` : 'secant step');
      if (along && after && fin(after)) parabola = { from: at, to: after, g: along.g, c: along.c };
      if (!view.mlp) for (const axis of [0, 1] as const) {
        const g = p.grad[axis]!;
        const last = at[axis] - p.prevTheta[axis]!;
        const c = p.rule[axis] === 1 && last !== 0 ? (g - p.prevGrad[axis]!) / last : NaN;
        const change = -p.gradStep[axis]!;
        const rule = p.rule[axis] === 1 ? 'secant' : p.rule[axis] === 2 ? 'limit' : 'gradient';
        if (Number.isFinite(g) && Number.isFinite(change)) secants.push({ axis, g, c: Number.isFinite(c) ? c : 0, change, rule });
      }
      break;
    }
  }
  return { at, arrows, lookAhead, box, secants, parabola };
}

/**
 * The Taylor patch around θ_k on an n × n grid: `linear` the tangent plane L + ∇L·Δ, `quadratic` the
 * second-order model L + ∇L·Δ + ½ΔᵀHΔ, over θ_k ± half (per axis). Row-major (w fastest), loss values
 * only (the caller places them); the grid's corners are θ_k ± half.
 */
export function taylorPatch(view: StepView, order: 'linear' | 'quadratic', half: Pair, n: number): Float64Array {
  const { trace } = view;
  const L = trace.loss;
  const [g0, g1] = [trace.gradient[0]!, trace.gradient[1]!];
  const [h00, h01, h11] = [trace.hessian[0]!, trace.hessian[1]!, trace.hessian[3]!];
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const d1 = -half[1] + (2 * half[1] * j) / (n - 1);
    for (let i = 0; i < n; i++) {
      const d0 = -half[0] + (2 * half[0] * i) / (n - 1);
      let v = L + g0 * d0 + g1 * d1;
      if (order === 'quadratic') v += 0.5 * (h00 * d0 * d0 + 2 * h01 * d0 * d1 + h11 * d1 * d1);
      out[j * n + i] = v;
    }
  }
  return out;
}

/**
 * Half-widths of the Taylor patch: 1.3 times the step along each axis, at least 12 % and at most 30 % of
 * the window's span, so a tiny step still shows a patch and a huge one does not cover the surface.
 */
export function patchHalf(view: StepView, range: readonly [number, number, number, number]): Pair {
  const t = view.trace;
  const step = t.after ? Math.hypot(t.after[0]! - t.before[0]!, t.after[1]! - t.before[1]!) : 0;
  const half = (span: number) => Math.min(0.3 * span, Math.max(0.12 * span, Number.isFinite(step) ? 1.3 * step : 0));
  return [half(range[1] - range[0]), half(range[3] - range[2])];
}
