import { engineError } from './problem';
import type { Mlp } from './problems/mlp';
import { outputLoss, unitMajor } from './problems/mlpKernel';
import { forwardRows } from './problems/mlpLinear';
import { locateParam } from './problems/mlpParams';
import { FLOAT32_MAX, type Plane, type SurfaceRows } from './surface';


/**
 * sampleSurface for a two-parameter slice of an MLP (`plane` from twoParamPlane(θ0, i, j, …): u = e_i,
 * v = e_j, origin equal to θ0 off i and j), with per-layer caching. Only θ_i and θ_j change across the
 * grid, so nothing is recomputed that does not depend on them:
 *   once per surface: the layers below the earlier of the two parameters' layers, and that layer's
 *                     other units;
 *   once per value of the earlier-layer parameter (a grid row or column): its unit, and the layers up to
 *                     the later parameter's layer;
 *   per cell: the later parameter's unit and the layers above it, then the loss.
 * Every number is computed by the same kernel in the same order as Mlp.loss, so the values equal
 * sampleSurface(mlp, plane, nx, ny) exactly. `rowsFrom`/`rowsTo` select a band of rows so the grid can
 * be split across workers. Throws an engine error if the plane is not such a slice.
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
  const { layout, dataset, spec } = mlp;
  const n = layout.paramCount;
  if (!(Number.isInteger(nx) && Number.isInteger(ny) && nx >= 2 && ny >= 2)) engineError(`surface grid must be at least 2×2 integers, got ${nx}×${ny}`);
  if (!(Number.isInteger(rowsFrom) && Number.isInteger(rowsTo) && 0 <= rowsFrom && rowsFrom < rowsTo && rowsTo <= ny)) {
    engineError(`row band [${rowsFrom}, ${rowsTo}) is not inside 0 … ${ny}`);
  }
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

  const L = layout.layers.length;
  const N = dataset.n;
  const A = spec.layers.map((m, l) => (l === 0 ? unitMajor(dataset.x, N, m) : new Float64Array(m * N)));
  const Z = spec.layers.map((m) => new Float64Array(m * N));
  const D = unitMajor(dataset.y, N, dataset.outputDim);
  const theta = Float64Array.from(plane.origin);
  const rows = (l: number, r0: number, r1: number) => {
    if (r0 < r1) forwardRows(theta, layout.layers[l - 1]!, A[l - 1]!, Z[l]!, A[l]!, N, r0, r1);
  };
  /** Every unit of layer l except s and t (−1 for none), in at most three contiguous runs. */
  const rowsExcept = (l: number, s: number, t: number) => {
    const skip = [s, t].filter((r) => r >= 0).sort((x, y) => x - y);
    let from = 0;
    for (const r of skip) {
      rows(l, from, r);
      from = Math.max(from, r + 1);
    }
    rows(l, from, spec.layers[l]!);
  };

  // The outer loop walks the parameter in the earlier layer (j on ties), the inner one the other.
  const outerIsJ = lj.layer <= li.layer;
  const [outer, inner] = outerIsJ ? [lj, li] : [li, lj];
  const sameUnit = outer.layer === inner.layer && outer.row === inner.row;
  for (let l = 1; l < outer.layer; l++) rows(l, 0, spec.layers[l]!);
  rowsExcept(outer.layer, outer.row, inner.layer === outer.layer ? inner.row : -1);

  const da = (plane.aMax - plane.aMin) / (nx - 1);
  const db = (plane.bMax - plane.bMin) / (ny - 1);
  const values = new Float32Array((rowsTo - rowsFrom) * nx);
  let min = Infinity;
  let max = -Infinity;
  const [o0, o1, in0, in1] = outerIsJ ? [rowsFrom, rowsTo, 0, nx] : [0, nx, rowsFrom, rowsTo];
  // Same expressions as sampleSurface: θ_i = (origin_i + b·0) + a, θ_j = (origin_j + b) + a·0 (equal up to the sign of 0).
  const aAt = (ci: number) => plane.aMin + ci * da;
  const bAt = (cj: number) => plane.bMin + cj * db;
  for (let ko = o0; ko < o1; ko++) {
    theta[outerIsJ ? j : i] = outerIsJ ? plane.origin[j]! + bAt(ko) : plane.origin[i]! + aAt(ko);
    if (!sameUnit) rows(outer.layer, outer.row, outer.row + 1);
    if (inner.layer > outer.layer) {
      for (let l = outer.layer + 1; l < inner.layer; l++) rows(l, 0, spec.layers[l]!);
      rowsExcept(inner.layer, inner.row, -1);
    }
    for (let ki = in0; ki < in1; ki++) {
      theta[outerIsJ ? i : j] = outerIsJ ? plane.origin[i]! + aAt(ki) : plane.origin[j]! + bAt(ki);
      rows(inner.layer, inner.row, inner.row + 1);
      for (let l = inner.layer + 1; l <= L; l++) rows(l, 0, spec.layers[l]!);
      let loss = outputLoss(spec.loss, layout.layers[L - 1]!, Z[L]!, A[L]!, D, N, null);
      if (!(loss < FLOAT32_MAX)) loss = FLOAT32_MAX;
      else if (loss < -FLOAT32_MAX) loss = -FLOAT32_MAX;
      const at = outerIsJ ? (ko - rowsFrom) * nx + ki : (ki - rowsFrom) * nx + ko;
      values[at] = loss;
      const stored = values[at]!;
      if (stored < min) min = stored;
      if (stored > max) max = stored;
    }
  }
  return { nx, ny, rowsFrom, rowsTo, values, min, max };
}

export type { SurfaceRows };
