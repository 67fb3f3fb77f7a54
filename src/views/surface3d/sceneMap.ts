import type { LiveSurface } from '../../bridge/live';

/** Height of the highest loss in scene units; w and b span [−1, 1]. */
export const HEIGHT = 0.9;
const LIMIT = 4;

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/**
 * Maps (w, b, L) to scene coordinates: x = w across the window, z = −b (b grows away from the viewer),
 * y = loss normalised to [0, HEIGHT]. Everything is clamped to a few window widths and never non-finite,
 * so a far-away or diverged point cannot put NaN or 1e30 into a float32 buffer.
 */
export interface SceneMap {
  x(w: number): number;
  y(L: number): number;
  z(b: number): number;
  w(x: number): number;
  b(z: number): number;
}

const cache = new WeakMap<object, SceneMap>();

/** sceneMap of a surface, built once per surface object (frame callbacks call this every frame). */
export function sceneMapOf(s: LiveSurface): SceneMap {
  let m = cache.get(s);
  if (!m) {
    m = sceneMap(s);
    cache.set(s, m);
  }
  return m;
}

export function sceneMap(s: Pick<LiveSurface, 'range' | 'min' | 'max'>): SceneMap {
  const [w0, w1, b0, b1] = s.range;
  const span = s.max - s.min;
  const ky = span > 0 && Number.isFinite(span) ? HEIGHT / span : 0;
  const fin = (v: number) => (Number.isFinite(v) ? v : 0);
  return {
    x: (w) => clamp(fin(((w - w0) / (w1 - w0)) * 2 - 1), -LIMIT, LIMIT),
    z: (b) => clamp(fin(-(((b - b0) / (b1 - b0)) * 2 - 1)), -LIMIT, LIMIT),
    y: (L) => clamp(fin((L - s.min) * ky), -1, LIMIT),
    w: (x) => w0 + ((x + 1) / 2) * (w1 - w0),
    b: (z) => b0 + ((1 - z) / 2) * (b1 - b0),
  };
}
