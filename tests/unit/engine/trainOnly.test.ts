import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../../src/engine/datasets';
import { createMlp, initParams, type MlpSpec } from '../../../src/engine/problems/mlp';
import { trainOnly } from '../../../src/engine/problems/trainOnly';
import { createRng } from '../../../src/engine/rng';
import { run } from '../support/problems';

const spec: MlpSpec = { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce' };
const mlp = createMlp(spec, makeDataset('xor', { size: 40, noise: 0.1, seed: 1 }));
const start = initParams(spec, createRng(1));

describe('trainOnly', () => {
  it('keeps the loss and zeroes every gradient entry outside the chosen indices', () => {
    const frozen = trainOnly(mlp, [2, 13]);
    const full = new Float64Array(mlp.paramCount);
    const part = new Float64Array(mlp.paramCount);
    expect(frozen.lossAndGrad(start, part)).toBe(mlp.lossAndGrad(start, full));
    expect(frozen.loss(start)).toBe(mlp.loss(start));
    part.forEach((g, k) => expect(g).toBe(k === 2 || k === 13 ? full[k] : 0));
  });

  it.each(['gd', 'momentum', 'nesterov', 'rprop', 'quickprop'])('lets %s move only the chosen parameters', (id) => {
    {
      const { trajectory: t } = run(trainOnly(mlp, [0, 8]), id, start, 30, {}, { eta: 0.5, gamma: 0.9 });
      const last = t.params.subarray((t.length - 1) * mlp.paramCount, t.length * mlp.paramCount);
      last.forEach((v, k) => (k === 0 || k === 8 ? expect(v).not.toBe(start[k]) : expect(v).toBe(start[k])));
    }
  });

  // Newton on a frozen problem: the Hessian by differences of the masked gradient has zero rows and columns
  // for the frozen parameters, so solveNewton calls it singular at step 0 and the run stops before moving.
  // The "train only these two" option needs Newton on the chosen parameters' 2×2 Hessian.
  it('lets newton move only the chosen parameters instead of stopping with a singular Hessian at step 0', () => {
    const { trajectory: t, status } = run(trainOnly(mlp, [0, 8]), 'newton', start, 30, {}, { eta: 0.5, gamma: 0.9 });
    expect(status.kind).not.toBe('stopped');
    const last = t.params.subarray((t.length - 1) * mlp.paramCount, t.length * mlp.paramCount);
    last.forEach((v, k) => (k === 0 || k === 8 ? expect(v).not.toBe(start[k]) : expect(v).toBe(start[k])));
  });

  it('throws an engine error for an index outside θ', () => {
    expect(() => trainOnly(mlp, [17])).toThrow(/^engine: /);
    expect(() => trainOnly(mlp, [0.5])).toThrow(/^engine: /);
  });
});
