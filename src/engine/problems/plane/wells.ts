import { planeProblem, type PlanePoint } from './module';
import { plane } from './shared';

/**
 * Two wells: a lopsided double well in w along the diagonal valley b = w,
 *   L = (w² − 1)² + 0.18·(w + 1)² + (b − w)²,
 *   ∂L/∂w = 4w(w² − 1) + 0.36·(w + 1) − 2(b − w),   ∂L/∂b = 2(b − w),
 *   H = [[12w² − 1.64, −2], [−2, 2]]  (det = 24w² − 7.28: a minimum where w² > 0.303…, a saddle inside).
 * ∂L/∂b = 0 puts every stationary point on b = w, where ∂L/∂w = (w + 1)(4w² − 4w + 0.36) = 4(w + 1)(w − 0.1)(w − 0.9):
 * the global minimum (−1, −1) with L = 0, a worse local minimum (0.9, 0.9) with L = 0.6859, and the saddle
 * between them (0.1, 0.1) with L = 1.1979, a barrier 0.512 above the local minimum. Exact, so points()
 * lists them as they are.
 *
 * Defaults: start (1.75, 0) on the outer slope of the worse well, η = 0.02, γ = 0.9, runs gd and momentum.
 * GD slides into the nearer, worse well and converges there (step 328, L = 0.6859); momentum reaches the
 * bottom of that well fast enough to cross the saddle's barrier and settles in the global well (step 221,
 * L ≈ 10⁻³²). At γ = 0.9 momentum gets out for every η from 0.005 to 0.05, and at η = 0.02 for every γ
 * from 0.85 to 0.97; GD stays in for every η from 0.01 to 0.05 (tests/unit/engine/planeProblems.test.ts).
 */
const POINTS: readonly PlanePoint[] = [
  { w: -1, b: -1, loss: 0, kind: 'global' },
  { w: 0.9, b: 0.9, loss: 0.6859, kind: 'local' },
  { w: 0.1, b: 0.1, loss: 1.1979, kind: 'saddle' },
];

export const wellsPlane = planeProblem({
  id: 'wells',
  name: 'Two wells (local minimum)',
  formula: 'L(w, b) = (w² − 1)² + 0.18·(w + 1)² + (b − w)²',
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
  create: () =>
    plane({
      loss(w, b) {
        const q = w * w - 1;
        const s = w + 1;
        const r = b - w;
        return q * q + 0.18 * s * s + r * r;
      },
      lossAndGrad(w, b, g) {
        const q = w * w - 1;
        const s = w + 1;
        const r = b - w;
        g[0] = 4 * w * q + 0.36 * s - 2 * r;
        g[1] = 2 * r;
        return q * q + 0.18 * s * s + r * r;
      },
      hessian(w, _b, out) {
        out[0] = 12 * w * w - 1.64;
        out[1] = -2;
        out[2] = -2;
        out[3] = 2;
      },
    }),
  points: () => POINTS,
});
