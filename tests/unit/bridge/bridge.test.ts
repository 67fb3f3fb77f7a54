import { afterEach, describe, expect, it } from 'vitest';
import type { RunSpec } from '../../../src/protocol/experiment';
import { decode } from '../../../src/url/codec';
import { chunk, disposeBridges, finishRun, HANG_MS, harness } from '../support/bridgeHarness';

afterEach(disposeBridges);

const runsOf = (link: string): RunSpec[] => [...decode(link).shared.experiment.runs];
/** The shared state of a link, for a harness that starts from it. */
const linked = (link: string) => decode(link).shared;

describe('createBridge', () => {
  it('sends the current experiment with a fresh runId and a surface request on start', () => {
    const h = harness();
    expect(h.workers).toHaveLength(1);
    expect(h.worker().sent).toEqual([{ type: 'run', runId: 1, experiment: h.store.getState().experiment, surface: true }]);
  });

  it('sends a new run with a larger runId whenever the experiment changes', () => {
    const h = harness();
    h.store.getState().setExperiment({ eta: 0.5 });
    h.store.getState().setStart(1, 1);
    const runs = h.worker().runs();
    expect(runs.map((r) => r.runId)).toEqual([1, 2, 3]);
    expect(runs[1]!.experiment.eta).toBe(0.5);
    expect(runs[2]!.experiment).toBe(h.store.getState().experiment);
    expect(runs[2]!.experiment).toMatchObject({ start: [1, 1] });
  });

  it('does not send anything when only the view changes', () => {
    const h = harness();
    h.store.getState().setT(10);
    h.store.getState().setLayout('split');
    h.store.getState().setPlaying(true);
    expect(h.worker().sent).toHaveLength(1);
  });

  it('re-requests the surface only when data, range or grid change', () => {
    const h = harness();
    const s = () => h.store.getState();
    /** Makes a change, then answers the run's surface request (if any) as the worker would. */
    const surfaceAfter = (change: () => void) => {
      const before = h.worker().runs().length;
      change();
      if (h.worker().runs().length === before) return 'no run';
      const run = h.worker().lastRun();
      if (run.surface) h.worker().reply({ type: 'surface', runId: run.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 });
      return run.surface;
    };
    const first = h.worker().lastRun();
    h.worker().reply({ type: 'surface', runId: first.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 });
    expect(surfaceAfter(() => s().setExperiment({ eta: 0.3 }))).toBe(false);
    expect(surfaceAfter(() => s().setExperiment({ gamma: 0.5 }))).toBe(false);
    expect(surfaceAfter(() => s().setStart(0, 0))).toBe(false);
    expect(surfaceAfter(() => s().setExperiment({ steps: 50 }))).toBe(false);
    expect(surfaceAfter(() => s().setRuns(runsOf('runs=gd,momentum')))).toBe(false);
    expect(surfaceAfter(() => s().setRuns(runsOf('runs=gd,momentum,gd(eta:0.5)')))).toBe(false);
    expect(surfaceAfter(() => s().toggleRun(0))).toBe('no run'); // hiding a run is a view change
    expect(surfaceAfter(() => s().setData([{ x: 1, y: 0.5 }]))).toBe(true);
    expect(surfaceAfter(() => s().setData([{ x: 1, y: 0.5 }]))).toBe('no run'); // an unchanged experiment
    expect(surfaceAfter(() => s().setExperiment({ range: [-3, 3, -6, 6] }))).toBe(true);
    expect(surfaceAfter(() => s().setExperiment({ range: [-3, 3, -6, 6] }))).toBe('no run');
    expect(surfaceAfter(() => s().setExperiment({ gamma: 0.6 }))).toBe(false);
    expect(surfaceAfter(() => s().setExperiment({ grid: 64 }))).toBe(true);
    expect(surfaceAfter(() => s().setExperiment({ eta: 2 }))).toBe(false);
  });

  it('keeps asking for a new surface when the run that asked for it is superseded before its reply', () => {
    const h = harness();
    const s = () => h.store.getState();
    const first = h.worker().lastRun();
    h.worker().reply({ type: 'surface', runId: first.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 });
    s().setData([{ x: 1, y: 0.5 }]);
    const asked = h.worker().lastRun();
    expect(asked.surface).toBe(true);
    s().setStart(-1, -1); // arrives before the worker answered `asked`
    const next = h.worker().lastRun();
    expect(next.surface).toBe(true);
    h.worker().reply({ type: 'surface', runId: asked.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 5, max: 6 });
    expect(h.live.surface?.min).toBe(0); // stale reply dropped
    h.worker().reply({ type: 'surface', runId: next.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 5, max: 6 });
    expect(h.live.surface?.min).toBe(5);
    s().setStart(0, 0);
    expect(h.worker().lastRun().surface).toBe(false);
  });

  it('writes a surface into live with the window it spans and bumps its version', () => {
    const h = harness();
    let emitted = 0;
    h.live.subscribe(() => emitted++);
    const values = new Float32Array(16).fill(0.25);
    h.worker().reply({ type: 'surface', runId: 1, values, nx: 4, ny: 4, min: 0.25, max: 0.25 });
    expect(h.live.surface).toEqual({ values, nx: 4, ny: 4, min: 0.25, max: 0.25, range: [-6, 6, -6, 6], slice: null, coarse: false, rings: null });
    expect(h.live.surface!.values).toBe(values);
    expect(h.live.surfaceVersion).toBe(1);
    expect(emitted).toBe(1);
  });

  it('assembles streamed chunks into the live path and keeps a run summary in the store', () => {
    const h = harness();
    h.store.getState().setExperiment({ steps: 4 });
    const runId = h.worker().lastRun().runId;
    h.worker().reply(chunk(runId, 1, 0, 3, { kind: 'running' }, { msPerStep: 0.5 }));
    expect(h.live.paths[1]!.length).toBe(3);
    expect(h.live.paths[0]).toBeUndefined();
    expect(h.store.getState().runs).toEqual([null, { status: { kind: 'running' }, notes: { indefiniteFrom: null }, msPerStep: 0.5, length: 3, finalLoss: 1 / 3, startLoss: 1 }]);
    h.worker().reply(chunk(runId, 1, 3, 2, { kind: 'finished' }, { notes: { indefiniteFrom: 2 }, msPerStep: 1.25 }));
    const p = h.live.paths[1]!;
    expect(p.length).toBe(5);
    expect(Array.from(p.params.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(p.loss.subarray(0, 5))).toEqual([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5]);
    expect(p.status).toEqual({ kind: 'finished' });
    expect(h.store.getState().runs[1]).toEqual({ status: { kind: 'finished' }, notes: { indefiniteFrom: 2 }, msPerStep: 1.25, length: 5, finalLoss: 1 / 5, startLoss: 1 });
    expect(h.store.getState().runs[0]).toBeNull();
  });

  it("tells the views once per worker pump, after its last run's chunk, not once per run", () => {
    const h = harness({}, linked('runs=gd,momentum,nesterov&steps=6'));
    let emitted = 0;
    h.live.subscribe(() => emitted++);
    const runId = h.worker().lastRun().runId;
    // First pump: every run posts, in order; only the last one's chunk tells the views.
    h.worker().reply(chunk(runId, 0, 0, 3, { kind: 'running' }));
    h.worker().reply(chunk(runId, 1, 0, 3, { kind: 'running' }));
    expect(emitted).toBe(0);
    h.worker().reply(chunk(runId, 2, 0, 7, { kind: 'finished' }));
    expect(emitted).toBe(1);
    // Second pump: runs 1 and 2… run 2 is done, so run 1 is the pump's last poster once run 0 has posted.
    h.worker().reply(chunk(runId, 0, 3, 4, { kind: 'finished' }));
    expect(emitted).toBe(1);
    h.worker().reply(chunk(runId, 1, 3, 4, { kind: 'finished' }));
    expect(emitted).toBe(2);
    expect(h.live.doneRun).toBe(runId);
    expect(h.live.paths.map((p) => p!.length)).toEqual([7, 7, 7]);
  });

  it('keeps two identical runs apart: each position has its own path and summary', () => {
    const h = harness({}, linked('runs=gd,gd&steps=6'));
    const { runId, experiment } = h.worker().lastRun();
    expect(experiment.runs).toEqual([{ optimizer: 'gd', settings: {} }, { optimizer: 'gd', settings: {} }]);
    h.worker().reply(chunk(runId, 0, 0, 3, { kind: 'diverged', step: 3, reason: 'params-exploded' }));
    h.worker().reply(chunk(runId, 1, 0, 7, { kind: 'finished' }));
    expect(h.live.paths).toHaveLength(2);
    expect(h.live.paths[0]).not.toBe(h.live.paths[1]);
    expect([h.live.paths[0]!.length, h.live.paths[1]!.length]).toEqual([3, 7]);
    expect(h.live.paths[0]!.status.kind).toBe('diverged');
    expect(h.live.paths[1]!.status.kind).toBe('finished');
    const [a, b] = h.store.getState().runs;
    expect([a!.length, a!.finalLoss, a!.status.kind]).toEqual([3, 1 / 3, 'diverged']);
    expect([b!.length, b!.finalLoss, b!.status.kind]).toEqual([7, 1 / 7, 'finished']);
    expect(h.live.doneRun).toBe(runId);
  });

  it('waits for every run position: one of two identical runs finished is not the end of the run', () => {
    const h = harness({}, linked('runs=gd,gd&steps=6'));
    const { runId } = h.worker().lastRun();
    h.worker().reply({ type: 'surface', runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 });
    h.worker().reply(chunk(runId, 0, 0, 7, { kind: 'finished' }));
    expect(h.live.doneRun).not.toBe(runId);
    h.tick(HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
    finishRun(h.worker());
    expect(h.live.doneRun).toBe(h.worker().lastRun().runId);
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(2);
  });

  it('drops replies whose runId is older than the last run sent', () => {
    const h = harness();
    h.store.getState().setExperiment({ eta: 0.5 });
    const version = h.live.version;
    h.worker().reply(chunk(1, 0, 0, 3, { kind: 'finished' }));
    h.worker().reply({ type: 'surface', runId: 1, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 0 });
    h.worker().reply({ type: 'error', runId: 1, message: 'old' });
    expect(h.live.paths).toEqual([]);
    expect(h.live.surface).toBeNull();
    expect(h.live.version).toBe(version);
    expect(h.store.getState().runs).toEqual([]);
    expect(h.store.getState().notices).toEqual([]);
    h.worker().reply(chunk(2, 0, 0, 3, { kind: 'finished' }));
    expect(h.live.paths[0]!.length).toBe(3);
  });

  it('removes the paths and summaries of runs past the end of a shorter run list', () => {
    const h = harness();
    finishRun(h.worker());
    expect(h.live.paths).toHaveLength(3);
    expect(h.store.getState().runs).toHaveLength(3);
    h.store.getState().setRuns(runsOf('runs=gd,nesterov'));
    const { runId } = h.worker().lastRun();
    expect(runId).toBe(2);
    expect(h.live.paths).toHaveLength(2);
    expect(h.store.getState().runs).toHaveLength(2);
    // The kept rows are the older run's until this run's first chunk for their position.
    expect(h.live.paths.map((p) => p!.status)).toEqual([{ kind: 'running' }, { kind: 'running' }]);
    expect(h.live.paths.map((p) => p!.run)).toEqual([1, 1]);
    h.worker().reply(chunk(runId, 1, 0, 4, { kind: 'running' }));
    expect([h.live.paths[1]!.run, h.live.paths[1]!.length]).toEqual([runId, 4]);
    expect(h.live.paths[0]!.run).toBe(1);
    h.store.getState().setRuns([]);
    expect(h.live.paths).toEqual([]);
    expect(h.store.getState().runs).toEqual([]);
  });

  it('keeps the paths and summaries of a run hidden with the legend toggle, and sends nothing', () => {
    const h = harness();
    finishRun(h.worker());
    const version = h.live.version;
    h.store.getState().toggleRun(1);
    expect(h.store.getState().off).toEqual([1]);
    expect(h.worker().runs()).toHaveLength(1);
    expect(h.live.paths).toHaveLength(3);
    expect(h.live.paths[1]!.status).toEqual({ kind: 'finished' });
    expect(h.store.getState().runs[1]!.status).toEqual({ kind: 'finished' });
    expect(h.live.version).toBe(version);
  });

  it('shows an engine error from the worker as an engine notice', () => {
    const h = harness();
    h.worker().reply({ type: 'error', runId: 1, message: 'engine: boom' });
    expect(h.store.getState().notices).toEqual([{ source: 'engine', key: 'engine', message: expect.stringContaining('engine: boom') }]);
  });

  it('clears every run position’s path and summary when the engine refuses the current run', () => {
    const h = harness({}, linked('runs=gd,gd,rprop'));
    h.worker().reply(chunk(1, 0, 0, 3, { kind: 'running' }));
    h.worker().reply(chunk(1, 2, 0, 3, { kind: 'running' }));
    expect(h.store.getState().runs).toHaveLength(3);
    h.worker().reply({ type: 'error', runId: 1, message: 'engine: no' });
    expect(h.live.paths).toEqual([]);
    expect(h.store.getState().runs).toEqual([]);
    expect(h.live.doneRun).toBe(1);
  });

  it('restarts a worker that crashes and replays the current experiment with a surface request', () => {
    const h = harness();
    h.store.getState().setExperiment({ eta: 0.25 });
    const prevented = h.workers[0]!.crash('boom');
    expect(prevented).toBe(true);
    expect(h.workers).toHaveLength(2);
    expect(h.workers[0]!.terminated).toBe(true);
    const replay = h.workers[1]!.lastRun();
    expect(replay.experiment).toBe(h.store.getState().experiment);
    expect(replay.experiment.eta).toBe(0.25);
    expect(replay.surface).toBe(true);
    expect(replay.runId).toBeGreaterThan(2);
    expect(h.bridge.restarts).toBe(1);
    const notices = h.store.getState().notices;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ source: 'engine', key: 'engine' });
    expect(notices[0]!.message).toContain('boom');
    // A late reply of the dead worker's run is stale.
    h.workers[0]!.reply(chunk(2, 0, 0, 3, { kind: 'finished' }));
    expect(h.live.paths[0]).toBeUndefined();
    // New experiments go to the new worker.
    h.store.getState().setExperiment({ eta: 0.5 });
    expect(h.workers[1]!.lastRun().experiment.eta).toBe(0.5);
    expect(h.workers[0]!.runs()).toHaveLength(2);
  });

  it('restarts a run that stays silent past hangMs when the injected watchdog fires', () => {
    const h = harness();
    expect(h.intervals).toHaveLength(1);
    expect(h.intervals[0]!.ms).toBeLessThanOrEqual(HANG_MS);
    h.tick(HANG_MS);
    expect(h.workers).toHaveLength(1);
    h.tick(HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
    expect(h.workers[0]!.terminated).toBe(true);
    expect(h.workers[1]!.lastRun()).toMatchObject({ surface: true, experiment: h.store.getState().experiment });
    expect(h.store.getState().notices[0]).toMatchObject({ source: 'engine' });
  });

  it('counts a run that keeps streaming as alive, measuring silence from the last message', () => {
    const h = harness();
    h.clock.t = 1500;
    h.worker().reply(chunk(1, 0, 0, 10, { kind: 'running' }));
    h.tick(1500 + HANG_MS);
    expect(h.workers).toHaveLength(1);
    h.tick(1500 + HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
  });

  it('does not treat a finished run as a hang', () => {
    const h = harness();
    finishRun(h.worker());
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(1);
  });

  it('does not treat an error reply as a hang', () => {
    const h = harness();
    h.worker().reply({ type: 'error', runId: 1, message: 'engine: bad' });
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(1);
  });

  it('does not treat an experiment with no runs as a hang', () => {
    const h = harness();
    const first = h.worker().lastRun();
    h.worker().reply({ type: 'surface', runId: first.runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 0 });
    h.store.getState().setRuns([]);
    expect(h.worker().lastRun().experiment.runs).toEqual([]);
    expect(h.live.doneRun).toBe(h.live.sentRun);
    h.tick(10 * HANG_MS);
    expect(h.workers).toHaveLength(1);
    h.store.getState().setExperiment({ grid: 32 });
    const { runId } = h.worker().lastRun();
    h.worker().reply({ type: 'surface', runId, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 0 });
    h.tick(20 * HANG_MS);
    expect(h.workers).toHaveLength(1);
  });

  it('still treats an unanswered surface request as a hang when there are no runs', () => {
    const h = harness();
    h.store.getState().setExperiment({ runs: [], grid: 32 });
    expect(h.worker().lastRun().surface).toBe(true);
    h.tick(HANG_MS + 1);
    expect(h.workers).toHaveLength(2);
  });

  it('records a path that diverged at its start as empty, with NaN as its final loss', () => {
    const h = harness();
    h.worker().reply(chunk(1, 0, 0, 0, { kind: 'diverged', step: 0, reason: 'params-nonfinite' }));
    expect(h.live.paths[0]!.length).toBe(0);
    const summary = h.store.getState().runs[0]!;
    expect(summary.status).toEqual({ kind: 'diverged', step: 0, reason: 'params-nonfinite' });
    expect(summary.length).toBe(0);
    expect(summary.finalLoss).toBeNaN();
  });

  it('caps restarts per minute, then says so and stops restarting', () => {
    const h = harness({ maxRestartsPerMinute: 3 });
    for (let i = 1; i <= 3; i++) {
      h.clock.t = i * 1000;
      h.worker().crash(`crash ${i}`);
    }
    expect(h.workers).toHaveLength(4);
    expect(h.bridge.restarts).toBe(3);
    h.clock.t = 4000;
    h.worker().crash('crash 4');
    expect(h.workers).toHaveLength(4);
    expect(h.bridge.restarts).toBe(3);
    expect(h.worker().terminated).toBe(true);
    const notices = h.store.getState().notices;
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/3 times in a minute/);
    // Given up: neither the watchdog nor new experiments spawn or send anything.
    const sent = h.worker().sent.length;
    h.store.getState().setExperiment({ eta: 0.5 });
    h.tick(100_000);
    expect(h.workers).toHaveLength(4);
    expect(h.worker().sent).toHaveLength(sent);
  });

  it('allows new restarts once earlier ones are more than a minute old', () => {
    const h = harness({ maxRestartsPerMinute: 2 });
    h.clock.t = 0;
    h.worker().crash('a');
    h.clock.t = 1000;
    h.worker().crash('b');
    expect(h.bridge.restarts).toBe(2);
    h.clock.t = 61_000;
    h.worker().crash('c');
    expect(h.bridge.restarts).toBe(3);
    expect(h.workers).toHaveLength(4);
  });

  it('injects a fault into the worker and then replays the experiment', () => {
    const h = harness();
    h.bridge.injectFault('throw');
    const sent = h.worker().sent;
    expect(sent.at(-2)).toEqual({ type: 'fault', kind: 'throw' });
    expect(sent.at(-1)).toMatchObject({ type: 'run', runId: 2 });
  });

  it('stops listening, clears its watchdog and terminates the worker on dispose', () => {
    const h = harness();
    h.bridge.dispose();
    expect(h.worker().terminated).toBe(true);
    expect(h.intervals[0]!.cleared).toBe(true);
    h.store.getState().setExperiment({ eta: 0.5 });
    expect(h.worker().sent).toHaveLength(1);
  });
});
