/**
 * The three matrix products of backprop over unit-major batch buffers (m units × N points, row r = unit r
 * for every point). The loops are register-blocked: each inner step loads a few operands once and uses
 * each in several products (4 units × 2 points, or 2 units × 4 inputs), which makes them 2–3× faster in
 * V8 than one accumulator per loop. Every accumulator still sums its own terms in a fixed order (c = 0, 1,
 * … for Z), so a unit computed alone (the sampler recomputes single units) gives bit-identical values.
 */
import { activate } from './mlpKernel';
import type { LayerLayout } from './mlpSpec';

/** z = b + Σ_c W[c]·A_in[c][p] for one unit and one point, in the order c = 0, 1, … */
function unitAt(theta: Float64Array, w: number, bias: number, Ain: Float64Array, nIn: number, N: number, p: number): number {
  let s = bias;
  for (let c = 0, ac = p; c < nIn; c++, ac += N) s += theta[w + c]! * Ain[ac]!;
  return s;
}

/**
 * Forward pass of rows r ∈ [r0, r1) of one layer over N points:
 *   Z[r] = b_r + Σ_c W[r][c]·A_in[c]  (summed in the order c = 0, 1, …),   A[r] = f(Z[r]).
 * A_in is nIn × N; Z and A are nOut × N.
 */
export function forwardRows(theta: Float64Array, layer: LayerLayout, Ain: Float64Array, Z: Float64Array, A: Float64Array, N: number, r0: number, r1: number): void {
  const { nIn, wOffset: W, bOffset: B } = layer;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    const w0 = W + r * nIn;
    const w1 = w0 + nIn;
    const w2 = w1 + nIn;
    const w3 = w2 + nIn;
    const b0 = theta[B + r]!;
    const b1 = theta[B + r + 1]!;
    const b2 = theta[B + r + 2]!;
    const b3 = theta[B + r + 3]!;
    const z0 = r * N;
    let p = 0;
    for (; p + 2 <= N; p += 2) {
      let s0 = b0, s1 = b1, s2 = b2, s3 = b3;
      let t0 = b0, t1 = b1, t2 = b2, t3 = b3;
      for (let c = 0, ac = p; c < nIn; c++, ac += N) {
        const a = Ain[ac]!;
        const e = Ain[ac + 1]!;
        const x0 = theta[w0 + c]!;
        const x1 = theta[w1 + c]!;
        const x2 = theta[w2 + c]!;
        const x3 = theta[w3 + c]!;
        s0 += x0 * a;
        s1 += x1 * a;
        s2 += x2 * a;
        s3 += x3 * a;
        t0 += x0 * e;
        t1 += x1 * e;
        t2 += x2 * e;
        t3 += x3 * e;
      }
      Z[z0 + p] = s0;
      Z[z0 + p + 1] = t0;
      Z[z0 + N + p] = s1;
      Z[z0 + N + p + 1] = t1;
      Z[z0 + 2 * N + p] = s2;
      Z[z0 + 2 * N + p + 1] = t2;
      Z[z0 + 3 * N + p] = s3;
      Z[z0 + 3 * N + p + 1] = t3;
    }
    for (let k = 0; p < N && k < 4; k++) Z[z0 + k * N + p] = unitAt(theta, w0 + k * nIn, theta[B + r + k]!, Ain, nIn, N, p);
  }
  for (; r < r1; r++) {
    const w0 = W + r * nIn;
    const b0 = theta[B + r]!;
    for (let p = 0; p < N; p++) Z[r * N + p] = unitAt(theta, w0, b0, Ain, nIn, N, p);
  }
  activate(layer.activation, Z, A, r0 * N, r1 * N);
}

/**
 * The layer's gradients from its δ (nOut × N) and its input A_in (nIn × N), written into grad at the
 * layer's offsets:  ∇W[r][c] = Σ_p δ[r][p]·A_in[c][p]  (∇W = δ A_inᵀ),   ∇b[r] = Σ_p δ[r][p]  (∇b = δ 1).
 */
export function weightGradients(layer: LayerLayout, delta: Float64Array, Ain: Float64Array, N: number, grad: Float64Array): void {
  const { nIn, nOut, wOffset: W, bOffset: B } = layer;
  for (let r = 0; r < nOut; r++) {
    let gb = 0;
    for (let p = r * N; p < (r + 1) * N; p++) gb += delta[p]!;
    grad[B + r] = gb;
  }
  let r = 0;
  // Two units × four inputs per step: 6 loads for 8 products.
  for (; r + 2 <= nOut; r += 2) {
    const d0 = r * N;
    const d1 = d0 + N;
    let c = 0;
    for (; c + 4 <= nIn; c += 4) {
      const a0 = c * N;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, u0 = 0, u1 = 0, u2 = 0, u3 = 0;
      for (let p = 0; p < N; p++) {
        const d = delta[d0 + p]!;
        const e = delta[d1 + p]!;
        const x0 = Ain[a0 + p]!;
        const x1 = Ain[a0 + N + p]!;
        const x2 = Ain[a0 + 2 * N + p]!;
        const x3 = Ain[a0 + 3 * N + p]!;
        s0 += d * x0;
        s1 += d * x1;
        s2 += d * x2;
        s3 += d * x3;
        u0 += e * x0;
        u1 += e * x1;
        u2 += e * x2;
        u3 += e * x3;
      }
      const g = W + r * nIn + c;
      grad[g] = s0;
      grad[g + 1] = s1;
      grad[g + 2] = s2;
      grad[g + 3] = s3;
      grad[g + nIn] = u0;
      grad[g + nIn + 1] = u1;
      grad[g + nIn + 2] = u2;
      grad[g + nIn + 3] = u3;
    }
    for (; c < nIn; c++) {
      let s0 = 0;
      let u0 = 0;
      for (let p = 0; p < N; p++) {
        s0 += delta[d0 + p]! * Ain[c * N + p]!;
        u0 += delta[d1 + p]! * Ain[c * N + p]!;
      }
      grad[W + r * nIn + c] = s0;
      grad[W + (r + 1) * nIn + c] = u0;
    }
  }
  for (; r < nOut; r++) {
    for (let c = 0; c < nIn; c++) {
      let s0 = 0;
      for (let p = 0; p < N; p++) s0 += delta[r * N + p]! * Ain[c * N + p]!;
      grad[W + r * nIn + c] = s0;
    }
  }
}

/**
 * The error signal one layer down, before the activation's derivative: below[c][p] = Σ_r W[r][c]·δ[r][p]
 * (below = Wᵀ δ), below is nIn × N. The caller multiplies by f'(Z) of the layer below.
 */
export function backpropDelta(theta: Float64Array, layer: LayerLayout, delta: Float64Array, below: Float64Array, N: number): void {
  const { nIn, nOut, wOffset: W } = layer;
  let c = 0;
  // Four inputs × two points per step: 6 loads for 8 products.
  for (; c + 4 <= nIn; c += 4) {
    const o = c * N;
    let p = 0;
    for (; p + 2 <= N; p += 2) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let r = 0, dr = p, w = W + c; r < nOut; r++, dr += N, w += nIn) {
        const d = delta[dr]!;
        const e = delta[dr + 1]!;
        const x0 = theta[w]!;
        const x1 = theta[w + 1]!;
        const x2 = theta[w + 2]!;
        const x3 = theta[w + 3]!;
        s0 += x0 * d;
        s1 += x1 * d;
        s2 += x2 * d;
        s3 += x3 * d;
        t0 += x0 * e;
        t1 += x1 * e;
        t2 += x2 * e;
        t3 += x3 * e;
      }
      below[o + p] = s0;
      below[o + N + p] = s1;
      below[o + 2 * N + p] = s2;
      below[o + 3 * N + p] = s3;
      below[o + p + 1] = t0;
      below[o + N + p + 1] = t1;
      below[o + 2 * N + p + 1] = t2;
      below[o + 3 * N + p + 1] = t3;
    }
    for (; p < N; p++) for (let k = 0; k < 4; k++) below[o + k * N + p] = columnAt(theta, W + c + k, nIn, nOut, delta, N, p);
  }
  for (; c < nIn; c++) for (let p = 0; p < N; p++) below[c * N + p] = columnAt(theta, W + c, nIn, nOut, delta, N, p);
}

/** Σ_r W[r][c]·δ[r][p] for one input c (w = offset of W[0][c]) and one point. */
function columnAt(theta: Float64Array, w: number, nIn: number, nOut: number, delta: Float64Array, N: number, p: number): number {
  let s = 0;
  for (let r = 0, dr = p; r < nOut; r++, dr += N, w += nIn) s += theta[w]! * delta[dr]!;
  return s;
}
