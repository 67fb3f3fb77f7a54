import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromPoints } from '../../../src/engine/datasets';
import { ACTIVATIONS, createMlp, initParams, locateParam, mlpLayout, type Activation, type MlpSpec } from '../../../src/engine/problems/mlp';
import { BCE_EPS } from '../../../src/engine/problems/mlpKernel';
import { exactTanh } from '../../../src/engine/exactMath';
import { createRng } from '../../../src/engine/rng';
import { sliceTanh } from '../../../src/engine/sliceKernel';
import { sampleTwoParamSurface, twoParamLossRows } from '../../../src/engine/sliceSampler';
import { twoParamPlane } from '../../../src/engine/slices';
import { FLOAT32_MAX, sampleSurfaceRows, type Plane } from '../../../src/engine/surface';

/*
 * The sampler adds the same products as Mlp.loss, but not in the same order: a changed unit's
 * pre-activation is a cached sum of the unchanged terms plus the changing one, and the layer above it is
 * a rank-1 update. So its float64 losses equal Mlp.loss only up to rounding (a few ulp of each sum, far
 * below 1e−10 relative), and a float32 grid value may round to the neighbouring float32 (one unit in the
 * last place, 2^−23 relative). Anything wrong with the algebra gives errors of order 1.
 */
const REL64 = 1e-10;
const REL32 = 2 ** -23;

/**
 * How far the sampler's loss may be from Mlp.loss at θ: REL64 relative, except where the loss itself is
 * ill-conditioned. Binary cross-entropy of a non-sigmoid output is −log o or −log(1 − o) of the rounded
 * activation o, so one ulp of o moves the loss by ulp/o or ulp/(1 − o), without bound as o saturates
 * (a tanh output a hair below 1): two sums of the same terms in another order may then round o one ulp
 * apart and the losses differ by far more than 1e−10 while both are right. There the bound adds a few ulp
 * (8 ε) of every output times the loss's sensitivity to it; elsewhere it is REL64 alone.
 */
function tolerance(mlp: ReturnType<typeof createMlp>, theta: Float64Array, loss: number): number {
  const tol = REL64 * Math.abs(loss);
  const { spec, dataset } = mlp;
  if (spec.loss !== 'bce' || spec.activations.at(-1) === 'sigmoid') return tol;
  const out = new Float64Array(dataset.n * dataset.outputDim);
  mlp.forward(theta, dataset.x, out);
  let sensitivity = 0;
  for (let k = 0; k < out.length; k++) {
    const o = Math.min(1 - BCE_EPS, Math.max(BCE_EPS, out[k]!));
    const d = dataset.y[k]!;
    sensitivity += d / o + (1 - d) / (1 - o);
  }
  return tol + (8 * Number.EPSILON * sensitivity) / dataset.n;
}

/** θ of cell (row, col) with sampleSurface's expressions: (origin + b·v) + a·u. */
function cellTheta(plane: Plane, nx: number, ny: number, row: number, col: number): Float64Array {
  const a = plane.aMin + col * ((plane.aMax - plane.aMin) / (nx - 1));
  const b = plane.bMin + row * ((plane.bMax - plane.bMin) / (ny - 1));
  return plane.origin.map((o, p) => o + b * plane.v[p]! + a * plane.u[p]!);
}

interface Case {
  readonly spec: MlpSpec;
  readonly points: number;
  readonly seed: number;
  readonly pick: readonly [number, number];
  readonly pairKind: 'any' | 'same layer' | 'same unit';
  readonly halfWidth: number;
  readonly nx: number;
  readonly ny: number;
  readonly band: readonly [number, number];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    inputs: fc.integer({ min: 1, max: 3 }),
    hidden: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
    outputs: fc.integer({ min: 1, max: 2 }),
    acts: fc.array(fc.constantFrom<Activation>(...ACTIVATIONS), { minLength: 4, maxLength: 4 }),
    loss: fc.constantFrom<'mse' | 'bce'>('mse', 'bce'),
    points: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    pick: fc.tuple(fc.nat(), fc.nat()),
    pairKind: fc.constantFrom<Case['pairKind']>('any', 'same layer', 'same unit'),
    halfWidth: fc.double({ min: 0.01, max: 3, noNaN: true }),
    nx: fc.integer({ min: 2, max: 5 }),
    ny: fc.integer({ min: 2, max: 5 }),
    band: fc.tuple(fc.nat(), fc.nat()),
  })
  .map(({ inputs, hidden, outputs, acts, loss, ...rest }) => {
    const layers = [inputs, ...hidden, outputs];
    return { ...rest, spec: { layers, activations: acts.slice(0, layers.length - 1), loss } };
  });

/** The pair (i, j) of a case: any two parameters, two of one layer, or two of one unit. */
function pairOf(c: Case): [number, number] {
  const layout = mlpLayout(c.spec);
  const n = layout.paramCount;
  const i = c.pick[0] % n;
  const at = locateParam(layout, i);
  const candidates = Array.from({ length: n }, (_, p) => p).filter((p) => {
    if (p === i) return false;
    const q = locateParam(layout, p);
    if (c.pairKind === 'same unit') return q.layer === at.layer && q.row === at.row;
    if (c.pairKind === 'same layer') return q.layer === at.layer;
    return true;
  });
  // Never empty: every unit has at least one weight and its bias.
  return [i, candidates[c.pick[1] % candidates.length]!];
}

function setUp(c: Case) {
  const rng = createRng(c.seed);
  const { layers, loss } = c.spec;
  const nIn = layers[0]!;
  const nOut = layers[layers.length - 1]!;
  const pts = Array.from({ length: c.points }, () => ({
    x: Array.from({ length: nIn }, () => 4 * rng.next() - 2),
    y: Array.from({ length: nOut }, () => (loss === 'bce' ? (rng.next() < 0.3 ? rng.next() : rng.next() < 0.5 ? 0 : 1) : 3 * rng.next() - 1)),
  }));
  const mlp = createMlp(c.spec, datasetFromPoints(nIn, nOut, pts));
  const theta0 = initParams(c.spec, rng).map((t) => t + 0.5 * rng.normal());
  const [i, j] = pairOf(c);
  const plane = twoParamPlane(theta0, i, j, c.halfWidth);
  const rowsFrom = c.band[0] % c.ny;
  const rowsTo = rowsFrom + 1 + (c.band[1] % (c.ny - rowsFrom));
  return { mlp, theta0, i, j, plane, rowsFrom, rowsTo };
}

describe('twoParamLossRows and sampleTwoParamSurface against the straightforward sampler', () => {
  it('give Mlp.loss to 1e−10 for random networks, activations, losses, pairs (same unit, same layer, any) and row bands', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { mlp, theta0, i, j, plane, rowsFrom, rowsTo } = setUp(c);
        const fast = twoParamLossRows(mlp, theta0, i, j, plane, c.nx, c.ny, rowsFrom, rowsTo);
        expect(fast).toHaveLength((rowsTo - rowsFrom) * c.nx);
        for (let row = rowsFrom; row < rowsTo; row++) {
          for (let col = 0; col < c.nx; col++) {
            const theta = cellTheta(plane, c.nx, c.ny, row, col);
            const slow = mlp.loss(theta);
            const got = fast[(row - rowsFrom) * c.nx + col]!;
            if (!(Math.abs(got - slow) <= tolerance(mlp, theta, slow))) {
              throw new Error(`cell (${row}, ${col}) of pair ${i}, ${j}: ${got} vs Mlp.loss ${slow}`);
            }
          }
        }
        const grid = sampleTwoParamSurface(mlp, theta0, i, j, plane, c.nx, c.ny, rowsFrom, rowsTo);
        const ref = sampleSurfaceRows(mlp, plane, c.nx, c.ny, rowsFrom, rowsTo);
        expect([grid.nx, grid.ny, grid.rowsFrom, grid.rowsTo]).toEqual([c.nx, c.ny, rowsFrom, rowsTo]);
        grid.values.forEach((v, k) => {
          const w = ref.values[k]!;
          // One float32 step, plus what an ill-conditioned loss may differ by before rounding (tolerance).
          const theta = cellTheta(plane, c.nx, c.ny, rowsFrom + Math.floor(k / c.nx), k % c.nx);
          if (!(Math.abs(v - w) <= REL32 * Math.abs(w) + tolerance(mlp, theta, w) - REL64 * Math.abs(w))) throw new Error(`float32 cell ${k}: ${v} vs sampleSurfaceRows ${w}`);
        });
        expect(grid.min).toBe(Math.min(...grid.values));
        expect(grid.max).toBe(Math.max(...grid.values));
      }),
      { numRuns: 300 },
    );
  });

  it('clamps overflowing and non-finite losses to FLOAT32_MAX exactly as sampleSurface does', () => {
    const spec: MlpSpec = { layers: [2, 3, 1], activations: ['identity', 'identity'], loss: 'mse' };
    const ds = datasetFromPoints(2, 1, [{ x: [1, -2], y: [0] }, { x: [0.5, 3], y: [1] }]);
    const mlp = createMlp(spec, ds);
    const theta0 = initParams(spec, createRng(3));
    for (const [i, j] of [[0, 1], [1, 12], [9, 2]] as const) {
      const plane = twoParamPlane(theta0, i, j, { aMin: -1e300, aMax: 1e300, bMin: -1e20, bMax: 1e200 });
      const grid = sampleTwoParamSurface(mlp, theta0, i, j, plane, 5, 4);
      const ref = sampleSurfaceRows(mlp, plane, 5, 4, 0, 4);
      expect(grid.values).toEqual(ref.values);
      expect(grid.values).toContain(Math.fround(FLOAT32_MAX));
      expect(grid.values.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('sliceTanh', () => {
  it('is within 4 ulp of exactTanh everywhere, odd, ±1 in the tails and NaN for NaN', () => {
    fc.assert(
      fc.property(fc.double({ min: -25, max: 25, noNaN: true }), (x) => {
        const want = exactTanh(x);
        expect(Math.abs(sliceTanh(x) - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want));
        expect(sliceTanh(-x)).toBe(-sliceTanh(x));
      }),
      { numRuns: 5000 },
    );
    for (const x of [0, 1e-300, 2.9999999999999996, 3, 3.0000000000000004, 0.5, -1.25]) {
      expect(Math.abs(sliceTanh(x) - exactTanh(x))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(exactTanh(x)));
    }
    expect([sliceTanh(40), sliceTanh(-Infinity), sliceTanh(NaN)]).toEqual([1, -1, NaN]);
  });
});
