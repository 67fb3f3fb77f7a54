import type { Problem } from '../../problem';
import { planeProblem, type PlanePoint } from './module';
import { plane, pointNear } from './shared';

/**
 * Two wells: a tilted double well in w along the diagonal valley b = w,
 *   L = (w² − 1)² + ½·w + (b − w)²,
 *   ∂L/∂w = 4w(w² − 1) + ½ − 2(b − w),   ∂L/∂b = 2(b − w),
 *   H = [[12w² − 2, −2], [−2, 2]]  (det = 4(6w² − 2): a minimum where 3w² > 1, a saddle where 3w² < 1).
 * Its stationary points lie on b = w where 4w(w² − 1) + ½ = 0, i.e. w³ − w + ⅛ = 0: the global minimum at
 * w ≈ −1.057454 (L ≈ −0.514754), a worse local minimum at w ≈ 0.930403 (L ≈ 0.483251) and the saddle between
 * them at w ≈ 0.127051 (L ≈ 1.032...), found by Newton at load to ‖∇L‖ < 10⁻¹³.
 *
 * Defaults: start (1.75, 0) on the outer slope of the worse well, η = 0.02, γ = 0.9, runs gd and momentum.
 * GD slides into the nearer, worse well and converges there (step ≈ 325, L ≈ 0.4833); momentum reaches
 * the bottom of that well with enough speed to cross the saddle's barrier and settles in the global well
 * (step ≈ 219, L ≈ −0.5148). The outcome holds for every η from 0.005 to 0.05 at γ = 0.9, and at
 * η = 0.02 for γ from 0.85 to 0.95 (tests/unit/engine/planeProblems.test.ts checks the defaults).
 */
function wells(): Problem {
  return plane({
    loss(w, b) {
      const q = w * w - 1;
      const r = b - w;
      return q * q + 0.5 * w + r * r;
    },
    lossAndGrad(w, b, g) {
      const q = w * w - 1;
      const r = b - w;
      g[0] = 4 * w * q + 0.5 - 2 * r;
      g[1] = 2 * r;
      return q * q + 0.5 * w + r * r;
    },
    hessian(w, _b, out) {
      out[0] = 12 * w * w - 2;
      out[1] = -2;
      out[2] = -2;
      out[3] = 2;
    },
  });
}

const POINTS: readonly PlanePoint[] = (() => {
  const p = wells();
  return [pointNear(p, [-1.06, -1.06], 'global'), pointNear(p, [0.93, 0.93], 'local'), pointNear(p, [0.13, 0.13], 'saddle')];
})();

export const wellsPlane = planeProblem({
  id: 'wells',
  name: 'Two wells (local minimum)',
  formula: 'L(w, b) = (w² − 1)² + ½·w + (b − w)²',
  lesson: 'a worse local minimum next to the global one: GD from the start stops in the nearer, worse well, momentum carries enough speed over the saddle into the better one',
  settings: [],
  defaults: {
    start: [1.75, 0],
    range: [-2.5, 2.5, -2.5, 2.5],
    eta: 0.02,
    gamma: 0.9,
    steps: 1000,
    runs: [
      { optimizer: 'gd', settings: {} },
      { optimizer: 'momentum', settings: {} },
    ],
  },
  create: () => wells(),
  points: () => POINTS,
});
