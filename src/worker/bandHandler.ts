import { mapAxes, mapRows, type MapAxes, type MapBand, type MapSpec } from '../engine/convergenceMap';
import type { Plane } from '../engine/surface';
import { experimentProblem } from '../lab/experimentProblem';
import { setupMlp, type MlpSetup } from '../lab/mlpSetup';
import { sliceCells } from '../lab/sliceSurface';
import type { AnyExperiment, MlpExperiment } from '../protocol/experiment';
import type { FromBand, MapInit, ToBandWorker, ToMap } from './bandMessages';

type MapRequest = Extract<ToMap, { type: 'map' }>;

/** A map band being computed: its rows so far go into `band`. */
interface MapWork {
  readonly job: number;
  readonly r0: number;
  readonly r1: number;
  next: number;
  /** The next column of row `next`. */
  col: number;
  readonly band: MapBand;
}

/**
 * A band worker's brain, free of `self`: rebuilds a job's setup and plane from its `init`, then answers
 * every band request of that job with its cells (sliceCells, so the numbers equal the engine worker's
 * own). Errors are posted, never thrown.
 *
 * Map requests (bandMessages.ts) are queued and computed one cell per `schedule`d task, so a newer map
 * job's init or a `map-cancel` that arrives meanwhile drops the older job's unfinished bands (each
 * answered `map-dropped`). Without `schedule` every band is computed as soon as it arrives.
 */
export function createBandHandler(post: (msg: FromBand, transfer: Transferable[]) => void, schedule?: (fn: () => void) => void): (msg: ToBandWorker) => void {
  let state: { job: number; e: MlpExperiment; setup: MlpSetup; plane: Plane; grid: number } | null = null;
  let map: { job: number; e: AnyExperiment; spec: MapSpec; axes: MapAxes } | null = null;
  /** The newest map job seen, and the highest cancelled: requests of older jobs are dropped. */
  let newestMap = -1;
  let cancelledMap = -1;
  const queue: MapWork[] = [];
  let pending = false;

  const dropWhere = (stale: (job: number) => boolean) => {
    for (let i = 0; i < queue.length; ) {
      const w = queue[i]!;
      if (stale(w.job)) {
        queue.splice(i, 1);
        post({ type: 'map-dropped', job: w.job, r0: w.r0, r1: w.r1 }, []);
      } else i++;
    }
  };

  /** Computes the next row of the oldest queued band; true while work remains. */
  const mapStep = (): boolean => {
    const w = queue[0];
    if (!w) return false;
    try {
      if (map?.job !== w.job) throw new Error(`worker: map rows of job ${w.job} without its setup`);
      // One cell per task (a 1-column map of that η is exactly that cell): an MLP cell trains the whole
      // network, so a row of them would hold the surface's bands back for seconds.
      const c = w.col;
      const cell = mapRows(map.spec, w.next, w.next + 1, { ...map.axes, etas: map.axes.etas.subarray(c, c + 1), cols: 1 });
      const at = (w.next - w.r0) * w.band.cols + c;
      w.band.status[at] = cell.status[0]!;
      w.band.step[at] = cell.step[0]!;
      w.band.loss[at] = cell.loss[0]!;
      if (++w.col >= w.band.cols) {
        w.col = 0;
        w.next++;
      }
      if (w.next >= w.r1) {
        queue.shift();
        const b = w.band;
        post({ type: 'map', job: w.job, r0: w.r0, r1: w.r1, cols: b.cols, status: b.status, step: b.step, loss: b.loss }, [b.status.buffer, b.step.buffer, b.loss.buffer]);
      }
    } catch (err) {
      queue.shift();
      post({ type: 'map-error', job: w.job, r0: w.r0, r1: w.r1, message: err instanceof Error ? err.message : String(err) }, []);
    }
    return queue.length > 0;
  };

  const task = () => {
    pending = false;
    if (mapStep()) kick();
  };

  function kick(): void {
    if (!schedule) {
      while (mapStep());
      return;
    }
    if (pending) return;
    pending = true;
    schedule(task);
  }

  const setUpMap = (job: number, init: MapInit) => {
    const { experiment: e, run, size } = init;
    const spec = e.runs[run];
    if (!spec) throw new Error(`worker: map of run ${run}, the experiment has ${e.runs.length} runs`);
    // The problem and start depend on the experiment only: keep them across maps of the same one.
    const same = map && JSON.stringify(map.e) === JSON.stringify(e);
    const { problem, start } = same ? map!.spec : experimentProblem(e);
    const mapSpec: MapSpec = { problem, start, run: spec, globals: e, steps: e.steps, size };
    map = { job, e, spec: mapSpec, axes: mapAxes(spec, e, size) };
  };

  const onMap = (msg: MapRequest) => {
    const { job, r0, r1 } = msg;
    if (job < newestMap || job <= cancelledMap) {
      post({ type: 'map-dropped', job, r0, r1 }, []);
      return;
    }
    try {
      if (msg.init) {
        newestMap = job;
        dropWhere((j) => j < job);
        setUpMap(job, msg.init);
      }
      if (map?.job !== job) throw new Error(`worker: map rows of job ${job} before its init`);
      if (!Number.isInteger(r0) || !Number.isInteger(r1) || r0 < 0 || r1 <= r0 || r1 > map.axes.rows) throw new Error(`worker: map rows [${r0}, ${r1}) outside 0 … ${map.axes.rows}`);
    } catch (err) {
      post({ type: 'map-error', job, r0, r1, message: err instanceof Error ? err.message : String(err) }, []);
      return;
    }
    const cols = map.axes.cols;
    const cells = (r1 - r0) * cols;
    queue.push({ job, r0, r1, next: r0, col: 0, band: { r0, r1, cols, status: new Uint8Array(cells), step: new Int32Array(cells), loss: new Float64Array(cells) } });
    kick();
  };

  return (msg) => {
    if (msg.type === 'map') return onMap(msg);
    if (msg.type === 'map-cancel') {
      cancelledMap = Math.max(cancelledMap, msg.job);
      dropWhere((j) => j <= msg.job);
      return;
    }
    const { job, from, to } = msg;
    try {
      if (msg.init) {
        const { experiment: e, grid, origin, u, v, window: [aMin, aMax, bMin, bMax] } = msg.init;
        // The data and θ₀ depend on the experiment only: keep them across planes of the same one.
        const setup = state && JSON.stringify(state.e) === JSON.stringify(e) ? state.setup : setupMlp(e);
        state = { job, e, setup, plane: { origin, u, v, aMin, aMax, bMin, bMax }, grid };
      }
      if (state?.job !== job) throw new Error(`worker: band of job ${job} before its init`);
      const b = sliceCells(state.setup, state.e, state.plane, state.grid, from, to);
      post({ type: 'band', job, from, to, values: b.values, min: b.min, max: b.max }, [b.values.buffer]);
    } catch (err) {
      post({ type: 'error', job, from, to, message: err instanceof Error ? err.message : String(err) }, []);
    }
  };
}
