import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetPoints, editDataset, makeDataset } from '../../../src/engine/datasets';
import { paramLabel } from '../../../src/engine/problems/mlp';
import { pointOrigin } from '../../../src/views/mlp/DecisionMap';
import { netParams } from '../../../src/views/mlp/netLayout';

const layersArb = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 4 }), fc.integer({ min: 1, max: 2 })).map(([i, h, o]) => [i, ...h, o]);

describe('netParams (the diagram’s copy of the flat parameter order)', () => {
  it('names every parameter as the engine does, in the same order and count', () => {
    fc.assert(
      fc.property(layersArb, (layers) => {
        const spec = { layers, activations: layers.slice(1).map(() => 'tanh' as const), loss: 'mse' as const };
        const ps = netParams(layers);
        expect(ps.map((p) => p.index)).toEqual(ps.map((_, i) => i));
        for (const p of ps) expect(p.label).toBe(paramLabel(spec, p.index));
      }),
      { numRuns: 200 },
    );
  });
});

describe('pointOrigin (which generated or added point a drawn point is)', () => {
  it('agrees with editDataset: point k is generated point g, or added point a', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((size) =>
          fc.record({
            size: fc.constant(size),
            drop: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: size - 1 }),
            add: fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1 })), { maxLength: 5 }),
          }),
        ),
        ({ size, drop, add }) => {
          const generated = makeDataset('xor', { size, noise: 0.1, seed: 2 });
          const edited = datasetPoints(editDataset('xor', generated, drop, add));
          const gen = datasetPoints(generated);
          edited.forEach((pt, k) => {
            const o = pointOrigin({ size, drop }, k);
            if ('g' in o) expect(pt).toEqual(gen[o.g]);
            else expect(pt).toEqual({ x: [add[o.a]![0], add[o.a]![1]], y: [add[o.a]![2]] });
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
