/**
 * The per-row and per-cell work of the two-parameter slice sampler (sliceSampler.ts). Changing one
 * parameter of unit r in layer l (W_l[r][c] or b_l[r]) changes only z_l[r], so only a_l[r]; layer l + 1
 * then moves by a rank-1 update of its pre-activations, and only the layers above it must be run in full.
 * The loss is therefore split by what each part depends on:
 *   per row (outer parameter set): every layer below l, layer l's other units, and per point
 *     T      = z_l[r] without the inner parameter's term      (b_r + Σ_{c≠col} W_l[r][c]·a_{l−1}[c], or Σ_c W_l[r][c]·a_{l−1}[c] for a bias)
 *     S[k]   = z_{l+1}[k] without unit r's term               (b_{l+1}[k] + Σ_{c≠r} W_{l+1}[k][c]·a_l[c])
 *   per cell (inner parameter t), for every point:
 *     z_l[r] = T + t·x     (x = a_{l−1}[col], or 1 for a bias),   a = f_l(z_l[r])
 *     z_{l+1}[k] = S[k] + W_{l+1}[k][r]·a                          (one multiply-add per unit instead of nIn)
 *     then the layers above l + 1 in full (layer l + 2 accumulated unit by unit as layer l + 1's
 *     activations come out, so they are never stored), and the loss (outputLoss, as Mlp.loss).
 * For the lecture's 2-8-8-1 network and two first-layer weights a cell costs 10 tanh and 17 multiply-adds
 * per point (Mlp.loss: 17 tanh and 88); the tanh calls are most of the time.
 * The outer parameter lies in layer l or below (the sampler makes the later-layer parameter the inner
 * one), so nothing that depends on it is cached across rows. The sums exclude the changing terms instead
 * of subtracting base values, so there is no cancellation: each z is the same sum as in Mlp.loss added
 * in another order, and tanh is sliceTanh (within a few ulp of exactTanh), so a loss equals Mlp.loss up to
 * rounding (about 1e−14 relative; the tests allow 1e−12 and 1e−10 for random networks). A cell whose loss comes out non-finite is recomputed
 * with Mlp.loss, so overflowing regions clamp exactly as sampleSurface's do.
 */
import * as exact from './exactMath';
import type { Mlp } from './problems/mlp';
import { outputLoss, unitMajor } from './problems/mlpKernel';
import { forwardRows } from './problems/mlpLinear';
import { locateParam } from './problems/mlpParams';
import type { Activation, LayerLayout } from './problems/mlpSpec';

// exactTanh's method (exactMath.ts) with its constants and table, imported from there: on |x| ≤ 3 the rational x·P(x²)/Q(x²) (Lambert's
// continued fraction cut after 12 levels), beyond it tanh(m + r) = (tanh m + tanh r)/(1 + tanh m·tanh r)
// with m = round(|x|), ±1 from 19.5. The polynomials are evaluated by Estrin's scheme instead of Horner's
// (dependency chains 3 multiply-adds deep instead of 6, so the CPU overlaps more points) and the function
// calls nothing, so V8 inlines it into the cell loops without reloading the arrays around a call: about
// a quarter faster than exactTanh there, and tanh is most of a cell's time. Rounded differently, so within
// a few ulp of exactTanh (the test allows 4).

// Module-local copies of exactMath's coefficients: V8 folds a local const into the code, while an imported
// binding is loaded on every use (about 30 % slower here, measured).
const { P0, P1, P2, P3, P4, P5, Q1, Q2, Q3, Q4, Q5, Q6, TANH_INT } = exact;

/** tanh x, within a few ulp of exactTanh (see above); NaN stays NaN. Exported for its test. */
export function sliceTanh(x: number): number {
  let ax = x < 0 ? -x : x;
  let tm = 0;
  if (ax > 3) {
    if (!(ax < 19.5)) return x !== x ? x : x < 0 ? -1 : 1;
    const m = Math.round(ax);
    tm = TANH_INT[m]!;
    ax -= m;
  }
  const t = ax * ax;
  const t2 = t * t;
  const t4 = t2 * t2;
  const p = P0 + P1 * t + t2 * (P2 + P3 * t) + t4 * (P4 + P5 * t + t2);
  const q = P0 + Q1 * t + t2 * (Q2 + Q3 * t) + t4 * (Q4 + Q5 * t + t2 * Q6);
  const r = (ax * p) / q;
  const v = tm === 0 ? r : (tm + r) / (1 + tm * r);
  return x < 0 ? -v : v;
}
const tanh = sliceTanh;
const ACT = new Map<Activation, number>([['tanh', 0], ['sigmoid', 1], ['relu', 2], ['identity', 3]]);

/**
 * A[k] = f(Z[k]) for k ∈ [from, to), f by code: mlpKernel's activate with sliceTanh for exactTanh
 * (σ(z) = ½ + ½·tanh(z/2), NaN through relu). One loop per activation keeps each loop monomorphic;
 * two values per step keep two tanh chains in flight.
 */
function activateRange(f: number, Z: Float64Array, A: Float64Array, from: number, to: number): void {
  let k = from;
  if (f === 0) {
    for (; k + 2 <= to; k += 2) {
      const a0 = tanh(Z[k]!);
      const a1 = tanh(Z[k + 1]!);
      A[k] = a0;
      A[k + 1] = a1;
    }
    if (k < to) A[k] = tanh(Z[k]!);
  } else if (f === 1) {
    for (; k + 2 <= to; k += 2) {
      const a0 = 0.5 + 0.5 * tanh(0.5 * Z[k]!);
      const a1 = 0.5 + 0.5 * tanh(0.5 * Z[k + 1]!);
      A[k] = a0;
      A[k + 1] = a1;
    }
    if (k < to) A[k] = 0.5 + 0.5 * tanh(0.5 * Z[k]!);
  } else if (f === 2) for (let k = from; k < to; k++) A[k] = Z[k]! < 0 ? 0 : Z[k]!;
  else for (let k = from; k < to; k++) A[k] = Z[k]!;
}

/** Z[o + p] = S[o + p] + w·H[h + p] and A = f(Z) for p ∈ [0, N): one unit of the layer above the changed one. */
function rank1Unit(f: number, S: Float64Array, w: number, H: Float64Array, h: number, Z: Float64Array, A: Float64Array, o: number, N: number): void {
  if (f === 0) {
    for (let p = 0; p < N; p++) {
      const z = S[o + p]! + w * H[h + p]!;
      Z[o + p] = z;
      A[o + p] = tanh(z);
    }
  } else {
    for (let p = 0; p < N; p++) Z[o + p] = S[o + p]! + w * H[h + p]!;
    activateRange(f, Z, A, o, o + N);
  }
}

/**
 * One unit k of the layer above the changed one, fed straight into the layer above that: for p ∈ [0, N),
 * a = f(S[o + p] + w·H[h + p]) and Zup[q·N + p] += U[q]·a for each of its nUp units q (U = column k of
 * its weights). Called for k = 0, 1, … in turn, so Zup sums b + Σ_k W[q][k]·a_k in Mlp.loss's order.
 */
function rank1Into(f: number, S: Float64Array, w: number, H: Float64Array, h: number, o: number, N: number, Zup: Float64Array, U: Float64Array, nUp: number): void {
  if (f === 0 && nUp === 1) {
    // Two points per step: two independent tanh chains in flight.
    const u = U[0]!;
    let p = 0;
    for (; p + 2 <= N; p += 2) {
      const a0 = tanh(S[o + p]! + w * H[h + p]!);
      const a1 = tanh(S[o + p + 1]! + w * H[h + p + 1]!);
      Zup[p]! += u * a0;
      Zup[p + 1]! += u * a1;
    }
    if (p < N) Zup[p]! += u * tanh(S[o + p]! + w * H[h + p]!);
  } else if (f === 0) {
    for (let p = 0; p < N; p++) {
      const a = tanh(S[o + p]! + w * H[h + p]!);
      for (let q = 0; q < nUp; q++) Zup[q * N + p]! += U[q]! * a;
    }
  } else {
    for (let p = 0; p < N; p++) {
      const z = S[o + p]! + w * H[h + p]!;
      const a = f === 1 ? 0.5 + 0.5 * tanh(0.5 * z) : f === 2 ? (z < 0 ? 0 : z) : z;
      for (let q = 0; q < nUp; q++) Zup[q * N + p]! += U[q]! * a;
    }
  }
}

/**
 * Z = b + W·A_in over N points, summed in the order c = 0, 1, … as in Mlp.loss (one axpy per weight),
 * then A = f(Z). A_in is nIn × N, Z and A are nOut × N.
 */
function forwardLayer(theta: Float64Array, layer: LayerLayout, f: number, Ain: Float64Array, Z: Float64Array, A: Float64Array, N: number): void {
  const { nIn, nOut, wOffset, bOffset } = layer;
  for (let q = 0; q < nOut; q++) {
    const o = q * N;
    Z.fill(theta[bOffset + q]!, o, o + N);
    for (let c = 0; c < nIn; c++) {
      const w = theta[wOffset + q * nIn + c]!;
      const i = c * N;
      for (let p = 0; p < N; p++) Z[o + p]! += w * Ain[i + p]!;
    }
  }
  activateRange(f, Z, A, 0, nOut * N);
}

/** A slice's loss as a function of the inner parameter, for the outer parameter last set. */
export interface SliceKernel {
  /** θ[outer] = value: recomputes everything below the inner parameter's unit (once per grid row). */
  setOuter(value: number): void;
  /** The loss at θ[inner] = value (the outer parameter as last set), as float64. */
  loss(value: number): number;
}

/**
 * A kernel for the slice of θ[outer] and θ[inner] through theta0 (neither index is checked here; the
 * inner parameter must not lie in an earlier layer than the outer one). Allocates all buffers here:
 * setOuter and loss allocate nothing. Call setOuter before the first loss.
 */
export function createSliceKernel(mlp: Mlp, theta0: Float64Array, outer: number, inner: number): SliceKernel {
  const { layout, dataset, spec } = mlp;
  const L = layout.layers.length;
  const N = dataset.n;
  const at = locateParam(layout, inner);
  const lo = locateParam(layout, outer).layer;
  const l = at.layer;
  const r = at.row;
  const A = spec.layers.map((m, k) => (k === 0 ? unitMajor(dataset.x, N, m) : new Float64Array(m * N)));
  const Z = spec.layers.map((m) => new Float64Array(m * N));
  const D = unitMajor(dataset.y, N, dataset.outputDim);
  const theta = Float64Array.from(theta0);
  const own = layout.layers[l - 1]!;
  const next = l < L ? layout.layers[l]! : null;
  const m = next ? next.nOut : 0;
  const T = new Float64Array(N);
  const X = at.kind === 'bias' ? new Float64Array(N).fill(1) : A[l - 1]!.subarray(at.col * N, (at.col + 1) * N);
  const S = new Float64Array(N * m);
  const wCol = new Float64Array(m);
  for (let k = 0; k < m; k++) wCol[k] = theta[next!.wOffset + k * next!.nIn + r]!;
  // The layer above `next`, fed unit by unit from it; column k of its weights as upCols[k].
  const up = l + 1 < L ? layout.layers[l + 1]! : null;
  const upCols = Array.from({ length: up ? m : 0 }, (_, k) => Float64Array.from({ length: up!.nOut }, (_, q) => theta[up!.wOffset + q * up!.nIn + k]!));
  const fOwn = ACT.get(own.activation)!;
  const fNext = next ? ACT.get(next.activation)! : fOwn;
  const fLayer = layout.layers.map((x) => ACT.get(x.activation)!);

  const forward = (k: number, r0: number, r1: number) => {
    if (r0 < r1) forwardRows(theta, layout.layers[k - 1]!, A[k - 1]!, Z[k]!, A[k]!, N, r0, r1);
  };
  for (let k = 1; k < l; k++) forward(k, 0, spec.layers[k]!);

  const setOuter = (value: number) => {
    theta[outer] = value;
    for (let k = lo; k < l; k++) forward(k, 0, spec.layers[k]!);
    forward(l, 0, r);
    forward(l, r + 1, own.nOut);
    const Ain = A[l - 1]!;
    const w0 = own.wOffset + r * own.nIn;
    const skip = at.kind === 'bias' ? -1 : at.col;
    for (let p = 0; p < N; p++) {
      let s = at.kind === 'bias' ? 0 : theta[own.bOffset + r]!;
      for (let c = 0; c < own.nIn; c++) if (c !== skip) s += theta[w0 + c]! * Ain[c * N + p]!;
      T[p] = s;
    }
    if (!next) return;
    const Aown = A[l]!;
    for (let k = 0; k < m; k++) {
      const w = next.wOffset + k * next.nIn;
      for (let p = 0; p < N; p++) {
        let s = theta[next.bOffset + k]!;
        for (let c = 0; c < next.nIn; c++) if (c !== r) s += theta[w + c]! * Aown[c * N + p]!;
        S[k * N + p] = s;
      }
    }
  };

  const loss = (value: number) => {
    const Zown = Z[l]!;
    const Aown = A[l]!;
    const zr = r * N;
    for (let p = 0; p < N; p++) Zown[zr + p] = T[p]! + value * X[p]!;
    activateRange(fOwn, Zown, Aown, zr, zr + N);
    if (next) {
      if (!up) {
        for (let k = 0; k < m; k++) rank1Unit(fNext, S, wCol[k]!, Aown, zr, Z[l + 1]!, A[l + 1]!, k * N, N);
      } else {
        const Zup = Z[l + 2]!;
        for (let q = 0; q < up.nOut; q++) Zup.fill(theta[up.bOffset + q]!, q * N, (q + 1) * N);
        for (let k = 0; k < m; k++) rank1Into(fNext, S, wCol[k]!, Aown, zr, k * N, N, Zup, upCols[k]!, up.nOut);
        activateRange(fLayer[l + 1]!, Zup, A[l + 2]!, 0, up.nOut * N);
        for (let k = l + 3; k <= L; k++) forwardLayer(theta, layout.layers[k - 1]!, fLayer[k - 1]!, A[k - 1]!, Z[k]!, A[k]!, N);
      }
    }
    const result = outputLoss(spec.loss, layout.layers[L - 1]!, Z[L]!, A[L]!, D, N, null);
    if (Number.isFinite(result)) return result;
    theta[inner] = value;
    return mlp.loss(theta);
  };

  return { setOuter, loss };
}
