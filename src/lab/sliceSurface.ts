/**
 * The loss over an MLP slice, a band of rows at a time (so the worker can yield between bands and a
 * newer run can cancel the rest), and the paths projected onto the slice.
 */
import type { Problem } from '../engine/problem';
import { projectOntoPlane, sampleTwoParamSurface, type SurfaceRows } from '../engine/slices';
import { FLOAT32_MAX, type Plane } from '../engine/surface';
import type { MlpExperiment } from '../protocol/experiment';
import type { MlpSetup, MlpSlice } from './mlpSetup';

/**
 * Rows [rowsFrom, rowsTo) of sampleSurface(problem, plane, nx, ny): the same expressions in the same
 * order (a_i = aMin + i·da, θ = (origin + b·v) + a·u, losses clamped to ±FLOAT32_MAX, NaN to FLOAT32_MAX),
 * so the bands of a grid put together equal sampleSurface's grid exactly.
 */
export function sampleSurfaceRows(problem: Problem, plane: Plane, nx: number, ny: number, rowsFrom: number, rowsTo: number): SurfaceRows {
  if (!(Number.isInteger(nx) && Number.isInteger(ny) && nx >= 2 && ny >= 2)) throw new Error(`engine: surface grid must be at least 2×2 integers, got ${nx}×${ny}`);
  if (!(Number.isInteger(rowsFrom) && Number.isInteger(rowsTo) && 0 <= rowsFrom && rowsFrom < rowsTo && rowsTo <= ny)) {
    throw new Error(`engine: row band [${rowsFrom}, ${rowsTo}) is not inside 0 … ${ny}`);
  }
  const n = problem.paramCount;
  const values = new Float32Array((rowsTo - rowsFrom) * nx);
  const theta = new Float64Array(n);
  const rowBase = new Float64Array(n);
  const { origin, u, v } = plane;
  const da = (plane.aMax - plane.aMin) / (nx - 1);
  const db = (plane.bMax - plane.bMin) / (ny - 1);
  let min = Infinity;
  let max = -Infinity;
  for (let j = rowsFrom; j < rowsTo; j++) {
    const b = plane.bMin + j * db;
    for (let p = 0; p < n; p++) rowBase[p] = origin[p]! + b * v[p]!;
    for (let i = 0; i < nx; i++) {
      const a = plane.aMin + i * da;
      for (let p = 0; p < n; p++) theta[p] = rowBase[p]! + a * u[p]!;
      let L = problem.loss(theta);
      if (!(L < FLOAT32_MAX)) L = FLOAT32_MAX;
      else if (L < -FLOAT32_MAX) L = -FLOAT32_MAX;
      const at = (j - rowsFrom) * nx + i;
      values[at] = L;
      const stored = values[at]!;
      if (stored < min) min = stored;
      if (stored > max) max = stored;
    }
  }
  return { nx, ny, rowsFrom, rowsTo, values, min, max };
}

/**
 * Rows [rowsFrom, rowsTo) of the slice's n × n surface: for a 'params' slice the cached two-parameter
 * sampler (same numbers, fewer layers recomputed), otherwise sampleSurfaceRows.
 */
export function sliceRows(setup: MlpSetup, e: MlpExperiment, slice: MlpSlice, n: number, rowsFrom: number, rowsTo: number): SurfaceRows {
  if (e.slice === 'params') return sampleTwoParamSurface(setup.mlp, setup.theta0, e.pair[0], e.pair[1], slice.plane, n, n, rowsFrom, rowsTo);
  return sampleSurfaceRows(setup.mlp, slice.plane, n, n, rowsFrom, rowsTo);
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
