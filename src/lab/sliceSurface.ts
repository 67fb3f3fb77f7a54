/**
 * The loss over an MLP slice, a band of rows at a time (so the worker can yield between bands and a
 * newer run can cancel the rest), and the paths projected onto the slice.
 */
import { projectOntoPlane, sampleTwoParamSurface, type SurfaceRows } from '../engine/slices';
import { sampleSurfaceRows, type Plane } from '../engine/surface';
import type { MlpExperiment } from '../protocol/experiment';
import type { MlpSetup, MlpSlice } from './mlpSetup';

/**
 * Rows [rowsFrom, rowsTo) of the slice's n × n surface: for a 'params' slice the cached two-parameter
 * sampler (same numbers, fewer layers recomputed), otherwise sampleSurfaceRows.
 */
export function sliceRows(setup: MlpSetup, e: MlpExperiment, slice: Pick<MlpSlice, 'plane'>, n: number, rowsFrom: number, rowsTo: number): SurfaceRows {
  if (e.slice === 'params') return sampleTwoParamSurface(setup.mlp, setup.theta0, e.pair[0], e.pair[1], slice.plane, n, n, rowsFrom, rowsTo);
  return sampleSurfaceRows(setup.mlp, slice.plane, n, n, rowsFrom, rowsTo);
}

/**
 * Row bands [from, to) covering 0 … n of an n × n grid, each about `work` loss evaluations' worth of
 * N·paramCount multiply-adds (at least one row), so one band is one short task.
 */
export function rowBands(n: number, costPerCell: number, work: number): [number, number][] {
  const rows = Math.max(1, Math.floor(work / (Math.max(1, costPerCell) * n)));
  const bands: [number, number][] = [];
  for (let from = 0; from < n; from += rows) bands.push([from, Math.min(n, from + rows)]);
  return bands;
}

/** The rows of a path on the slice: (a, b) pairs, 2 per row, and each row's distance from the plane. */
export interface ProjectedRows {
  readonly ab: Float64Array;
  readonly offPlane: Float64Array;
}

/** projectOntoPlane for rows [from, to) of a row-major θ array with n values per row. */
export function projectRows(plane: Plane, params: Float64Array, n: number, from: number, to: number): ProjectedRows {
  const ab = new Float64Array(2 * (to - from));
  const offPlane = new Float64Array(to - from);
  for (let t = from; t < to; t++) {
    const p = projectOntoPlane(plane, params.subarray(t * n, (t + 1) * n));
    ab[2 * (t - from)] = p.a;
    ab[2 * (t - from) + 1] = p.b;
    offPlane[t - from] = p.offPlane;
  }
  return { ab, offPlane };
}
