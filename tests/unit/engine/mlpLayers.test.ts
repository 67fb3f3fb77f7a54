import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetFromPoints, type Dataset } from '../../../src/engine/datasets';
import { createMlp, initParams, mlpLayout, type Activation, type MlpSpec } from '../../../src/engine/problems/mlp';
import { createSaturationMeter, layerGradientNorms, saturationThreshold } from '../../../src/engine/problems/mlpLayers';
import { createRng, RNG_STREAMS, type Rng } from '../../../src/engine/rng';
import { setupMlp } from '../../../src/lab/mlpSetup';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import { decodeAny } from '../../../src/url/codec';

function randomData(rng: Rng, n: number, inputs: number, outputs: number): Dataset {
  return datasetFromPoints(
    inputs,
    outputs,
    Array.from({ length: n }, () => ({
      x: Array.from({ length: inputs }, () => 2 * rng.next() - 1),
      y: Array.from({ length: outputs }, () => (rng.next() < 0.5 ? 0 : 1)),
    })),
  );
}

/** Small networks of smooth activations (finite differences are exact enough away from ReLU's kink). */
const smallNet = fc.record({
  inputs: fc.integer({ min: 1, max: 2 }),
  hidden: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
  outputs: fc.integer({ min: 1, max: 2 }),
  act: fc.constantFrom<Activation>('sigmoid', 'tanh', 'identity'),
  outAct: fc.constantFrom<Activation>('sigmoid', 'tanh', 'identity'),
  seed: fc.integer({ min: 0, max: 1000 }),
  scale: fc.constantFrom(0.5, 1, 3),
});

const mlpOf = (link: string): MlpExperiment => {
  const e = decodeAny(link).shared.experiment;
  if (e.problem !== 'mlp') throw new Error('expected an MLP link');
  return e;
};

describe('per-layer gradient norms', () => {
  it('are the Frobenius norms of each layer’s block of central differences of the loss (weights and biases apart)', () => {
    fc.assert(
      fc.property(smallNet, (r) => {
        const layers = [r.inputs, ...r.hidden, r.outputs];
        const spec: MlpSpec = { layers, activations: layers.slice(1).map((_, l) => (l === layers.length - 2 ? r.outAct : r.act)), loss: 'mse' };
        const rng = createRng(r.seed, 7);
        const mlp = createMlp(spec, randomData(rng, 9, r.inputs, r.outputs));
        const theta = initParams(spec, rng, r.scale);
        for (let i = 0; i < theta.length; i++) theta[i] = theta[i]! + 0.3 * (rng.next() - 0.5); // biases ≠ 0 too
        const grad = new Float64Array(theta.length);
        mlp.lossAndGrad(theta, grad);
        const L = layers.length - 1;
        const w = new Float64Array(L);
        const b = new Float64Array(L);
        layerGradientNorms(mlp.layout, grad, w, b);
        // An independent gradient: central differences of the loss, parameter by parameter.
        const h = 1e-6;
        const fd = theta.map((v, i) => {
          const t = Float64Array.from(theta);
          t[i] = v + h;
          const up = mlp.loss(t);
          t[i] = v - h;
          return (up - mlp.loss(t)) / (2 * h);
        });
        mlpLayout(spec).layers.forEach(({ nIn, nOut, wOffset, bOffset }, l) => {
          const wRef = Math.hypot(...fd.subarray(wOffset, wOffset + nIn * nOut));
          const bRef = Math.hypot(...fd.subarray(bOffset, bOffset + nOut));
          expect(Math.abs(w[l]! - wRef)).toBeLessThanOrEqual(1e-6 * Math.max(1, wRef));
          expect(Math.abs(b[l]! - bRef)).toBeLessThanOrEqual(1e-6 * Math.max(1, bRef));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('write at an offset and leave the rest of the buffer alone', () => {
    const spec: MlpSpec = { layers: [2, 3, 1], activations: ['tanh', 'sigmoid'], loss: 'mse' };
    const layout = mlpLayout(spec);
    const grad = new Float64Array(layout.paramCount).map((_, i) => i + 1);
    const out = new Float64Array(6).fill(-1);
    layerGradientNorms(layout, grad, out, null, 2);
    // W1 = θ[0..5] → 1..6; W2 = θ[9..11] → 10..12.
    expect(Array.from(out)).toEqual([-1, -1, Math.hypot(1, 2, 3, 4, 5, 6), Math.hypot(10, 11, 12), -1, -1]);
  });
});

describe('the init scale', () => {
  it('init = 1 gives exactly the θ₀ of before (initParams without a scale), for the lab’s links', () => {
    for (const link of ['#problem=mlp', '#problem=mlp&arch=2-16-16-16-16-1&act=sigmoid', '#problem=mlp&dataset=sine&act=relu&seed=9']) {
      const e = mlpOf(link);
      expect(e.init).toBe(1);
      const { spec, theta0 } = setupMlp(e);
      expect(Array.from(theta0)).toEqual(Array.from(initParams(spec, createRng(e.seed, RNG_STREAMS.init))));
    }
  });

  it('scales every weight by init and keeps the biases at 0', () => {
    const e = mlpOf('#problem=mlp&arch=2-5-3-1');
    const base = setupMlp(e).theta0;
    const big = setupMlp({ ...e, init: 40 }).theta0;
    base.forEach((v, i) => expect(big[i]).toBeCloseTo(40 * v, 12));
  });
});

describe('saturation per hidden layer', () => {
  /** The share counted point by point with Math.tanh and 1/(1 + e^−z). */
  function reference(spec: MlpSpec, ds: Dataset, theta: Float64Array): number[] {
    const layout = mlpLayout(spec);
    const shares = layout.layers.slice(0, -1).map(() => 0);
    for (let p = 0; p < ds.n; p++) {
      let a = Array.from(ds.x.subarray(p * ds.inputDim, (p + 1) * ds.inputDim));
      layout.layers.slice(0, -1).forEach(({ nIn, nOut, wOffset, bOffset, activation }, l) => {
        const z = Array.from({ length: nOut }, (_, r) => a.reduce((s, ac, c) => s + theta[wOffset + r * nIn + c]! * ac, theta[bOffset + r]!));
        const slope = z.map((v) =>
          activation === 'sigmoid' ? (1 / (1 + Math.exp(-v))) * (1 - 1 / (1 + Math.exp(-v))) : activation === 'tanh' ? 1 - Math.tanh(v) ** 2 : activation === 'relu' ? (v > 0 ? 1 : 0) : 1,
        );
        const thr = saturationThreshold(activation);
        shares[l]! += thr === null ? 0 : slope.filter((s) => s < thr).length / (nOut * ds.n);
        a = z.map((v) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : activation === 'tanh' ? Math.tanh(v) : activation === 'relu' ? Math.max(0, v) : v));
      });
    }
    return shares;
  }

  it('is the share of (unit, point) pairs with f′ below 1 % of its largest slope, as counted point by point', () => {
    fc.assert(
      fc.property(smallNet, fc.constantFrom<Activation>('sigmoid', 'tanh', 'relu', 'identity'), fc.constantFrom(1, 8, 30), (r, act, scale) => {
        const layers = [r.inputs, ...r.hidden, r.outputs];
        const spec: MlpSpec = { layers, activations: layers.slice(1).map((_, l) => (l === layers.length - 2 ? 'sigmoid' : act)), loss: 'mse' };
        const rng = createRng(r.seed, 3);
        const ds = randomData(rng, 25, r.inputs, r.outputs);
        const theta = initParams(spec, rng, scale);
        const got = createSaturationMeter(mlpLayout(spec), ds)(theta);
        const want = reference(spec, ds, theta);
        expect(got.length).toBe(r.hidden.length);
        want.forEach((s, l) => expect(got[l]).toBeCloseTo(s, 12));
      }),
      { numRuns: 80 },
    );
  });

  it('thresholds: σ′ < 0.0025, tanh′ < 0.01, ReLU dead (z ≤ 0), identity never', () => {
    expect(saturationThreshold('sigmoid')).toBe(0.0025);
    expect(saturationThreshold('tanh')).toBe(0.01);
    expect(saturationThreshold('relu')).toBe(0.01);
    expect(saturationThreshold('identity')).toBeNull();
  });

  it('a large init saturates a sigmoid network’s hidden units; the default leaves most of them alive', () => {
    const e = mlpOf('#problem=mlp&arch=2-16-16-1&act=sigmoid');
    const small = setupMlp(e);
    const meter = createSaturationMeter(small.mlp.layout, small.dataset);
    expect(Math.max(...meter(small.theta0))).toBeLessThan(0.05);
    const before = Array.from(meter(small.theta0));
    const big = setupMlp({ ...e, init: 30 });
    const after = Array.from(meter(big.theta0));
    after.forEach((s, l) => expect(s).toBeGreaterThan(before[l]! + 0.2));
    // The second layer sums 16 saturating inputs through large weights: most of its units are flat.
    expect(after[1]).toBeGreaterThan(0.5);
  });
});
