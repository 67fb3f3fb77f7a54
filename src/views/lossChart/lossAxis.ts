import type { LivePath } from '../../bridge/live';
import { ticks } from '../plotFrame';

/** Losses below this are drawn at it (momentum reaches ~1e-32 on the lecture run; float64 goes further). */
export const FLOOR = 1e-40;

/**
 * How many decades below the top of the axis a log axis shows unless "show all" is on: the phase of a
 * run that a lecture is about (from the start down a million-fold) fills the chart, while a run that
 * goes on to round-off (1e−32) leaves through the bottom instead of squeezing everything to the top.
 */
export const DECADES = 6;

export interface AxisMode {
  readonly linear: boolean;
  readonly all: boolean;
}

/** The loss axis: the plotted quantity y(L), its span [lo, hi] in y, the labelled ticks (in y) and their text. */
export interface LossAxis {
  readonly y: (L: number) => number;
  readonly lo: number;
  readonly hi: number;
  /** True when losses of the shown paths lie below lo (the log axis was clipped). */
  readonly clipped: boolean;
  readonly ticks: number[];
  readonly format: (v: number) => string;
  /** True when the axis is linear although log was asked for: a shown loss is ≤ 0 (a saddle's runs go below zero). */
  readonly forcedLinear?: true;
}

const log = (L: number) => Math.log10(Math.max(FLOOR, L));
/** A tick's text: 3 significant digits, in exponent form past 10⁵ so a diverging saddle's −4e+11 fits the margin. */
const short = (v: number) => (Math.abs(v) >= 1e5 ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(3))));

/** The axis for the given paths: log (decades, clipped DECADES below the top unless `all`) or linear from 0. */
export function lossAxis(paths: readonly LivePath[], mode: AxisMode): LossAxis {
  let min = Infinity;
  let max = -Infinity;
  for (const p of paths) {
    for (let k = 0; k < p.length; k++) {
      const v = p.loss[k]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  // A log axis cannot show a negative loss (surfaces not bounded below at 0: a saddle); an exact 0 sits on its floor.
  const negative = min < 0 && Number.isFinite(min);
  if (mode.linear || negative) {
    const lo = negative ? min : 0;
    const hi = max > lo ? max : lo + 1;
    const axis = { y: (L: number) => L, lo, hi, clipped: false, ticks: ticks(lo, hi, 4), format: short };
    return mode.linear ? axis : { ...axis, forcedLinear: true };
  }
  let lo = Math.floor(min > 0 ? log(min) : log(FLOOR));
  let hi = Math.ceil(max > 0 ? log(max) : 0) || 0;
  if (!(hi >= lo)) [lo, hi] = [-4, 0];
  const full = lo;
  if (!mode.all) lo = Math.max(lo, hi - DECADES);
  hi = Math.max(lo + 1, hi);
  const every = Math.max(1, Math.ceil((hi - lo) / 5));
  const out: number[] = [];
  // Counted down from the top, so the top of the axis is always labelled.
  for (let e = hi; e >= lo; e -= every) out.push(e);
  return { y: log, lo, hi, clipped: lo > full, ticks: out, format: (e) => `1e${e}` };
}
