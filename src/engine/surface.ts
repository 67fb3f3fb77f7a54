import { engineError, type Problem } from './problem';

/** Largest finite float32; grid values are clamped to it so a GPU buffer never sees ±Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A 2-D plane through θ-space: θ(a, b) = origin + a·u + b·v, with a ∈ [aMin, aMax] and
 * b ∈ [bMin, bMax]. For a two-parameter problem, origin = 0, u = e₀, v = e₁ makes (a, b) = (w, b).
 */
export interface Plane {
  readonly origin: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly aMin: number;
  readonly aMax: number;
  readonly bMin: number;
  readonly bMax: number;
}

/** A sampled surface: nx × ny values, row-major (row j ↔ b_j, column i ↔ a_i), float32-safe. */
export interface SurfaceGrid {
  readonly nx: number;
  readonly ny: number;
  readonly values: Float32Array;
  /** Smallest and largest finite value in the grid. */
  readonly min: number;
  readonly max: number;
}

/** The axis-aligned plane of a two-parameter problem over [wMin, wMax] × [bMin, bMax]. */
export function axisPlane(wMin: number, wMax: number, bMin: number, bMax: number): Plane {
  return {
    origin: new Float64Array(2),
    u: Float64Array.of(1, 0),
    v: Float64Array.of(0, 1),
    aMin: wMin,
    aMax: wMax,
    bMin,
    bMax,
  };
}

/**
 * Samples L on an nx × ny lattice spanning the plane edge to edge: a_i = aMin + i·(aMax − aMin)/(nx − 1).
 * Non-finite losses become FLOAT32_MAX (and large ones are clamped to it), so the grid is always finite.
 * `out` may be passed to reuse a buffer of length nx·ny.
 */
export function sampleSurface(problem: Problem, plane: Plane, nx: number, ny: number, out?: Float32Array): SurfaceGrid {
  const r = sampleSurfaceRows(problem, plane, nx, ny, 0, ny, out && out.length === nx * ny ? out : undefined);
  return { nx, ny, values: r.values, min: r.min, max: r.max };
}

/** A band of rows [rowsFrom, rowsTo) of an nx × ny surface grid (row-major, finite float32). */
export interface SurfaceRows {
  readonly nx: number;
  readonly ny: number;
  readonly rowsFrom: number;
  readonly rowsTo: number;
  readonly values: Float32Array;
  /** Smallest and largest value stored in this band. */
  readonly min: number;
  readonly max: number;
}

/**
 * A loss as the grid stores it: clamped to ±FLOAT32_MAX, NaN (and +∞) as FLOAT32_MAX, so the grid is
 * always finite in float32. Every sampler (this file, the two-parameter sampler, the band workers) uses it.
 */
export function storedLoss(L: number): number {
  return !(L < FLOAT32_MAX) ? FLOAT32_MAX : L < -FLOAT32_MAX ? -FLOAT32_MAX : L;
}

/** Throws an engine error unless nx × ny is a grid of at least 2 × 2 and [rowsFrom, rowsTo) a band of its rows. */
export function checkBand(nx: number, ny: number, rowsFrom: number, rowsTo: number): void {
  if (!(Number.isInteger(nx) && Number.isInteger(ny) && nx >= 2 && ny >= 2)) engineError(`surface grid must be at least 2×2 integers, got ${nx}×${ny}`);
  if (!(Number.isInteger(rowsFrom) && Number.isInteger(rowsTo) && 0 <= rowsFrom && rowsFrom < rowsTo && rowsTo <= ny)) {
    engineError(`row band [${rowsFrom}, ${rowsTo}) is not inside 0 … ${ny}`);
  }
}

/**
 * Rows [rowsFrom, rowsTo) of sampleSurface(problem, plane, nx, ny): the same expressions in the same
 * order (a_i = aMin + i·da, θ = (origin + b·v) + a·u, losses as storedLoss keeps them), so the bands of a
 * grid put together equal sampleSurface's grid exactly.
 */
export function sampleSurfaceRows(problem: Problem, plane: Plane, nx: number, ny: number, rowsFrom: number, rowsTo: number, out?: Float32Array): SurfaceRows {
  checkBand(nx, ny, rowsFrom, rowsTo);
  const r = sampleSurfaceCells(problem, plane, nx, ny, rowsFrom * nx, rowsTo * nx, out);
  return { nx, ny, rowsFrom, rowsTo, values: r.values, min: r.min, max: r.max };
}

/**
 * Cells [from, to) of sampleSurface(problem, plane, nx, ny), flat row-major indices (cell j·nx + i ↔
 * b_j, a_i), bit for bit: any band of cells, so a grid can be split into pieces of even work.
 */
export function sampleSurfaceCells(
  problem: Problem,
  plane: Plane,
  nx: number,
  ny: number,
  from: number,
  to: number,
  out?: Float32Array,
): { values: Float32Array; min: number; max: number } {
  const total = nx * ny;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= total)) engineError(`cell band [${from}, ${to}) is not inside 0 … ${total}`);
  const n = problem.paramCount;
  const values = out ?? new Float32Array(to - from);
  const theta = new Float64Array(n);
  const rowBase = new Float64Array(n);
  const { origin, u, v } = plane;
  const da = (plane.aMax - plane.aMin) / (nx - 1);
  const db = (plane.bMax - plane.bMin) / (ny - 1);
  let min = Infinity;
  let max = -Infinity;
  // Row by row (the first and last rows of the band may be partial): the hot loop stays a plain loop over a.
  const lastRow = Math.floor((to - 1) / nx);
  for (let j = Math.floor(from / nx); j <= lastRow; j++) {
    const b = plane.bMin + j * db;
    for (let p = 0; p < n; p++) rowBase[p] = origin[p]! + b * v[p]!;
    const start = j * nx;
    const i1 = Math.min(nx, to - start);
    for (let i = Math.max(0, from - start); i < i1; i++) {
      const a = plane.aMin + i * da;
      for (let p = 0; p < n; p++) theta[p] = rowBase[p]! + a * u[p]!;
      const at = start + i - from;
      values[at] = storedLoss(problem.loss(theta));
      const stored = values[at]!;
      if (stored < min) min = stored;
      if (stored > max) max = stored;
    }
  }
  return { values, min, max };
}
