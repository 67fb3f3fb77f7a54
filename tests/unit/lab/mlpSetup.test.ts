import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../../src/engine/datasets';
import { initParams } from '../../../src/engine/problems/mlp';
import { createRng, RNG_STREAMS } from '../../../src/engine/rng';
import { runToEnd } from '../../../src/engine/run';
import { projectOntoPlane } from '../../../src/engine/slices';
import { sampleSurface } from '../../../src/engine/surface';
import { buildSlice, setupMlp, sliceNeedsRun, specOf } from '../../../src/lab/mlpSetup';
import { sampleSurfaceRows } from '../../../src/engine/surface';
import { projectRows, sliceRows } from '../../../src/lab/sliceSurface';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
const small = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 4, 1], size: 30, steps: 40, ...patch });
const first = (e: MlpExperiment) => {
  const s = setupMlp(e);
  return { setup: s, run: runToEnd({ problem: s.problem, run: e.runs[0]!, globals: e, start: s.theta0, steps: e.steps }) };
};

describe('setupMlp', () => {
  it('builds the data set and θ₀ from the seed alone, bit for bit', () => {
    const e = small({ seed: 9, dataset: 'xor', noise: 0.3 });
    const a = setupMlp(e);
    const b = setupMlp({ ...e });
    expect(a.dataset).toEqual(b.dataset);
    expect(a.theta0).toEqual(b.theta0);
    expect(a.dataset).toEqual(makeDataset('xor', { size: 30, noise: 0.3, seed: 9 }));
    expect(a.theta0).toEqual(initParams(a.spec, createRng(9, RNG_STREAMS.init)));
    expect(setupMlp({ ...e, seed: 10 }).theta0).not.toEqual(a.theta0);
  });

  it('puts the hidden activation on every hidden layer and the output activation last', () => {
    expect(specOf({ ...base, layers: [2, 3, 3, 3, 2], activation: 'relu', outputActivation: 'identity' }).activations).toEqual(['relu', 'relu', 'relu', 'identity']);
    expect(specOf({ ...base, layers: [1, 1] }).activations).toEqual(['sigmoid']);
  });

  it('gives a two-output network one-hot labels', () => {
    const s = setupMlp(small({ layers: [2, 3, 2] }));
    expect(s.dataset.outputDim).toBe(2);
    for (let k = 0; k < s.dataset.n; k++) expect(s.dataset.y[2 * k]! + s.dataset.y[2 * k + 1]!).toBe(1);
  });

  it('freezes all but the pair for a params slice with trainOnly, and only then', () => {
    const e = small({ slice: 'params', pair: [2, 9], trainOnly: true });
    const s = setupMlp(e);
    const g = new Float64Array(s.mlp.paramCount);
    s.problem.lossAndGrad(s.theta0, g);
    expect([...g].map((x, k) => (k === 2 || k === 9 ? x !== 0 : x === 0))).not.toContain(false);
    for (const other of [{ ...e, trainOnly: false }, { ...e, slice: 'pca' as const }]) {
      const o = setupMlp(other);
      expect(o.problem).toBe(o.mlp);
    }
  });

  it('throws an engine error for a network that does not fit its data set', () => {
    expect(() => setupMlp(small({ dataset: 'sine' }))).toThrow(/^engine: /);
  });
});

describe('buildSlice', () => {
  it('for params: the plane of θ_i and θ_j through θ₀, window θ₀ ± extent, labelled by the network diagram names', () => {
    const e = small({ slice: 'params', pair: [3, 12], extent: 0.5 });
    const s = setupMlp(e);
    const { plane, info } = buildSlice(s, e, null);
    expect(info).toEqual({
      mode: 'params',
      window: [s.theta0[3]! - 0.5, s.theta0[3]! + 0.5, s.theta0[12]! - 0.5, s.theta0[12]! + 0.5],
      labels: ['W1[1][1]', 'W2[0][0]'],
      explained: null,
      paramCount: 17,
    });
    expect([plane.u[3], plane.v[12], plane.origin[3], plane.origin[12], plane.origin[0]]).toEqual([1, 1, 0, 0, s.theta0[0]]);
  });

  it('for random: centred at θ₀ or at the end of the first path, directions from the seed, window ± extent', () => {
    const e = small({ slice: 'random', center: 'start', extent: 2 });
    const { setup, run } = first({ ...e, center: 'end' });
    const atStart = buildSlice(setup, e, null);
    expect(atStart.plane.origin).toEqual(setup.theta0);
    expect(atStart.info.window).toEqual([-2, 2, -2, 2]);
    expect(atStart.info.labels).toEqual(['d1', 'd2']);
    const end = { ...e, center: 'end' as const };
    const atEnd = buildSlice(setup, end, run.trajectory);
    const n = setup.mlp.paramCount;
    const t = run.trajectory;
    expect(atEnd.plane.origin).toEqual(t.params.slice((t.length - 1) * n, t.length * n));
    // Same seed, same directions up to the filter normalization about the centre.
    expect(buildSlice(setup, end, run.trajectory)).toEqual(atEnd);
    expect(sliceNeedsRun(e)).toBe(false);
    expect(sliceNeedsRun(end)).toBe(true);
  });

  it('for pca: centred at the end of the first path, the explained shares present, the window scaled by extent', () => {
    const e = small({ slice: 'pca' });
    const { setup, run } = first(e);
    const one = buildSlice(setup, e, run.trajectory);
    const [s1, s2] = one.info.explained!;
    expect(s1).toBeGreaterThan(0.5);
    expect(s1 + s2).toBeLessThanOrEqual(1 + 1e-12);
    expect(s2).toBeGreaterThanOrEqual(0);
    expect(one.info.labels).toEqual(['pc1', 'pc2']);
    const three = buildSlice(setup, { ...e, extent: 3 }, run.trajectory);
    expect(three.info.window).toEqual(one.info.window.map((x) => x * 3));
    const t = run.trajectory;
    const n = setup.mlp.paramCount;
    const end = projectOntoPlane(one.plane, t.params.subarray((t.length - 1) * n, t.length * n));
    expect([end.a, end.b, end.offPlane]).toEqual([0, 0, 0]);
  });

  it('for pca: follows the first run as the link sets it (its own η, or the global one), not the runs after it', () => {
    const e = small({ slice: 'pca', eta: 1 });
    const runs = (link: string) => decodeAny(`problem=mlp&${link}`).shared.experiment.runs;
    const plane = (x: MlpExperiment) => buildSlice(first(x).setup, x, first(x).run.trajectory).plane;
    const own = { ...e, runs: runs('runs=gd(eta:0.1),momentum') };
    const global = { ...e, eta: 0.1, runs: runs('runs=gd,nesterov') };
    expect(plane(own)).toEqual(plane(global));
    expect(plane({ ...e, runs: runs('runs=gd') })).not.toEqual(plane(own));
  });

  it('uses θ₀ alone when there is no path (no runs): a finite plane with zero shares', () => {
    const e = small({ slice: 'pca', runs: [] });
    const s = setupMlp(e);
    const { plane, info } = buildSlice(s, e, null);
    expect(plane.origin).toEqual(s.theta0);
    expect(info.explained).toEqual([0, 0]);
    expect(info.window.every(Number.isFinite)).toBe(true);
    expect(info.window[0]).toBeLessThan(info.window[1]);
  });
});

describe('sampleSurfaceRows and sliceRows', () => {
  it('put together band by band, equal sampleSurface exactly', () => {
    const e = small({ slice: 'random', center: 'start' });
    const s = setupMlp(e);
    const { plane } = buildSlice(s, e, null);
    const whole = sampleSurface(s.mlp, plane, 9, 7);
    const joined = new Float32Array(63);
    for (const [a, b] of [[0, 3], [3, 4], [4, 7]] as const) joined.set(sampleSurfaceRows(s.mlp, plane, 9, 7, a, b).values, a * 9);
    expect(joined).toEqual(whole.values);
    expect(() => sampleSurfaceRows(s.mlp, plane, 9, 7, 3, 3)).toThrow(/^engine: /);
  });

  it('use the cached two-parameter sampler for a params slice, with the same numbers', () => {
    const e = small({ slice: 'params', pair: [1, 14] });
    const s = setupMlp(e);
    const slice = buildSlice(s, e, null);
    expect(sliceRows(s, e, slice, 11, 0, 11).values).toEqual(sampleSurface(s.mlp, slice.plane, 11, 11).values);
  });
});

describe('projectRows', () => {
  it('is projectOntoPlane row by row', () => {
    const e = small({ slice: 'pca' });
    const { setup, run } = first(e);
    const { plane } = buildSlice(setup, e, run.trajectory);
    const n = setup.mlp.paramCount;
    const { ab, offPlane } = projectRows(plane, run.trajectory.params, n, 5, 9);
    for (let t = 5; t < 9; t++) {
      const p = projectOntoPlane(plane, run.trajectory.params.subarray(t * n, (t + 1) * n));
      expect([ab[2 * (t - 5)], ab[2 * (t - 5) + 1], offPlane[t - 5]]).toEqual([p.a, p.b, p.offPlane]);
    }
  });
});
