import type { LivePath } from '../bridge/live';
import { PARAM_LIMIT } from '../url/table';

type Range = [number, number, number, number];

/** lo, hi widened by a tenth of their span and rounded outwards to two significant digits of it, within ±PARAM_LIMIT. */
function fitSpan(lo: number, hi: number): [number, number] {
  const span = Math.max(hi - lo, 0.1);
  const step = 10 ** (Math.floor(Math.log10(span)) - 1);
  const a = Math.floor((lo - span / 10) / step) * step;
  const b = Math.ceil((hi + span / 10) / step) * step;
  const round = (v: number) => Number(Math.max(-PARAM_LIMIT, Math.min(PARAM_LIMIT, v)).toPrecision(12));
  return [round(a), round(b)];
}

/**
 * The window (wmin, wmax, bmin, bmax) that holds the start and every row of the given paths with a
 * margin, rounded to readable values and kept inside the bounds a link allows for `range` (a path
 * that diverged towards ±1e6 is cut at ±PARAM_LIMIT).
 */
export function fitWindow(paths: readonly LivePath[], start: readonly [number, number]): Range {
  let [w0, w1, b0, b1] = [start[0], start[0], start[1], start[1]];
  for (const p of paths) {
    for (let k = 0; k < p.length; k++) {
      const w = p.params[2 * k]!;
      const b = p.params[2 * k + 1]!;
      if (w < w0) w0 = w;
      if (w > w1) w1 = w;
      if (b < b0) b0 = b;
      if (b > b1) b1 = b;
    }
  }
  return [...fitSpan(w0, w1), ...fitSpan(b0, b1)] as Range;
}
