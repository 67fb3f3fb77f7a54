/**
 * TeX for the live equations (each optimizer's `equations`): numbers with four significant digits
 * (exponent form as ·10^k below 10⁻³ and from 10⁵), vectors as columns, matrices as pmatrix.
 */
export function texNum(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(4)));
  const [m, e] = x.toExponential(3).split('e');
  return `${String(Number(m))}\\cdot 10^{${Number(e)}}`;
}

/** A column vector. */
export function texVec(v: ArrayLike<number>): string {
  return `\\begin{pmatrix}${Array.from(v, texNum).join('\\\\')}\\end{pmatrix}`;
}

/** An n × n matrix, row-major. */
export function texMat(m: ArrayLike<number>, n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: n }, (_, j) => texNum(m[i * n + j]!)).join(' & '));
  return `\\begin{pmatrix}${rows.join('\\\\')}\\end{pmatrix}`;
}

/** a + b, elementwise. */
export function plus(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from(a, (v, i) => v + b[i]!);
}

/** Whether the gradient the step used differs from ∇L at the same point (the run clips it). */
export function clipped(used: ArrayLike<number>, exact: ArrayLike<number>): boolean {
  for (let i = 0; i < used.length; i++) if (used[i] !== exact[i]) return true;
  return false;
}

/** θ_{t+1} of a traced step, or a note that the run ended there. */
export function after(t: { readonly after: Float64Array | null }): string {
  return t.after ? texVec(t.after) : '\\text{(the run ended here)}';
}
