import { describe, expect, it } from 'vitest';
import { datasetFromPoints, makeDataset } from '../../../src/engine/datasets';
import { createMlp, initParams, mlpLayout, weightIndex, biasIndex, type MlpSpec } from '../../../src/engine/problems/mlp';
import { trainOnly } from '../../../src/engine/problems/trainOnly';
import { createRng, RNG_STREAMS } from '../../../src/engine/rng';
import { run } from '../support/problems';
import {
  filterNormalize,
  pcaPlane,
  projectOntoPlane,
  projectTrajectory,
  randomFilterNormalizedPlane,
  sampleTwoParamSurface,
  twoParamPlane,
} from '../../../src/engine/slices';
import { twoParamLossRows } from '../../../src/engine/sliceSampler';
import { sampleSurface, type Plane } from '../../../src/engine/surface';

const SPEC: MlpSpec = { layers: [2, 8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'mse' };
const data = makeDataset('circle', { size: 40, noise: 0.1, seed: 5 });
const mlp = createMlp(SPEC, data);
const theta0 = initParams(SPEC, createRng(5, RNG_STREAMS.init));

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, k) => s + x * b[k]!, 0);

describe('twoParamPlane', () => {
  it('puts θ_i on a and θ_j on b in absolute values, every other parameter at θ0', () => {
    const p = twoParamPlane(theta0, 3, 40, 0.5);
    expect(p.u[3]).toBe(1);
    expect(p.v[40]).toBe(1);
    expect(norm(p.u)).toBe(1);
    expect(norm(p.v)).toBe(1);
    expect([p.origin[3], p.origin[40], p.origin[7]]).toEqual([0, 0, theta0[7]]);
    expect([p.aMin, p.aMax, p.bMin, p.bMax]).toEqual([theta0[3]! - 0.5, theta0[3]! + 0.5, theta0[40]! - 0.5, theta0[40]! + 0.5]);
    const w = twoParamPlane(theta0, 3, 40, { aMin: -2, aMax: 1, bMin: 0, bMax: 4 });
    expect([w.aMin, w.aMax, w.bMin, w.bMax]).toEqual([-2, 1, 0, 4]);
  });

  it('throws an engine error for equal or out-of-range indices and for an empty or non-finite window', () => {
    expect(() => twoParamPlane(theta0, 2, 2, 1)).toThrow(/^engine: /);
    expect(() => twoParamPlane(theta0, 0, 105, 1)).toThrow(/^engine: /);
    expect(() => twoParamPlane(theta0, -1, 3, 1)).toThrow(/^engine: /);
    expect(() => twoParamPlane(theta0, 0, 1, 0)).toThrow(/^engine: /);
    expect(() => twoParamPlane(theta0, 0, 1, { aMin: 0, aMax: NaN, bMin: 0, bMax: 1 })).toThrow(/^engine: /);
  });

  it('has the loss at θ0 in its centre cell', () => {
    const centre = Float64Array.from(theta0);
    centre[3] = 0.25;
    centre[40] = -0.75;
    const g = sampleSurface(mlp, twoParamPlane(centre, 3, 40, 0.5), 5, 5);
    expect(g.values[2 * 5 + 2]).toBe(Math.fround(mlp.loss(centre)));
  });
});

describe('sampleTwoParamSurface', () => {
  const W = (l: number, r: number, c: number) => weightIndex(SPEC, l, r, c);
  const B = (l: number, r: number) => biasIndex(SPEC, l, r);
  const pairs: [string, number, number][] = [
    ['two first-layer weights of different units', W(1, 0, 0), W(1, 5, 1)],
    ['a weight and the bias of the same unit', W(1, 2, 1), B(1, 2)],
    ['a first-layer weight (a) and an output weight (b)', W(1, 3, 0), W(3, 0, 4)],
    ['an output weight (a) and a first-layer bias (b), so columns are the outer loop', W(3, 0, 2), B(1, 6)],
    ['two middle-layer weights', W(2, 1, 1), W(2, 7, 3)],
    ['the output bias and a middle-layer bias', B(3, 0), B(2, 4)],
  ];

  // The sampler adds Mlp.loss's products in another order (cached partial sums, a rank-1 update of the
  // layer above the changed unit) and evaluates tanh by sliceTanh (a few ulp from exactTanh), so its float64
  // losses agree only to rounding, ~1e−14 relative (checked below to 1e−12); rounded
  // to float32 a value may land on the neighbouring float32. One float32 ulp (2^−23 relative) is the
  // tightest bound that is not a bet on where the rounding falls; algebra errors are of order 1.
  const closeF32 = (got: ArrayLike<number>, want: ArrayLike<number>) => {
    expect(got.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) expect(Math.abs(got[k]! - want[k]!)).toBeLessThanOrEqual(2 ** -23 * Math.abs(want[k]!));
  };

  it.each(pairs)('equals sampleSurface to float32 rounding for %s', (_name, i, j) => {
    const plane = twoParamPlane(theta0, i, j, 1.5);
    const slow = sampleSurface(mlp, plane, 9, 7);
    const fast = sampleTwoParamSurface(mlp, theta0, i, j, plane, 9, 7);
    closeF32(fast.values, slow.values);
    closeF32([fast.min, fast.max], [slow.min, slow.max]);
    expect([fast.rowsFrom, fast.rowsTo]).toEqual([0, 7]);
    // Before the float32 rounding: Mlp.loss at each cell's θ to 1e−12 relative.
    const losses = twoParamLossRows(mlp, theta0, i, j, plane, 9, 7);
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 9; col++) {
        const theta = Float64Array.from(plane.origin);
        theta[i] = plane.aMin + (col * (plane.aMax - plane.aMin)) / 8;
        theta[j] = plane.bMin + (row * (plane.bMax - plane.bMin)) / 6;
        const want = mlp.loss(theta);
        expect(Math.abs(losses[row * 9 + col]! - want)).toBeLessThanOrEqual(1e-12 * want);
      }
    }
  });

  it('equals sampleSurface to float32 rounding for ReLU, identity and cross-entropy networks with two outputs', () => {
    const spec: MlpSpec = { layers: [3, 5, 4, 2], activations: ['relu', 'identity', 'sigmoid'], loss: 'bce' };
    const ds = datasetFromPoints(3, 2, Array.from({ length: 15 }, (_, k) => ({ x: [Math.sin(k), Math.cos(3 * k), k / 15], y: [k % 2, (k + 1) % 2] })));
    const net = createMlp(spec, ds);
    const t = initParams(spec, createRng(8));
    for (const [i, j] of [[0, 7], [21, 3], [40, 45]] as const) {
      const plane = twoParamPlane(t, i, j, 2);
      closeF32(sampleTwoParamSurface(net, t, i, j, plane, 6, 6).values, sampleSurface(net, plane, 6, 6).values);
    }
  });

  it('gives the same grid when the rows are split into bands, as workers would', () => {
    const [i, j] = [W(1, 1, 0), W(2, 3, 5)];
    const plane = twoParamPlane(theta0, i, j, 1);
    const full = sampleTwoParamSurface(mlp, theta0, i, j, plane, 8, 10);
    const bands = [[0, 3], [3, 4], [4, 10]].map(([a, b]) => sampleTwoParamSurface(mlp, theta0, i, j, plane, 8, 10, a, b));
    const joined = new Float32Array(80);
    for (const band of bands) joined.set(band.values, band.rowsFrom * 8);
    expect(joined).toEqual(full.values);
    expect(Math.min(...bands.map((b) => b.min))).toBe(full.min);
    expect(bands[1]!.values).toHaveLength(8);
  });

  it('has the loss at θ0 in its centre cell', () => {
    const centre = Float64Array.from(theta0);
    centre[W(1, 4, 1)] = 0.5;
    centre[B(2, 1)] = -0.25;
    const plane = twoParamPlane(centre, W(1, 4, 1), B(2, 1), 1);
    closeF32([sampleTwoParamSurface(mlp, centre, W(1, 4, 1), B(2, 1), plane, 9, 9).values[4 * 9 + 4]!], [Math.fround(mlp.loss(centre))]);
  });

  it('throws an engine error for a plane that is not the slice of i and j through θ0, or a bad row band', () => {
    const plane = twoParamPlane(theta0, 0, 1, 1);
    expect(() => sampleTwoParamSurface(mlp, theta0, 1, 0, plane, 4, 4)).toThrow(/^engine: /);
    const moved = Float64Array.from(theta0);
    moved[50]! += 1;
    expect(() => sampleTwoParamSurface(mlp, moved, 0, 1, plane, 4, 4)).toThrow(/^engine: /);
    expect(() => sampleTwoParamSurface(mlp, theta0, 0, 1, plane, 4, 4, 2, 2)).toThrow(/^engine: /);
    expect(() => sampleTwoParamSurface(mlp, theta0, 0, 1, plane, 4, 4, 0, 5)).toThrow(/^engine: /);
    expect(() => sampleTwoParamSurface(mlp, theta0, 0, 1, plane, 1, 4)).toThrow(/^engine: /);
  });
});

describe('filter normalization', () => {
  // [2, 2, 1]: W1 = [[3, 4], [0, 0]], b1 = [5, 6], W2 = [[1, 2]], b2 = [7]
  const spec: MlpSpec = { layers: [2, 2, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };
  const ref = Float64Array.of(3, 4, 0, 0, 5, 6, 1, 2, 7);

  it('rescales each neuron’s incoming-weight row to the norm of that row in θref and zeroes the biases', () => {
    const d = filterNormalize(spec, Float64Array.of(1, 0, 2, 2, 9, 9, 0.3, -0.4, 9), ref);
    expect(Array.from(d)).toEqual([5, 0, 0, 0, 0, 0, expect.closeTo(Math.sqrt(5) * 0.6, 15), expect.closeTo(-Math.sqrt(5) * 0.8, 15), 0]);
  });

  it('draws a random plane whose directions have θref’s per-neuron norms and no bias component', () => {
    const plane = randomFilterNormalizedPlane(SPEC, theta0, theta0, createRng(1, RNG_STREAMS.directions), 1);
    for (const dir of [plane.u, plane.v]) {
      for (const { nIn, nOut, wOffset, bOffset } of mlpLayout(SPEC).layers) {
        for (let r = 0; r < nOut; r++) {
          const row = (v: Float64Array) => v.subarray(wOffset + r * nIn, wOffset + (r + 1) * nIn);
          expect(norm(row(dir))).toBeCloseTo(norm(row(theta0)), 12);
        }
        expect(Array.from(dir.subarray(bOffset, bOffset + nOut)).every((x) => x === 0)).toBe(true);
      }
    }
    expect(plane.origin).toEqual(theta0);
    expect([plane.aMin, plane.aMax, plane.bMin, plane.bMax]).toEqual([-1, 1, -1, 1]);
    expect(Math.abs(dot(plane.u, plane.v)) / (norm(plane.u) * norm(plane.v))).toBeLessThan(0.5);
  });

  it('is reproducible from the Rng and has the loss at its centre in the centre cell', () => {
    const a = randomFilterNormalizedPlane(SPEC, theta0, theta0, createRng(2), 0.5);
    const b = randomFilterNormalizedPlane(SPEC, theta0, theta0, createRng(2), 0.5);
    expect(b.u).toEqual(a.u);
    expect(b.v).toEqual(a.v);
    const g = sampleSurface(mlp, randomFilterNormalizedPlane(SPEC, theta0, theta0, createRng(3), 1), 65, 65);
    expect(g.values[32 * 65 + 32]).toBe(Math.fround(mlp.loss(theta0)));
  });
});

describe('pcaPlane', () => {
  // An orthonormal pair e1, e2 in ℝ⁶ and a third direction e3 orthogonal to both.
  const e1 = Float64Array.of(1, 1, 0, 0, 1, 1).map((x) => x / 2);
  const e2 = Float64Array.of(0, 0, 1, -1, 0, 0).map((x) => x / Math.SQRT2);
  const e3 = Float64Array.of(1, -1, 0, 0, 1, -1).map((x) => x / 2);
  const final = Float64Array.of(0.5, -1, 2, 0, 1, 3);
  const at = (a: number, b: number, c = 0) => final.map((f, k) => f + a * e1[k]! + b * e2[k]! + c * e3[k]!);
  // α and β uncorrelated (Σαβ = 0), so the principal directions are exactly e1 and e2, with Σα² = 14, Σβ² = 1.5.
  const alpha = [3, 2, 1, 0];
  const beta = [0.5, -1, 0.5, 0];
  const rows = new Float64Array(alpha.flatMap((a, t) => Array.from(at(a, beta[t]!))));

  it('recovers the plane of a trajectory that lies in it, with its variance shares and no off-plane distance', () => {
    const p = pcaPlane(rows, final);
    expect(Math.abs(dot(p.u, e1))).toBeCloseTo(1, 12);
    expect(Math.abs(dot(p.v, e2))).toBeCloseTo(1, 12);
    expect(p.explained[0]).toBeCloseTo(14 / 15.5, 12);
    expect(p.explained[1]).toBeCloseTo(1.5 / 15.5, 12);
    expect(p.explained[0] + p.explained[1]).toBeCloseTo(1, 12);
    expect(p.origin).toEqual(final);
    for (let t = 0; t < 4; t++) {
      const q = projectOntoPlane(p, rows.subarray(6 * t, 6 * t + 6));
      expect(q.offPlane).toBeLessThan(1e-14);
      expect(Math.abs(q.a)).toBeCloseTo(alpha[t]!, 12);
      expect(Math.abs(q.b)).toBeCloseTo(Math.abs(beta[t]!), 12);
    }
  });

  it('gives a point off the plane its distance, and orients the axes so the start has a ≥ 0 and b ≥ 0', () => {
    const p = pcaPlane(rows, final);
    const q = projectOntoPlane(p, at(1.5, -0.25, 3));
    expect(q.offPlane).toBeCloseTo(3, 12);
    expect(q.a).toBeCloseTo(1.5, 12);
    expect(q.b).toBeCloseTo(-0.25 * Math.sign(dot(p.v, e2)), 12);
    const start = projectOntoPlane(p, rows.subarray(0, 6));
    expect(start.a).toBeGreaterThan(0);
    expect(start.b).toBeGreaterThanOrEqual(0);
  });

  it('covers the projected path and θ_final with a margin', () => {
    const p = pcaPlane(rows, final, { margin: 0.1 });
    const { a, b } = projectTrajectory(p, rows, 4);
    expect(p.aMin).toBeCloseTo(0 - 0.3, 12);
    expect(p.aMax).toBeCloseTo(3 + 0.3, 12);
    for (let t = 0; t < 4; t++) {
      expect(a[t]! >= p.aMin && a[t]! <= p.aMax && b[t]! >= p.bMin && b[t]! <= p.bMax).toBe(true);
    }
  });

  it('gives the same plane through the covariance (T > n) as through the Gram matrix (T < n)', () => {
    // 40 rows in ℝ⁶ (covariance path) against the same rows thinned to 4 (Gram path).
    const many = new Float64Array(40 * 6);
    for (let t = 0; t < 40; t++) many.set(at(3 * Math.cos(t / 6.4), 0.7 * Math.sin(t / 6.4) - 0.7 * Math.sin(39 / 6.4), 0), 6 * t);
    many.set(final, 39 * 6);
    const cov = pcaPlane(many, final);
    const gram = pcaPlane(many, final, { maxRows: 5 });
    expect(gram.rowsUsed).toBe(5);
    expect(cov.rowsUsed).toBe(40);
    for (const p of [cov, gram]) {
      expect(p.explained[0] + p.explained[1]).toBeCloseTo(1, 10);
      expect(norm(p.u)).toBeCloseTo(1, 14);
      expect(dot(p.u, p.v)).toBeCloseTo(0, 14);
      expect(Math.abs(dot(p.u, e3)) + Math.abs(dot(p.v, e3))).toBeLessThan(1e-10);
    }
  });

  it('stays finite for a path that never moves or moves along a line', () => {
    const still = pcaPlane(new Float64Array([...final, ...final]), final);
    expect(still.explained).toEqual([0, 0]);
    expect(norm(still.u)).toBeCloseTo(1, 14);
    expect(dot(still.u, still.v)).toBeCloseTo(0, 14);
    expect([still.aMin, still.aMax, still.bMin, still.bMax].every(Number.isFinite)).toBe(true);
    const line = pcaPlane(new Float64Array([...at(2, 0), ...at(1, 0), ...final]), final);
    expect(line.explained[0]).toBeCloseTo(1, 12);
    expect(line.explained[1]).toBe(0);
    expect(Math.abs(dot(line.u, e1))).toBeCloseTo(1, 12);
    expect(dot(line.u, line.v)).toBeCloseTo(0, 14);
    expect(line.bMax).toBeGreaterThan(line.bMin);
  });

  it('on a real training run explains most of the path with two directions', () => {
    const { trajectory: t } = run(mlp, 'momentum', theta0, 300, {}, { eta: 0.3, gamma: 0.9 });
    const last = t.params.slice((t.length - 1) * 105, t.length * 105);
    const p = pcaPlane(t.params, last, { rowCount: t.length, maxRows: t.length });
    const thinned = pcaPlane(t.params, last, { rowCount: t.length });
    expect(thinned.rowsUsed).toBe(300);
    expect(thinned.explained[0]).toBeCloseTo(p.explained[0], 3);
    expect(p.explained[0]).toBeGreaterThan(p.explained[1]);
    expect(p.explained[0] + p.explained[1]).toBeGreaterThan(0.5);
    const { offPlane } = projectTrajectory(p, t.params, t.length);
    const inPlane = 1 - offPlane.reduce((s, d) => s + d * d, 0) / Array.from({ length: t.length }, (_, k) => norm(t.params.subarray(k * 105, k * 105 + 105).map((x, i) => x - last[i]!)) ** 2).reduce((s, x) => s + x, 0);
    expect(inPlane).toBeCloseTo(p.explained[0] + p.explained[1], 8);
  });
});

describe('projectOntoPlane', () => {
  it('puts a path that trains only the two chosen parameters exactly on their plane', () => {
    const [i, j] = [weightIndex(SPEC, 1, 2, 0), biasIndex(SPEC, 2, 5)];
    const { trajectory: t } = run(trainOnly(mlp, [i, j]), 'nesterov', theta0, 50, {}, { eta: 0.5, gamma: 0.9 });
    const plane = twoParamPlane(theta0, i, j, 1);
    const { a, b, offPlane } = projectTrajectory(plane, t.params, t.length);
    for (let k = 0; k < t.length; k++) {
      expect(offPlane[k]).toBe(0);
      expect(a[k]).toBe(t.params[k * 105 + i]);
      expect(b[k]).toBe(t.params[k * 105 + j]);
    }
    expect(a[t.length - 1]).not.toBe(a[0]);
  });

  it('solves for (a, b) when u and v are not orthogonal and reports the residual distance', () => {
    const plane: Plane = { origin: Float64Array.of(1, 1, 1), u: Float64Array.of(1, 0, 0), v: Float64Array.of(1, 1, 0), aMin: -1, aMax: 1, bMin: -1, bMax: 1 };
    const q = projectOntoPlane(plane, [1 + 2 - 3, 1 - 3, 1 + 4]);
    expect(q.a).toBeCloseTo(2, 14);
    expect(q.b).toBeCloseTo(-3, 14);
    expect(q.offPlane).toBeCloseTo(4, 14);
  });

  it('treats a plane with parallel directions as a line', () => {
    const plane: Plane = { origin: new Float64Array(2), u: Float64Array.of(2, 0), v: Float64Array.of(4, 0), aMin: -1, aMax: 1, bMin: -1, bMax: 1 };
    expect(projectOntoPlane(plane, [6, 1])).toEqual({ a: 3, b: 0, offPlane: 1 });
  });
});
