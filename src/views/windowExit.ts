import type { Live, LivePath } from '../bridge/live';

type Range = readonly [number, number, number, number];

/**
 * Where a path leaves the surface's window: `step` is its first row outside the window and (x, y) the
 * point where the segment from row step − 1 to row step crosses the window's border, `f` ∈ [0, 1] how far
 * along that segment (so a view can interpolate the loss there too). A path whose start lies outside
 * has step 0 and (x, y) its start pinned to the border. Null for a path that stays inside.
 */
export interface WindowExit {
  readonly step: number;
  readonly x: number;
  readonly y: number;
  readonly f: number;
}

const inside = (x: number, y: number, r: Range) => x >= r[0] && x <= r[1] && y >= r[2] && y <= r[3];
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** The first exit of rows 0..length−1 of (x, y) pairs from the window `r` (see WindowExit). */
export function windowExit(params: Float64Array, length: number, r: Range): WindowExit | null {
  if (length === 0) return null;
  const x0 = params[0]!;
  const y0 = params[1]!;
  if (!inside(x0, y0, r)) return { step: 0, x: clamp(x0, r[0], r[1]), y: clamp(y0, r[2], r[3]), f: 0 };
  for (let k = 1; k < length; k++) {
    const x = params[2 * k]!;
    const y = params[2 * k + 1]!;
    if (inside(x, y, r)) continue;
    const px = params[2 * k - 2]!;
    const py = params[2 * k - 1]!;
    // The largest fraction of the segment that stays inside, against each border it crosses.
    let f = 1;
    const dx = x - px;
    const dy = y - py;
    if (x > r[1]) f = Math.min(f, (r[1] - px) / dx);
    if (x < r[0]) f = Math.min(f, (r[0] - px) / dx);
    if (y > r[3]) f = Math.min(f, (r[3] - py) / dy);
    if (y < r[2]) f = Math.min(f, (r[2] - py) / dy);
    f = clamp(Number.isFinite(f) ? f : 0, 0, 1);
    return { step: k, x: clamp(px + f * dx, r[0], r[1]), y: clamp(py + f * dy, r[2], r[3]), f };
  }
  return null;
}

const cache = new WeakMap<LivePath, { version: number; range: Range; exit: WindowExit | null }>();

/** windowExit of a live path over the live surface's window, computed once per write of the live buffers. */
export function liveExit(live: Live, path: LivePath | undefined): WindowExit | null {
  const s = live.surface;
  if (!path || !s) return null;
  const c = cache.get(path);
  if (c && c.version === live.version && c.range === s.range) return c.exit;
  const exit = windowExit(path.params, path.length, s.range);
  cache.set(path, { version: live.version, range: s.range, exit });
  return exit;
}
