import { describe, expect, it } from 'vitest';
import { DATASET_KINDS, datasetFromPoints, datasetPoints, editDataset, makeDataset, type Dataset, type DatasetKind } from '../../../src/engine/datasets';
import { cosTurns } from '../../../src/engine/exactMath';
import { sinTurns } from '../../../src/engine/exactMath';

const CLASSIFICATION = DATASET_KINDS.filter((k) => k !== 'sine');
const clean = (kind: DatasetKind, size = 400, seed = 1) => makeDataset(kind, { size, noise: 0, seed });

function point(ds: Dataset, k: number): { x: number[]; y: number[] } {
  return {
    x: Array.from(ds.x.subarray(k * ds.inputDim, (k + 1) * ds.inputDim)),
    y: Array.from(ds.y.subarray(k * ds.outputDim, (k + 1) * ds.outputDim)),
  };
}

describe('makeDataset', () => {
  it('lists the four 2-D classification sets and the 1-D sine regression', () => {
    expect([...DATASET_KINDS]).toEqual(['circle', 'xor', 'gaussians', 'spiral', 'sine']);
  });

  it.each(CLASSIFICATION)('%s has 2-D inputs, one 0/1 label per point, half the points in each class', (kind) => {
    const ds = clean(kind, 301);
    expect([ds.inputDim, ds.outputDim, ds.n, ds.x.length, ds.y.length]).toEqual([2, 1, 301, 602, 301]);
    expect(Array.from(ds.y).every((y) => y === 0 || y === 1)).toBe(true);
    expect(Array.from(ds.y).filter((y) => y === 1)).toHaveLength(150);
  });

  it.each(['circle', 'xor', 'spiral'] as const)('%s keeps its noise-free inputs inside [−1, 1]²', (kind) => {
    expect(Array.from(clean(kind).x).every((v) => Math.abs(v) <= 1)).toBe(true);
  });

  it('circle puts class 1 inside radius 0.45 and class 0 in the ring 0.65 … 1', () => {
    const ds = clean('circle');
    for (let k = 0; k < ds.n; k++) {
      const { x, y } = point(ds, k);
      const r = Math.hypot(x[0]!, x[1]!);
      if (y[0] === 1) expect(r).toBeLessThanOrEqual(0.45 + 1e-15);
      else expect(r >= 0.65 - 1e-15 && r <= 1 + 1e-15).toBe(true);
    }
  });

  it('xor labels quadrants I and III with 1 and keeps points 0.05 clear of the axes', () => {
    const ds = clean('xor');
    for (let k = 0; k < ds.n; k++) {
      const { x, y } = point(ds, k);
      expect(y[0]).toBe(x[0]! * x[1]! > 0 ? 1 : 0);
      expect(Math.min(Math.abs(x[0]!), Math.abs(x[1]!))).toBeGreaterThanOrEqual(0.05);
    }
  });

  it('gaussians centres class 1 near (0.5, 0.5) and class 0 near (−0.5, −0.5)', () => {
    const ds = clean('gaussians', 2000);
    const mean = [0, 0, 0, 0];
    for (let k = 0; k < ds.n; k++) {
      const { x, y } = point(ds, k);
      mean[2 * y[0]!]! += x[0]! / 1000;
      mean[2 * y[0]! + 1]! += x[1]! / 1000;
    }
    for (const [got, want] of mean.map((m, i) => [m, i < 2 ? -0.5 : 0.5])) expect(Math.abs(got! - want!)).toBeLessThan(0.03);
  });

  it('spiral winds two arms half a turn apart with radius growing from 0.05', () => {
    const ds = clean('spiral', 200);
    expect(point(ds, 0).x).toEqual([-0.05, expect.closeTo(0, 15)]);
    expect(point(ds, 1).x).toEqual([0.05, 0]);
    for (let k = 2; k < ds.n; k++) expect(Math.hypot(...point(ds, k).x)).toBeGreaterThan(Math.hypot(...point(ds, k - 2).x));
  });

  it('sine has 1-D inputs in [−1, 1) and y = sin(πx) exactly without noise', () => {
    const ds = clean('sine', 100);
    expect([ds.inputDim, ds.outputDim]).toEqual([1, 1]);
    for (let k = 0; k < ds.n; k++) {
      expect(ds.x[k]! >= -1 && ds.x[k]! < 1).toBe(true);
      expect(ds.y[k]).toBe(sinTurns(ds.x[k]! / 2));
    }
  });

  it('adds noise to classification inputs but keeps the labels, and to sine targets but not inputs', () => {
    const a = makeDataset('circle', { size: 200, noise: 0, seed: 4 });
    const b = makeDataset('circle', { size: 200, noise: 0.3, seed: 4 });
    expect(b.y).toEqual(a.y);
    expect(b.x).not.toEqual(a.x);
    const s0 = makeDataset('sine', { size: 200, noise: 0, seed: 4 });
    const s1 = makeDataset('sine', { size: 200, noise: 0.2, seed: 4 });
    expect(s1.x).toEqual(s0.x);
    let sq = 0;
    for (let k = 0; k < 200; k++) sq += (s1.y[k]! - s0.y[k]!) ** 2;
    expect(Math.sqrt(sq / 200)).toBeCloseTo(0.2, 1);
  });

  it('scales one fixed jitter pattern of the same clean points as the noise level changes', () => {
    const a = makeDataset('spiral', { size: 100, noise: 0, seed: 9 });
    const b = makeDataset('spiral', { size: 100, noise: 0.25, seed: 9 });
    const c = makeDataset('spiral', { size: 100, noise: 0.5, seed: 9 });
    for (let k = 0; k < a.x.length; k++) expect(c.x[k]! - a.x[k]!).toBeCloseTo(2 * (b.x[k]! - a.x[k]!), 14);
  });

  it('is bit-identical for the same kind, options and seed, and differs for another seed', () => {
    for (const kind of DATASET_KINDS) {
      const opts = { size: 150, noise: 0.15, seed: 77 };
      const a = makeDataset(kind, opts);
      expect(makeDataset(kind, opts)).toEqual(a);
      expect(makeDataset(kind, { ...opts, seed: 78 }).x).not.toEqual(a.x);
    }
  });

  it('pins the first points of circle with seed 1, so a change in the generator or the Rng shows up here', () => {
    const ds = makeDataset('circle', { size: 4, noise: 0.1, seed: 1 });
    expect(Array.from(ds.x)).toEqual([
      0.3812976135929521, -0.6589326040549639, 0.16856916713446307, 0.34336746087445136, -0.23259986681483485,
      -0.8853361816966105, 0.10887763297347024, 0.4278947634308369,
    ]);
    expect(Array.from(ds.y)).toEqual([0, 1, 0, 1]);
  });

  it('with two outputs gives one-hot labels [1 − label, label] and [sin πx, cos πx] for sine', () => {
    const one = makeDataset('xor', { size: 50, noise: 0.1, seed: 2 });
    const two = makeDataset('xor', { size: 50, noise: 0.1, seed: 2, outputs: 2 });
    expect(two.outputDim).toBe(2);
    expect(two.x).toEqual(one.x);
    for (let k = 0; k < 50; k++) expect(point(two, k).y).toEqual([1 - one.y[k]!, one.y[k]]);
    const sine = makeDataset('sine', { size: 20, noise: 0, seed: 2, outputs: 2 });
    for (let k = 0; k < 20; k++) expect(point(sine, k).y[1]).toBeCloseTo(Math.cos(Math.PI * sine.x[k]!), 14);
  });

  it('throws an engine error for an unknown kind (inherited keys included) or bad options', () => {
    for (const kind of ['moons', 'constructor', '__proto__']) {
      expect(() => makeDataset(kind as DatasetKind, { size: 10, noise: 0, seed: 1 })).toThrow(/^engine: /);
    }
    for (const bad of [
      { size: 0, noise: 0, seed: 1 },
      { size: 2.5, noise: 0, seed: 1 },
      { size: 10, noise: -0.1, seed: 1 },
      { size: 10, noise: NaN, seed: 1 },
      { size: 10, noise: 0, seed: 0.5 },
      { size: 10, noise: 0, seed: 1, outputs: 3 as 1 },
    ]) {
      expect(() => makeDataset('circle', bad)).toThrow(/^engine: /);
    }
  });
});

describe('datasetFromPoints', () => {
  it('packs edited points row-major and datasetPoints unpacks them again', () => {
    const points = [
      { x: [0.1, -0.2], y: [1] },
      { x: [0.3, 0.4], y: [0] },
      { x: [-1, 1], y: [1] },
    ];
    const ds = datasetFromPoints(2, 1, points);
    expect([ds.n, ds.inputDim, ds.outputDim]).toEqual([3, 2, 1]);
    expect(Array.from(ds.x)).toEqual([0.1, -0.2, 0.3, 0.4, -1, 1]);
    expect(Array.from(ds.y)).toEqual([1, 0, 1]);
    expect(datasetPoints(ds)).toEqual(points);
    const generated = makeDataset('spiral', { size: 20, noise: 0.1, seed: 3 });
    expect(datasetFromPoints(2, 1, datasetPoints(generated))).toEqual(generated);
  });

  it('accepts an empty set, since the user may remove every point', () => {
    const ds = datasetFromPoints(2, 1, []);
    expect(ds.n).toBe(0);
    expect(ds.x).toHaveLength(0);
  });

  it('throws an engine error for a point of the wrong shape or with a non-finite value', () => {
    expect(() => datasetFromPoints(2, 1, [{ x: [1], y: [0] }])).toThrow(/^engine: /);
    expect(() => datasetFromPoints(2, 1, [{ x: [1, 2], y: [0, 1] }])).toThrow(/^engine: /);
    expect(() => datasetFromPoints(2, 1, [{ x: [1, NaN], y: [0] }])).toThrow(/^engine: /);
    expect(() => datasetFromPoints(0, 1, [])).toThrow(/^engine: /);
  });
});

describe('editDataset', () => {
  it('removes the dropped points keeping the order of the rest, then appends the added ones', () => {
    const ds = makeDataset('xor', { size: 6, noise: 0.1, seed: 3 });
    const pts = datasetPoints(ds);
    const edited = editDataset('xor', ds, [1, 4], [[0.25, -0.5, 1], [-1, 1, 0]]);
    expect(datasetPoints(edited)).toEqual([pts[0], pts[2], pts[3], pts[5], { x: [0.25, -0.5], y: [1] }, { x: [-1, 1], y: [0] }]);
    // The generated set itself is untouched.
    expect(datasetPoints(ds)).toEqual(pts);
  });

  it('gives an added class a one-hot pair with 2 outputs, and a sine point cos(πx) as its second target', () => {
    const cls = editDataset('circle', makeDataset('circle', { size: 2, noise: 0, seed: 1, outputs: 2 }), [], [[0.1, 0.2, 1]]);
    expect(datasetPoints(cls)[2]).toEqual({ x: [0.1, 0.2], y: [0, 1] });
    const sine = editDataset('sine', makeDataset('sine', { size: 2, noise: 0, seed: 1, outputs: 2 }), [0], [[0.5, -0.3]]);
    expect(sine.n).toBe(2);
    expect(datasetPoints(sine)[1]).toEqual({ x: [0.5], y: [-0.3, cosTurns(0.25)] });
  });

  it('refuses a drop index outside the data set, a point of the wrong shape and a class other than 0 or 1', () => {
    const ds = makeDataset('xor', { size: 4, noise: 0, seed: 1 });
    expect(() => editDataset('xor', ds, [4], [])).toThrow(/drop index 4/);
    expect(() => editDataset('xor', ds, [], [[0, 0]])).toThrow(/needs 3 finite numbers/);
    expect(() => editDataset('xor', ds, [], [[0, 0, 0.5]])).toThrow(/class must be 0 or 1/);
  });
});
