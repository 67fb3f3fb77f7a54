/**
 * The theory at a point: L, ∇L and H = ∇²L at θ, H's eigen-decomposition, what kind of point the signs of
 * the eigenvalues make it, and what each optimizer's module says (its `theory`) about a quadratic with
 * that spectrum: stability bounds on η and best values. On a quadratic the predictions are exact
 * everywhere; elsewhere they are those of the quadratic model at θ, good while the path stays near θ.
 *
 * With a `plane` (the MLP lab's slice) the same is computed for g(a, b) = L(θ + a·u + b·v) at (0, 0):
 * the 2 × 2 Hessian [[uᵀHu, uᵀHv], [vᵀHu, vᵀHv]] and gradient (uᵀ∇L, vᵀ∇L) in plane coordinates, so
 * the eigenvectors and Newton's landing point are in (a, b) too. The network has more directions than
 * the plane: the numbers are about the loss seen on the slice, not the full network.
 */
import { FLAT_CURVATURE, hessianAt, MAX_HESSIAN_PARAMS, solveNewton } from './curvature';
import { symmetricEigen } from './linalg';
import type { OptimizerTheory, Spectrum } from './optimizers/module';
import { OPTIMIZERS, findOptimizer } from './optimizers/registry';
import { resolveSettings, type RunGlobals, type RunSpec } from './optimizers/runs';
import { ETA, GAMMA } from './optimizers/settings';
import { engineError, type Problem } from './problem';

/** An eigen-decomposition: `values` ascending, `vectors[i]` the unit eigenvector of `values[i]`. */
export interface Eigen {
  readonly values: number[];
  readonly vectors: number[][];
}

/**
 * The eigenpairs of the symmetric 2 × 2 matrix [[a, b], [b, c]] in closed form. λ_max = m + r or λ_min =
 * m − r (m = (a + c)/2, r = hypot((a − c)/2, b)), whichever has |m| added, is formed without
 * cancellation, the other as det/that one, so a tiny eigenvalue next to a large one keeps its relative
 * accuracy. Eigenvectors come from the rotation angle φ = ½·atan2(2b, a − c): (cos φ, sin φ) for λ_max,
 * (−sin φ, cos φ) for λ_min, orthonormal by construction; b = 0 gives the exact axes (the first for
 * λ_min when a ≤ c), and an isotropic matrix (a = c, b = 0) the axes e₁, e₂. The matrix is scaled by a
 * power of two first, so entries near the float limits neither overflow nor underflow.
 */
export function eigen2(a0: number, b0: number, c0: number): Eigen {
  if (b0 === 0) {
    return a0 <= c0 ? { values: [a0, c0], vectors: [[1, 0], [0, 1]] } : { values: [c0, a0], vectors: [[0, 1], [1, 0]] };
  }
  // Scaled by a power of two (exact) so that a·c and b² neither overflow nor underflow.
  const s = 2 ** Math.round(Math.log2(Math.max(Math.abs(a0), Math.abs(b0), Math.abs(c0))));
  const a = a0 / s;
  const b = b0 / s;
  const c = c0 / s;
  const m = 0.5 * (a + c);
  const r = Math.hypot(0.5 * (a - c), b);
  const big = m >= 0 ? m + r : m - r;
  const det = a * c - b * b;
  const small = big !== 0 ? det / big : 0;
  const lo = Math.min(big, small);
  const hi = Math.max(big, small);
  const phi = 0.5 * Math.atan2(2 * b, a - c);
  const cs = Math.cos(phi);
  const sn = Math.sin(phi);
  return { values: [lo * s, hi * s], vectors: [[-sn, cs], [cs, sn]] };
}

/**
 * The eigenpairs of a symmetric n × n matrix (row-major), eigenvalues ascending: eigen2 for n = 2 (and
 * the trivial n = 1), cyclic Jacobi rotations (linalg.ts symmetricEigen) for 3 ≤ n ≤ MAX_HESSIAN_PARAMS.
 * Only the upper triangle's symmetric part matters: H is symmetrised first.
 */
export function symmetricEigenAscending(H: ArrayLike<number>, n: number): Eigen {
  if (H.length !== n * n) engineError(`a ${n} × ${n} matrix has ${n * n} entries, got ${H.length}`);
  if (n === 1) return { values: [H[0]!], vectors: [[1]] };
  if (n === 2) return eigen2(H[0]!, 0.5 * (H[1]! + H[2]!), H[3]!);
  if (n > MAX_HESSIAN_PARAMS) engineError(`eigen-decomposition needs n ≤ ${MAX_HESSIAN_PARAMS}, got ${n}`);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = 0.5 * (H[i * n + j]! + H[j * n + i]!);
  const { values, vectors } = symmetricEigen(S, n); // descending, eigenvectors as columns
  const out: Eigen = { values: [], vectors: [] };
  for (let c = n - 1; c >= 0; c--) {
    out.values.push(values[c]!);
    out.vectors.push(Array.from({ length: n }, (_, k) => vectors[k * n + c]!));
  }
  return out;
}

/**
 * The 2 × 2 Hessian of a ↦ L(θ + a·u + b·v) at (0, 0), row-major: [uᵀHu, uᵀHv, vᵀHu, vᵀHv] (symmetric).
 * From the exact Hessian when the problem has one and n ≤ MAX_HESSIAN_PARAMS; otherwise from two
 * Hessian-vector products by central differences of exact gradients, H·u ≈ (∇L(θ + h·u) − ∇L(θ − h·u))/2h
 * with h·‖u‖ = 10⁻⁵·max(1, rms θ) (4 gradients), the off-diagonal averaged. θ is not modified.
 */
export function planeHessian(problem: Problem, theta: ArrayLike<number>, u: ArrayLike<number>, v: ArrayLike<number>): Float64Array {
  const n = problem.paramCount;
  if (theta.length !== n || u.length !== n || v.length !== n) engineError(`θ, u and v must have ${n} values each`);
  const at = Float64Array.from(theta);
  if (problem.hessian && n <= MAX_HESSIAN_PARAMS) {
    const H = new Float64Array(n * n);
    problem.hessian(at, H);
    const quad = (x: ArrayLike<number>, y: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        let hy = 0;
        for (let j = 0; j < n; j++) hy += H[i * n + j]! * y[j]!;
        s += x[i]! * hy;
      }
      return s;
    };
    const uv = 0.5 * (quad(u, v) + quad(v, u));
    return Float64Array.of(quad(u, u), uv, uv, quad(v, v));
  }
  let t2 = 0;
  for (let i = 0; i < n; i++) t2 += at[i]! * at[i]!;
  const scale = 1e-5 * Math.max(1, Math.sqrt(t2 / n));
  const probe = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const hvp = (d: ArrayLike<number>): Float64Array => {
    let d2 = 0;
    for (let i = 0; i < n; i++) d2 += d[i]! * d[i]!;
    const out = new Float64Array(n);
    if (!(d2 > 0)) return out;
    const h = scale / Math.sqrt(d2);
    for (let i = 0; i < n; i++) probe[i] = at[i]! + h * d[i]!;
    problem.lossAndGrad(probe, gp);
    for (let i = 0; i < n; i++) probe[i] = at[i]! - h * d[i]!;
    problem.lossAndGrad(probe, gm);
    for (let i = 0; i < n; i++) out[i] = (gp[i]! - gm[i]!) / (2 * h);
    return out;
  };
  const Hu = hvp(u);
  const Hv = hvp(v);
  const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
    return s;
  };
  const uv = 0.5 * (dot(u, Hv) + dot(v, Hu));
  return Float64Array.of(dot(u, Hu), uv, uv, dot(v, Hv));
}

/**
 * What a point is, from the signs of H's eigenvalues. An eigenvalue counts as zero when
 * |λ| ≤ τ = max(FLAT_CURVATURE, KIND_RELATIVE·max |λ|) (10⁻⁶ absolute, 10⁻³ of the largest: the settle
 * test's rule in curvature.ts), positive above τ, negative below −τ:
 * - 'bowl': all positive (a strict local minimum of the quadratic model: convex here);
 * - 'cap': all negative (a maximum of the model);
 * - 'saddle': some positive and some negative (zeros allowed);
 * - 'ridge': some zero and the others all of one sign: curved across, flat along (a trough or half-pipe
 *   when the curved ones are positive, a ridge top when negative; `signs` tells which);
 * - 'flat': all zero (max |λ| ≤ FLAT_CURVATURE).
 */
export type TheoryKind = 'bowl' | 'cap' | 'saddle' | 'ridge' | 'flat';

/** τ relative to the largest |λ|: see TheoryKind. */
export const KIND_RELATIVE = 1e-3;

/** The tolerance τ below which |λ| counts as zero (TheoryKind). */
export function kindTolerance(values: readonly number[]): number {
  let big = 0;
  for (const x of values) big = Math.max(big, Math.abs(x));
  return Math.max(FLAT_CURVATURE, KIND_RELATIVE * big);
}

/** The kind and per-eigenvalue signs (−1, 0, +1) of a spectrum, with tolerance `tol` (TheoryKind). */
export function classifySpectrum(values: readonly number[], tol = kindTolerance(values)): { kind: TheoryKind; signs: (-1 | 0 | 1)[] } {
  const signs = values.map((x) => (x > tol ? 1 : x < -tol ? -1 : 0) as -1 | 0 | 1);
  const pos = signs.some((s) => s > 0);
  const neg = signs.some((s) => s < 0);
  const zero = signs.some((s) => s === 0);
  const kind: TheoryKind = pos && neg ? 'saddle' : !pos && !neg ? 'flat' : zero ? 'ridge' : pos ? 'bowl' : 'cap';
  return { kind, signs };
}

/** The (u, v) directions of a plane to restrict L to, and where θ is drawn on it (plane coordinates). */
export interface TheoryPlane {
  readonly u: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  /** The (a, b) of θ on the plane (the point the page draws), reported as `point`; default (0, 0). */
  readonly at?: readonly [number, number];
}

export interface TheoryOptions {
  readonly problem: Problem;
  readonly theta: ArrayLike<number>;
  /**
   * The chosen run: its resolved settings are what the bounds are for (its γ for momentum's and
   * Nesterov's bounds, its η for Newton's landing point) and its module's theory is `run` below.
   */
  readonly run?: RunSpec;
  /** The experiment's η and γ, which a run's unset eta and gamma take (default ETA.default, GAMMA.default). */
  readonly globals?: RunGlobals;
  /** Restrict L to θ + a·u + b·v (the MLP lab's slice); absent: all n parameters (n ≤ MAX_HESSIAN_PARAMS). */
  readonly plane?: TheoryPlane;
}

/** Where a Newton step from θ would go, with η the run's (Newton's) or 1. */
export interface NewtonTheory {
  readonly eta: number;
  /** θ − η·H⁻¹∇L (in plane coordinates with a plane), null where H is singular. */
  readonly landing: number[] | null;
  readonly positiveDefinite: boolean;
}

export interface PointTheory {
  /** True when everything is of the loss restricted to a plane (2 × 2, plane coordinates). */
  readonly plane: boolean;
  /** θ, or its (a, b) on the plane. */
  readonly point: number[];
  readonly loss: number;
  readonly gradient: number[];
  /** m × m, row-major (m = n, or 2 on a plane). */
  readonly hessian: number[];
  /** Ascending. */
  readonly eigenvalues: number[];
  /** eigenvectors[i] is the unit eigenvector of eigenvalues[i]. */
  readonly eigenvectors: number[][];
  readonly kind: TheoryKind;
  /** Per eigenvalue, with tolerance `tolerance`: +1 curves up, −1 down, 0 flat. */
  readonly signs: (-1 | 0 | 1)[];
  readonly tolerance: number;
  /** False where an eigenvalue is negative (below −tolerance): "not convex here". */
  readonly convex: boolean;
  /** γ of the momentum and Nesterov bounds: the run's γ, or the experiment's when the run has none. */
  readonly gamma: number;
  /** GD's optimal η per eigen-direction, 1/λ_i (null where λ_i ≤ 0), in the order of `eigenvalues`. */
  readonly etaOpt: (number | null)[];
  readonly etaMaxGd: number | null;
  readonly etaBestGd: number | null;
  readonly etaMaxMomentum: number | null;
  readonly heavyBall: { readonly eta: number; readonly gamma: number } | null;
  readonly etaMaxNesterov: number | null;
  readonly newton: NewtonTheory;
  /** What every registered module with a theory says, by optimizer id (a new optimizer brings its own). */
  readonly optimizers: Readonly<Record<string, OptimizerTheory>>;
  /** The chosen run's module's theory (null when it has none, or no run was given). */
  readonly run: OptimizerTheory | null;
  /** One sentence for each entry above, for the page. */
  readonly explain: Readonly<Record<TheoryEntry, string>>;
}

export type TheoryEntry =
  | 'exact' | 'point' | 'loss' | 'gradient' | 'hessian' | 'eigenvalues' | 'eigenvectors' | 'kind' | 'convex'
  | 'etaOpt' | 'etaMaxGd' | 'etaBestGd' | 'etaMaxMomentum' | 'heavyBall' | 'etaMaxNesterov' | 'newton';

const KIND_TEXT: Readonly<Record<TheoryKind, string>> = {
  bowl: 'A bowl: the loss curves up in every direction (all eigenvalues positive), like near a minimum.',
  cap: 'A cap: the loss curves down in every direction (all eigenvalues negative), like near a maximum.',
  saddle: 'A saddle: the loss curves up along some eigenvectors and down along others, so there is a way down across it.',
  ridge: 'A ridge or trough: the loss curves in one direction and is flat (eigenvalue about 0) along the other, where any step size crawls.',
  flat: 'Flat: no direction curves (every eigenvalue about 0); the gradient barely changes and steps crawl.',
};

/** The theory at θ (see the file's comment). Throws an engine error for misuse (wrong lengths, n > MAX_HESSIAN_PARAMS without a plane). */
export function theoryAt({ problem, theta, run, globals = { eta: ETA.default, gamma: GAMMA.default }, plane }: TheoryOptions): PointTheory {
  const n = problem.paramCount;
  if (theta.length !== n) engineError(`θ has ${theta.length} values, problem needs ${n}`);
  const at = Float64Array.from(theta);
  const fullGrad = new Float64Array(n);
  const loss = problem.lossAndGrad(at, fullGrad);
  let m: number;
  let H: Float64Array;
  let g: Float64Array;
  let point: number[];
  if (plane) {
    const { u, v } = plane;
    m = 2;
    H = planeHessian(problem, at, u, v);
    let gu = 0;
    let gv = 0;
    for (let i = 0; i < n; i++) {
      gu += u[i]! * fullGrad[i]!;
      gv += v[i]! * fullGrad[i]!;
    }
    g = Float64Array.of(gu, gv);
    point = plane.at ? [plane.at[0], plane.at[1]] : [0, 0];
  } else {
    if (n > MAX_HESSIAN_PARAMS) engineError(`theory needs n ≤ ${MAX_HESSIAN_PARAMS} parameters (or a plane), problem has ${n}`);
    m = n;
    H = new Float64Array(n * n);
    hessianAt(problem, at, H);
    g = fullGrad;
    point = Array.from(at);
  }
  const finite = H.every(Number.isFinite);
  const eig: Eigen = finite ? symmetricEigenAscending(H, m) : { values: Array(m).fill(NaN), vectors: Array.from({ length: m }, () => Array(m).fill(NaN)) };
  const { values } = eig;
  const tolerance = kindTolerance(values);
  const { kind, signs } = classifySpectrum(values, tolerance);
  const convex = signs.every((s) => s >= 0);
  const spectrum: Spectrum = { min: values[0]!, max: values[m - 1]! };

  // γ of the bounds: the run's own when it has one, else the experiment's.
  const chosen = run ? findOptimizer(run.optimizer) : undefined;
  if (run && !chosen) engineError(`unknown optimizer ${JSON.stringify(run.optimizer)}`);
  const own = chosen && run ? resolveSettings(chosen, run, globals) : null;
  const gamma = typeof own?.gamma === 'number' ? own.gamma : globals.gamma;
  const optimizers: Record<string, OptimizerTheory> = {};
  for (const mod of OPTIMIZERS) {
    if (!mod.theory) continue;
    const s = own && mod === chosen ? own : resolveSettings(mod, { optimizer: mod.id, settings: {} }, { eta: globals.eta, gamma });
    optimizers[mod.id] = mod.theory(spectrum, s);
  }

  const newtonEta = chosen?.id === 'newton' && own ? (own.eta as number) : 1;
  const d = new Float64Array(m);
  const solved = finite ? solveNewton(H, g, m, d) : 'singular';
  const newton: NewtonTheory = {
    eta: newtonEta,
    landing: solved === 'singular' ? null : point.map((x, i) => x - newtonEta * d[i]!),
    positiveDefinite: solved === 'pd',
  };

  const gd = optimizers.gd;
  const mom = optimizers.momentum;
  const nes = optimizers.nesterov;
  const nt = optimizers.newton;
  const where = plane ? 'on the slice plane' : 'at this point';
  const explain: Record<TheoryEntry, string> = {
    exact: plane
      ? 'These are of the loss restricted to the shown slice plane (2 × 2 Hessian in plane coordinates); the network has more directions than the plane, so they describe what the slice shows, not the whole network.'
      : 'On a quadratic these predictions are exact everywhere; on other surfaces they are those of the quadratic model at this point, good while the path stays near it.',
    point: plane ? 'The point\'s coordinates (a, b) on the slice plane.' : 'The point θ the chosen run is at on the shown step.',
    loss: 'The loss L there.',
    gradient: plane ? 'The gradient of the loss along the plane\'s two directions (uᵀ∇L, vᵀ∇L): the slope the slice shows.' : 'The gradient ∇L: the slope; GD steps against it.',
    hessian: 'The Hessian H = ∇²L: how the slope changes in each direction, the curvature of the quadratic model.',
    eigenvalues: 'The eigenvalues λ_min ≤ λ_max of H: the curvature along its two principal directions.',
    eigenvectors: 'The eigenvectors of H: the principal directions (axes of the contour ellipses), one per eigenvalue.',
    kind: KIND_TEXT[kind],
    convex: convex ? 'Convex here: no eigenvalue is negative.' : 'Not convex here: an eigenvalue is negative, so the loss curves down in that direction.',
    etaOpt: 'η_opt = 1/λ_i is the step that lands on the model\'s minimum along eigenvector i in one step; below it GD creeps monotonically, between 1/λ_i and 2/λ_i it oscillates but converges, above 2/λ_i it diverges (none where λ_i ≤ 0).',
    etaMaxGd: gd?.explain.maxEta ?? '',
    etaBestGd: gd?.explain.bestEta ?? '',
    etaMaxMomentum: mom?.explain.maxEta ?? '',
    heavyBall: mom?.explain.bestPair ?? '',
    etaMaxNesterov: nes?.explain.maxEta ?? '',
    newton: newton.landing === null
      ? `H is singular ${where}: the Newton step H⁻¹∇L is not defined.`
      : newton.positiveDefinite
        ? `Newton's step θ − η·H⁻¹∇L (η = ${newtonEta}) lands here: the quadratic model's minimum when η = 1. ${nt?.explain.maxEta ?? ''}`
        : `Newton's step θ − η·H⁻¹∇L (η = ${newtonEta}) lands here: H is not positive definite, so it heads for the model's saddle or maximum, not a minimum.`,
  };
  return {
    plane: !!plane,
    point,
    loss,
    gradient: Array.from(g),
    hessian: Array.from(H),
    eigenvalues: values,
    eigenvectors: eig.vectors,
    kind,
    signs,
    tolerance,
    convex,
    gamma,
    etaOpt: values.map((x) => (x > 0 ? 1 / x : null)),
    etaMaxGd: gd?.maxEta ?? null,
    etaBestGd: gd?.bestEta ?? null,
    etaMaxMomentum: mom?.maxEta ?? null,
    heavyBall: mom?.bestPair ?? null,
    etaMaxNesterov: nes?.maxEta ?? null,
    newton,
    optimizers,
    run: (chosen && optimizers[chosen.id]) ?? null,
    explain,
  };
}
