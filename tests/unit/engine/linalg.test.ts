import { describe, expect, it } from 'vitest';
import { symmetricEigen, topEigenpairs } from '../../../src/engine/linalg';
import { createRng } from '../../../src/engine/rng';

/** A random symmetric positive semidefinite m × m matrix BᵀB with B of `rank` rows. */
function psd(m: number, rank: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = Float64Array.from({ length: rank * m }, () => rng.normal());
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let r = 0; r < rank; r++) S[i * m + j]! += B[r * m + i]! * B[r * m + j]!;
  return S;
}

/** ‖S y − λ y‖ for column j of an m × k block of eigenvectors. */
function residual(S: Float64Array, m: number, vectors: Float64Array, k: number, j: number, lambda: number): number {
  let r = 0;
  for (let i = 0; i < m; i++) {
    let sy = 0;
    for (let c = 0; c < m; c++) sy += S[i * m + c]! * vectors[c * k + j]!;
    r += (sy - lambda * vectors[i * k + j]!) ** 2;
  }
  return Math.sqrt(r);
}

describe('symmetricEigen', () => {
  it('diagonalises a known 2 × 2 matrix: [[2, 1], [1, 2]] has eigenvalues 3 and 1', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]! * vectors[2]!).toBeGreaterThan(0);
  });

  it('returns descending eigenvalues with orthonormal eigenvectors for a random 7 × 7 matrix', () => {
    const S = psd(7, 7, 1);
    const { values, vectors } = symmetricEigen(S, 7);
    for (let j = 0; j < 7; j++) {
      if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]!);
      expect(residual(S, 7, vectors, 7, j, values[j]!)).toBeLessThan(1e-10);
      for (let k = 0; k < 7; k++) {
        let d = 0;
        for (let i = 0; i < 7; i++) d += vectors[i * 7 + j]! * vectors[i * 7 + k]!;
        expect(d).toBeCloseTo(j === k ? 1 : 0, 12);
      }
    }
  });
});

describe('topEigenpairs', () => {
  it('finds the two largest eigenpairs of a 60 × 60 matrix, as the full decomposition of a small one agrees', () => {
    const S = psd(60, 60, 2);
    const { values, vectors } = topEigenpairs(S, 60, 2);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]!);
    for (let j = 0; j < 2; j++) expect(residual(S, 60, vectors, 2, j, values[j]!)).toBeLessThan(1e-9 * values[0]!);
    const small = psd(8, 8, 3);
    const full = symmetricEigen(small, 8);
    const top = topEigenpairs(small, 8, 2);
    expect(top.values[0]).toBeCloseTo(full.values[0]!, 10);
    expect(top.values[1]).toBeCloseTo(full.values[1]!, 10);
  });

  it('handles a rank-one matrix: the second eigenvalue is 0 and its vector is still a unit vector', () => {
    const S = psd(30, 1, 4);
    const { values, vectors } = topEigenpairs(S, 30, 2);
    expect(values[1]! / values[0]!).toBeLessThan(1e-12);
    let n2 = 0;
    for (let i = 0; i < 30; i++) n2 += vectors[i * 2 + 1]! ** 2;
    expect(n2).toBeCloseTo(1, 12);
  });
});
