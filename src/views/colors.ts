/**
 * One colour per run, by its position, used by every view and the legend: the Okabe–Ito palette
 * (colour-blind safe), ordered so the first three stay close to the old GD / momentum / Nesterov
 * colours, its yellow last (weak on the pale valley floor: its paths get a dark halo, the others a white
 * one, see runHalo, so every colour reads on both ends of the colour map).
 */
export const RUN_COLORS = ['#D55E00', '#009E73', '#CC79A7', '#0072B2', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** The colour of run i (wraps past the palette, which MAX_RUNS never reaches). */
export const runColor = (i: number): string => RUN_COLORS[((i % RUN_COLORS.length) + RUN_COLORS.length) % RUN_COLORS.length]!;

/** WCAG relative luminance of a #rrggbb colour, 0 (black) … 1 (white). */
export function luminance(hex: string): number {
  const c = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

/**
 * The halo under run i's lines and the ring round its markers: white, except for a colour lighter than
 * the pale end of the colour map (Okabe–Ito's yellow: 1.1 : 1 against the valley floor and white), which
 * gets a dark one so its path reads on the valley floor, on white charts and on the deep plateaus alike.
 */
export const runHalo = (i: number): string => (lightRun(i) ? DARK_HALO : WHITE_HALO);
/** Whether run i's colour is lighter than the colour map's pale end (it takes the dark halo). */
export const lightRun = (i: number): boolean => luminance(runColor(i)) > 0.5;
const WHITE_HALO = 'rgba(255,255,255,0.85)';
const DARK_HALO = 'rgba(31,41,55,0.85)';

// Pale at the valley floor, deep blue on the plateaus: paths in saturated colours stand out on both.
const STOPS: [number, number, number][] = [
  [250, 248, 232],
  [214, 236, 212],
  [142, 203, 200],
  [72, 152, 190],
  [40, 90, 160],
  [28, 42, 96],
];

/** Colour for a position s ∈ [0, 1] on the loss colour scale, as [r, g, b] in 0..1. */
export function colormap(s: number, out: [number, number, number] = [0, 0, 0]): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(s) ? s : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  out[0] = (a[0] + (b[0] - a[0]) * f) / 255;
  out[1] = (a[1] + (b[1] - a[1]) * f) / 255;
  out[2] = (a[2] + (b[2] - a[2]) * f) / 255;
  return out;
}

export function cssColor(c: [number, number, number]): string {
  return `rgb(${Math.round(c[0] * 255)},${Math.round(c[1] * 255)},${Math.round(c[2] * 255)})`;
}

/**
 * The log scale shared by the 3D colours and the contour bands: s = log(1 + (L − min)/ε) / log(1 + (max − min)/ε)
 * with ε = (max − min)/1000, so the valley floor gets as much colour range as the plateaus.
 */
export function lossScale(min: number, max: number): (L: number) => number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return () => 0;
  const eps = span / 1000;
  const denom = Math.log1p(span / eps);
  return (L) => Math.log1p(Math.max(0, L - min) / eps) / denom;
}

export { logLevels } from '../lab/contourRings';

/** The inverse of lossScale: the loss at position s ∈ [0, 1] of the colour scale. */
export function lossAtScale(min: number, max: number): (s: number) => number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return () => min;
  const eps = span / 1000;
  const top = Math.log1p(span / eps);
  return (s) => min + eps * Math.expm1(s * top);
}
