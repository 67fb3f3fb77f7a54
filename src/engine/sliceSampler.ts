import { engineError } from './problem';
import type { Mlp } from './problems/mlp';
import { locateParam } from './problems/mlpParams';
import { createSliceKernel } from './sliceKernel';
import { checkBand, storedLoss, type Plane, type SurfaceRows } from './surface';

/**
 * The losses of rows [rowsFrom, rowsTo) of a two-parameter MLP slice as float64, unclamped, row-major
 * ((rowsTo − rowsFrom) × nx; row k ↔ b_k = θ_j, column c ↔ a_c = θ_i). `plane` must come from
 * twoParamPlane(θ0, i, j, …): u = e_i, v = e_j, origin equal to θ0 off i and j. The grid is walked with
 * the parameter in the later layer as the inner loop (see sliceKernel.ts for what is cached where), and
 * every cell equals Mlp.loss at that θ up to rounding (the sums are added in another order). Throws an
 * engine error for a bad grid, row band or plane. sampleTwoParamSurface is this, rounded to float32.
 */
export function twoParamLossRows(
  mlp: Mlp,
  theta0: Float64Array,
  i: number,
  j: number,
  plane: Plane,
  nx: number,
  ny: number,
  rowsFrom = 0,
  rowsTo = ny,
): Float64Array {
  const { layout } = mlp;
  const n = layout.paramCount;
  checkBand(nx, ny, rowsFrom, rowsTo);
  if (theta0.length !== n || plane.origin.length !== n || plane.u.length !== n || plane.v.length !== n) {
    engineError(`θ0 and the plane must have ${n} values`);
  }
  if (i === j) engineError(`the two parameters of a slice must differ, got i = j = ${i}`);
  const li = locateParam(layout, i);
  const lj = locateParam(layout, j);
  for (let p = 0; p < n; p++) {
    const axis = plane.u[p] === (p === i ? 1 : 0) && plane.v[p] === (p === j ? 1 : 0);
    if (!axis || (p !== i && p !== j && plane.origin[p] !== theta0[p])) {
      engineError(`plane is not the slice of parameters ${i} and ${j} through θ0 (mismatch at ${p})`);
    }
  }

  // The outer loop walks the parameter in the earlier layer (j on ties), the inner one the other.
  const outerIsJ = lj.layer <= li.layer;
  const kernel = createSliceKernel(mlp, theta0, outerIsJ ? j : i, outerIsJ ? i : j);
  const da = (plane.aMax - plane.aMin) / (nx - 1);
  const db = (plane.bMax - plane.bMin) / (ny - 1);
  // Same expressions as sampleSurface: θ_i = (origin_i + b·0) + a, θ_j = (origin_j + b) + a·0 (equal up to the sign of 0).
  const aAt = (c: number) => plane.origin[i]! + (plane.aMin + c * da);
  const bAt = (r: number) => plane.origin[j]! + (plane.bMin + r * db);
  const values = new Float64Array((rowsTo - rowsFrom) * nx);
  if (outerIsJ) {
    for (let r = rowsFrom; r < rowsTo; r++) {
      kernel.setOuter(bAt(r));
      for (let c = 0; c < nx; c++) values[(r - rowsFrom) * nx + c] = kernel.loss(aAt(c));
    }
  } else {
    for (let c = 0; c < nx; c++) {
      kernel.setOuter(aAt(c));
      for (let r = rowsFrom; r < rowsTo; r++) values[(r - rowsFrom) * nx + c] = kernel.loss(bAt(r));
    }
  }
  return values;
}

/**
 * sampleSurface for a two-parameter slice of an MLP (`plane` from twoParamPlane(θ0, i, j, …)), rows
 * [rowsFrom, rowsTo) only so the grid can be split across workers: twoParamLossRows rounded to float32,
 * each loss as storedLoss keeps it, exactly as sampleSurface does. Only θ_i and θ_j change across the grid, so each cell costs the changed unit and the layers above
 * it, the next layer as a rank-1 update (see sliceKernel.ts): for the 2-8-8-1 lecture network 10 tanh and 17
 * multiply-adds per point instead of 17 and 88. The values equal sampleSurface's up to rounding (the
 * float64 losses agree to about 1e−14 relative, so a float32 value can differ by one unit in the last
 * place).
 * Throws an engine error if the plane is not such a slice or the grid or band is bad.
 */
export function sampleTwoParamSurface(
  mlp: Mlp,
  theta0: Float64Array,
  i: number,
  j: number,
  plane: Plane,
  nx: number,
  ny: number,
  rowsFrom = 0,
  rowsTo = ny,
): SurfaceRows {
  const losses = twoParamLossRows(mlp, theta0, i, j, plane, nx, ny, rowsFrom, rowsTo);
  const values = new Float32Array(losses.length);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < losses.length; k++) {
    values[k] = storedLoss(losses[k]!);
    const stored = values[k]!;
    if (stored < min) min = stored;
    if (stored > max) max = stored;
  }
  return { nx, ny, rowsFrom, rowsTo, values, min, max };
}

export type { SurfaceRows };
