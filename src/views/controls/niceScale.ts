/**
 * Round values for a log slider: per decade 1, 1.1 … 2, 2.2 … 3, 3.3, 3.6, 4, 4.5, 5, 5.5 … 9.5 (steps of
 * 5–12.5 %, so an arrow key always changes the value), so 0.5, 3 and 5 are one position each; the typed field
 * beside the slider takes any value the URL table allows.
 */
const MANTISSAS = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.2, 2.4, 2.6, 2.8, 3, 3.3, 3.6, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5];

/** Two significant digits, free of binary noise (0.30000000000000004 → 0.3). */
const tidy = (v: number) => Number(v.toPrecision(2));

/** The round values from min to max (both included), ascending; whole numbers only when `integer`. */
export function niceValues(min: number, max: number, integer = false): number[] {
  const out: number[] = [min];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of MANTISSAS) {
      const v = integer ? Math.round(m * 10 ** e) : tidy(m * 10 ** e);
      if (v > out[out.length - 1]! && v < max) out.push(v);
    }
  }
  if (max > out[out.length - 1]!) out.push(max);
  return out;
}

/** The position of the round value nearest to v on a log scale (v > 0): a binary search, as it runs at every render of the slider. */
export function nearestIndex(values: readonly number[], v: number): number {
  const n = values.length;
  if (n < 2 || !(v > values[0]!)) return 0;
  if (v >= values[n - 1]!) return n - 1;
  // values[lo] < v ≤ values[hi]: the nearest is one of the two (the lower one on a tie, as a scan from 0 finds).
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < v) lo = mid;
    else hi = mid;
  }
  return Math.abs(Math.log(values[hi]! / v)) < Math.abs(Math.log(values[lo]! / v)) ? hi : lo;
}
