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
