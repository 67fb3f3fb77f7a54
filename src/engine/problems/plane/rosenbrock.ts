import { planeProblem } from './module';
import { plane } from './shared';

/**
 * Rosenbrock's banana valley:
 *   L = (1 − w)² + 100 (b − w²)²,
 *   ∂L/∂w = −2(1 − w) − 400 w (b − w²),   ∂L/∂b = 200 (b − w²),
 *   H = [[2 − 400 (b − w²) + 800 w², −400 w], [−400 w, 200]].
 * One minimum, L = 0 at (1, 1), at the end of a narrow curved valley b ≈ w². At the minimum the Hessian's
 * eigenvalues are ≈ 0.40 and 1001.6 (κ ≈ 2500), so GD needs η < 2/1001.6 ≈ 0.002 there.
 *
 * Defaults: the classic start (−1.2, 1), window [−2, 2] × [−1, 3], η = 0.001: GD drops into the valley in a
 * few dozen steps and then crawls along its floor (after 5000 steps it is still short of (1, 1));
 * momentum (γ = 0.9) moves ten times as far per step along the floor.
 */
export const rosenbrockPlane = planeProblem({
  id: 'rosenbrock',
  name: 'Rosenbrock\'s valley',
  formula: 'L(w, b) = (1 − w)² + 100·(b − w²)²',
  lesson: 'a narrow curved valley: GD falls into it at once and then crawls along its nearly flat floor towards the minimum at (1, 1)',
  settings: [],
  defaults: { start: [-1.2, 1], range: [-2, 2, -1, 3], eta: 0.001, gamma: 0.9, steps: 5000 },
  create: () =>
    plane({
      loss(w, b) {
        const r = b - w * w;
        return (1 - w) * (1 - w) + 100 * r * r;
      },
      lossAndGrad(w, b, g) {
        const r = b - w * w;
        g[0] = -2 * (1 - w) - 400 * w * r;
        g[1] = 200 * r;
        return (1 - w) * (1 - w) + 100 * r * r;
      },
      hessian(w, b, out) {
        out[0] = 2 - 400 * (b - w * w) + 800 * w * w;
        out[1] = -400 * w;
        out[2] = -400 * w;
        out[3] = 200;
      },
    }),
  points: () => [{ w: 1, b: 1, loss: 0, kind: 'global' }],
});
