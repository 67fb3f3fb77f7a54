/**
 * Small dense symmetric eigenproblems for the PCA slice. Matrices are row-major Float64Arrays.
 * Deterministic: the starting block of the subspace iteration is fixed, not random.
 */

/**
 * All eigenpairs of a symmetric p × p matrix by cyclic Jacobi rotations (p is tiny here, ≤ 8).
 * Returns eigenvalues in descending order and the matching unit eigenvectors as the columns of
 * `vectors` (p × p, row-major). `a` is not modified.
 */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const V = new Float64Array(p * p);
  for (let i = 0; i < p; i++) V[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += m[i * p + i]! * m[i * p + i]!;
      for (let j = i + 1; j < p; j++) off += m[i * p + j]! * m[i * p + j]!;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j]!;
        if (aij === 0) continue;
        // Rotation angle that zeroes m[i][j]: tan 2φ = 2 a_ij / (a_jj − a_ii), the smaller root for stability.
        const theta = (m[j * p + j]! - m[i * p + i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mki = m[k * p + i]!;
          const mkj = m[k * p + j]!;
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k]!;
          const mjk = m[j * p + k]!;
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = V[k * p + i]!;
          const vkj = V[k * p + j]!;
          V[k * p + i] = c * vki - s * vkj;
          V[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => m[y * p + y]! - m[x * p + x]!);
  const values = Float64Array.from(order, (i) => m[i * p + i]!);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    for (let k = 0; k < p; k++) vectors[k * p + dst] = V[k * p + src]!;
  });
  return { values, vectors };
}

/** Orthonormalises the p columns of an m × p block in place (modified Gram–Schmidt, twice for safety). */
function orthonormalize(Q: Float64Array, m: number, p: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let k = 0; k < m; k++) d += Q[k * p + i]! * Q[k * p + j]!;
        for (let k = 0; k < m; k++) Q[k * p + j] = Q[k * p + j]! - d * Q[k * p + i]!;
      }
      let norm = 0;
      for (let k = 0; k < m; k++) norm += Q[k * p + j]! * Q[k * p + j]!;
      norm = Math.sqrt(norm);
      // A column that vanished (rank-deficient S) is replaced by a coordinate axis and re-orthogonalised next pass.
      if (norm < 1e-150) for (let k = 0; k < m; k++) Q[k * p + j] = k === (j + pass) % m ? 1 : 0;
      else for (let k = 0; k < m; k++) Q[k * p + j] = Q[k * p + j]! / norm;
    }
  }
}

/**
 * The k largest eigenvalues (descending) and unit eigenvectors (columns of an m × k block) of a symmetric
 * positive semidefinite m × m matrix S, by subspace iteration with Rayleigh–Ritz on a block of
 * p = min(m, k + 4) vectors: convergence goes like (λ_{p+1}/λ_k)^iterations, so the guard vectors make a
 * small gap between λ_k and λ_{k+1} harmless. Stops when every wanted Ritz residual ‖S y − λ y‖ is below
 * 1e-9·λ₁ (eigenvalues then agree to ~1e-18·λ₁ relative to the gap, directions to ~1e-9), or after 1000
 * iterations.
 */
export function topEigenpairs(S: Float64Array, m: number, k: number): { values: Float64Array; vectors: Float64Array } {
  const p = Math.min(m, k + 4);
  const Q = new Float64Array(m * p);
  // A fixed, full-rank start: column j = cos-like pattern so no column is orthogonal to a top eigenvector by symmetry.
  for (let r = 0; r < m; r++) for (let j = 0; j < p; j++) Q[r * p + j] = 1 / (1 + ((r * (j + 3) + j * 7) % 11)) + (r === j ? 1 : 0);
  orthonormalize(Q, m, p);
  const W = new Float64Array(m * p);
  const H = new Float64Array(p * p);
  let values: Float64Array = new Float64Array(p);
  for (let iter = 0; iter < 1000; iter++) {
    W.fill(0);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const s = S[r * m + c]!;
        if (s === 0) continue;
        for (let j = 0; j < p; j++) W[r * p + j]! += s * Q[c * p + j]!;
      }
    }
    H.fill(0);
    for (let r = 0; r < m; r++) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) H[i * p + j]! += Q[r * p + i]! * W[r * p + j]!;
    const eig = symmetricEigen(H, p);
    values = eig.values;
    // Ritz vectors Y = Q·V and their images S·Y = W·V; residual of each wanted pair.
    let converged = true;
    const Y = new Float64Array(m * p);
    const SY = new Float64Array(m * p);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < p; j++) {
        let y = 0;
        let sy = 0;
        for (let i = 0; i < p; i++) {
          y += Q[r * p + i]! * eig.vectors[i * p + j]!;
          sy += W[r * p + i]! * eig.vectors[i * p + j]!;
        }
        Y[r * p + j] = y;
        SY[r * p + j] = sy;
      }
    }
    const scale = Math.max(Math.abs(values[0]!), 1e-300);
    for (let j = 0; j < k && converged; j++) {
      let res = 0;
      for (let r = 0; r < m; r++) res += (SY[r * p + j]! - values[j]! * Y[r * p + j]!) ** 2;
      if (Math.sqrt(res) > 1e-9 * scale) converged = false;
    }
    if (converged || iter === 999) {
      const vectors = new Float64Array(m * k);
      for (let r = 0; r < m; r++) for (let j = 0; j < k; j++) vectors[r * k + j] = Y[r * p + j]!;
      return { values: values.slice(0, k), vectors };
    }
    Q.set(SY);
    orthonormalize(Q, m, p);
  }
  throw new Error('engine: unreachable');
}
