import type { LiveSurface } from '../../bridge/live';

/** Bilinear interpolation of the surface grid at (w, b), clamped to the window; for marker heights. */
export function gridSample(s: LiveSurface, w: number, b: number): number {
  const [w0, w1, b0, b1] = s.range;
  const fx = Math.max(0, Math.min(1, (w - w0) / (w1 - w0))) * (s.nx - 1);
  const fy = Math.max(0, Math.min(1, (b - b0) / (b1 - b0))) * (s.ny - 1);
  const i = Math.min(s.nx - 2, Math.floor(fx || 0));
  const j = Math.min(s.ny - 2, Math.floor(fy || 0));
  const tx = fx - i;
  const ty = fy - j;
  const v = s.values;
  const a = v[j * s.nx + i]!;
  const bb = v[j * s.nx + i + 1]!;
  const c = v[(j + 1) * s.nx + i]!;
  const d = v[(j + 1) * s.nx + i + 1]!;
  return (a * (1 - tx) + bb * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
}
