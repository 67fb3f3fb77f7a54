import type { Dataset } from '../datasets';
import { engineError, type Problem } from '../problem';
import { activation, outputLoss, timesDerivative, unitMajor } from './mlpKernel';
import { backpropDelta, forwardRows, weightGradients } from './mlpLinear';
import { mlpLayout, type MlpLayout, type MlpSpec } from './mlpSpec';

export * from './mlpSpec';
export * from './mlpParams';

/** An MLP on a fixed data set, as a Problem over its flat parameters (order: see MlpLayout). */
export interface Mlp extends Problem {
  readonly spec: MlpSpec;
  readonly layout: MlpLayout;
  readonly dataset: Dataset;
  /**
   * The network's outputs for m points: x is m × inputs and out is m × outputs (row-major), m = x.length /
   * inputs. Bit-identical to the outputs the loss sees for the same points. Allocates nothing.
   */
  forward(theta: Float64Array, x: Float64Array, out: Float64Array): void;
}

/**
 * The lecture's MLP: for each layer l = 1 … L, z_l = W_l a_{l−1} + b_l and a_l = f_l(z_l), a_0 = x,
 * output o = a_L, and the loss of MlpSpec.loss over the N points of `dataset`, as a mean over points of
 * the sum over outputs (mse: (1/N) Σ_p Σ_k (o − d)², no ½; bce: see outputLoss).
 *
 * lossAndGrad is backprop in vector form, full batch, with one column per point:
 *   forward:  Z_l = W_l A_{l−1} + b_l 1ᵀ,  A_l = f_l(Z_l)                     (stored for every layer)
 *   output:   δ_L = ∂L/∂Z_L                                                   (outputLoss)
 *   backward: ∇W_l = δ_l A_{l−1}ᵀ,  ∇b_l = δ_l 1,  δ_{l−1} = (W_lᵀ δ_l) ⊙ f'_{l−1}(Z_{l−1})
 * All buffers are allocated here, once; loss and lossAndGrad allocate nothing. A new data set needs a new
 * Mlp (cheap). Throws an engine error if the spec is invalid or does not fit the data set's dimensions.
 */
export function createMlp(spec: MlpSpec, dataset: Dataset): Mlp {
  const layout = mlpLayout(spec);
  const L = layout.layers.length;
  const inputs = spec.layers[0]!;
  const outputs = spec.layers[L]!;
  if (dataset.inputDim !== inputs || dataset.outputDim !== outputs) {
    engineError(`mlp ${spec.layers.join('-')} needs ${inputs} inputs and ${outputs} outputs, data has ${dataset.inputDim} and ${dataset.outputDim}`);
  }
  const N = dataset.n;
  const n = layout.paramCount;
  const D = unitMajor(dataset.y, N, outputs);
  // A[0] = X (inputs × N); Z[l], A[l], delta[l] are layers[l] × N; Z[0] and delta[0] are never read.
  const A = spec.layers.map((m, l) => (l === 0 ? unitMajor(dataset.x, N, inputs) : new Float64Array(m * N)));
  const Z = spec.layers.map((m) => new Float64Array(m * N));
  const delta = spec.layers.map((m) => new Float64Array(m * N));
  const width = Math.max(...spec.layers);
  const scratch = [new Float64Array(width), new Float64Array(width)] as const;

  const checkTheta = (theta: Float64Array) => {
    if (theta.length !== n) engineError(`mlp θ must have ${n} values, got ${theta.length}`);
  };

  const forwardBatch = (theta: Float64Array) => {
    for (let l = 1; l <= L; l++) forwardRows(theta, layout.layers[l - 1]!, A[l - 1]!, Z[l]!, A[l]!, N, 0, spec.layers[l]!);
  };

  return {
    spec,
    layout,
    dataset,
    paramCount: n,

    loss(theta) {
      checkTheta(theta);
      forwardBatch(theta);
      return outputLoss(spec.loss, layout.layers[L - 1]!, Z[L]!, A[L]!, D, N, null);
    },

    lossAndGrad(theta, gradOut) {
      checkTheta(theta);
      if (gradOut.length !== n) engineError(`mlp gradient buffer must have ${n} values, got ${gradOut.length}`);
      forwardBatch(theta);
      const loss = outputLoss(spec.loss, layout.layers[L - 1]!, Z[L]!, A[L]!, D, N, delta[L]!);
      for (let l = L; l >= 1; l--) {
        const layer = layout.layers[l - 1]!;
        weightGradients(layer, delta[l]!, A[l - 1]!, N, gradOut);
        if (l === 1) break;
        backpropDelta(theta, layer, delta[l]!, delta[l - 1]!, N);
        timesDerivative(layout.layers[l - 2]!.activation, Z[l - 1]!, A[l - 1]!, delta[l - 1]!, 0, layer.nIn * N);
      }
      return loss;
    },

    forward(theta, x, out) {
      checkTheta(theta);
      const m = x.length / inputs;
      if (!Number.isInteger(m) || out.length !== m * outputs) {
        engineError(`mlp forward needs x of m × ${inputs} and out of m × ${outputs} values, got ${x.length} and ${out.length}`);
      }
      for (let p = 0; p < m; p++) {
        let cur = scratch[0];
        let next = scratch[1];
        for (let c = 0; c < inputs; c++) cur[c] = x[p * inputs + c]!;
        for (let l = 0; l < L; l++) {
          const { nIn, nOut, wOffset, bOffset, activation: f } = layout.layers[l]!;
          for (let r = 0; r < nOut; r++) {
            let z = theta[bOffset + r]!;
            for (let c = 0; c < nIn; c++) z += theta[wOffset + r * nIn + c]! * cur[c]!;
            next[r] = activation(f, z);
          }
          const t = cur;
          cur = next;
          next = t;
        }
        for (let k = 0; k < outputs; k++) out[p * outputs + k] = cur[k]!;
      }
    },
  };
}
