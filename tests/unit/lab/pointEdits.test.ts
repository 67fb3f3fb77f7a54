import { describe, expect, it } from 'vitest';
import { datasetPoints } from '../../../src/engine/datasets';
import { setupMlp } from '../../../src/lab/mlpSetup';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

const mlp = (link: string): MlpExperiment => {
  const e = decodeAny(link).shared.experiment;
  if (e.problem !== 'mlp') throw new Error('expected an MLP link');
  return e;
};

describe('setupMlp with point edits', () => {
  it('trains on the generated points minus drop, then the added ones; θ₀ does not depend on the edits', () => {
    const plain = setupMlp(mlp('problem=mlp&dataset=gaussians&size=8&seed=5'));
    const edited = setupMlp(mlp('problem=mlp&dataset=gaussians&size=8&seed=5&drop=0,3&add=0.9:-0.9:1'));
    const before = datasetPoints(plain.dataset);
    expect(datasetPoints(edited.dataset)).toEqual([...before.filter((_, i) => i !== 0 && i !== 3), { x: [0.9, -0.9], y: [1] }]);
    expect(edited.theta0).toEqual(plain.theta0);
    expect(edited.mlp.loss(edited.theta0)).not.toBe(plain.mlp.loss(plain.theta0));
  });
});

describe('buildSlice with a PCA plane', () => {
  it('keeps each side of the window at least a tenth of the other, also when the path is a straight line', async () => {
    const { buildSlice, MIN_ASPECT } = await import('../../../src/lab/mlpSetup');
    const { runMlpExperiment } = await import('../../../src/cli/mlpOutput');
    // Two steps: the path is one segment, so pc2 explains nothing and its extent is ~0.
    const e = mlp('problem=mlp&steps=1&runs=gd&size=20');
    const { setup, slice } = runMlpExperiment(e);
    const [a0, a1, b0, b1] = slice.info.window;
    expect(a1 - a0).toBeGreaterThan(0);
    expect((b1 - b0) / (a1 - a0)).toBeGreaterThanOrEqual(MIN_ASPECT * (1 - 1e-12));
    // A path with a real second direction keeps the window pcaPlane gave it.
    const long = mlp('problem=mlp&steps=300&runs=gd&size=20');
    const r = runMlpExperiment(long);
    const w = r.slice.info.window;
    expect((w[3] - w[2]) / (w[1] - w[0])).toBeGreaterThan(MIN_ASPECT);
    expect(buildSlice(setup, e, null).info.mode).toBe('pca');
  });
});
