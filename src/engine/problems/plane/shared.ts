import { symmetricEigen } from '../../linalg';
import type { Problem } from '../../problem';
import type { PlanePoint } from './module';

/**
 * A surface over θ = (w, b) written as three plain functions of w and b; `plane` wraps them into a
 * Problem (paramCount 2, exact gradient and Hessian).
 */
export interface PlaneFormula {
  loss(w: number, b: number): number;
  /** Writes ∂L/∂w into g[0], ∂L/∂b into g[1]; returns L. */
  lossAndGrad(w: number, b: number, g: Float64Array): number;
  /** Writes [L_ww, L_wb, L_bw, L_bb] into out. */
  hessian(w: number, b: number, out: Float64Array): void;
}

/** The Problem of a plane formula. */
export function plane(f: PlaneFormula): Problem {
  return {
    paramCount: 2,
    loss: (t) => f.loss(t[0]!, t[1]!),
    lossAndGrad: (t, g) => f.lossAndGrad(t[0]!, t[1]!, g),
    hessian: (t, out) => f.hessian(t[0]!, t[1]!, out),
  };
}

/**
 * The stationary point Newton's method reaches from `seed` (full steps H⁻¹∇L, up to 100 of them, stopping
 * once ‖∇L‖ < 10⁻¹³ or the step is below 10⁻¹⁵ relative), with its loss and the kind its Hessian says
 * (positive definite: a minimum, reported as `minimum`; indefinite: 'saddle'). Throws when Newton does not
 * settle (a module's seeds are chosen next to the point, so that is a bug).
 */
export function stationaryNear(p: Problem, seed: readonly [number, number]): { w: number; b: number; loss: number; kind: 'minimum' | 'saddle' | 'other' } {
  const t = Float64Array.from(seed);
  const g = new Float64Array(2);
  const H = new Float64Array(4);
  for (let it = 0; it < 100; it++) {
    p.lossAndGrad(t, g);
    if (Math.hypot(g[0]!, g[1]!) < 1e-13) break;
    p.hessian!(t, H);
    const det = H[0]! * H[3]! - H[1]! * H[2]!;
    const dw = (H[3]! * g[0]! - H[1]! * g[1]!) / det;
    const db = (H[0]! * g[1]! - H[2]! * g[0]!) / det;
    t[0] = t[0]! - dw;
    t[1] = t[1]! - db;
    if (Math.hypot(dw, db) < 1e-15 * Math.max(1, Math.hypot(t[0]!, t[1]!))) break;
  }
  p.lossAndGrad(t, g);
  if (!(Math.hypot(g[0]!, g[1]!) < 1e-9)) throw new Error(`engine: no stationary point found near (${seed.join(', ')})`);
  p.hessian!(t, H);
  const { values } = symmetricEigen(H, 2);
  const kind = values[1]! > 0 ? 'minimum' : values[0]! > 0 ? 'saddle' : 'other';
  return { w: t[0]!, b: t[1]!, loss: p.loss(t), kind };
}

/** A stationary point found from `seed`, as a PlanePoint of the given kind (throws if its Hessian disagrees). */
export function pointNear(p: Problem, seed: readonly [number, number], kind: PlanePoint['kind']): PlanePoint {
  const s = stationaryNear(p, seed);
  const want = kind === 'saddle' ? 'saddle' : 'minimum';
  if (s.kind !== want) throw new Error(`engine: the point near (${seed.join(', ')}) is not a ${want}`);
  return { w: s.w, b: s.b, loss: s.loss, kind };
}
