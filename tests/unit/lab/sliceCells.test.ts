import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleSurface } from '../../../src/engine/surface';
import { buildSlice, setupMlp } from '../../../src/lab/mlpSetup';
import { cellBands, sliceCellCost, sliceCells } from '../../../src/lab/sliceSurface';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
const experiment = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 4, 3, 1], size: 12, ...patch });

describe('sliceCells', () => {
  it('puts together any split of a grid into bands of cells into exactly sampleSurface’s grid', () => {
    const side = 9;
    const cases = (['params', 'random', 'pca'] as const).map((slice) => {
      const e = experiment({ slice, pair: [1, 7] });
      const setup = setupMlp(e);
      const plane = buildSlice(setup, e, null).plane;
      return { e, setup, plane, whole: sampleSurface(setup.mlp, plane, side, side).values };
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.uniqueArray(fc.integer({ min: 1, max: side * side - 1 }), { maxLength: 12 }), (k, cuts) => {
        const { e, setup, plane, whole } = cases[k]!;
        const edges = [0, ...[...cuts].sort((a, b) => a - b), side * side];
        const got = new Float32Array(side * side);
        for (let b = 0; b + 1 < edges.length; b++) {
          const band = sliceCells(setup, e, plane, side, edges[b]!, edges[b + 1]!);
          expect(band.values).toHaveLength(edges[b + 1]! - edges[b]!);
          expect(band.min).toBe(Math.min(...band.values));
          expect(band.max).toBe(Math.max(...band.values));
          got.set(band.values, edges[b]!);
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects a band outside the grid', () => {
    const e = experiment({});
    const setup = setupMlp(e);
    const plane = buildSlice(setup, e, null).plane;
    for (const [from, to] of [[-1, 3], [3, 3], [0, 17], [1.5, 4]]) expect(() => sliceCells(setup, e, plane, 4, from!, to!)).toThrow(/^engine: /);
  });
});

describe('cellBands', () => {
  it('covers the grid contiguously, in whole rows when a row fits the work, else in cells', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 256 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e8 }), (side, cost, work) => {
        const bands = cellBands(side, cost, work);
        let next = 0;
        let contiguous = true;
        for (const [from, to] of bands) {
          contiguous &&= from === next && to > from;
          next = to;
        }
        expect(contiguous).toBe(true);
        expect(next).toBe(side * side);
        const size = bands[0]![1] - bands[0]![0];
        if (work / cost >= side) expect(size % side === 0 || bands.length === 1).toBe(true);
        else expect(size).toBe(Math.max(1, Math.floor(work / cost)));
      }),
    );
  });
});

describe('sliceCellCost', () => {
  const lecture = (patch: Partial<MlpExperiment>) => {
    const e = experiment({ layers: [2, 8, 8, 1], size: 200, ...patch });
    return sliceCellCost(setupMlp(e), e);
  };

  it('is N·n for a slice sampled with Mlp.loss', () => {
    expect(lecture({ slice: 'random' })).toBe(200 * 105);
    expect(lecture({ slice: 'pca' })).toBe(200 * 105);
  });

  it('counts only the layers the cached sampler recomputes on a params slice, less the later the pair', () => {
    // Measured: 0.43 of Mlp.loss's time for two first-layer weights, 0.10 for two output weights.
    const first = lecture({ slice: 'params', pair: [0, 1] }) / (200 * 105);
    const last = lecture({ slice: 'params', pair: [100, 101] }) / (200 * 105);
    expect(first).toBeGreaterThan(0.35);
    expect(first).toBeLessThan(0.5);
    expect(last).toBeGreaterThan(0.05);
    expect(last).toBeLessThan(0.15);
    expect(lecture({ slice: 'params', pair: [101, 0] })).toBe(lecture({ slice: 'params', pair: [0, 101] }));
  });
});
