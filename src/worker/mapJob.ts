import { mapAxes, mapBands, mapEdge, type MapBand, type MapSpec } from '../engine/convergenceMap';
import { theoryAt } from '../engine/theory';
import { experimentProblem } from '../lab/experimentProblem';
import type { AnyExperiment } from '../protocol/experiment';
import type { FromMap } from '../protocol/messages';
import type { MapPool } from './mapPool';

export interface MapJobRequest {
  readonly mapId: number;
  readonly experiment: AnyExperiment;
  readonly run: number;
  readonly sizes: readonly number[];
}

/**
 * The engine worker's map scheduler: one map at a time, its sizes in turn (coarse, then fine), each
 * stage's row bands handed to `pool` (band workers, or this thread a cell per task). Posts map-axes,
 * then map-rows per band as they come, then map-done per stage; map-error (once) when it cannot be done.
 * `start` of a newer map and `cancel` stop the current one: nothing of it is posted afterwards.
 */
export function createMapScheduler(post: (msg: FromMap, transfer: Transferable[]) => void, pool: MapPool) {
  let current: { readonly mapId: number; cancelled: boolean; cancelStage: (() => void) | null } | null = null;

  const stop = () => {
    if (!current) return;
    current.cancelled = true;
    current.cancelStage?.();
    current = null;
  };

  function start(req: MapJobRequest): void {
    stop();
    const job = { mapId: req.mapId, cancelled: false, cancelStage: null as (() => void) | null };
    current = job;
    const { experiment: e, run, sizes, mapId } = req;
    const fail = (err: unknown) => {
      if (job.cancelled) return;
      job.cancelled = true;
      if (current === job) current = null;
      post({ type: 'map-error', mapId, message: err instanceof Error ? err.message : String(err) }, []);
    };
    let base: { spec: Omit<MapSpec, 'size'>; edgeEig: { min: number; max: number } | null };
    try {
      const spec = e.runs[run];
      if (!spec) throw new Error(`map of run ${run + 1}, the experiment has ${e.runs.length} runs`);
      if (sizes.length === 0) throw new Error('map with no sizes');
      const { problem, start } = experimentProblem(e);
      // The theory's edge needs the full Hessian: the plane problems only (the MLP's network has too many directions).
      let edgeEig: { min: number; max: number } | null = null;
      if (e.problem !== 'mlp') {
        const ev = theoryAt({ problem, theta: start, run: spec, globals: e }).eigenvalues;
        if (ev.every(Number.isFinite)) edgeEig = { min: ev[0]!, max: ev[ev.length - 1]! };
      }
      base = { spec: { problem, start, run: spec, globals: e, steps: e.steps }, edgeEig };
    } catch (err) {
      fail(err);
      return;
    }
    const stage = (k: number) => {
      if (job.cancelled) return;
      const size = sizes[k]!;
      let axes;
      let edge: (number | null)[];
      try {
        axes = mapAxes(base.spec.run, base.spec.globals, size);
        edge = base.edgeEig ? mapEdge(axes, base.spec.run, base.spec.globals, base.edgeEig).map((x) => (x !== null && Number.isFinite(x) && x > 0 ? x : null)) : Array.from({ length: axes.rows }, () => null);
      } catch (err) {
        fail(err);
        return;
      }
      post({ type: 'map-axes', mapId, size, optimizer: axes.optimizer, eta: axes.eta, gamma: axes.gamma, etas: Float64Array.from(axes.etas), gammas: axes.gammas ? Float64Array.from(axes.gammas) : null, rows: axes.rows, cols: axes.cols, edge, steps: e.steps }, []);
      const bands = mapBands(axes.rows, pool.workers);
      let left = bands.length;
      job.cancelStage = pool.mapBands(
        { init: { experiment: e, run, size }, spec: { ...base.spec, size }, axes, bands },
        {
          onBand(b: MapBand) {
            if (job.cancelled) return;
            post({ type: 'map-rows', mapId, size, r0: b.r0, r1: b.r1, cols: b.cols, status: b.status, step: b.step, loss: b.loss }, [b.status.buffer, b.step.buffer, b.loss.buffer]);
            if (--left > 0) return;
            const final = k === sizes.length - 1;
            post({ type: 'map-done', mapId, size, final }, []);
            if (final) {
              if (current === job) current = null;
            } else stage(k + 1);
          },
          onError: fail,
        },
      );
    };
    stage(0);
  }

  return {
    start,
    cancel(mapId: number) {
      if (current && current.mapId <= mapId) stop();
    },
  };
}
