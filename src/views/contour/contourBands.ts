import { contours } from 'd3-contour';
import type { LiveSurface } from '../../bridge/live';
import { colormap, cssColor, lossScale, logLevels } from '../colors';
import type { PlotFrame } from '../plotFrame';

/** Number of log-spaced contour levels. */
export const LEVELS = 18;

/** Polygons of {L ≥ level} for log-spaced levels, in grid coordinates (d3-contour: sample i sits at i + ½). */
export interface Bands {
  readonly levels: number[];
  readonly polygons: ReturnType<ReturnType<typeof contours>>;
}

export function computeBands(s: LiveSurface): Bands {
  const levels = logLevels(s.min, s.max, LEVELS);
  const gen = contours().size([s.nx, s.ny]).thresholds(levels).smooth(true);
  return { levels, polygons: gen(s.values as unknown as number[]) };
}

/** Fills the bands (valley pale, plateaus dark) and strokes the level lines, clipped to the frame. */
export function drawBands(ctx: CanvasRenderingContext2D, s: LiveSurface, bands: Bands, f: PlotFrame): void {
  const [w0, w1, b0, b1] = s.range;
  const dw = (w1 - w0) / (s.nx - 1);
  const db = (b1 - b0) / (s.ny - 1);
  const gx = (c: number) => f.px(w0 + (c - 0.5) * dw);
  const gy = (r: number) => f.py(b0 + (r - 0.5) * db);
  const scale = lossScale(s.min, s.max);
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.fillStyle = cssColor(colormap(0));
  ctx.fillRect(f.left, f.top, f.width, f.height);
  bands.polygons.forEach((mp, k) => {
    const path = new Path2D();
    for (const polygon of mp.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([c, r], i) => (i === 0 ? path.moveTo(gx(c!), gy(r!)) : path.lineTo(gx(c!), gy(r!))));
        path.closePath();
      }
    }
    ctx.fillStyle = cssColor(colormap(scale(bands.levels[k]!)));
    ctx.fill(path, 'evenodd');
    ctx.strokeStyle = 'rgba(15,23,42,0.28)';
    ctx.lineWidth = 0.7;
    ctx.stroke(path);
  });
  ctx.restore();
}
