/**
 * MLP figures for `npm run bench` (issue 3): full-batch training speed of the 2-8-8-1 tanh/tanh/sigmoid MSE
 * network on 200 circle points against two peers measured in the same run — TensorFlow Playground's nn.ts
 * structure (peers/playgroundNn.ts) and @tensorflow/tfjs-core's CPU backend (peers/tfjsMlp.ts) — and the
 * time of the two-parameter loss surface (cached partial sums, rank-1 updates) against plain sampleSurface.
 * Rate rows (steps/s) carry ratio = our steps/s ÷ the peer's steps/s, so > 1 means we are faster; time
 * rows keep the table's convention (our ms ÷ peer ms, < 1 means we are faster). Every peer is first
 * checked to compute the same path as the engine, so the ratios compare equal work.
 */
import { makeDataset } from '../../src/engine/datasets';
import { OPTIMIZERS } from '../../src/engine/optimizers';
import { createMlp, initParams, weightIndex, biasIndex, type MlpSpec } from '../../src/engine/problems/mlp';
import { createRng, RNG_STREAMS } from '../../src/engine/rng';
import { runToEnd } from '../../src/engine/run';
import { randomFilterNormalizedPlane, sampleTwoParamSurface, twoParamPlane } from '../../src/engine/slices';
import { sampleSurface } from '../../src/engine/surface';
import { timeInterleaved } from './measure';
import { Activations, buildNetwork, loadWeights, oneStep, readWeights } from './peers/playgroundNn';
import type { BenchRow } from './types';

const SPEC: MlpSpec = { layers: [2, 8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'mse' };
const STEPS = 50;
const ETA = 0.2;

/** Training speed and surface times of the 2-8-8-1 network on 200 points. */
export async function benchMlp(): Promise<BenchRow[]> {
  const data = makeDataset('circle', { size: 200, noise: 0.1, seed: 1 });
  const mlp = createMlp(SPEC, data);
  const start = initParams(SPEC, createRng(1, RNG_STREAMS.init));
  const points = Array.from({ length: data.n }, (_, k) => ({ x: [data.x[2 * k]!, data.x[2 * k + 1]!], label: data.y[k]! }));
  const pg = buildNetwork(SPEC.layers.slice(), Activations.TANH, Activations.SIGMOID);

  const ours = () => runToEnd({ problem: mlp, run: { optimizer: 'gd', settings: {} }, globals: { eta: ETA, gamma: 0 }, start, steps: STEPS });
  // Playground's error is ½(o − d)², so its rate 2η takes the same steps as ours with η.
  const playground = () => {
    loadWeights(pg, start);
    let loss = 0;
    for (let s = 0; s < STEPS; s++) loss = oneStep(pg, points, 2 * ETA);
    return loss;
  };

  const path = ours().trajectory;
  playground();
  const pgTheta = readWeights(pg);
  const dev = Math.max(...pgTheta.map((w, k) => Math.abs(w - path.params[STEPS * mlp.paramCount + k]!)));
  if (!(dev < 1e-9)) throw new Error(`bench: the Playground peer disagrees with the engine (deviation ${dev})`);

  let tfRun: (() => number) | null = null;
  let tfNote = '';
  try {
    const { createTfjsPeer } = await import('./peers/tfjsMlp');
    const tf = await createTfjsPeer(mlp.layout, data);
    tfRun = () => {
      tf.load(start);
      let loss = 0;
      for (let s = 0; s < STEPS; s++) loss = tf.step(ETA);
      return loss;
    };
    const tfLoss = tfRun();
    const ourLoss = path.loss[STEPS - 1]!;
    if (!(Math.abs(tfLoss - ourLoss) < 1e-4 * ourLoss)) throw new Error(`loss after ${STEPS} steps ${tfLoss} vs ours ${ourLoss}`);
    tfNote = `tfjs-core ${tf.version} CPU backend, float32, hand-written backprop in tensor ops (see peers/tfjsMlp.ts)`;
  } catch (err) {
    tfRun = null;
    tfNote = `skipped: ${err instanceof Error ? err.message : String(err)}`;
  }

  const fns = [ours, playground, ...(tfRun ? [tfRun] : [])];
  const [tOurs, tPg, tTf] = timeInterleaved(fns, { warmupMs: 1000, budgetMs: 6000, minSamples: 40, maxSamples: 1000 });
  const rate = (t: { median: number }) => (STEPS * 1000) / t.median;
  const rows: BenchRow[] = [
    {
      name: `mlp: ${SPEC.layers.join('-')} tanh/tanh/sigmoid MSE, ${data.n} points, full-batch GD`,
      value: rate(tOurs!),
      unit: 'steps/s',
      note: `median of ${tOurs!.samples} × ${STEPS} steps (runToEnd); issue reference: careful Float64Array engine 7,397 steps/s`,
    },
    {
      name: 'peer: TensorFlow Playground nn.ts structure',
      value: rate(tPg!),
      unit: 'steps/s',
      ratio: rate(tOurs!) / rate(tPg!),
      note: `ratio = our steps/s ÷ this peer's (> 1: we are faster; target ≥ 5); same path to ${dev.toExponential(0)}`,
    },
  ];
  if (tTf) {
    rows.push({
      name: 'peer: @tensorflow/tfjs-core, CPU backend',
      value: rate(tTf),
      unit: 'steps/s',
      ratio: rate(tOurs!) / rate(tTf),
      note: `ratio = our steps/s ÷ this peer's (> 1: we are faster; target ≥ 6); ${tfNote}`,
    });
  } else rows.push({ name: 'peer: @tensorflow/tfjs-core, CPU backend', value: NaN, unit: 'steps/s', note: tfNote });
  return [...rows, ...benchOptimizers(mlp, start), ...benchSurfaces(mlp, start)];
}

/** Steps per second of every registered optimizer on the same network (Newton: a Hessian by 2n gradients per step). */
function benchOptimizers(mlp: ReturnType<typeof createMlp>, start: Float64Array): BenchRow[] {
  const n = 20;
  const runs = OPTIMIZERS.map((m) => () => runToEnd({ problem: mlp, run: { optimizer: m.id, settings: {} }, globals: { eta: ETA, gamma: 0.9 }, start, steps: n }));
  const times = timeInterleaved(runs, { budgetMs: 3000, maxSamples: 200 });
  return OPTIMIZERS.map((m, i) => ({
    name: `mlp: ${m.id} steps/s, 2-8-8-1 on 200 points`,
    value: Math.round(n / (times[i]!.median / 1000)),
    unit: 'steps/s',
    note: `median of ${times[i]!.samples} runs of ${n} steps (${(times[i]!.median / n).toFixed(3)} ms/step)`,
  }));
}

/**
 * Two-parameter surfaces (sampleTwoParamSurface: cached partial sums and a rank-1 update of the layer above
 * the changed unit, see engine/sliceKernel.ts) against plain sampleSurface on the same plane.
 */
function benchSurfaces(mlp: ReturnType<typeof createMlp>, theta: Float64Array): BenchRow[] {
  const first: [number, number] = [weightIndex(SPEC, 1, 0, 0), weightIndex(SPEC, 1, 3, 1)];
  const sameUnit: [number, number] = [weightIndex(SPEC, 1, 0, 0), weightIndex(SPEC, 1, 0, 1)];
  const later: [number, number] = [weightIndex(SPEC, 2, 2, 5), biasIndex(SPEC, 3, 0)];
  const planeFirst = twoParamPlane(theta, first[0], first[1], 2);
  const planeSame = twoParamPlane(theta, sameUnit[0], sameUnit[1], 2);
  const planeLater = twoParamPlane(theta, later[0], later[1], 2);
  const random = randomFilterNormalizedPlane(SPEC, theta, theta, createRng(1, RNG_STREAMS.directions));
  const [coarse, fine, same, naive, fineLater, rand] = timeInterleaved(
    [
      () => sampleTwoParamSurface(mlp, theta, first[0], first[1], planeFirst, 32, 32),
      () => sampleTwoParamSurface(mlp, theta, first[0], first[1], planeFirst, 128, 128),
      () => sampleTwoParamSurface(mlp, theta, sameUnit[0], sameUnit[1], planeSame, 128, 128),
      () => sampleSurface(mlp, planeFirst, 128, 128),
      () => sampleTwoParamSurface(mlp, theta, later[0], later[1], planeLater, 128, 128),
      () => sampleSurface(mlp, random, 128, 128),
    ],
    { warmupMs: 500, budgetMs: 8000, minSamples: 5, maxSamples: 50 },
  );
  const single = 'one core; the page splits rows across workers';
  return [
    { name: 'mlp surface 32² (coarse), two W1 weights', value: coarse!.median, unit: 'ms', target: 50, note: `median of ${coarse!.samples}; ${single}` },
    {
      name: 'mlp surface 128², W1[0][0] and W1[3][1] (worst case for caching)',
      value: fine!.median,
      unit: 'ms',
      target: 300,
      ratio: fine!.median / naive!.median,
      note: `median of ${fine!.samples}; target = the issue's 300 ms (on 2 cores), here on one; ratio vs sampleSurface, same plane`,
    },
    {
      name: 'mlp surface 128², W1[0][0] and W1[0][1] (θ0, θ1: one unit)',
      value: same!.median,
      unit: 'ms',
      target: 300,
      ratio: same!.median / naive!.median,
      note: `median of ${same!.samples}; ratio vs sampleSurface on the W1[0][0], W1[3][1] plane (the same work)`,
    },
    {
      name: 'peer: sampleSurface 128², same plane (no caching)',
      value: naive!.median,
      unit: 'ms',
      note: `median of ${naive!.samples}; issue reference: naive 1,355 ms, per-layer caching 871 ms (ours before rank-1 updates: 802 ms)`,
    },
    { name: 'mlp surface 128², W2[2][5] and b3[0]', value: fineLater!.median, unit: 'ms', target: 300, ratio: fineLater!.median / naive!.median, note: `median of ${fineLater!.samples}; ratio vs sampleSurface above` },
    { name: 'mlp surface 128², random filter-normalized plane', value: rand!.median, unit: 'ms', note: `median of ${rand!.samples}; sampleSurface (every parameter moves, nothing to cache)` },
  ];
}
