import type { MapStatus } from '../../url/runCatalog';
import { MAP_STATUSES } from '../../url/runCatalog';

/**
 * Colours of the (η, γ) map. Converged cells: a sequential blue scale by steps to converge, dark = fast
 * (few steps), pale = slow, on a log scale of steps. The other statuses each have a colour far from
 * every blue and from each other: diverged red, plateau yellow, not converged grey. None is a run colour
 * of the Okabe–Ito palette (views/colors.ts) that the marker or the paths use.
 */
export const STATUS_COLORS: Readonly<Record<Exclude<MapStatus, 'converged'>, string>> = {
  diverged: '#c1121f',
  plateau: '#f4d03f',
  'not-converged': '#7f7f7f',
};

/** A cell not computed yet. */
export const PENDING_COLOR = '#e2e8f0';

/** The step scale's stops, from the fewest steps (dark) to the most (pale). */
export const STEP_STOPS = ['#08306b', '#2171b5', '#4292c6', '#9ecae1'] as const;

export type Rgb = readonly [number, number, number];

export function hexRgb(hex: string): Rgb {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

const STOPS = STEP_STOPS.map(hexRgb);
const STATUS_RGB = MAP_STATUSES.map((s) => (s === 'converged' ? null : hexRgb(STATUS_COLORS[s])));
const PENDING_RGB = hexRgb(PENDING_COLOR);

/** Position 0 … 1 of `step` on the step scale of runs of `steps` steps: log(1 + step) / log(1 + steps), clamped; 0 for bad input. */
export function stepPosition(step: number, steps: number): number {
  if (!Number.isFinite(step) || !Number.isFinite(steps) || steps <= 0 || step <= 0) return 0;
  return Math.min(1, Math.log1p(step) / Math.log1p(steps));
}

/** The colour of a converged cell that settled at `step` (of `steps`). */
export function stepColor(step: number, steps: number): Rgb {
  const x = stepPosition(step, steps) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const a = STOPS[k]!;
  const b = STOPS[k + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** The colour of a cell: status index into MAP_STATUSES and its step; a status byte out of range is drawn as not converged. */
export function cellColor(status: number, step: number, steps: number): Rgb {
  if (status === 0) return stepColor(step, steps);
  return STATUS_RGB[status] ?? STATUS_RGB[3]!;
}

export function pendingColor(): Rgb {
  return PENDING_RGB;
}

/** CSS linear-gradient of the step scale, fewest steps on the left. */
export function stepGradient(): string {
  return `linear-gradient(to right, ${STEP_STOPS.join(', ')})`;
}

/** Step counts to label under the colour bar: 1, the powers of ten up to `steps`, and `steps`, with their positions. */
export function stepTicks(steps: number): { step: number; at: number }[] {
  if (!Number.isFinite(steps) || steps < 1) return [];
  const out = [1];
  for (let p = 10; p < steps; p *= 10) out.push(p);
  if (steps > 1) out.push(steps);
  // Drop a power of ten too close to the end label.
  return out.filter((s, i) => i === out.length - 1 || i === 0 || stepPosition(steps, steps) - stepPosition(s, steps) > 0.2).map((step) => ({ step, at: stepPosition(step, steps) }));
}
