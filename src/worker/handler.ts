import { createPlane } from '../engine/problems/plane/registry';
import { contourRings, ringBuffers } from '../lab/contourRings';
import { startRun } from '../engine/run';
import { axisPlane, sampleSurface } from '../engine/surface';
import type { AnyToWorker, FromWorker } from '../protocol/messages';
import { createInlinePool, type BandPool } from './bandPool';
import { createMapScheduler } from './mapJob';
import { createInlineMapPool, type MapPool } from './mapPool';
import type { LayersOutcome } from './layersJob';
import { mlpJob, type MlpJob } from './mlpJob';
import type { MlpSlice } from '../lab/mlpSetup';
import { timedCursor, type TimedCursor } from './timedCursor';

/** Optimizer steps computed per run between two yields to the message queue. */
export const CHUNK_STEPS = 2000;

export type Post = (msg: FromWorker, transfer: Transferable[]) => void;
/** Runs `fn` later, after pending messages had a chance to arrive (setTimeout in the worker). */
export type Schedule = (fn: () => void) => void;

/**
 * The worker's brain, free of `self`: feed it messages, it posts replies. A `run` cancels every
 * earlier run: chunks of a superseded runId are never posted after the newer run starts. A run of the
 * sigmoid lab posts its surface, then chunks; a run of the MLP lab is an mlpJob (see there for the
 * order of its messages), one task per scheduled call, its fine surface sampled by `pool` (band
 * workers in the browser; by default, this thread a band per task). A `view` for the current MLP run
 * is answered at once, between two tasks of the job or after it finished; any other is ignored.
 */
export function createHandler(
  post: Post,
  schedule: Schedule,
  pool: BandPool = createInlinePool(schedule),
  now: () => number = () => performance.now(),
  mapPool: MapPool = createInlineMapPool(schedule),
): (msg: AnyToWorker) => void {
  let current = -1;
  /** (η, γ) maps run beside the runs, numbered apart (mapJob.ts): a run does not cancel a map, the bridge does. */
  const maps = createMapScheduler(post, mapPool);
  /** The current run's MLP job, kept after it finished so views can still be answered. */
  let mlp: { readonly runId: number; readonly job: MlpJob } | null = null;
  /** The slice of the last MLP surface posted (the one the page shows), for the next job's interim paths. */
  let shownSlice: MlpSlice | null = null;
  /** The per-layer gradient norms being computed (one run's at a time); idle while it waits for rows. */
  let layers: { readonly runId: number; readonly step: () => LayersOutcome; idle: boolean } | null = null;

  function pumpLayers(job: NonNullable<typeof layers>) {
    if (layers !== job || job.runId !== current) return;
    try {
      const r = job.step();
      if (r === 'more') schedule(() => pumpLayers(job));
      else if (r === 'idle') job.idle = true;
      else layers = null;
    } catch (err) {
      layers = null;
      fail(job.runId, err);
    }
  }

  /** After a task of the MLP job (new rows, or the end of the run): a waiting layers job goes on. */
  function kickLayers() {
    const job = layers;
    if (!job?.idle) return;
    job.idle = false;
    schedule(() => pumpLayers(job));
  }

  function fail(runId: number, err: unknown) {
    post({ type: 'error', runId, message: err instanceof Error ? err.message : String(err) }, []);
  }

  function pump(runId: number, cursors: TimedCursor[], first = false) {
    if (runId !== current) return;
    try {
      let pending = false;
      cursors.forEach((cursor, run) => {
        // The first pump reports every run, so a start that diverges at step 0 still gets its status out.
        if (cursor.done && !first) return;
        const { from, to } = cursor.advance(CHUNK_STEPS);
        const t = cursor.trajectory;
        const params = t.params.slice(from * t.paramCount, to * t.paramCount);
        const loss = t.loss.slice(from, to);
        post({ type: 'chunk', runId, run, from, params, loss, status: cursor.status, notes: cursor.notes, msPerStep: cursor.msPerStep }, [params.buffer, loss.buffer]);
        if (!cursor.done) pending = true;
      });
      if (pending) schedule(() => pump(runId, cursors));
    } catch (err) {
      fail(runId, err);
    }
  }

  /** Runs the job `make` builds one task per call, scheduling the next while it has more and is current. */
  function runTasks(runId: number, make: () => () => boolean) {
    let step: (() => boolean) | null = null;
    const task = () => {
      if (runId !== current) return;
      try {
        step ??= make();
        if (step()) schedule(task);
        kickLayers();
      } catch (err) {
        fail(runId, err);
      }
    };
    task();
  }

  return (msg) => {
    if (msg.type === 'map') return maps.start(msg);
    if (msg.type === 'map-cancel') return maps.cancel(msg.mapId);
    if (msg.type === 'fault') {
      if (msg.kind === 'throw') throw new Error('worker: injected fault');
      if (msg.kind === 'oom') {
        // Holds on to ever larger buffers until allocation fails (RangeError), which escapes like a real OOM.
        const hoard: ArrayBuffer[] = [];
        for (let size = 1 << 26; ; size = Math.min(size * 2, 1 << 30)) hoard.push(new ArrayBuffer(size));
      }
      for (;;) {
        // injected hang: block this thread until the bridge terminates it
      }
    }
    if (msg.type === 'view') {
      if (msg.runId !== current || mlp?.runId !== current) return;
      try {
        const v = mlp.job.view(msg.t, msg.res);
        const t = Number.isFinite(msg.t) ? msg.t : v.t;
        const th = mlp.job.theory(t, msg.theory ?? 0);
        const saturation = mlp.job.saturation(t, th.run);
        const transfer = saturation ? [v.thetas.buffer, v.maps.buffer, saturation.buffer] : [v.thetas.buffer, v.maps.buffer];
        // The step is copied, not transferred: the stepper keeps it for the next request at the same step.
        const s = msg.step ? mlp.job.stepAt(t, th.run) : null;
        const step = s === 'pending' ? { step: null, stepPending: true } : msg.step ? { step: s } : {};
        post({ type: 'view', runId: msg.runId, t, res: v.res, window: v.window, runs: v.runs, steps: v.steps, thetas: v.thetas, maps: v.maps, theoryRun: th.run, theory: th.theory, saturation, ...step }, transfer);
      } catch (err) {
        fail(msg.runId, err);
      }
      return;
    }
    if (msg.type === 'layers') {
      if (msg.runId !== current || mlp?.runId !== current) return;
      const job = { runId: msg.runId, step: mlp.job.layers(msg.run).step, idle: false };
      layers = job;
      pumpLayers(job);
      return;
    }
    const { runId, experiment: e } = msg;
    current = runId;
    mlp?.job.cancel();
    mlp = null;
    layers = null;
    if (e.problem === 'mlp') {
      runTasks(runId, () => {
        const job = mlpJob({ runId, experiment: e, wantSurface: msg.surface, withTheta: msg.theta === true, post, pool, now, fail: (err) => fail(runId, err), shown: shownSlice, onSlicePosted: (s) => void (shownSlice = s) });
        mlp = { runId, job };
        return () => job.step();
      });
      return;
    }
    try {
      const problem = createPlane(e.problem, e.surface, e.data);
      if (msg.surface) {
        const [w0, w1, b0, b1] = e.range;
        const g = sampleSurface(problem, axisPlane(w0, w1, b0, b1), e.grid, e.grid);
        shownSlice = null;
        const rings = contourRings(g.values, g.nx, g.ny, g.min, g.max);
        post({ type: 'surface', runId, values: g.values, nx: g.nx, ny: g.ny, min: g.min, max: g.max, rings }, [g.values.buffer, ...ringBuffers(rings)]);
      }
      const cursors = e.runs.map((run) => timedCursor(startRun({ problem, run, globals: e, start: e.start, steps: e.steps }), now));
      pump(runId, cursors, true);
    } catch (err) {
      fail(runId, err);
    }
  };
}
