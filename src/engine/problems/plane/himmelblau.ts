import type { Problem } from '../../problem';
import { planeProblem, type PlanePoint } from './module';
import { plane, pointNear } from './shared';

/**
 * Himmelblau's function, with A = w² + b − 11 and B = w + b² − 7:
 *   L = A² + B²,   ∂L/∂w = 4wA + 2B,   ∂L/∂b = 2A + 4bB,
 *   H = [[12w² + 4b − 42, 4(w + b)], [4(w + b), 4w + 12b² − 26]].
 * Four minima, all with L = 0: (3, 2) and three irrational ones (Newton from nearby seeds at load, to
 * ‖∇L‖ < 10⁻¹³): ≈ (−2.805118, 3.131313), (−3.779310, −3.283186), (3.584428, −1.848127); between them
 * four saddles and a maximum at ≈ (−0.270845, −0.923039).
 *
 * Defaults: window [−6, 6]², start (2, −4) on the outer slope below the minima (L = 242), η = 0.01 (stable
 * at every minimum: λ_max ≤ 131 there, 2/131 ≈ 0.015), γ = 0.9, the three plain runs: from the same point
 * GD ends in the nearest minimum (3.58, −1.85), momentum, which overshoots across the middle, in
 * (−2.81, 3.13), and Nesterov in (3, 2), all at L = 0. The outcome holds for starts within ±0.2 of it, and
 * from it for η from 0.008 to 0.012.
 */
function himmelblau(): Problem {
  return plane({
    loss(w, b) {
      const A = w * w + b - 11;
      const B = w + b * b - 7;
      return A * A + B * B;
    },
    lossAndGrad(w, b, g) {
      const A = w * w + b - 11;
      const B = w + b * b - 7;
      g[0] = 4 * w * A + 2 * B;
      g[1] = 2 * A + 4 * b * B;
      return A * A + B * B;
    },
    hessian(w, b, out) {
      out[0] = 12 * w * w + 4 * b - 42;
      out[1] = 4 * (w + b);
      out[2] = out[1];
      out[3] = 4 * w + 12 * b * b - 26;
    },
  });
}

const MINIMA: readonly PlanePoint[] = (() => {
  const p = himmelblau();
  return ([[3, 2], [-2.8, 3.1], [-3.8, -3.3], [3.6, -1.8]] as const).map((seed) => pointNear(p, seed, 'global'));
})();

export const himmelblauPlane = planeProblem({
  id: 'himmelblau',
  name: 'Himmelblau\'s four minima',
  formula: 'L(w, b) = (w² + b − 11)² + (w + b² − 7)²',
  lesson: 'four minima of the same loss 0: from one start, runs that differ only in their optimizer end in different, equally good solutions',
  settings: [],
  defaults: { start: [2, -4], range: [-6, 6, -6, 6], eta: 0.01, gamma: 0.9, steps: 1000 },
  create: () => himmelblau(),
  points: () => MINIMA,
});
