/**
 * The loss over an MLP slice, a band of rows or cells at a time (so the worker can yield between bands and a
 * newer run can cancel the rest), and the paths projected onto the slice.
 */
import { locateParam } from '../engine/problems/mlpParams';
import { projectOntoPlane, sampleTwoParamSurface, type SurfaceRows } from '../engine/slices';
import { sampleSurfaceCells, sampleSurfaceRows, type Plane } from '../engine/surface';
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

/** Cells [from, to) of a side × side grid, flat row-major indices (cell j·side + i ↔ b_j, a_i). */
export interface CellBand {
  readonly from: number;
  readonly to: number;
  /** to − from finite float32 values. */
  readonly values: Float32Array;
  /** Smallest and largest value of the band. */
  readonly min: number;
  readonly max: number;
}

/** What an activation (sliceTanh, a rational function) costs in cellWork's multiply-adds. */
const ACTIVATION_WORK = 5;
/** What the loss of one point costs in cellWork's multiply-adds. */
const LOSS_WORK = 10;

/**
 * The work of one cell of the slice's surface, in the unit of cellBands' `work` (and of a training step's
 * 3·N·n): N·n (N points, n parameters) for Mlp.loss, which evaluates every layer. The cached sampler of a
 * 'params' slice evaluates only the inner parameter's unit, the layer above it as a rank-1 update and the
 * layers above that in full (sliceKernel.ts), so its cell costs N·n times that share of a forward pass,
 * counted per point as multiply-adds, an activation as ACTIVATION_WORK and the loss as LOSS_WORK. Measured
 * in Chromium and Node: a 2-8-8-1 cell of W1[0][0] × W1[0][1] takes 0.43 of Mlp.loss's time (this says 0.42),
 * of W3[0][4] × W3[0][5] 0.10 (0.09); a 2-12-12-1 cell of W1[0][0] × W1[0][1] 0.40 (0.33). Without it,
 * 'params' bands came out 2–10 times shorter than the work asked for: many round trips to the band workers.
 */
export function sliceCellCost(setup: MlpSetup, e: MlpExperiment): number {
  const { layout } = setup.mlp;
  const full = Math.max(1, setup.dataset.n) * layout.paramCount;
  if (e.slice !== 'params') return full;
  const layerWork = (l: number) => {
    const L = layout.layers[l - 1];
    return L ? L.nOut * (L.nIn + ACTIVATION_WORK) : 0;
  };
  let all = LOSS_WORK;
  for (let l = 1; l <= layout.layers.length; l++) all += layerWork(l);
  // The inner parameter is the one in the later layer; the outer one is fixed along a row.
  const inner = Math.max(locateParam(layout, e.pair[0]).layer, locateParam(layout, e.pair[1]).layer);
  let cached = LOSS_WORK + 1 + ACTIVATION_WORK + (layout.layers[inner]?.nOut ?? 0) * (1 + ACTIVATION_WORK);
  for (let l = inner + 2; l <= layout.layers.length; l++) cached += layerWork(l);
  return Math.max(1, Math.round((full * Math.min(cached, all)) / all));
}

/**
 * Bands of cells covering a side × side grid, each about `work` multiply-adds at `costPerCell` each
 * (N·n for the loss of N points and n parameters): whole rows when a row fits, so a 'params' slice can
 * use its cached row sampler; single cells at the least, so no band of the largest network runs long.
 */
export function cellBands(side: number, costPerCell: number, work: number): [number, number][] {
  let size = Math.max(1, Math.floor(work / Math.max(1, costPerCell)));
  if (size >= side) size -= size % side;
  const total = side * side;
  const bands: [number, number][] = [];
  for (let from = 0; from < total; from += size) bands.push([from, Math.min(total, from + size)]);
  return bands;
}

/**
 * Cells [from, to) of the slice's side × side surface, equal to the same cells of
 * sampleSurface(setup.mlp, plane, side, side): whole rows of a 'params' slice go through its cached row
 * sampler (equal up to rounding, see engine/sliceSampler.ts), everything else through sampleSurfaceCells.
 */
export function sliceCells(setup: MlpSetup, e: MlpExperiment, plane: Plane, side: number, from: number, to: number): CellBand {
  if (e.slice === 'params' && from % side === 0 && to % side === 0 && from < to) {
    const r = sliceRows(setup, e, { plane }, side, from / side, to / side);
    return { from, to, values: r.values, min: r.min, max: r.max };
  }
  return { from, to, ...sampleSurfaceCells(setup.mlp, plane, side, side, from, to) };
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
