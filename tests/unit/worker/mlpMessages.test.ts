import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../../src/engine/run';
import { setupMlp } from '../../../src/lab/mlpSetup';
import { MAX_VIEW_RES } from '../../../src/lab/mlpView';
import type { AnyExperiment, MlpExperiment, RunSpec } from '../../../src/protocol/experiment';
import type { AnyToWorker, FromWorker } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { handlerHarness } from '../support/handlerHarness';

type Progress = Extract<FromWorker, { type: 'progress' }>;
type View = Extract<FromWorker, { type: 'view' }>;

const base = decodeAny('problem=mlp').shared.experiment as MlpExperiment;
const experiment = (patch: Partial<MlpExperiment>): MlpExperiment => ({ ...base, layers: [2, 5, 1], size: 40, steps: 60, grid: 48, ...patch });
const run = (runId: number, e: AnyExperiment, surface = true): AnyToWorker => ({ type: 'run', runId, experiment: e, surface });
const view = (runId: number, t: number, res: number): AnyToWorker => ({ type: 'view', runId, t, res });
const views = (msgs: FromWorker[]) => msgs.filter((m): m is View => m.type === 'view');
/** The runs of a link such as `runs=gd,momentum(gamma:0.5)`. */
const runsOf = (link: string): readonly RunSpec[] => decodeAny(`problem=mlp&${link}`).shared.experiment.runs;

/** The value a view map should hold at input x, computed with a fresh forward pass of the engine. */
function expectedOutputs(e: MlpExperiment, theta: Float64Array, x: number[]): number[] {
  const { mlp } = setupMlp(e);
  const outputs = e.layers.at(-1)!;
  const out = new Float64Array(outputs);
  mlp.forward(theta, Float64Array.from(x), out);
  return [...out];
}

describe('MLP data and progress messages', () => {
  it('posts the data set first, as the engine generates it, transferred', () => {
    const h = handlerHarness();
    const e = experiment({ dataset: 'sine', layers: [1, 6, 2], outputActivation: 'identity', size: 30 });
    h.handle(run(4, e));
    h.drain();
    const first = h.posted[0]!;
    expect(first.msg.type).toBe('data');
    if (first.msg.type !== 'data') return;
    const { dataset } = setupMlp(e);
    expect([first.msg.runId, first.msg.inputs, first.msg.outputs]).toEqual([4, 1, 2]);
    expect(first.msg.x).toEqual(dataset.x);
    expect(first.msg.y).toEqual(dataset.y);
    expect(first.transfer).toContain(first.msg.x.buffer);
    expect(first.transfer).toContain(first.msg.y.buffer);
  });

  it('posts training progress then surface progress, each monotone, ending with done = total', () => {
    for (const slice of ['pca', 'params', 'random'] as const) {
      const h = handlerHarness();
      const e = experiment({ slice, center: 'end', steps: 1500, size: 100, layers: [2, 8, 8, 1], grid: 64, runs: runsOf('runs=nesterov') });
      h.handle(run(1, e));
      h.drain();
      const ps = h.messages().filter((m): m is Progress => m.type === 'progress');
      const training = ps.filter((p) => p.stage === 'training');
      const surface = ps.filter((p) => p.stage === 'surface');
      if (slice === 'params') expect(training).toHaveLength(0);
      else {
        expect(training.length).toBeGreaterThan(1);
        expect(training.at(-1)).toMatchObject({ done: 1500, total: 1500 });
      }
      expect(surface[0]!.done).toBe(0);
      expect(surface.length).toBeGreaterThan(2);
      expect(surface.at(-1)).toMatchObject({ done: 64, total: 64 });
      for (const stage of [training, surface]) {
        for (let k = 1; k < stage.length; k++) expect(stage[k]!.done).toBeGreaterThanOrEqual(stage[k - 1]!.done);
        for (const p of stage) expect(p.done).toBeLessThanOrEqual(p.total);
      }
      // Training progress comes before the surfaces; the last progress follows the fine surface.
      const types = h.messages().map((m) => m.type);
      expect(types.lastIndexOf('progress')).toBeGreaterThan(types.lastIndexOf('surface'));
      if (slice !== 'params') expect(types.indexOf('surface')).toBeGreaterThan(h.messages().indexOf(training.at(-1)!));
    }
  });

  it('posts at least one message in every task, even for the largest network (a heartbeat for the watchdog)', () => {
    const h = handlerHarness();
    const e = experiment({ layers: [2, 16, 16, 16, 16, 2], dataset: 'xor', size: 500, steps: 40, grid: 33, slice: 'pca', runs: runsOf('runs=gd') });
    h.handle(run(1, e));
    let tasks = 0;
    while (h.queue.length > 0) {
      const before = h.posted.length;
      h.queue.shift()!();
      tasks++;
      expect(h.posted.length, `task ${tasks}`).toBeGreaterThan(before);
    }
    expect(tasks).toBeGreaterThan(20);
    expect(h.messages().some((m) => m.type === 'error')).toBe(false);
  }, 30_000);
});

describe('MLP view requests', () => {
  it('answers with θ at min(t, rows − 1) and the network output over the input square, as a direct forward pass', () => {
    const h = handlerHarness();
    const e = experiment({ runs: runsOf('runs=gd,nesterov'), steps: 40, eta: 0.5 });
    h.handle(run(2, e));
    h.drain();
    h.handle(view(2, 25, 17));
    h.handle(view(2, 1e9, 9));
    const [v, end] = views(h.messages());
    expect(v).toBeDefined();
    const setup = setupMlp(e);
    const runs = e.runs.map((spec) => runToEnd({ problem: setup.problem, run: spec, globals: e, start: setup.theta0, steps: e.steps }).trajectory);
    const n = setup.mlp.paramCount;
    expect([v!.runId, v!.t, v!.res]).toEqual([2, 25, 17]);
    expect(v!.runs).toEqual([0, 1]);
    expect(v!.steps).toEqual([25, 25]);
    expect(end!.steps).toEqual(runs.map((t) => t.length - 1));
    expect(v!.thetas).toEqual(Float64Array.from([...runs[0]!.params.subarray(25 * n, 26 * n), ...runs[1]!.params.subarray(25 * n, 26 * n)]));
    expect(v!.maps).toHaveLength(2 * 17 * 17);
    const [x0, x1, y0, y1] = v!.window;
    expect(x0).toBe(-x1);
    expect([y0, y1]).toEqual([x0, x1]);
    expect(x1).toBeGreaterThanOrEqual(1.2);
    for (const [k, r, c] of [[0, 0, 0], [0, 16, 16], [1, 3, 11], [1, 16, 0], [0, 8, 8]] as const) {
      const theta = v!.thetas.subarray(k * n, (k + 1) * n);
      const x = [x0 + (c * (x1 - x0)) / 16, y0 + (r * (y1 - y0)) / 16];
      expect(v!.maps[k * 289 + r * 17 + c]).toBe(Math.fround(expectedOutputs(e, theta, x)[0]!));
    }
  });

  it('keeps the second output of a one-hot pair on a 2-D map, and every output of a 1-D curve', () => {
    const h = handlerHarness();
    const e = experiment({ layers: [2, 4, 2], loss: 'bce', runs: runsOf('runs=momentum') });
    h.handle(run(1, e));
    h.drain();
    h.handle(view(1, 10, 5));
    const v = views(h.messages())[0]!;
    const [x0, x1, y0, y1] = v.window;
    expect(v.maps).toHaveLength(25);
    expect(v.maps[2 * 5 + 4]).toBe(Math.fround(expectedOutputs(e, v.thetas, [x1, y0 + (y1 - y0) / 2])[1]!));

    const h1 = handlerHarness();
    const s = experiment({ dataset: 'sine', layers: [1, 6, 2], outputActivation: 'identity', runs: runsOf('runs=gd') });
    h1.handle(run(1, s));
    h1.drain();
    h1.handle(view(1, 30, 11));
    const c = views(h1.messages())[0]!;
    expect(c.maps).toHaveLength(22);
    const { dataset } = setupMlp(s);
    const ys = [...dataset.y];
    expect(c.window[2]).toBeLessThan(Math.min(...ys));
    expect(c.window[3]).toBeGreaterThan(Math.max(...ys));
    const x = c.window[0] + (3 * (c.window[1] - c.window[0])) / 10;
    expect([c.maps[6], c.maps[7]]).toEqual(expectedOutputs(s, c.thetas, [x]).map(Math.fround));
  });

  it('ignores a view for a stale or unknown run, and for a sigmoid run', () => {
    const h = handlerHarness();
    h.handle(run(1, experiment({})));
    h.handle(run(2, experiment({ steps: 10 })));
    h.drain();
    h.handle(view(1, 5, 8));
    h.handle(view(3, 5, 8));
    h.handle(run(4, decodeAny('').shared.experiment));
    h.drain();
    h.handle(view(4, 5, 8));
    h.handle(view(2, 5, 8));
    expect(views(h.messages())).toHaveLength(0);
  });

  it('answers between the tasks of a running job, from the rows computed so far', () => {
    const h = handlerHarness();
    const e = experiment({ steps: 3000, size: 200, layers: [2, 8, 8, 1], slice: 'params', runs: runsOf('runs=gd,momentum') });
    h.handle(run(1, e));
    h.handle(view(1, 2000, 4));
    while (h.chunks(1).length === 0) h.queue.shift()!();
    h.handle(view(1, 2000, 4));
    const [before, during] = views(h.messages());
    expect(before!.runs).toEqual([]);
    expect(before!.maps).toHaveLength(0);
    expect(during!.runs).toEqual([0, 1]);
    const rows = h.chunks(1, 0)[0]!.loss.length;
    expect(rows).toBeLessThan(2000);
    expect(during!.steps).toEqual([rows - 1, rows - 1]);
    h.drain();
    h.handle(view(1, 2000, 4));
    expect(views(h.messages())[2]!.steps).toEqual([2000, 2000]);
  });

  it('clamps res to MAX_VIEW_RES and keeps every value finite for a diverged network', () => {
    const h = handlerHarness();
    const e = experiment({ dataset: 'sine', layers: [1, 8, 1], outputActivation: 'identity', eta: 50, steps: 200, runs: runsOf('runs=gd') });
    h.handle(run(1, e));
    h.drain();
    h.handle(view(1, 200, 10_000));
    h.handle(view(1, NaN, NaN));
    const [big, nan] = views(h.messages());
    expect(big!.res).toBe(MAX_VIEW_RES);
    expect(big!.maps).toHaveLength(MAX_VIEW_RES);
    for (const v of [big!, nan!]) {
      expect([...v.maps, ...v.thetas, ...v.window, v.t, v.res].every(Number.isFinite)).toBe(true);
    }
  });

  it('answers for every run position, two identical runs each with its own θ, and a differing run apart', () => {
    const h = handlerHarness();
    const e = experiment({ runs: runsOf('runs=gd,gd,gd(eta:0.1)'), steps: 20, eta: 0.5 });
    h.handle(run(1, e));
    h.drain();
    h.handle(view(1, 20, 4));
    const v = views(h.messages())[0]!;
    const n = setupMlp(e).mlp.paramCount;
    expect(v.runs).toEqual([0, 1, 2]);
    expect(v.steps).toEqual([20, 20, 20]);
    expect(v.thetas).toHaveLength(3 * n);
    expect(v.maps).toHaveLength(3 * 16);
    const theta = (k: number) => [...v.thetas.subarray(k * n, (k + 1) * n)];
    expect(theta(1)).toEqual(theta(0));
    expect(theta(2)).not.toEqual(theta(0));
    expect([...v.maps.subarray(16, 32)]).toEqual([...v.maps.subarray(0, 16)]);
  });

  it('transfers the view arrays, the saturation shares too', () => {
    const h = handlerHarness();
    h.handle(run(1, experiment({})));
    h.drain();
    h.handle(view(1, 3, 6));
    const p = h.posted.at(-1)!;
    if (p.msg.type !== 'view') throw new Error('no view');
    expect(p.transfer).toEqual([p.msg.thetas.buffer, p.msg.maps.buffer, p.msg.saturation!.buffer]);
  });
});
