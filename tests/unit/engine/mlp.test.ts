import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromPoints, makeDataset, type Dataset } from '../../../src/engine/datasets';
import {
  ACTIVATIONS,
  biasIndex,
  createMlp,
  initParams,
  locateParam,
  mlpLayout,
  paramLabel,
  weightIndex,
  type Activation,
  type LossKind,
  type MlpSpec,
} from '../../../src/engine/problems/mlp';
import { BCE_EPS, fastSigmoid } from '../../../src/engine/problems/mlpKernel';
import { createRng, RNG_STREAMS, type Rng } from '../../../src/engine/rng';
import { run } from '../support/problems';

const SPEC_2881: MlpSpec = { layers: [2, 8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'mse' };

/** The network written out per point with plain arrays and Math.*, as on the lecture slide. */
function reference(spec: MlpSpec, ds: Dataset, theta: Float64Array) {
  const f: Record<Activation, (z: number) => number> = {
    sigmoid: (z) => 1 / (1 + Math.exp(-z)),
    tanh: Math.tanh,
    relu: (z) => Math.max(0, z),
    identity: (z) => z,
  };
  const outputs: number[][] = [];
  const pre: number[] = [];
  let loss = 0;
  for (let p = 0; p < ds.n; p++) {
    let a = Array.from(ds.x.subarray(p * ds.inputDim, (p + 1) * ds.inputDim));
    for (const { nIn, nOut, wOffset, bOffset, activation } of mlpLayout(spec).layers) {
      const z = Array.from({ length: nOut }, (_, r) => a.reduce((s, ac, c) => s + theta[wOffset + r * nIn + c]! * ac, theta[bOffset + r]!));
      pre.push(...z.filter(() => activation === 'relu'));
      a = z.map(f[activation]);
    }
    outputs.push(a);
    a.forEach((o, k) => {
      const d = ds.y[p * ds.outputDim + k]!;
      loss += spec.loss === 'mse' ? (o - d) ** 2 : -(d * Math.log(o) + (1 - d) * Math.log(1 - o));
    });
  }
  return { loss: ds.n ? loss / ds.n : 0, outputs, reluPre: pre };
}

/** n random points with inputs in [−1, 1] and targets in [0, 1] (some soft). */
function randomData(rng: Rng, n: number, inputs: number, outputs: number): Dataset {
  return datasetFromPoints(
    inputs,
    outputs,
    Array.from({ length: n }, (_, k) => ({
      x: Array.from({ length: inputs }, () => 2 * rng.next() - 1),
      y: Array.from({ length: outputs }, () => (k % 3 === 0 ? rng.next() : rng.next() < 0.5 ? 0 : 1)),
    })),
  );
}

/** Random θ; for BCE with a non-sigmoid output, a small output layer with bias ½ keeps o inside (0, 1). */
function randomTheta(spec: MlpSpec, rng: Rng): Float64Array {
  const theta = Float64Array.from({ length: mlpLayout(spec).paramCount }, () => rng.normal());
  const out = mlpLayout(spec).layers.at(-1)!;
  if (spec.loss === 'bce' && out.activation !== 'sigmoid') {
    for (let k = out.wOffset; k < out.bOffset; k++) theta[k] = 0.05 * theta[k]! / out.nIn;
    theta.fill(0.5, out.bOffset, out.bOffset + out.nOut);
  }
  return theta;
}

function maxGradError(spec: MlpSpec, seed: number): number {
  const rng = createRng(seed);
  const ds = randomData(rng, seed % 2 ? 13 : 12, spec.layers[0]!, spec.layers.at(-1)!); // odd N exercises the kernels’ remainder loops
  let theta = randomTheta(spec, rng);
  // ReLU only away from its kink: redraw until every ReLU pre-activation is at least 1e−3 from 0.
  while (reference(spec, ds, theta).reluPre.some((z) => Math.abs(z) < 1e-3)) theta = randomTheta(spec, rng);
  const mlp = createMlp(spec, ds);
  const g = new Float64Array(mlp.paramCount);
  mlp.lossAndGrad(theta, g);
  const h = 1e-6;
  let worst = 0;
  for (let k = 0; k < theta.length; k++) {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[k]! += h;
    minus[k]! -= h;
    const fd = (mlp.loss(plus) - mlp.loss(minus)) / (2 * h);
    worst = Math.max(worst, Math.abs(g[k]! - fd) / Math.max(1, Math.abs(fd)));
  }
  return worst;
}

const ARCHITECTURES = [[1, 3, 1], [2, 2], [2, 4, 3, 2], [3, 5, 1], [2, 8, 8, 1], [3, 4, 4, 4, 4, 2]];
const LOSSES: LossKind[] = ['mse', 'bce'];

describe('mlp gradients', () => {
  describe.each(LOSSES)('with %s', (loss) => {
    it.each(ARCHITECTURES.map((a) => [a.join('-'), a] as const))(
      '%s matches central finite differences for every hidden and output activation',
      (_name, layers) => {
        let seed = 1;
        for (const hidden of ACTIVATIONS) {
          for (const output of ACTIVATIONS) {
            const activations = layers.slice(1).map((_, l) => (l === layers.length - 2 ? output : hidden));
            const err = maxGradError({ layers, activations, loss }, seed++);
            expect(err, `${hidden}/${output}`).toBeLessThan(1e-6);
          }
        }
      },
    );
  });

  it('matches finite differences with mixed activations in one network', () => {
    expect(maxGradError({ layers: [3, 5, 4, 3, 2], activations: ['relu', 'tanh', 'sigmoid', 'identity'], loss: 'mse' }, 5)).toBeLessThan(1e-6);
    expect(maxGradError({ layers: [2, 6, 5, 1], activations: ['sigmoid', 'relu', 'sigmoid'], loss: 'bce' }, 6)).toBeLessThan(1e-6);
  });
});

describe('mlp loss', () => {
  it('equals the per-point reference (mean over points of the sum over outputs, no ½) for random networks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ARCHITECTURES),
        fc.constantFrom(...ACTIVATIONS),
        fc.constantFrom(...LOSSES),
        fc.integer({ min: 0, max: 1e6 }),
        (layers, hidden, loss, seed) => {
          const activations = layers.slice(1).map((_, l) => (l === layers.length - 2 ? 'sigmoid' : hidden));
          const spec: MlpSpec = { layers, activations, loss };
          const rng = createRng(seed);
          const ds = randomData(rng, 9, layers[0]!, layers.at(-1)!);
          const theta = randomTheta(spec, rng);
          const ref = reference(spec, ds, theta);
          // The naive ln(1 − σ) loses digits once σ is within 1e−6 of 0 or 1; the stable path is tested on its own.
          fc.pre(loss === 'mse' || ref.outputs.flat().every((o) => o > 1e-6 && o < 1 - 1e-6));
          const mlp = createMlp(spec, ds);
          expect(Math.abs(mlp.loss(theta) - ref.loss)).toBeLessThan(1e-10 * Math.max(1, ref.loss));
          const out = new Float64Array(ds.n * layers.at(-1)!);
          mlp.forward(theta, ds.x, out);
          ref.outputs.flat().forEach((o, k) => expect(out[k]).toBeCloseTo(o, 13));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the same loss from loss and lossAndGrad, and the same gradient when called again', () => {
    const ds = makeDataset('circle', { size: 50, noise: 0.1, seed: 2 });
    const mlp = createMlp(SPEC_2881, ds);
    const a = initParams(SPEC_2881, createRng(1));
    const b = initParams(SPEC_2881, createRng(2));
    const g1 = new Float64Array(mlp.paramCount);
    const g2 = new Float64Array(mlp.paramCount);
    const L = mlp.lossAndGrad(a, g1);
    expect(mlp.loss(a)).toBe(L);
    mlp.lossAndGrad(b, g2);
    expect(mlp.lossAndGrad(a, g2)).toBe(L);
    expect(g2).toEqual(g1);
  });

  it('forward gives the outputs the loss sees, bit for bit, on many points or one at a time', () => {
    const ds = makeDataset('spiral', { size: 31, noise: 0.1, seed: 2 });
    const mlp = createMlp(SPEC_2881, ds);
    const theta = initParams(SPEC_2881, createRng(3));
    const all = new Float64Array(31);
    mlp.forward(theta, ds.x, all);
    let sum = 0;
    for (let p = 0; p < 31; p++) sum += (all[p]! - ds.y[p]!) ** 2;
    expect(sum * (1 / 31)).toBe(mlp.loss(theta));
    const one = new Float64Array(1);
    for (let p = 0; p < 31; p++) {
      mlp.forward(theta, ds.x.subarray(2 * p, 2 * p + 2), one);
      expect(one[0]).toBe(all[p]);
    }
  });

  it('computes binary cross-entropy from the pre-activation, so a saturated sigmoid gives a finite loss and gradient', () => {
    const spec: MlpSpec = { layers: [1, 1], activations: ['sigmoid'], loss: 'bce' };
    const g = new Float64Array(2);
    const at = (y: number, b: number) => createMlp(spec, datasetFromPoints(1, 1, [{ x: [1], y: [y] }])).lossAndGrad(Float64Array.of(0, b), g);
    expect(at(0, 800)).toBe(800);
    expect(Array.from(g)).toEqual([1, 1]);
    expect(at(1, 800)).toBe(0);
    expect(Array.from(g)).toEqual([0, 0]);
    expect(at(1, -800)).toBe(800);
    expect(Array.from(g)).toEqual([-1, -1]);
  });

  it('clamps a non-sigmoid output into [ε, 1 − ε] for cross-entropy, with zero gradient where clamped', () => {
    const spec: MlpSpec = { layers: [1, 1], activations: ['identity'], loss: 'bce' };
    const mlp = createMlp(spec, datasetFromPoints(1, 1, [{ x: [1], y: [1] }]));
    const g = new Float64Array(2);
    expect(mlp.lossAndGrad(Float64Array.of(0, -1), g)).toBeCloseTo(-Math.log(BCE_EPS), 12);
    expect(Array.from(g)).toEqual([0, 0]);
  });

  it('gives loss 0 and a zero gradient on an empty data set', () => {
    const mlp = createMlp(SPEC_2881, datasetFromPoints(2, 1, []));
    const g = new Float64Array(mlp.paramCount).fill(7);
    expect(mlp.lossAndGrad(initParams(SPEC_2881, createRng(1)), g)).toBe(0);
    expect(g.every((v) => v === 0)).toBe(true);
  });

  it('reports a non-finite loss for exploding parameters instead of hiding it', () => {
    const spec: MlpSpec = { layers: [1, 2, 1], activations: ['relu', 'identity'], loss: 'mse' };
    const mlp = createMlp(spec, datasetFromPoints(1, 1, [{ x: [1], y: [0] }]));
    expect(mlp.loss(Float64Array.of(1e200, 1e200, 0, 0, 1e200, 1e200, 0))).toBe(Infinity);
    expect(mlp.loss(Float64Array.of(NaN, 0, 0, 0, 1, 1, 0))).toBeNaN();
  });
});

describe('fastSigmoid', () => {
  it('agrees with 1 / (1 + e^−z) to 4e−16, is exactly ½ at 0 and saturates to exactly 0 and 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 60, noNaN: true }), (z) => {
        expect(Math.abs(fastSigmoid(z) - 1 / (1 + Math.exp(-z)))).toBeLessThan(4e-16);
      }),
      { numRuns: 5000 },
    );
    expect(fastSigmoid(0)).toBe(0.5);
    expect([fastSigmoid(-1000), fastSigmoid(1000), fastSigmoid(-Infinity), fastSigmoid(Infinity)]).toEqual([0, 1, 0, 1]);
    expect(fastSigmoid(NaN)).toBeNaN();
  });
});

describe('mlp spec and layout', () => {
  it('lays θ out layer by layer, W row-major [out][in] then b, and names every entry', () => {
    const layout = mlpLayout(SPEC_2881);
    expect(layout.paramCount).toBe(105);
    expect(layout.layers.map((l) => [l.wOffset, l.bOffset])).toEqual([[0, 16], [24, 88], [96, 104]]);
    const labels = [0, 1, 2, 15, 16, 23, 24, 25, 87, 88, 96, 103, 104].map((i) => paramLabel(SPEC_2881, i));
    expect(labels).toEqual(['W1[0][0]', 'W1[0][1]', 'W1[1][0]', 'W1[7][1]', 'b1[0]', 'b1[7]', 'W2[0][0]', 'W2[0][1]', 'W2[7][7]', 'b2[0]', 'W3[0][0]', 'W3[0][7]', 'b3[0]']);
  });

  it('locateParam is inverted by weightIndex and biasIndex for every parameter', () => {
    for (const layers of ARCHITECTURES) {
      const spec: MlpSpec = { layers, activations: layers.slice(1).map(() => 'tanh'), loss: 'mse' };
      const n = mlpLayout(spec).paramCount;
      for (let i = 0; i < n; i++) {
        const p = locateParam(spec, i);
        expect(p.kind === 'weight' ? weightIndex(spec, p.layer, p.row, p.col) : biasIndex(spec, p.layer, p.row)).toBe(i);
      }
      expect(() => locateParam(spec, n)).toThrow(/^engine: /);
      expect(() => locateParam(spec, -1)).toThrow(/^engine: /);
    }
    expect(() => weightIndex(SPEC_2881, 1, 8, 0)).toThrow(/^engine: /);
    expect(() => weightIndex(SPEC_2881, 4, 0, 0)).toThrow(/^engine: /);
    expect(() => biasIndex(SPEC_2881, 3, 1)).toThrow(/^engine: /);
  });

  it('throws an engine error naming what is wrong with a bad spec', () => {
    const bad: unknown[] = [
      { layers: [2], activations: [], loss: 'mse' },
      { layers: [0, 1], activations: ['tanh'], loss: 'mse' },
      { layers: [4, 1], activations: ['tanh'], loss: 'mse' },
      { layers: [2, 1, 1, 1, 1, 1, 1], activations: Array(6).fill('tanh'), loss: 'mse' },
      { layers: [2, 17, 1], activations: ['tanh', 'tanh'], loss: 'mse' },
      { layers: [2, 2.5, 1], activations: ['tanh', 'tanh'], loss: 'mse' },
      { layers: [2, 3], activations: ['tanh'], loss: 'mse' },
      { layers: [2, 4, 1], activations: ['tanh'], loss: 'mse' },
      { layers: [2, 4, 1], activations: ['tanh', 'constructor'], loss: 'mse' },
      { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'hinge' },
      { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'toString' },
    ];
    for (const spec of bad) expect(() => mlpLayout(spec as MlpSpec), JSON.stringify(spec)).toThrow(/^engine: mlp /);
  });

  it('rejects a data set whose dimensions do not fit the network, and θ of the wrong length', () => {
    expect(() => createMlp(SPEC_2881, makeDataset('sine', { size: 5, noise: 0, seed: 1 }))).toThrow(/^engine: /);
    expect(() => createMlp(SPEC_2881, makeDataset('xor', { size: 5, noise: 0, seed: 1, outputs: 2 }))).toThrow(/^engine: /);
    const mlp = createMlp(SPEC_2881, makeDataset('xor', { size: 5, noise: 0, seed: 1 }));
    expect(() => mlp.loss(new Float64Array(104))).toThrow(/^engine: /);
    expect(() => mlp.lossAndGrad(new Float64Array(105), new Float64Array(3))).toThrow(/^engine: /);
    expect(() => mlp.forward(new Float64Array(105), new Float64Array(3), new Float64Array(1))).toThrow(/^engine: /);
  });
});

describe('initParams', () => {
  it('draws Glorot weights for tanh, sigmoid and identity, He weights for ReLU, and zero biases', () => {
    const variance = (activation: Activation) => {
      const spec: MlpSpec = { layers: [3, 16, 16, 16, 16, 2], activations: [activation, activation, activation, activation, 'sigmoid'], loss: 'mse' };
      const layout = mlpLayout(spec);
      const theta = initParams(spec, createRng(11));
      for (const l of layout.layers) for (let k = l.bOffset; k < l.bOffset + l.nOut; k++) expect(theta[k]).toBe(0);
      const inner = layout.layers.slice(1, 4).flatMap((l) => Array.from(theta.subarray(l.wOffset, l.bOffset)));
      return inner.reduce((s, w) => s + w * w, 0) / inner.length;
    };
    for (const a of ['tanh', 'sigmoid', 'identity'] as const) expect(Math.abs(variance(a) / (2 / 32) - 1)).toBeLessThan(0.15);
    expect(Math.abs(variance('relu') / (2 / 16) - 1)).toBeLessThan(0.15);
  });

  it('pins the first weights drawn from seed 7, stream init, so a link keeps its exact starting point', () => {
    const theta = initParams({ layers: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' }, createRng(7, RNG_STREAMS.init));
    expect(Array.from(theta.subarray(0, 3))).toEqual([0.4511634186183316, 0.1178940023929776, 0.3823949150226613]);
  });
});

describe('training a small network', () => {
  it.each([
    ['xor', 'mse'],
    ['circle', 'bce'],
  ] as const)('GD, momentum and Nesterov drive the %s loss (%s) down to a fraction of its start', (kind, loss) => {
    const spec: MlpSpec = { layers: [2, 6, 1], activations: ['tanh', 'sigmoid'], loss };
    const mlp = createMlp(spec, makeDataset(kind, { size: 100, noise: 0.05, seed: 3 }));
    const start = initParams(spec, createRng(3, RNG_STREAMS.init));
    for (const id of ['gd', 'momentum', 'nesterov']) {
      const { trajectory: t, status } = run(mlp, id, start, 400, {}, { eta: id === 'gd' ? 1 : 0.3, gamma: 0.9 });
      expect(status.kind).not.toBe('diverged');
      expect(t.loss[t.length - 1]!, id).toBeLessThan(0.25 * t.loss[0]!);
    }
  });

  it.each([
    ['xor', 'mse'],
    ['circle', 'bce'],
  ] as const)('Rprop drives the %s loss (%s) down to half its start or less', (kind, loss) => {
    const spec: MlpSpec = { layers: [2, 6, 1], activations: ['tanh', 'sigmoid'], loss };
    const mlp = createMlp(spec, makeDataset(kind, { size: 100, noise: 0.05, seed: 3 }));
    const start = initParams(spec, createRng(3, RNG_STREAMS.init));
    const { trajectory: t, status } = run(mlp, 'rprop', start, 400);
    expect(status.kind).not.toBe('diverged');
    expect(t.loss[t.length - 1]!).toBeLessThan(0.5 * t.loss[0]!);
  });

  it('is reproducible bit for bit from a seed: the same data, initial weights and trajectory', () => {
    const pipeline = (seed: number) => {
      const data = makeDataset('gaussians', { size: 80, noise: 0.2, seed });
      const start = initParams(SPEC_2881, createRng(seed, RNG_STREAMS.init));
      const r = run(createMlp(SPEC_2881, data), 'nesterov', start, 200, {}, { eta: 0.5, gamma: 0.9 });
      return [data.x, data.y, start, r.trajectory.params, r.trajectory.loss];
    };
    const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const a = pipeline(12345);
    const b = pipeline(12345);
    a.forEach((arr, k) => expect(bits(arr).equals(bits(b[k]!)), `array ${k}`).toBe(true));
    expect(bits(pipeline(12346)[2]!).equals(bits(a[2]!))).toBe(false);
  });
});
