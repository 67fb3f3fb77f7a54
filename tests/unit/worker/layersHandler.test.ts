import { describe, expect, it } from 'vitest';
import { layerGradientNorms, createSaturationMeter } from '../../../src/engine/problems/mlpLayers';
import { runToEnd } from '../../../src/engine/run';
import { setupMlp } from '../../../src/lab/mlpSetup';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { layersJob } from '../../../src/worker/layersJob';
import { handlerHarness } from '../support/handlerHarness';

type Layers = Extract<FromWorker, { type: 'layers' }>;
type View = Extract<FromWorker, { type: 'view' }>;

const mlpOf = (link: string): MlpExperiment => {
  const e = decodeAny(link).shared.experiment;
  if (e.problem !== 'mlp') throw new Error('expected an MLP link');
  return e;
};
const small = (link: string) => ({ ...mlpOf(`problem=mlp&${link}`), size: 40, grid: 16 });
const run = (runId: number, e: MlpExperiment): AnyToWorker => ({ type: 'run', runId, experiment: e, surface: true });

/** The norms of run i of e, row by row, computed here from the engine's own run. */
function expected(e: MlpExperiment, i: number): number[][] {
  const s = setupMlp(e);
  const { trajectory: t } = runToEnd({ problem: s.problem, run: e.runs[i]!, globals: e, start: s.theta0, steps: e.steps });
  const n = s.mlp.paramCount;
  const L = e.layers.length - 1;
  const g = new Float64Array(n);
  return Array.from({ length: t.length }, (_, k) => {
    s.mlp.lossAndGrad(t.params.slice(k * n, (k + 1) * n), g);
    const w = new Float64Array(L);
    layerGradientNorms(s.mlp.layout, g, w);
    return Array.from(w);
  });
}

/** The layers chunks of runId put together, checked contiguous from row 0. */
function assemble(msgs: FromWorker[], runId: number) {
  const chunks = msgs.filter((m): m is Layers => m.type === 'layers' && m.runId === runId);
  let next = 0;
  const rows: number[][] = [];
  for (const c of chunks) {
    expect(c.from).toBe(next);
    for (let k = 0; k < c.norms.length / c.layers; k++) rows.push(Array.from(c.norms.subarray(k * c.layers, (k + 1) * c.layers)));
    next += c.norms.length / c.layers;
  }
  return { rows, chunks, last: chunks[chunks.length - 1] };
}

describe('the worker’s per-layer gradient norms', () => {
  it('streams ‖∂L/∂W_l‖ of every row of the asked run, in order, equal to the engine’s, the last chunk done', () => {
    const h = handlerHarness();
    // A slice that needs no training first, and a network big enough for several tasks per run.
    const e = small('arch=2-16-16-16-16-1&act=sigmoid&steps=300&slice=params&opt=gd,momentum');
    h.handle(run(1, e));
    h.handle({ type: 'layers', runId: 1, run: 1 });
    h.drain();
    const { rows, chunks, last } = assemble(h.messages(), 1);
    expect(chunks.every((c) => c.run === 1 && c.layers === 5)).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(last?.done).toBe(true);
    expect(last?.stop).toBeNull();
    expect(rows).toEqual(expected(e, 1));
    // Computed behind the training: the first chunk comes before the run's last chunk.
    const first = h.messages().findIndex((m) => m.type === 'layers');
    const lastPath = h.messages().reduce((at, m, i) => (m.type === 'chunk' && m.run === 1 ? i : at), -1);
    expect(first).toBeLessThan(lastPath);
  });

  it('a newer request or a newer run stops the older one; requests of an older runId are ignored', () => {
    const h = handlerHarness();
    const e = small('arch=2-4-1&steps=80&opt=gd,momentum');
    h.handle(run(1, e));
    h.handle({ type: 'layers', runId: 1, run: 0 });
    h.handle({ type: 'layers', runId: 1, run: 1 });
    h.drain();
    const layers = h.messages().filter((m): m is Layers => m.type === 'layers');
    // Run 0's request did its first task at once, then gave way.
    expect(layers.filter((m) => m.run === 0).length).toBeLessThanOrEqual(1);
    expect(assemble(h.messages().filter((m) => m.type !== 'layers' || m.run === 1), 1).rows).toEqual(expected(e, 1));
    h.posted.length = 0;
    h.handle(run(2, e));
    h.handle({ type: 'layers', runId: 1, run: 0 });
    h.drain();
    expect(h.messages().some((m) => m.type === 'layers')).toBe(false);
  });

  it('ends at the last finite norms of a diverging run with stop "nonfinite", or with the path', () => {
    const h = handlerHarness();
    const e = small('arch=2-16-16-16-16-1&act=relu&outact=identity&init=3&eta=0.1&steps=40&runs=gd,gd(clip:1)');
    h.handle(run(1, e));
    h.handle({ type: 'layers', runId: 1, run: 0 });
    h.drain();
    const { rows, last } = assemble(h.messages(), 1);
    const want = expected(e, 0);
    const finite = want.findIndex((r) => !r.every(Number.isFinite));
    expect(rows).toEqual(finite < 0 ? want : want.slice(0, finite));
    expect(last?.done).toBe(true);
    expect(last?.stop).toBe(finite < 0 ? null : 'nonfinite');
    expect(rows.flat().every(Number.isFinite)).toBe(true);
  });

  it('answers a view with the saturation of each hidden layer at the theory run’s θ_t', () => {
    const h = handlerHarness();
    const e = small('arch=2-8-8-1&act=sigmoid&init=20&steps=30&opt=gd,momentum');
    h.handle(run(1, e));
    h.drain();
    h.handle({ type: 'view', runId: 1, t: 12, res: 8, theory: 1 });
    const v = h.messages().find((m): m is View => m.type === 'view')!;
    const s = setupMlp(e);
    const { trajectory: t } = runToEnd({ problem: s.problem, run: e.runs[1]!, globals: e, start: s.theta0, steps: e.steps });
    const n = s.mlp.paramCount;
    const want = createSaturationMeter(s.mlp.layout, s.dataset)(t.params.slice(12 * n, 13 * n));
    expect(v.theoryRun).toBe(1);
    expect(Array.from(v.saturation!)).toEqual(Array.from(want));
    expect(v.saturation).toHaveLength(2);
  });
});

describe('layersJob', () => {
  it('stops before the first row whose gradient overflows, posting only finite norms, and waits (idle) for rows of a run still training', () => {
    const e = small('arch=2-3-1&act=identity&outact=identity');
    const { mlp, theta0 } = setupMlp(e);
    const n = mlp.paramCount;
    const params = new Float64Array(4 * n);
    params.set(theta0, 0);
    params.set(theta0.map((v) => 2 * v), n);
    params.set(theta0.map(() => 1e200), 2 * n); // (1e200)² overflows: the gradient is not finite
    const source = { trajectory: { paramCount: n, params, loss: new Float64Array(4), length: 2 }, done: false };
    const posted: Layers[] = [];
    const job = layersJob({ runId: 7, run: 0, mlp, source, rowsPerTask: 10, post: (m) => posted.push(m as Layers) });
    expect(job.step()).toBe('idle');
    expect(posted.map((m) => [m.from, m.norms.length / m.layers, m.done])).toEqual([[0, 2, false]]);
    expect(job.step()).toBe('idle'); // nothing new: nothing posted
    expect(posted).toHaveLength(1);
    source.trajectory.length = 4;
    expect(job.step()).toBe('done');
    expect(posted[1]).toMatchObject({ from: 2, done: true, stop: 'nonfinite' });
    expect(posted[1]!.norms).toHaveLength(0);
    expect(job.step()).toBe('done');
    expect(posted).toHaveLength(2);
  });
});
