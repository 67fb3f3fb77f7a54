/**
 * How the theory panel writes a number: four significant digits, trailing zeros dropped, exponent form
 * (1.2e−5, with a true minus sign) below 10⁻³ and from 10⁵ on; "0" for zero, "∞"/"NaN" spelled out.
 */
export function theoryNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  let s: string;
  if (a >= 1e-3 && a < 1e5) s = String(Number(x.toPrecision(4)));
  else {
    const [m, e] = x.toExponential(2).split('e');
    s = `${String(Number(m))}e${Number(e)}`;
  }
  return s.replace(/-/g, '−');
}
