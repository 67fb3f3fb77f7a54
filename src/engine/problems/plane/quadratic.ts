import { cosTurns, sinTurns } from '../../exactMath';
import { planeProblem, type PlanePoint, type PlaneSettings } from './module';
import { plane } from './shared';


/** λ₁, λ₂ and the unit vector u₁ = (c, s) of a quadratic's settings (u₂ = (−s, c)). */
function axes(st: PlaneSettings): { l1: number; l2: number; c: number; s: number } {
  const [l1, l2] = st.curv as readonly [number, number];
  // In turns, by the engine's own sine and cosine: the same bits in every JavaScript engine (exactMath.ts).
  const turns = st.angle![0]! / 360;
  return { l1, l2, c: cosTurns(turns), s: sinTurns(turns) };
}

const num = (x: number) => String(Number(x.toPrecision(3)));

/** What a quadratic with these curvatures teaches: a bowl (round or eccentric), a saddle, a dome, a flat floor. */
export function quadraticLesson(st: PlaneSettings): string {
  const { l1, l2 } = axes(st);
  const lo = Math.min(l1, l2);
  const hi = Math.max(l1, l2);
  if (lo > 0 && lo === hi) return `a round bowl (λ₁ = λ₂ = ${num(hi)}): every direction curves alike, so GD with η = 1/λ = ${num(1 / hi)} lands on the minimum in one step, oscillates above it and diverges past 2/λ = ${num(2 / hi)}`;
  if (lo > 0) return `an eccentric bowl (κ = λ_max/λ_min = ${num(hi / lo)}): with η just below 2/λ_max = ${num(2 / hi)} GD zigzags across the steep direction and crawls along the shallow one`;
  if (lo < 0 && hi > 0) return `a saddle (λ = ${num(lo)} and ${num(hi)}): the origin is a minimum along one axis and a maximum along the other; started on the first, GD stalls at the origin, off it the path slides away along the second`;
  if (hi < 0) return `a dome (λ = ${num(lo)} and ${num(hi)}): a maximum at the origin and no minimum; every run goes downhill away from it`;
  if (hi > 0) return `a valley with a flat floor (λ = 0 and ${num(hi)}): a line of minima along the flat axis; GD stops wherever it reaches the floor`;
  if (lo < 0) return `a ridge (λ = ${num(lo)} and 0): a line of maxima along the flat axis; runs slide off it`;
  return 'flat (λ₁ = λ₂ = 0): L ≡ 0, the gradient is zero everywhere and no run moves';
}

/**
 * A quadratic with curvatures λ₁, λ₂ along the axes u₁ = (cos φ, sin φ), u₂ = (−sin φ, cos φ):
 *   L(θ) = ½ λ₁ (u₁ᵀθ)² + ½ λ₂ (u₂ᵀθ)²,   ∇L = λ₁ p u₁ + λ₂ q u₂ (p = u₁ᵀθ, q = u₂ᵀθ),
 *   H = λ₁ u₁u₁ᵀ + λ₂ u₂u₂ᵀ (constant).
 * Both λ > 0: a bowl, minimum 0 at the origin. Signs differ: a saddle at the origin (the lecture's is
 * `curv=1,-1`). Both < 0: a maximum (no minimum, nothing listed). One λ = 0 and the other > 0: a line of
 * minima through the origin along the flat axis (points() lists the origin, loss 0, as one of them);
 * λ₁ = λ₂ = 0: L ≡ 0 (the origin listed); one λ = 0 and the other < 0: a line of maxima (nothing listed).
 *
 * Defaults: `curv=1,10` at φ = 0 (condition number κ = 10) from (−4, 2) with η = 0.18, just below GD's
 * stability bound 2/λ_max = 0.2: across b, the steep axis, every GD step multiplies b by 1 − 0.18·10 = −0.8
 * (a zigzag that dies out slowly), along w it multiplies w by 1 − 0.18 = 0.82 (the crawl along the floor).
 * GD converges at step 59. The runs are GD and momentum with γ = 0.5 (stable while η·λ_max < 2 + 2γ = 3;
 * it converges at step 38); Nesterov is left out because at this η it diverges: its bound in this form is
 * η·λ_max < (2 + 2γ)/(1 + 2γ) = 1.5 at γ = 0.5, and η·λ_max = 1.8.
 */
export const quadraticPlane = planeProblem({
  id: 'quadratic',
  quadratic: true,
  name: 'Quadratic bowl / saddle',
  formula: 'L(w, b) = ½ λ₁ (u₁ᵀθ)² + ½ λ₂ (u₂ᵀθ)², θ = (w, b), u₁ = (cos φ, sin φ), u₂ = (−sin φ, cos φ)',
  lesson: 'an eccentric bowl (κ = λ₂/λ₁ = 10): with η just below 2/λ_max GD zigzags across the steep direction and crawls along the shallow one; a negative λ makes the origin a saddle',
  lessonFor: quadraticLesson,
  settings: [
    { key: 'curv', label: 'curvatures λ₁, λ₂', doc: 'curvatures λ₁, λ₂ along u₁ and u₂ (negative: the surface curves down that way)', count: 2, default: [1, 10], min: -100, max: 100, scale: 'linear' },
    { key: 'angle', label: 'axis angle φ', doc: 'angle φ of the first axis u₁ from the w axis, in degrees', count: 1, default: [0], min: -180, max: 180, scale: 'linear', unit: '°' },
  ],
  defaults: {
    start: [-4, 2],
    range: [-5, 5, -5, 5],
    eta: 0.18,
    gamma: 0.5,
    steps: 200,
    runs: [
      { optimizer: 'gd', settings: {} },
      { optimizer: 'momentum', settings: {} },
    ],
  },
  create(st) {
    const { l1, l2, c, s } = axes(st);
    const hww = l1 * c * c + l2 * s * s;
    const hwb = (l1 - l2) * c * s;
    const hbb = l1 * s * s + l2 * c * c;
    return plane({
      loss(w, b) {
        const p = c * w + s * b;
        const q = -s * w + c * b;
        return 0.5 * (l1 * p * p + l2 * q * q);
      },
      lossAndGrad(w, b, g) {
        const p = c * w + s * b;
        const q = -s * w + c * b;
        const lp = l1 * p;
        const lq = l2 * q;
        g[0] = lp * c - lq * s;
        g[1] = lp * s + lq * c;
        return 0.5 * (lp * p + lq * q);
      },
      hessian(_w, _b, out) {
        out[0] = hww;
        out[1] = hwb;
        out[2] = hwb;
        out[3] = hbb;
      },
    });
  },
  points(st): PlanePoint[] {
    const { l1, l2 } = axes(st);
    if (l1 >= 0 && l2 >= 0) return [{ w: 0, b: 0, loss: 0, kind: 'global' }];
    if ((l1 > 0 && l2 < 0) || (l1 < 0 && l2 > 0)) return [{ w: 0, b: 0, loss: 0, kind: 'saddle' }];
    return [];
  },
});
