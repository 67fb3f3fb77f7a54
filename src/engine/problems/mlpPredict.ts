import { engineError } from '../problem';
import { unitMajor } from './mlpKernel';
import { forwardRows } from './mlpLinear';
import type { MlpLayout } from './mlpSpec';

/**
 * A batched forward pass over a fixed set of m input points, for maps of what a network computes
 * (the lab's decision map): x is m × inputs row-major, turned unit-major once; `predict(θ)` returns
 * the outputs as outputs × m, unit-major (output k of point p at k·m + p), in a buffer it reuses.
 * Same kernels as Mlp.loss (forwardRows, z summed over c = 0, 1, …), so each value equals Mlp.forward's
 * bit for bit, several times faster for many points. Throws an engine error for a mis-sized θ or x.
 */
export function createPredictor(layout: MlpLayout, x: Float64Array): (theta: Float64Array) => Float64Array {
  const first = layout.layers[0];
  if (!first) engineError('predictor needs a network with at least one layer');
  const inputs = first.nIn;
  const m = x.length / inputs;
  if (!Number.isInteger(m)) engineError(`predictor x must hold m × ${inputs} values, got ${x.length}`);
  const A = [unitMajor(x, m, inputs), ...layout.layers.map((l) => new Float64Array(l.nOut * m))];
  const Z = layout.layers.map((l) => new Float64Array(l.nOut * m));
  return (theta) => {
    if (theta.length !== layout.paramCount) engineError(`predictor θ must have ${layout.paramCount} values, got ${theta.length}`);
    layout.layers.forEach((layer, l) => forwardRows(theta, layer, A[l]!, Z[l]!, A[l + 1]!, m, 0, layer.nOut));
    return A[layout.layers.length]!;
  };
}
