import type { CameraPose } from '../../protocol/experiment';
import { CAMERA_BOUNDS } from '../../url/table';

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.max(lo, Math.min(hi, v));
/** Azimuth wrapped into (−180°, 180°]. */
const wrap = (az: number) => az - 360 * Math.ceil((az - 180) / 360);
const r1 = (v: number) => Math.round(v * 10) / 10 || 0;

/**
 * The camera pose after a key press on a focused 3D view, or null for a key it does not handle:
 * ←/→ orbit 5° around the vertical axis, ↑/↓ raise or lower the camera 5° (Shift: 15°), + / − zoom in or
 * out by 10 % (Shift: 30 %), within the link's camera bounds.
 */
export function orbitByKey([az, el, dist]: CameraPose, key: string, shift: boolean): CameraPose | null {
  const deg = shift ? 15 : 5;
  const zoom = shift ? 1.3 : 1.1;
  const [, elBounds, distBounds] = CAMERA_BOUNDS as [readonly [number, number], readonly [number, number], readonly [number, number]];
  switch (key) {
    case 'ArrowLeft':
      return [wrap(r1(az - deg)), el, dist];
    case 'ArrowRight':
      return [wrap(r1(az + deg)), el, dist];
    case 'ArrowUp':
      return [az, clamp(r1(el + deg), elBounds), dist];
    case 'ArrowDown':
      return [az, clamp(r1(el - deg), elBounds), dist];
    case '+':
    case '=':
      return [az, el, clamp(Math.round((dist / zoom) * 100) / 100, distBounds)];
    case '-':
    case '_':
      return [az, el, clamp(Math.round(dist * zoom * 100) / 100, distBounds)];
    default:
      return null;
  }
}
