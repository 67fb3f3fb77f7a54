import type { LiveSurface } from '../../bridge/live';
import { contourRings, type ContourRings } from '../../lab/contourRings';
import { colormap, cssColor, lossScale } from '../colors';
import type { PlotFrame } from '../plotFrame';

export { LEVELS } from '../../lab/contourRings';

/** The surface's bands: those the worker sent with it, or (a surface made elsewhere) computed here. */
export function surfaceRings(s: LiveSurface): ContourRings {
  return s.rings ?? contourRings(s.values, s.nx, s.ny, s.min, s.max);
}

/** Fills the bands (valley pale, plateaus dark) and strokes the level lines, clipped to the frame. */
export function drawBands(ctx: CanvasRenderingContext2D, s: LiveSurface, bands: ContourRings, f: PlotFrame): void {
  const [w0, w1, b0, b1] = s.range;
  const dw = (w1 - w0) / (s.nx - 1);
  const db = (b1 - b0) / (s.ny - 1);
  // Grid coordinates to pixels, as one affine map: px = ax·c + bx.
  const ax = f.px(w0 + dw) - f.px(w0);
  const bx = f.px(w0 - 0.5 * dw);
  const ay = f.py(b0 + db) - f.py(b0);
  const by = f.py(b0 - 0.5 * db);
  const scale = lossScale(s.min, s.max);
  const { coords, ringEnds, levelEnds, levels } = bands;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.fillStyle = cssColor(colormap(0));
  ctx.fillRect(f.left, f.top, f.width, f.height);
  ctx.strokeStyle = 'rgba(15,23,42,0.28)';
  ctx.lineWidth = 0.7;
  let ring = 0;
  let point = 0;
  for (let k = 0; k < levelEnds.length; k++) {
    const path = new Path2D();
    for (; ring < levelEnds[k]!; ring++) {
      const end = ringEnds[ring]!;
      for (let first = point; point < end; point++) {
        const x = ax * coords[2 * point]! + bx;
        const y = ay * coords[2 * point + 1]! + by;
        if (point === first) path.moveTo(x, y);
        else path.lineTo(x, y);
      }
      path.closePath();
    }
    ctx.fillStyle = cssColor(colormap(scale(levels[k]!)));
    ctx.fill(path, 'evenodd');
    ctx.stroke(path);
  }
  ctx.restore();
}
