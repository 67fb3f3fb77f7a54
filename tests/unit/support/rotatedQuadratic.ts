import type { Problem } from '../../../src/engine/problem';

/**
 * L(θ) = ½ Σ_j λ_j (u_jᵀθ)² on θ = (w, b), u_1 = (cos φ, sin φ), u_2 = (−sin φ, cos φ) (φ in degrees),
 * with its exact gradient and Hessian H = Σ_j λ_j u_j u_jᵀ: the lecture's quadratic, built here for the
 * tests (the product's plane problems live elsewhere). Lean, no call log: runs take thousands of steps.
 */
export function rotatedQuadratic(l1: number, l2: number, degrees: number, opts: { readonly hessian?: boolean } = {}): Problem & { readonly u1: [number, number]; readonly u2: [number, number]; readonly H: [number, number, number, number] } {
  const phi = (degrees * Math.PI) / 180;
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  const H: [number, number, number, number] = [l1 * c * c + l2 * s * s, (l1 - l2) * c * s, (l1 - l2) * c * s, l1 * s * s + l2 * c * c];
  const loss = (t: Float64Array) => {
    const p = c * t[0]! + s * t[1]!;
    const q = -s * t[0]! + c * t[1]!;
    return 0.5 * (l1 * p * p + l2 * q * q);
  };
  const p: Problem & { u1: [number, number]; u2: [number, number]; H: typeof H } = {
    paramCount: 2,
    u1: [c, s],
    u2: [-s, c],
    H,
    loss,
    lossAndGrad(t, g) {
      const a = c * t[0]! + s * t[1]!;
      const b = -s * t[0]! + c * t[1]!;
      g[0] = l1 * a * c - l2 * b * s;
      g[1] = l1 * a * s + l2 * b * c;
      return 0.5 * (l1 * a * a + l2 * b * b);
    },
  };
  if (opts.hessian !== false) p.hessian = (_t, out) => out.set(H);
  return p;
}
