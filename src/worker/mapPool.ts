import { mapRows, type MapAxes, type MapBand, type MapSpec } from '../engine/convergenceMap';
import type { MapInit } from './bandMessages';
import type { Schedule } from './handler';

/**
 * One stage of an (η, γ) map to compute in row bands: what a band worker needs to rebuild it (`init`:
 * the experiment, the run and N) and, for computing on this thread, the spec and axes themselves.
 */
export interface MapPoolRequest {
  readonly init: MapInit;
  readonly spec: MapSpec;
  readonly axes: MapAxes;
  /** [r0, r1) row bands. */
  readonly bands: readonly (readonly [number, number])[];
}

/** Hands finished bands back, in any order; `onError` at most once, after which no band follows. */
export interface MapSink {
  onBand(band: MapBand): void;
  onError(err: unknown): void;
}

/**
 * Where a map's bands are computed. `workers`: how many threads share them (for mapBands' split).
 * `mapBands` returns a cancel function: after it, nothing of that request reaches the sink. A newer
 * request cancels the older one.
 */
export interface MapPool {
  readonly workers: number;
  mapBands(request: MapPoolRequest, sink: MapSink): () => void;
}

/**
 * Every map cell on this thread, ONE CELL per scheduled task (a cell is one run of the experiment's
 * steps), so the engine worker's trajectory job and newer messages get in between. The fallback when no
 * band worker can, and the unit tests' pool.
 */
export function createInlineMapPool(schedule: Schedule): MapPool {
  let active: { cancelled: boolean } | null = null;
  return {
    workers: 1,
    mapBands(request, sink) {
      if (active) active.cancelled = true;
      const me = { cancelled: false };
      active = me;
      const { spec, axes, bands } = request;
      let k = 0;
      let r = bands[0]?.[0] ?? 0;
      let c = 0;
      let band: MapBand | null = null;
      const task = () => {
        if (me.cancelled) return;
        const [r0, r1] = bands[k]!;
        const cols = axes.cols;
        band ??= { r0, r1, cols, status: new Uint8Array((r1 - r0) * cols), step: new Int32Array((r1 - r0) * cols), loss: new Float64Array((r1 - r0) * cols) };
        try {
          // One column's axes: mapRows of a 1-column map is exactly that cell of the full map.
          const one = mapRows(spec, r, r + 1, { ...axes, etas: axes.etas.subarray(c, c + 1), cols: 1 });
          const i = (r - r0) * cols + c;
          band.status[i] = one.status[0]!;
          band.step[i] = one.step[0]!;
          band.loss[i] = one.loss[0]!;
        } catch (err) {
          me.cancelled = true;
          sink.onError(err);
          return;
        }
        if (++c >= cols) {
          c = 0;
          r++;
        }
        if (r >= r1) {
          const done = band;
          band = null;
          k++;
          if (k < bands.length) {
            r = bands[k]![0];
            schedule(task);
          }
          sink.onBand(done);
        } else schedule(task);
      };
      if (bands.length > 0) schedule(task);
      return () => {
        me.cancelled = true;
      };
    },
  };
}
