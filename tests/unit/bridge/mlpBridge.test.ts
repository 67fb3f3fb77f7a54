import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MlpExperiment } from '../../../src/protocol/experiment';
import type { FromWorker, SliceInfo } from '../../../src/protocol/messages';
import { decodeAny } from '../../../src/url/codec';
import { disposeBridges, finishRun, HANG_MS, harness, type FakeWorker } from '../support/bridgeHarness';
import { PROGRESS_GAP_MS } from '../../../src/bridge/storeWrites';

afterEach(disposeBridges);

const LINK = 'problem=mlp&arch=2-3-1&size=10&steps=4&grid=64&slice=params&pair=0,1';
const mlpShared = (link = LINK) => decodeAny(link).shared;
const SLICE: SliceInfo = { mode: 'params', window: [-2, 1, -0.5, 0.5], labels: ['W1[0][0]', 'W1[0][1]'], explained: null, paramCount: 13 };

function surface(runId: number, coarse: boolean, side: number): FromWorker {
  return { type: 'surface', runId, values: new Float32Array(side * side).fill(1), nx: side, ny: side, min: 1, max: 1, coarse, slice: SLICE };
}

/** Every run's whole path (steps + 1 rows) for the worker's latest run, with off-plane distances (run i's shifted by i). */
function finishMlp(w: FakeWorker) {
  const { runId, experiment } = w.lastRun();
  const rows = experiment.steps + 1;
  experiment.runs.forEach((_, run) => {
    w.reply({
      type: 'chunk',
      runId,
      run,
      from: 0,
      params: Float64Array.from({ length: 2 * rows }, (_, i) => i / 10),
      loss: Float64Array.from({ length: rows }, (_, i) => 1 / (i + 1)),
      status: { kind: 'finished' },
      notes: { indefiniteFrom: null },
      msPerStep: 0,
      offPlane: Float64Array.from({ length: rows }, (_, i) => i + run),
      theta: new Float64Array(rows * 13),
    });
  });
}

/** A view reply covering the runs at `runs`, each at step t. */
function viewReply(runId: number, t: number, runs: readonly number[] = [0, 1, 2]): FromWorker {
  return {
    type: 'view',
    runId,
    t,
    res: 48,
    window: [-1, 1, -1, 1],
    runs,
    steps: runs.map(() => t),
    thetas: new Float64Array(13 * runs.length),
    maps: new Float32Array(runs.length * 48 * 48),
    theoryRun: 0,
    theory: null,
  };
}

const views = (w: FakeWorker) => w.sent.filter((m) => m.type === 'view');

describe('createBridge with the MLP lab', () => {
  it('clears the legend and tells the views in the same change as a switch of labs, before the new lab replies', () => {
    // Summaries are batched per frame; this scheduler holds them until flushed, as a frame would.
    const frames: (() => void)[] = [];
    const h = harness({ scheduleSummary: (fn) => frames.push(fn) });
    finishRun(h.worker());
    h.worker().reply({ type: 'surface', runId: h.worker().lastRun().runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 });
    for (const fn of frames.splice(0)) fn();
    expect(h.store.getState().runs.filter((r) => r !== null)).toHaveLength(3);
    let emitted = 0;
    h.live.subscribe(() => emitted++);
    h.store.getState().replaceExperiment(mlpShared().experiment);
    expect(h.store.getState().runs).toEqual([]);
    expect(emitted).toBe(1);
    expect(h.live.surface).toBeNull();
    expect(h.live.paths.length).toBe(0);
  });

  it('keeps the data set, the slice window as the surface range, and each row’s off-plane distance', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    w.reply({ type: 'data', runId: 1, inputs: 2, outputs: 1, x: new Float64Array(20), y: new Float64Array(10) });
    expect(h.live.data).toMatchObject({ inputs: 2, outputs: 1 });
    w.reply(surface(1, true, 32));
    expect(h.live.surface).toMatchObject({ nx: 32, coarse: true, range: SLICE.window, slice: SLICE });
    finishMlp(w);
    expect(Array.from(h.live.paths[0]!.offPlane!.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(h.live.paths[2]!.offPlane!.subarray(0, 5))).toEqual([2, 3, 4, 5, 6]);
  });

  it('keeps the data set\'s object when a newer run posts the same values, and replaces it when they differ', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    const x = Float64Array.from({ length: 20 }, (_, i) => i / 7);
    const y = Float64Array.from({ length: 10 }, (_, i) => i % 2);
    const data = (xs: Float64Array, inputs = 2, outputs = 1) => {
      h.store.getState().setExperiment({ eta: 0.1 + w.lastRun().runId / 100 });
      const runId = w.lastRun().runId;
      w.reply({ type: 'data', runId, inputs, outputs, x: xs, y: y.slice() });
      return runId;
    };
    data(x);
    const first = h.live.data;
    expect(first).toMatchObject({ x });
    const second = data(x.slice());
    expect(h.live.data).toBe(first);
    expect(h.live.data!.run).toBe(second);
    const moved = x.slice();
    moved[19] = 0.5;
    const third = data(moved);
    expect(h.live.data).not.toBe(first);
    expect(h.live.data).toMatchObject({ run: third, x: moved });
    data(moved, 1, 2);
    expect(h.live.data).toMatchObject({ inputs: 1, outputs: 2 });
  });

  it('keeps the off-plane distances of two identical runs apart, by position', () => {
    const h = harness({}, mlpShared(`${LINK}&runs=gd,gd`));
    const w = h.worker();
    expect(w.lastRun().experiment.runs).toHaveLength(2);
    finishMlp(w);
    expect(h.live.paths).toHaveLength(2);
    expect(Array.from(h.live.paths[0]!.offPlane!.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(h.live.paths[1]!.offPlane!.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(h.store.getState().runs.map((r) => r?.length)).toEqual([5, 5]);
  });

  it('runs the progress bar from 0 rows to the fine surface and keeps watching the worker until that arrives', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    expect(h.store.getState().progress).toEqual({ stage: 'surface', done: 0, total: 64 });
    w.reply(surface(1, true, 32));
    finishMlp(w);
    // A report that only counts rows on, right after the last write, is kept but not written (each store
    // write runs every selector); a later one writes the newest.
    w.reply({ type: 'progress', runId: 1, stage: 'surface', done: 8, total: 64 });
    expect(h.store.getState().progress).toEqual({ stage: 'surface', done: 0, total: 64 });
    h.tick(PROGRESS_GAP_MS);
    w.reply({ type: 'progress', runId: 1, stage: 'surface', done: 16, total: 64 });
    expect(h.store.getState().progress).toEqual({ stage: 'surface', done: 16, total: 64 });
    // Every path is in, but the fine surface is not: a silent worker is still a hung worker.
    h.tick(PROGRESS_GAP_MS + HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
    const w2 = h.worker();
    w2.reply(surface(w2.lastRun().runId, true, 32));
    finishMlp(w2);
    w2.reply(surface(w2.lastRun().runId, false, 64));
    expect(h.store.getState().progress).toEqual({ stage: 'surface', done: 64, total: 64 });
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(2);
  });

  it('keeps the bar at "ready" when a change keeps the surface, and asks again after a switch of labs', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    w.reply(surface(1, false, 64));
    finishMlp(w);
    h.store.getState().setExperiment({ trainOnly: true });
    expect(w.lastRun()).toMatchObject({ runId: 2, surface: false });
    expect(h.store.getState().progress).toEqual({ stage: 'surface', done: 64, total: 64 });
    // The other lab: nothing shown belongs to it any more.
    const version = h.live.surfaceVersion;
    h.store.getState().replaceExperiment(decodeAny('').shared.experiment);
    expect(w.lastRun()).toMatchObject({ runId: 3, surface: true });
    expect(h.live.surface).toBeNull();
    expect(h.live.data).toBeNull();
    expect(h.live.paths).toEqual([]);
    expect(h.live.surfaceVersion).toBe(version + 1);
    expect(h.store.getState().progress).toBeNull();
  });

  it('asks again, for the theory of the other run, when the theory panel follows another run', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    finishMlp(w);
    // Answer until the bridge wants nothing more.
    let asked = 0;
    while (views(w).length > asked) {
      asked = views(w).length;
      w.reply(viewReply(1, 4));
    }
    h.store.getState().setTheory(2);
    expect(views(w)).toHaveLength(asked + 1);
    expect(views(w).at(-1)).toEqual({ type: 'view', runId: 1, t: 4, res: 48, theory: 2, step: true });
    // A reply that is for that run is not behind: no further request.
    w.reply({ ...viewReply(1, 4), theoryRun: 2 } as FromWorker);
    expect(views(w)).toHaveLength(asked + 1);
  });

  it('while paths stream, asks for the network at most once per viewStreamGapMs (the first view of a run at once); once all are in, at once', () => {
    vi.useFakeTimers();
    try {
      const h = harness({ viewStreamGapMs: 150 }, mlpShared());
      const w = h.worker();
      const { runId, experiment } = w.lastRun();
      const rows = (from: number, n: number, done: boolean) =>
        experiment.runs.forEach((_, run) =>
          w.reply({ type: 'chunk', runId, run, from, params: new Float64Array(2 * n), loss: new Float64Array(n).fill(1), status: done ? { kind: 'finished' } : { kind: 'running' }, notes: { indefiniteFrom: null }, msPerStep: 0, offPlane: new Float64Array(n) }),
        );
      rows(0, 2, false);
      expect(views(w)).toHaveLength(1);
      w.reply(viewReply(runId, 1));
      // Behind (more rows came), but within the gap after the last request: nothing yet.
      rows(2, 1, false);
      expect(views(w)).toHaveLength(1);
      h.clock.t = 149;
      vi.advanceTimersByTime(149);
      expect(views(w)).toHaveLength(1);
      h.clock.t = 150;
      vi.advanceTimersByTime(1);
      expect(views(w)).toHaveLength(2);
      expect(views(w).at(-1)).toMatchObject({ runId, t: 4 });
      w.reply(viewReply(runId, 2));
      // The last rows: every path is in, and the next view goes at once.
      rows(3, 2, true);
      expect(views(w)).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for the network at step t once paths arrive, one request at a time, the newest wish after each reply', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    expect(views(w)).toEqual([]);
    finishMlp(w);
    // The followed run's step is asked for only once every path is in (the worker would replay it alongside).
    expect(views(w)).toEqual([{ type: 'view', runId: 1, t: 4, res: 48, theory: 0, step: false }]);
    // While that request is out, the step moves twice: one follow-up, for the last step.
    h.store.getState().setT(1);
    h.store.getState().setT(2);
    expect(views(w)).toHaveLength(1);
    const reply = (t: number, runId = 1) => viewReply(runId, t);
    w.reply(reply(4));
    expect(h.live.view?.t).toBe(4);
    expect(views(w).at(-1)).toEqual({ type: 'view', runId: 1, t: 2, res: 48, theory: 0, step: true });
    w.reply(reply(2));
    expect(views(w)).toHaveLength(2);
    // A reply for an older run is not drawn.
    h.store.getState().setExperiment({ eta: 0.5 });
    w.reply(reply(3, 1));
    expect(h.live.view?.t).toBe(2);
  });

  it("asks for the followed run's step while the worker replays towards it, and not at all when nothing shows it", () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    finishMlp(w);
    // The first request (sent on run 0's rows) did not ask for the step: the next one does.
    w.reply(viewReply(1, 4));
    expect(views(w).at(-1)).toMatchObject({ step: true });
    const n = views(w).length;
    w.reply({ ...viewReply(1, 4), step: null, stepPending: true } as FromWorker);
    expect(views(w)).toHaveLength(n + 1);
    expect(views(w).at(-1)).toMatchObject({ step: true });
    // The worker got there (or has no step there): nothing more to ask.
    w.reply({ ...viewReply(1, 4), step: null } as FromWorker);
    expect(views(w)).toHaveLength(n + 1);
    // With the equations hidden and no overlay on, a new step is asked for without it.
    h.store.setState({ hide: ['equations'] });
    h.store.getState().setT(2);
    expect(views(w).at(-1)).toMatchObject({ t: 2, step: false });
    w.reply(viewReply(1, 2));
    expect(views(w)).toHaveLength(n + 2);
    // An overlay switched on wants it again.
    h.store.getState().toggleOverlay('step', true);
    expect(views(w)).toHaveLength(n + 3);
    expect(views(w).at(-1)).toMatchObject({ t: 2, step: true });
  });

  it('sends runs of the MLP experiment as they are in the store', () => {
    const h = harness({}, mlpShared());
    h.store.getState().setExperiment({ pair: [2, 5], extent: 2 });
    const e = h.worker().lastRun().experiment as MlpExperiment;
    expect(e).toBe(h.store.getState().experiment);
    expect(e).toMatchObject({ problem: 'mlp', pair: [2, 5], extent: 2 });
  });
});

describe('the watchdog after an MLP run', () => {
  it('is not re-armed by a progress report that trails the fine surface', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    w.reply(surface(1, true, 32));
    finishMlp(w);
    w.reply(surface(1, false, 64));
    w.reply({ type: 'progress', runId: 1, stage: 'surface', done: 64, total: 64 });
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(1);
    expect(h.store.getState().notices).toEqual([]);
  });
});

describe('review fixes', () => {
  it('asks for a new surface when the points change, even on a slice that does not move with the run', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    w.reply(surface(1, false, 64));
    finishMlp(w);
    h.store.getState().setExperiment({ add: [[0.5, 0.5, 1]] });
    expect(w.lastRun()).toMatchObject({ runId: 2, surface: true });
    h.store.getState().setExperiment({ add: [[0.5, 0.25, 1]] });
    expect(w.lastRun()).toMatchObject({ runId: 3, surface: true });
  });

  it('asks for the network again after a new run even when its rows match the old view step for step', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    finishMlp(w);
    const view = (runId: number) => viewReply(runId, 4);
    // The first request went out with run 0's rows only; the follow-up covers all three.
    w.reply(view(1));
    w.reply(view(1));
    expect(views(w)).toHaveLength(2);
    h.store.getState().setExperiment({ eta: 0.5 });
    // Until the new run's rows arrive, the old rows do not count: no request bounces back and forth.
    w.reply({ type: 'progress', runId: 2, stage: 'training', done: 2, total: 4 });
    expect(views(w)).toHaveLength(2);
    finishMlp(w);
    expect(views(w).at(-1)).toEqual({ type: 'view', runId: 2, t: 4, res: 48, theory: 0, step: false });
  });

  it('asks again while a view lacks a run position that has rows, also for two identical runs', () => {
    const h = harness({}, mlpShared(`${LINK}&runs=gd,gd`));
    const w = h.worker();
    finishMlp(w);
    expect(views(w)).toHaveLength(1);
    w.reply(viewReply(1, 4, [0]));
    expect(views(w)).toHaveLength(2);
    w.reply(viewReply(1, 4, [0, 1]));
    expect(views(w)).toHaveLength(2);
    expect(h.live.view?.runs).toEqual([0, 1]);
  });

  it('clears the progress bar when the engine refuses a run', () => {
    const h = harness({}, mlpShared());
    h.worker().reply({ type: 'error', runId: 1, message: 'no' });
    expect(h.store.getState().progress).toBeNull();
  });
});

describe('the view channel', () => {
  it('announces a network view on its own channel, so the 3D scene and the contours are not redrawn for it', () => {
    const h = harness({}, mlpShared());
    const w = h.worker();
    finishMlp(w);
    let general = 0;
    let view = 0;
    h.live.subscribe(() => general++);
    h.live.subscribeView(() => view++);
    w.reply(viewReply(1, 4));
    expect({ general, view }).toEqual({ general: 0, view: 1 });
    expect(h.live.view?.runId).toBe(1);
  });
});
