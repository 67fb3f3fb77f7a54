/**
 * The MLP's element-wise pieces (activations, their derivatives, the loss and the output δ), shared by
 * the problem (mlp.ts) and the cached slice sampler, so both compute every number with the same
 * operations in the same order (bit-identical losses). The matrix products live in mlpLinear.ts.
 *
 * Batch buffers are unit-major: a layer with m units over N points is an m × N Float64Array whose row r
 * holds unit r for every point (the lecture's matrix form with one column per point). Row r of layer l
 * depends only on θ's W_l[r][·], b_l[r] and the layer below, so rows can be recomputed one at a time.
 */
import type { Activation, LayerLayout, LossKind } from './mlpSpec';
import { exactExp, exactLog, exactLog1p, exactTanh } from '../exactMath';

/** A BCE output that is not a sigmoid is clamped into [EPS, 1 − EPS] before the logarithms. */
export const BCE_EPS = 1e-12;

/**
 * σ(z) = ½ + ½·tanh(z/2), through exactTanh: about twice as fast as 1/(1 + e^−z) and, like exactTanh,
 * bit-identical in every JavaScript engine, so MSE training paths of tanh/sigmoid networks reproduce
 * across browsers. Absolute error below 3e−16 (relative accuracy is lost only where σ < 1e−4, which
 * neither the squared error nor the derivative σ(1 − σ) can see; cross-entropy uses z itself).
 */
export function fastSigmoid(z: number): number {
  return 0.5 + 0.5 * exactTanh(0.5 * z);
}

/** f(z) for one activation: the scalar form of `activate`, with identical rounding. */
export function activation(kind: Activation, z: number): number {
  switch (kind) {
    case 'tanh':
      return exactTanh(z);
    case 'sigmoid':
      return fastSigmoid(z);
    case 'relu':
      return z < 0 ? 0 : z; // NaN passes through, so a broken θ is reported, not hidden
    case 'identity':
      return z;
  }
}

/** A[k] = f(Z[k]) for k ∈ [from, to). One loop per activation keeps each loop monomorphic. */
export function activate(kind: Activation, Z: Float64Array, A: Float64Array, from: number, to: number): void {
  if (kind === 'tanh') for (let k = from; k < to; k++) A[k] = exactTanh(Z[k]!);
  else if (kind === 'sigmoid') for (let k = from; k < to; k++) A[k] = fastSigmoid(Z[k]!);
  else if (kind === 'relu') for (let k = from; k < to; k++) A[k] = Z[k]! < 0 ? 0 : Z[k]!;
  else for (let k = from; k < to; k++) A[k] = Z[k]!;
}

/**
 * δ[k] ·= f'(z_k) for k ∈ [from, to), from the stored activation where that is cheaper:
 * σ' = a(1 − a), tanh' = 1 − a², relu' = [z > 0] (0 at the kink), identity' = 1.
 */
export function timesDerivative(kind: Activation, Z: Float64Array, A: Float64Array, delta: Float64Array, from: number, to: number): void {
  if (kind === 'tanh') for (let k = from; k < to; k++) delta[k]! *= 1 - A[k]! * A[k]!;
  else if (kind === 'sigmoid') for (let k = from; k < to; k++) delta[k]! *= A[k]! * (1 - A[k]!);
  else if (kind === 'relu') for (let k = from; k < to; k++) delta[k] = Z[k]! > 0 ? delta[k]! : 0;
}

/** softplus(z) = ln(1 + e^z) without overflow: max(z, 0) + ln(1 + e^−|z|). */
function softplus(z: number): number {
  return (z > 0 ? z : 0) + exactLog1p(exactExp(-Math.abs(z)));
}

/**
 * The loss from the output layer (Z, A: nOut × N) and the targets D (nOut × N, unit-major), as the mean
 * over points of the sum over outputs:
 *   mse: L = (1/N) Σ_p Σ_k (o − d)²
 *   bce: L = (1/N) Σ_p Σ_k −[d ln o + (1 − d) ln(1 − o)]
 * With a sigmoid output, bce is computed from the pre-activation as softplus(z) − d·z (exact for any z);
 * otherwise o is clamped into [BCE_EPS, 1 − BCE_EPS]. If `delta` is given it receives ∂L/∂z of every
 * output (the output layer's δ): mse (2/N)(o − d)·f'(z); bce with sigmoid (o − d)/N; bce otherwise
 * (1/N)(o − d)/(o(1 − o))·f'(z) inside the clamp and 0 where clamped. N = 0 gives L = 0.
 */
export function outputLoss(
  loss: LossKind,
  out: LayerLayout,
  Z: Float64Array,
  A: Float64Array,
  D: Float64Array,
  N: number,
  delta: Float64Array | null,
): number {
  if (N === 0) return 0;
  const m = out.nOut * N;
  const invN = 1 / N;
  let sum = 0;
  if (loss === 'mse') {
    for (let k = 0; k < m; k++) {
      const r = A[k]! - D[k]!;
      sum += r * r;
      if (delta) delta[k] = 2 * invN * r;
    }
  } else if (out.activation === 'sigmoid') {
    for (let k = 0; k < m; k++) {
      const z = Z[k]!;
      sum += softplus(z) - D[k]! * z;
      if (delta) delta[k] = invN * (A[k]! - D[k]!);
    }
    return sum * invN;
  } else {
    for (let k = 0; k < m; k++) {
      const a = A[k]!;
      const d = D[k]!;
      const o = a < BCE_EPS ? BCE_EPS : a > 1 - BCE_EPS ? 1 - BCE_EPS : a;
      sum -= d * exactLog(o) + (1 - d) * exactLog(1 - o);
      if (delta) delta[k] = o === a ? (invN * (o - d)) / (o * (1 - o)) : 0;
    }
  }
  if (delta) timesDerivative(out.activation, Z, A, delta, 0, m);
  return sum * invN;
}

/** Copies an n × dim row-major block into dim × n (unit-major), e.g. the data set's x or y. */
export function unitMajor(src: Float64Array, n: number, dim: number): Float64Array {
  const dst = new Float64Array(n * dim);
  for (let p = 0; p < n; p++) for (let d = 0; d < dim; d++) dst[d * n + p] = src[p * dim + d]!;
  return dst;
}
