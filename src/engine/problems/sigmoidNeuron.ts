import { exactExp } from '../exactMath';
import { engineError, type Problem } from '../problem';

/** One training pair (x, y) of the sigmoid-neuron lecture. */
export interface DataPoint {
  readonly x: number;
  readonly y: number;
}

/** The lecture's two points: (0.5, 0.2) and (2.5, 0.9). */
export const LECTURE_DATA: readonly DataPoint[] = [
  { x: 0.5, y: 0.2 },
  { x: 2.5, y: 0.9 },
];

/**
 * σ(z) = 1 / (1 + e^−z), evaluated without overflow: for z < 0 it uses e^z / (1 + e^z),
 * so e^(|z|) is never formed and σ(±1000) is exactly 1 or 0 instead of NaN.
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exactExp(-z));
  const e = exactExp(z);
  return e / (1 + e);
}

/**
 * The sigmoid neuron f(x) = σ(w·x + b) with θ = [w, b] and squared-error loss
 * L(w, b) = Σᵢ ½ (f(xᵢ) − yᵢ)².
 *
 * Gradient (chain rule, σ' = σ(1 − σ)):
 *   ∂L/∂w = Σᵢ (fᵢ − yᵢ) fᵢ (1 − fᵢ) xᵢ,   ∂L/∂b = Σᵢ (fᵢ − yᵢ) fᵢ (1 − fᵢ).
 * Hessian (σ'' = σ'(1 − 2σ)), with cᵢ = σ'ᵢ² + (fᵢ − yᵢ)·σ'ᵢ(1 − 2fᵢ):
 *   H = Σᵢ cᵢ [[xᵢ², xᵢ], [xᵢ, 1]].
 * On LECTURE_DATA, L(0.5, 0) = 0.0731 and the minimum L = 0 is at w ≈ 1.7918, b ≈ −2.2822.
 */
export function createSigmoidNeuron(data: readonly DataPoint[]): Problem {
  const n = data.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  data.forEach((p, i) => {
    xs[i] = p.x;
    ys[i] = p.y;
  });
  return {
    paramCount: 2,
    loss(theta) {
      if (theta.length !== 2) engineError(`sigmoid neuron takes θ = [w, b], got length ${theta.length}`);
      const w = theta[0]!;
      const b = theta[1]!;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = sigmoid(w * xs[i]! + b) - ys[i]!;
        sum += 0.5 * r * r;
      }
      return sum;
    },
    lossAndGrad(theta, gradOut) {
      const w = theta[0]!;
      const b = theta[1]!;
      let sum = 0;
      let gw = 0;
      let gb = 0;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        const f = sigmoid(w * x + b);
        const r = f - ys[i]!;
        sum += 0.5 * r * r;
        const d = r * f * (1 - f);
        gw += d * x;
        gb += d;
      }
      gradOut[0] = gw;
      gradOut[1] = gb;
      return sum;
    },
    hessian(theta, out) {
      const w = theta[0]!;
      const b = theta[1]!;
      let hww = 0;
      let hwb = 0;
      let hbb = 0;
      for (let i = 0; i < n; i++) {
        const x = xs[i]!;
        const f = sigmoid(w * x + b);
        const d1 = f * (1 - f);
        const c = d1 * d1 + (f - ys[i]!) * d1 * (1 - 2 * f);
        hww += c * x * x;
        hwb += c * x;
        hbb += c;
      }
      out[0] = hww;
      out[1] = hwb;
      out[2] = hwb;
      out[3] = hbb;
    },
  };
}
