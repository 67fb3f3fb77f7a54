/**
 * What each layer of an MLP is doing, for the "gradients per layer" panel (lecture 003: vanishing and
 * exploding gradients): the size of the loss gradient per weight layer, and how many hidden units sit
 * where their activation is flat. Pure: no DOM, no clock.
 */
import type { Dataset } from '../datasets';
import { unitMajor } from './mlpKernel';
import { forwardRows } from './mlpLinear';
import type { Activation, MlpLayout } from './mlpSpec';

/**
 * Per weight layer l = 1 … L (layer 1 next to the inputs), from a flat gradient g = ∇L(θ) in θ's order
 * (MlpLayout): ‖∂L/∂W_l‖_F = √(Σ_rc g[W_l[r][c]]²) into weightOut[at + l − 1], and, when biasOut is
 * given, ‖∂L/∂b_l‖₂ into biasOut[at + l − 1]. A non-finite gradient gives a non-finite norm.
 */
export function layerGradientNorms(layout: MlpLayout, grad: Float64Array, weightOut: Float64Array, biasOut: Float64Array | null = null, at = 0): void {
  layout.layers.forEach(({ nIn, nOut, wOffset, bOffset }, l) => {
    let w = 0;
    for (let k = wOffset, end = wOffset + nIn * nOut; k < end; k++) w += grad[k]! * grad[k]!;
    weightOut[at + l] = Math.sqrt(w);
    if (!biasOut) return;
    let b = 0;
    for (let k = bOffset, end = bOffset + nOut; k < end; k++) b += grad[k]! * grad[k]!;
    biasOut[at + l] = Math.sqrt(b);
  });
}

/** A unit counts as saturated where |f′(z)| is below this share of the activation's largest slope. */
export const SATURATION_SHARE = 0.01;

/**
 * The slope under which a unit of `kind` is saturated: SATURATION_SHARE · max f′, i.e. σ′(z) = σ(1 − σ)
 * below 0.0025 (max ¼), tanh′ = 1 − tanh² below 0.01 (max 1), ReLU′ below 0.01 (z ≤ 0: a dead unit,
 * max 1); null for identity, whose slope is 1 everywhere (never saturated).
 */
export function saturationThreshold(kind: Activation): number | null {
  if (kind === 'sigmoid') return SATURATION_SHARE * 0.25;
  if (kind === 'identity') return null;
  return SATURATION_SHARE;
}

/**
 * A meter of saturation over a data set: `measure(θ)` returns, for each hidden layer l = 1 … L − 1, the
 * share of (unit, point) pairs of that layer whose slope f′(z) is below saturationThreshold (0 for
 * identity layers and for an empty data set), in a buffer it reuses. One forward pass (the kernels of
 * Mlp.loss, so z is bit-identical), about a third of a training step.
 */
export function createSaturationMeter(layout: MlpLayout, dataset: Dataset): (theta: Float64Array) => Float64Array {
  const N = dataset.n;
  const inputs = layout.layers[0]?.nIn ?? 0;
  const A = [unitMajor(dataset.x, N, inputs), ...layout.layers.map((l) => new Float64Array(l.nOut * N))];
  const Z = layout.layers.map((l) => new Float64Array(l.nOut * N));
  const hidden = Math.max(0, layout.layers.length - 1);
  const out = new Float64Array(hidden);
  return (theta) => {
    for (let l = 0; l < hidden; l++) forwardRows(theta, layout.layers[l]!, A[l]!, Z[l]!, A[l + 1]!, N, 0, layout.layers[l]!.nOut);
    for (let l = 0; l < hidden; l++) {
      const { nOut, activation } = layout.layers[l]!;
      const thr = saturationThreshold(activation);
      const a = A[l + 1]!;
      const z = Z[l]!;
      const m = nOut * N;
      let count = 0;
      if (thr !== null) {
        if (activation === 'sigmoid') for (let k = 0; k < m; k++) count += a[k]! * (1 - a[k]!) < thr ? 1 : 0;
        else if (activation === 'tanh') for (let k = 0; k < m; k++) count += 1 - a[k]! * a[k]! < thr ? 1 : 0;
        else for (let k = 0; k < m; k++) count += z[k]! > 0 ? 0 : 1;
      }
      out[l] = m > 0 ? count / m : 0;
    }
    return out;
  };
}
