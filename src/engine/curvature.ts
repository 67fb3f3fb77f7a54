import { symmetricEigen } from './linalg';
import type { Problem } from './problem';

/** Above this many parameters no dense Hessian is formed (Newton is refused, the settle test uses power iteration). */
export const MAX_HESSIAN_PARAMS = 128;

/**
 * ∇²L(θ) into `out` (n × n, row-major): the problem's exact Hessian when it has one, otherwise central
 * differences of the exact gradient (differenceHessian). θ is restored exactly.
 */
export function hessianAt(problem: Problem, theta: Float64Array, out: Float64Array): void {
  if (problem.hessian) problem.hessian(theta, out);
  else differenceHessian(problem, theta, out);
}

/**
 * Central differences of the exact gradient, H_ij ≈ (g_j(θ + h e_i) − g_j(θ − h e_i)) / 2h with
 * h = 10⁻⁵·max(1, |θ_i|), symmetrised ((H + Hᵀ)/2), for the rows and columns in `indices` (all by default;
 * other entries of `out` are left as they are). Costs 2 gradients per index. θ is restored exactly.
 */
export function differenceHessian(problem: Problem, theta: Float64Array, out: Float64Array, indices?: readonly number[]): void {
  const n = problem.paramCount;
  const idx = indices ?? Array.from({ length: n }, (_, i) => i);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  for (const i of idx) {
    const keep = theta[i]!;
    const h = 1e-5 * Math.max(1, Math.abs(keep));
    theta[i] = keep + h;
    problem.lossAndGrad(theta, gp);
    theta[i] = keep - h;
    problem.lossAndGrad(theta, gm);
    theta[i] = keep;
    for (const j of idx) out[i * n + j] = (gp[j]! - gm[j]!) / (2 * h);
  }
  for (const i of idx) {
    for (const j of idx) {
      if (j <= i) continue;
      const m = 0.5 * (out[i * n + j]! + out[j * n + i]!);
      out[i * n + j] = m;
      out[j * n + i] = m;
    }
  }
}

/** Curvature below this in every direction (|λ| for all eigenvalues) makes a settled point a plateau. */
export const FLAT_CURVATURE = 1e-6;

/** What a point is, from the Hessian's eigenvalues: a bowl, a saddle (or ridge/maximum), or a plateau. */
export type PointKind = 'minimum' | 'saddle' | 'flat';

/** A flat direction counts as a way down when the loss drops by this much (relative, or 10⁻⁹ absolute) along it. */
export const PROBE_DROP = 1e-3;

/**
 * The kind of a point where the gradient vanishes (the settle test of run.ts), from H = ∇²L(θ):
 * - 'flat' when max |λ| < FLAT_CURVATURE: no direction curves, e.g. a sigmoid saturated far from the data
 *   (σ ≡ 1, L constant to 20 digits); or when the smallest |λ| is below FLAT_CURVATURE and the loss,
 *   probed along that flat eigenvector at ±2^j·max(1, rms θ) (j = −2 … 5), drops below L·(1 − PROBE_DROP):
 *   the edge of a plateau (one data point saturated, the others fitted), where the gradient vanishes but the
 *   loss still goes down further away. A flat valley of equal minima (a degenerate quadratic) stays a minimum.
 * - 'saddle' when λ_min < −max(FLAT_CURVATURE, 10⁻³·max |λ|): some direction goes down;
 * - 'minimum' otherwise.
 * Probes and saddles are decided for n ≤ MAX_HESSIAN_PARAMS (the whole spectrum is computed); above that,
 * only max |λ| is known, from 30 power iterations on Hessian-vector products by differences of gradients.
 */
export function classifyPoint(problem: Problem, theta: Float64Array): { kind: PointKind; minEig: number; maxAbsEig: number } {
  const n = problem.paramCount;
  if (n > MAX_HESSIAN_PARAMS) {
    const maxAbs = powerCurvature(problem, theta);
    return { kind: maxAbs < FLAT_CURVATURE ? 'flat' : 'minimum', minEig: NaN, maxAbsEig: maxAbs };
  }
  const full = new Float64Array(n * n);
  hessianAt(problem, theta, full);
  if (!full.every(Number.isFinite)) return { kind: 'minimum', minEig: NaN, maxAbsEig: NaN };
  // With frozen parameters (trainOnly) the point is judged in the directions that train.
  const active = problem.trainable ?? Array.from({ length: n }, (_, i) => i);
  if (active.length === 0) return { kind: 'flat', minEig: 0, maxAbsEig: 0 };
  const m = active.length;
  const H = new Float64Array(m * m);
  active.forEach((i, a) => active.forEach((j, b) => (H[a * m + b] = full[i * n + j]!)));
  const { values, vectors: sub } = symmetricEigen(H, m);
  const vectors = new Float64Array(n * m);
  active.forEach((i, a) => {
    for (let c = 0; c < m; c++) vectors[i * m + c] = sub[a * m + c]!;
  });
  const maxAbs = Math.max(Math.abs(values[0]!), Math.abs(values[m - 1]!));
  const minEig = values[m - 1]!;
  const out = (kind: PointKind) => ({ kind, minEig, maxAbsEig: maxAbs });
  if (maxAbs < FLAT_CURVATURE) return out('flat');
  if (minEig < -Math.max(FLAT_CURVATURE, 1e-3 * maxAbs)) return out('saddle');
  let flatest = 0;
  for (let j = 1; j < m; j++) if (Math.abs(values[j]!) < Math.abs(values[flatest]!)) flatest = j;
  if (Math.abs(values[flatest]!) < FLAT_CURVATURE) {
    const dir = Float64Array.from({ length: n }, (_, i) => vectors[i * m + flatest]!);
    if (dropsAlong(problem, theta, dir)) return out('flat');
  }
  return out('minimum');
}

function dropsAlong(problem: Problem, theta: Float64Array, dir: Float64Array): boolean {
  const n = theta.length;
  const L = problem.loss(theta);
  let t2 = 0;
  for (let i = 0; i < n; i++) t2 += theta[i]! * theta[i]!;
  const scale = Math.max(1, Math.sqrt(t2 / n));
  const bar = L - Math.max(PROBE_DROP * Math.abs(L), 1e-9);
  const probe = new Float64Array(n);
  for (let j = -2; j <= 5; j++) {
    for (const sign of [1, -1]) {
      const s = sign * 2 ** j * scale;
      for (let i = 0; i < n; i++) probe[i] = theta[i]! + s * dir[i]!;
      if (problem.loss(probe) < bar) return true;
    }
  }
  return false;
}

function powerCurvature(problem: Problem, theta: Float64Array): number {
  const n = problem.paramCount;
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  const hv = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const probe = new Float64Array(n);
  let norm = 0;
  for (let it = 0; it < 30; it++) {
    let tn = 0;
    for (let i = 0; i < n; i++) tn += theta[i]! * theta[i]!;
    const h = 1e-5 * Math.max(1, Math.sqrt(tn / n));
    for (let i = 0; i < n; i++) probe[i] = theta[i]! + h * v[i]!;
    problem.lossAndGrad(probe, gp);
    for (let i = 0; i < n; i++) probe[i] = theta[i]! - h * v[i]!;
    problem.lossAndGrad(probe, gm);
    norm = 0;
    for (let i = 0; i < n; i++) {
      hv[i] = (gp[i]! - gm[i]!) / (2 * h);
      norm += hv[i]! * hv[i]!;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return Number.isFinite(norm) ? 0 : Infinity;
    v = Float64Array.from(hv, (x) => x / norm);
  }
  return norm;
}

/**
 * Solves H d = g for d (n × n, row-major; H and g are not modified) by Cholesky when H is positive
 * definite, else by Gaussian elimination with partial pivoting. Returns 'singular' when a pivot is at most
 * 10⁻¹²·max |H_ij| (or H is zero or not finite), else whether H was positive definite. With `active`
 * (the trainable parameters) the others get d_i = 0 and the system is solved on the active block.
 */
export function solveNewton(H: Float64Array, g: Float64Array, n: number, d: Float64Array, active?: readonly number[]): 'pd' | 'indefinite' | 'singular' {
  if (active && active.length < n) {
    // Frozen parameters (trainOnly) do not move; solve in the trained ones.
    d.fill(0);
    const m = active.length;
    if (m === 0) return 'singular';
    const sub = new Float64Array(m * m);
    const gs = new Float64Array(m);
    const ds = new Float64Array(m);
    active.forEach((i, a) => {
      gs[a] = g[i]!;
      active.forEach((j, b) => (sub[a * m + b] = H[i * n + j]!));
    });
    const kind = solveNewton(sub, gs, m, ds);
    active.forEach((i, a) => (d[i] = ds[a]!));
    return kind;
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const a = Math.abs(H[i]!);
    if (!Number.isFinite(a)) return 'singular';
    if (a > scale) scale = a;
  }
  if (scale === 0) return 'singular';
  const tiny = 1e-12 * scale;
  if (cholesky(H, g, n, d, tiny)) return 'pd';
  return gauss(H, g, n, d, tiny) ? 'indefinite' : 'singular';
}

function cholesky(H: Float64Array, g: Float64Array, n: number, d: Float64Array, tiny: number): boolean {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > tiny)) return false;
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * d[k]!;
    d[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = d[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * d[k]!;
    d[i] = s / L[i * n + i]!;
  }
  return true;
}

function gauss(H: Float64Array, g: Float64Array, n: number, d: Float64Array, tiny: number): boolean {
  const A = Float64Array.from(H);
  const b = Float64Array.from(g);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]!) > Math.abs(A[p * n + c]!)) p = r;
    if (!(Math.abs(A[p * n + c]!) > tiny)) return false;
    if (p !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[p * n + k]] = [A[p * n + k]!, A[c * n + k]!];
      [b[c], b[p]] = [b[p]!, b[c]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c]! / A[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] = A[r * n + k]! - f * A[c * n + k]!;
      b[r] = b[r]! - f * b[c]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= A[i * n + k]! * d[k]!;
    d[i] = s / A[i * n + i]!;
  }
  return d.every(Number.isFinite);
}
