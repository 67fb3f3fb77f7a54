/**
 * Slice planes through the parameter space of a many-parameter problem. The loss picture is a 2-D slice
 * θ(a, b) = origin + a·u + b·v (the Plane of surface.ts, so sampleSurface draws any of them); the page must
 * say which one. Three kinds: two chosen parameters (this file), two random filter-normalized directions
 * (this file) and the PCA of a trajectory (slicePca.ts). Paths are shown by projectOntoPlane, which also
 * says how far each point is from the plane.
 */
import { engineError } from './problem';
import { mlpLayout, type MlpSpec } from './problems/mlpSpec';
import type { Rng } from './rng';
import type { Plane } from './surface';

export { pcaPlane, type PcaPlane, type PcaOptions } from './slicePca';
export { sampleTwoParamSurface, type SurfaceRows } from './sliceSampler';

/** The extent of a plane's window: a ∈ [aMin, aMax], b ∈ [bMin, bMax]. */
export interface PlaneWindow {
  readonly aMin: number;
  readonly aMax: number;
  readonly bMin: number;
  readonly bMax: number;
}

function checkIndex(n: number, i: number, name: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) engineError(`${name} = ${i} is outside 0 … ${n - 1}`);
}

/**
 * The plane of two chosen parameters θ_i and θ_j, the others fixed at θ0: origin = θ0 with entries i and j
 * set to 0, u = e_i, v = e_j, so (a, b) are the absolute values of (θ_i, θ_j) and a path that trains only
 * these two lies exactly on the plane. `window` is the (a, b) window, or a half-width h for
 * [θ0_i − h, θ0_i + h] × [θ0_j − h, θ0_j + h].
 */
export function twoParamPlane(theta0: Float64Array, i: number, j: number, window: PlaneWindow | number): Plane {
  const n = theta0.length;
  checkIndex(n, i, 'i');
  checkIndex(n, j, 'j');
  if (i === j) engineError(`the two parameters of a slice must differ, got i = j = ${i}`);
  const w: PlaneWindow =
    typeof window === 'number'
      ? { aMin: theta0[i]! - window, aMax: theta0[i]! + window, bMin: theta0[j]! - window, bMax: theta0[j]! + window }
      : window;
  if (![w.aMin, w.aMax, w.bMin, w.bMax].every(Number.isFinite) || !(w.aMin < w.aMax && w.bMin < w.bMax)) {
    engineError(`slice window must be finite and non-empty, got [${w.aMin}, ${w.aMax}] × [${w.bMin}, ${w.bMax}]`);
  }
  const origin = Float64Array.from(theta0);
  origin[i] = 0;
  origin[j] = 0;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  u[i] = 1;
  v[j] = 1;
  return { origin, u, v, aMin: w.aMin, aMax: w.aMax, bMin: w.bMin, bMax: w.bMax };
}

/**
 * Filter normalization (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"), in place: for
 * every neuron r of every layer l, the direction's incoming-weight row d(W_l[r][·]) is rescaled to the
 * norm of the same row of θref, ‖d_row‖ ← ‖θref_row‖ (a zero row stays zero), and every bias entry of the
 * direction is set to 0. Returns `direction`.
 */
export function filterNormalize(spec: MlpSpec, direction: Float64Array, thetaRef: Float64Array): Float64Array {
  const layout = mlpLayout(spec);
  if (direction.length !== layout.paramCount || thetaRef.length !== layout.paramCount) {
    engineError(`filterNormalize needs vectors of ${layout.paramCount} values, got ${direction.length} and ${thetaRef.length}`);
  }
  for (const { nIn, nOut, wOffset, bOffset } of layout.layers) {
    for (let r = 0; r < nOut; r++) {
      const start = wOffset + r * nIn;
      let dd = 0;
      let tt = 0;
      for (let k = start; k < start + nIn; k++) {
        dd += direction[k]! * direction[k]!;
        tt += thetaRef[k]! * thetaRef[k]!;
      }
      const scale = dd > 0 ? Math.sqrt(tt) / Math.sqrt(dd) : 0;
      for (let k = start; k < start + nIn; k++) direction[k] = direction[k]! * scale;
    }
    direction.fill(0, bOffset, bOffset + nOut);
  }
  return direction;
}

/**
 * Two random directions d₁, d₂ ~ N(0, I) drawn from `rng` (d₁ first, in θ order), each filter-normalized
 * against θref, as the plane θ(a, b) = θcenter + a·d₁ + b·d₂ with a, b ∈ [−extent, extent] (extent 1 = one
 * filter norm, Li et al.'s usual window). θcenter is the start or the end of training; θref is usually
 * the same point.
 */
export function randomFilterNormalizedPlane(spec: MlpSpec, thetaCenter: Float64Array, thetaRef: Float64Array, rng: Rng, extent = 1): Plane {
  const n = mlpLayout(spec).paramCount;
  if (thetaCenter.length !== n) engineError(`θcenter must have ${n} values, got ${thetaCenter.length}`);
  if (!(extent > 0 && Number.isFinite(extent))) engineError(`slice extent must be positive and finite, got ${extent}`);
  const draw = () => filterNormalize(spec, Float64Array.from({ length: n }, () => rng.normal()), thetaRef);
  const u = draw();
  const v = draw();
  return { origin: Float64Array.from(thetaCenter), u, v, aMin: -extent, aMax: extent, bMin: -extent, bMax: extent };
}

/** Where θ lands on a plane: the least-squares (a, b) and the distance ‖θ − θ(a, b)‖₂ to the plane. */
export interface Projection {
  readonly a: number;
  readonly b: number;
  readonly offPlane: number;
}

/**
 * Orthogonal projection of θ onto the plane: (a, b) minimise ‖θ − origin − a·u − b·v‖₂, i.e. solve
 *   [u·u u·v; u·v v·v] [a; b] = [u·r; v·r]  with r = θ − origin
 * (u and v need not be orthogonal: random directions are not), and offPlane = ‖r − a·u − b·v‖₂ computed
 * from the residual itself, so a point on the plane gives exactly 0 for axis planes. If u and v are
 * parallel (or one is zero) the plane degenerates to a line and b = 0.
 */
export function projectOntoPlane(plane: Plane, theta: ArrayLike<number>): Projection {
  const { origin, u, v } = plane;
  const n = origin.length;
  if (theta.length !== n) engineError(`θ must have ${n} values to project onto this plane, got ${theta.length}`);
  let uu = 0;
  let uv = 0;
  let vv = 0;
  let ur = 0;
  let vr = 0;
  for (let k = 0; k < n; k++) {
    const r = theta[k]! - origin[k]!;
    uu += u[k]! * u[k]!;
    uv += u[k]! * v[k]!;
    vv += v[k]! * v[k]!;
    ur += u[k]! * r;
    vr += v[k]! * r;
  }
  const det = uu * vv - uv * uv;
  let a = 0;
  let b = 0;
  if (det > 1e-12 * uu * vv) {
    a = (vv * ur - uv * vr) / det;
    b = (uu * vr - uv * ur) / det;
  } else if (uu > 0) a = ur / uu;
  else if (vv > 0) b = vr / vv;
  let off = 0;
  for (let k = 0; k < n; k++) {
    const e = theta[k]! - origin[k]! - a * u[k]! - b * v[k]!;
    off += e * e;
  }
  return { a, b, offPlane: Math.sqrt(off) };
}

/** projectOntoPlane for rows 0 … count − 1 of a trajectory (row-major, origin.length values per row). */
export function projectTrajectory(plane: Plane, params: Float64Array, count: number): { a: Float64Array; b: Float64Array; offPlane: Float64Array } {
  const n = plane.origin.length;
  if (!Number.isInteger(count) || count < 0 || count * n > params.length) engineError(`trajectory has fewer than ${count} rows of ${n}`);
  const out = { a: new Float64Array(count), b: new Float64Array(count), offPlane: new Float64Array(count) };
  for (let t = 0; t < count; t++) {
    const p = projectOntoPlane(plane, params.subarray(t * n, (t + 1) * n));
    out.a[t] = p.a;
    out.b[t] = p.b;
    out.offPlane[t] = p.offPlane;
  }
  return out;
}
