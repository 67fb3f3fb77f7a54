import { topEigenpairs } from './linalg';
import { engineError } from './problem';
import type { Plane } from './surface';

/** A PCA slice plane: u, v orthonormal; `explained` = the share of Σ_t ‖θ_t − θ_final‖² along u and v. */
export interface PcaPlane extends Plane {
  readonly explained: readonly [number, number];
  /** How many trajectory rows the directions were computed from (after thinning). */
  readonly rowsUsed: number;
}

/** Options of pcaPlane; every field has a default. */
export interface PcaOptions {
  /** Rows of `rows` to use (default: rows.length / n), e.g. a Trajectory's `length`. */
  readonly rowCount?: number;
  /** Extra room around the projected path, as a fraction of its extent on each axis (default 0.25). */
  readonly margin?: number;
  /**
   * At most this many rows, evenly spaced with the first and last kept, go into the PCA (default 300, about
   * what Li et al. used: one θ per epoch). Bounds the cost at ~maxRows²·n/2 for the largest networks.
   */
  readonly maxRows?: number;
}

/**
 * The plane of the two principal directions of a trajectory about its end (Li et al. 2018, §7): with
 * M the T × n matrix of rows m_t = θ_t − θ_final, u and v are the top two eigenvectors of MᵀM, computed
 * from the smaller of MᵀM (n × n) and the Gram matrix MMᵀ (T × n: then u ∝ Mᵀw). The rows are not
 * re-centred on their mean: the plane passes through θ_final, so the variance that matters is about
 * θ_final, and explained[k] = λ_k / Σ_t ‖m_t‖² = the share of the path's squared distance from θ_final
 * that lies in the plane (1 − explained₁ − explained₂ is what the off-plane gauge shows).
 * The window covers the projection of every row (and θ_final at (0, 0)) plus `margin`. Signs: the first
 * row projects to a ≥ 0 and b ≥ 0. A path that never moves (or moves along a line) gets coordinate axes
 * (or an axis orthogonal to the line) with share 0, not NaN.
 */
export function pcaPlane(rows: Float64Array, thetaFinal: Float64Array, options: PcaOptions = {}): PcaPlane {
  const n = thetaFinal.length;
  const T = options.rowCount ?? rows.length / n;
  const { margin = 0.25, maxRows = 300 } = options;
  if (n < 2) engineError(`a PCA plane needs at least 2 parameters, got ${n}`);
  if (!Number.isInteger(T) || T < 1 || T * n > rows.length) engineError(`trajectory must hold ${T} whole rows of ${n} values`);
  if (!(margin >= 0) || !Number.isInteger(maxRows) || maxRows < 2) engineError(`bad PCA options: margin ${margin}, maxRows ${maxRows}`);

  const used = Math.min(T, maxRows);
  const M = new Float64Array(used * n);
  for (let s = 0; s < used; s++) {
    const t = used === T ? s : Math.round((s * (T - 1)) / (used - 1));
    for (let k = 0; k < n; k++) M[s * n + k] = rows[t * n + k]! - thetaFinal[k]!;
  }
  let trace = 0;
  for (let k = 0; k < used * n; k++) trace += M[k]! * M[k]!;

  const gram = used < n;
  const m = gram ? used : n;
  const len = gram ? n : used;
  // S = M Mᵀ (Gram) or Mᵀ M (covariance) as dot products of the m rows of V = M or Mᵀ (contiguous, length len).
  const V = gram ? M : transpose(M, used, n);
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      for (let k = 0, a = i * len, b = j * len; k < len; k++) s += V[a + k]! * V[b + k]!;
      S[i * m + j] = s;
      S[j * m + i] = s;
    }
  }
  const eig = m >= 2 ? topEigenpairs(S, m, 2) : { values: Float64Array.of(S[0]!, 0), vectors: Float64Array.of(1, 0) };
  // Eigenvalues below ~ε·λ₁ are rounding noise of S, not directions the path took.
  const tiny = 1e-12 * trace;
  const dirs: Float64Array[] = [];
  const shares: number[] = [];
  for (let j = 0; j < 2; j++) {
    const lambda = eig.values[j]!;
    let d: Float64Array = new Float64Array(n);
    if (lambda > tiny && trace > 0) {
      if (gram) for (let t = 0; t < m; t++) for (let k = 0; k < n; k++) d[k]! += M[t * n + k]! * eig.vectors[t * 2 + j]!;
      else for (let k = 0; k < n; k++) d[k] = eig.vectors[k * 2 + j]!;
      shares.push(Math.min(1, lambda / trace));
    } else shares.push(0);
    d = orthonormalTo(d, dirs);
    const first = dot(d, M.subarray(0, n));
    if (first < 0 || (first === 0 && d[largest(d)]! < 0)) for (let k = 0; k < n; k++) d[k] = -d[k]!;
    dirs.push(d);
  }
  const [u, v] = dirs as [Float64Array, Float64Array];

  let aMin = 0;
  let aMax = 0;
  let bMin = 0;
  let bMax = 0;
  for (let t = 0; t < T; t++) {
    let a = 0;
    let b = 0;
    for (let k = 0; k < n; k++) {
      const r = rows[t * n + k]! - thetaFinal[k]!;
      a += u[k]! * r;
      b += v[k]! * r;
    }
    aMin = Math.min(aMin, a);
    aMax = Math.max(aMax, a);
    bMin = Math.min(bMin, b);
    bMax = Math.max(bMax, b);
  }
  const spanA = aMax - aMin || bMax - bMin || 1;
  const spanB = bMax - bMin || spanA;
  return {
    origin: Float64Array.from(thetaFinal),
    u,
    v,
    aMin: aMin - margin * spanA - (aMax === aMin ? spanA / 2 : 0),
    aMax: aMax + margin * spanA + (aMax === aMin ? spanA / 2 : 0),
    bMin: bMin - margin * spanB - (bMax === bMin ? spanB / 2 : 0),
    bMax: bMax + margin * spanB + (bMax === bMin ? spanB / 2 : 0),
    explained: [shares[0]!, shares[1]!],
    rowsUsed: used,
  };
}

function transpose(M: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = M[r * cols + c]!;
  return T;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

function largest(d: Float64Array): number {
  let best = 0;
  for (let k = 1; k < d.length; k++) if (Math.abs(d[k]!) > Math.abs(d[best]!)) best = k;
  return best;
}

/** d scaled to unit length, made orthogonal to the unit vectors in `basis`; a coordinate axis if nothing is left. */
function orthonormalTo(d: Float64Array, basis: readonly Float64Array[]): Float64Array {
  for (let attempt = 0; attempt <= d.length; attempt++) {
    const n0 = Math.sqrt(dot(d, d));
    if (n0 > 0) {
      for (let k = 0; k < d.length; k++) d[k] = d[k]! / n0;
      for (const e of basis) {
        const c = dot(d, e);
        for (let k = 0; k < d.length; k++) d[k] = d[k]! - c * e[k]!;
      }
      const norm = Math.sqrt(dot(d, d));
      // Less than 1e-6 left means d was (numerically) inside span(basis): no new direction there.
      if (norm > 1e-6) return d.map((x) => x / norm);
    }
    d.fill(0);
    d[attempt % d.length] = 1;
  }
  return d;
}
