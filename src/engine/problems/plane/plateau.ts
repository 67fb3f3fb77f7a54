import { exactExp } from '../../exactMath';
import { planeProblem } from './module';
import { plane } from './shared';

/** e^w, with the exponent capped at 700 so e^w stays finite (every loss past w ≈ 355 is +∞ anyway). */
const expCapped = (w: number) => exactExp(Math.min(w, 700));

/**
 * A plateau before a valley, with E = e^w:
 *   L = (1 − E)² + ½·(b·E)²,
 *   ∂L/∂w = E·(2E − 2 + b²E),   ∂L/∂b = b·E²,
 *   H = [[E·(4E − 2 + 2b²E), 2b·E²], [2b·E², E²]].
 * For w ≪ 0, E → 0: L → 1 and its gradient ≈ 2e^w vanishes in both directions (a wide flat shelf; the
 * curvature across b, E², dies out too). Towards w = 0 the shelf falls into a valley with its one minimum,
 * L = 0 at (0, 0) (∂L/∂b = 0 forces b = 0, then E = 1), where H = diag(2, 1); for w > 0 a steep wall.
 * The cap on the exponent leaves every finite value as it is and keeps the huge-w side at +∞, never NaN.
 *
 * Defaults: start (−6, 1) on the shelf (L ≈ 0.995, ‖∇L‖ ≈ 0.005), η = 0.5 (stable at the minimum, 2/λ_max = 1),
 * γ = 0.9, runs gd and momentum. On the shelf GD moves η·2e^w per step, so e^−w shrinks by about 1 a step:
 * it needs ≈ e^6 ≈ 400 steps to reach the valley (L < 0.01 first at step 418); momentum's steps grow to
 * ≈ 1/(1 − γ) = 10 times as long and it is there at step 94, then settles after some overshoot.
 */
export const plateauPlane = planeProblem({
  id: 'plateau',
  name: 'Plateau before a valley',
  formula: 'L(w, b) = (1 − e^w)² + ½·(b·e^w)²',
  lesson: 'a wide, nearly flat shelf: GD\'s steps shrink with the gradient and it crawls for hundreds of steps, momentum builds up speed and crosses it in a tenth of the time',
  settings: [],
  defaults: {
    start: [-6, 1],
    range: [-8, 2, -5, 5],
    eta: 0.5,
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
        const E = expCapped(w);
        const bE = b * E;
        return (1 - E) * (1 - E) + 0.5 * bE * bE;
      },
      lossAndGrad(w, b, g) {
        const E = expCapped(w);
        const bE = b * E;
        g[0] = E * (2 * E - 2 + b * bE);
        g[1] = bE * E;
        return (1 - E) * (1 - E) + 0.5 * bE * bE;
      },
      hessian(w, b, out) {
        const E = expCapped(w);
        const bE = b * E;
        out[0] = E * (4 * E - 2 + 2 * b * bE);
        out[1] = 2 * bE * E;
        out[2] = out[1];
        out[3] = E * E;
      },
    }),
  points: () => [{ w: 0, b: 0, loss: 0, kind: 'global' }],
});
