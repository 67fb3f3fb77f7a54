import { drawText } from '../canvasText';
import type { Pair, StepShapes } from '../../lab/stepGeometry';
import type { PlotFrame } from '../plotFrame';

/** The inset's side as a share of the plot's shorter side, the share of it the step fills, the largest magnification. */
const SIDE = 0.42;
const FILL = 0.6;
const MAX_ZOOM = 1e6;
const PAD = 8;

/** The magnified inset: where it sits, the plot rectangle it magnifies (CSS px of the plot), and its frame. */
export interface ZoomInset {
  readonly frame: PlotFrame;
  readonly source: { readonly x: number; readonly y: number; readonly size: number };
  readonly zoom: number;
}

/** Every point the step overlay draws, in (w, b) (or the slice's (a, b)). */
function stepPoints(s: StepShapes): Pair[] {
  const pts: Pair[] = [s.at];
  for (const a of s.arrows) pts.push(a.from, a.to);
  if (s.lookAhead) pts.push(s.lookAhead);
  if (s.box) pts.push([s.at[0] - s.box.half[0], s.at[1] - s.box.half[1]], [s.at[0] + s.box.half[0], s.at[1] + s.box.half[1]]);
  for (const sec of s.secants) pts.push(sec.axis === 0 ? [s.at[0] + sec.change, s.at[1]] : [s.at[0], s.at[1] + sec.change]);
  return pts;
}

/**
 * The "magnify the step" inset (link show=zoom): a square in the plot's corner farthest from the step,
 * showing the plot around the step magnified so the step's parts fill about FILL of it. The magnification
 * is the same along both axes (the arrows keep their directions) and at least 1. Null when the step has
 * no finite extent on the plot.
 */
export function zoomInset(s: StepShapes, f: PlotFrame): ZoomInset | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of stepPoints(s)) {
    const x = f.px(p[0]);
    const y = f.py(p[1]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!(x1 >= x0 && y1 >= y0)) return null;
  const side = Math.round(SIDE * Math.min(f.width, f.height));
  if (side < 40) return null;
  const extent = Math.max(x1 - x0, y1 - y0);
  const zoom = Math.min(MAX_ZOOM, Math.max(1, (FILL * side) / Math.max(extent, 1e-9)));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  // The corner farthest from the step.
  const left = cx > f.left + f.width / 2 ? f.left + PAD : f.left + f.width - PAD - side;
  const top = cy > f.top + f.height / 2 ? f.top + PAD : f.top + f.height - PAD - side;
  const ox = left + side / 2;
  const oy = top + side / 2;
  const frame: PlotFrame = {
    left,
    top,
    width: side,
    height: side,
    px: (x) => ox + (f.px(x) - cx) * zoom,
    py: (y) => oy + (f.py(y) - cy) * zoom,
    x: (p) => f.x(cx + (p - ox) / zoom),
    y: (p) => f.y(cy + (p - oy) / zoom),
  };
  const size = side / zoom;
  return { frame, source: { x: cx - size / 2, y: cy - size / 2, size }, zoom };
}

const BORDER = '#0f172a';

/** The inset as the contour plot's data-zoom attribute: its left, top and side, and the magnified square's x, y and side (CSS px of the plot). */
export function zoomAttribute(z: ZoomInset): string {
  return [z.frame.left, z.frame.top, z.frame.width, z.source.x, z.source.y, z.source.size].map((v) => Number(v.toPrecision(9))).join(',');
}

/** "×37", "×1.2k", "×3.4M": the magnification, short. */
export function zoomText(z: number): string {
  const r = (v: number) => (v >= 100 ? Math.round(v).toString() : v.toPrecision(2).replace(/\.0$/, ''));
  return `×${z >= 1e6 ? `${r(z / 1e6)}M` : z >= 1e3 ? `${r(z / 1e3)}k` : r(z)}`;
}

/**
 * Draws the inset's frame: the contours under it magnified from the back canvas (device pixels `scale`
 * per CSS px), veiled so the arrows read; then `content` (the paths and the step, drawn in the inset's
 * frame, which they clip to), the border with the magnification, and on the plot a mark around the
 * magnified square.
 */
export function drawZoomInset(ctx: CanvasRenderingContext2D, z: ZoomInset, back: HTMLCanvasElement | null, scale: number, content: (f: PlotFrame) => void): void {
  const { frame: f, source } = z;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(f.left, f.top, f.width, f.height);
  if (back) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(back, source.x * scale, source.y * scale, source.size * scale, source.size * scale, f.left, f.top, f.width, f.height);
  }
  ctx.fillStyle = 'rgba(255,255,255,0.35)';
  ctx.fillRect(f.left, f.top, f.width, f.height);
  ctx.restore();
  content(f);
  ctx.save();
  ctx.setLineDash([]);
  ctx.strokeStyle = BORDER;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(f.left + 0.5, f.top + 0.5, f.width - 1, f.height - 1);
  drawText(ctx, zoomText(z.zoom), f.left + 6, f.top + 14, { font: '11px system-ui, sans-serif', fill: BORDER, halo: { color: 'rgba(255,255,255,0.9)', width: 3 } });
  // Where it is on the plot: the magnified square, at least a few pixels wide so it can be seen.
  const m = Math.max(source.size, 6);
  ctx.lineWidth = 1;
  ctx.strokeRect(source.x + source.size / 2 - m / 2, source.y + source.size / 2 - m / 2, m, m);
  ctx.restore();
}

/** The part of segment a→b inside the rectangle (Liang–Barsky, in double precision), or null. */
function clipSegment(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [[-dx, ax - x0], [dx, x1 - ax], [-dy, ay - y0], [dy, y1 - ay]] as const) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return null;
    }
  }
  return [ax + t0 * dx, ay + t0 * dy, ax + t1 * dx, ay + t1 * dy];
}

/**
 * The runs' paths up to step t in the inset's frame, as drawPaths2d draws them, but each segment clipped
 * to the inset in double precision first: magnified a million times, a far point's canvas coordinate
 * would be too large for the canvas's float32 paths to keep the segment's direction.
 */
export function drawPathsZoomed(ctx: CanvasRenderingContext2D, paths: readonly ({ params: Float64Array; length: number } | undefined)[], runs: readonly number[], colorOf: (i: number) => string, t: number, f: PlotFrame): void {
  const x0 = f.left - 10;
  const y0 = f.top - 10;
  const x1 = f.left + f.width + 10;
  const y1 = f.top + f.height + 10;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.lineCap = 'round';
  for (const i of runs) {
    const p = paths[i];
    if (!p || p.length === 0) continue;
    const last = Math.min(p.length, t + 1) - 1;
    const path = new Path2D();
    for (let k = 1; k <= last; k++) {
      const s = clipSegment(f.px(p.params[2 * k - 2]!), f.py(p.params[2 * k - 1]!), f.px(p.params[2 * k]!), f.py(p.params[2 * k + 1]!), x0, y0, x1, y1);
      if (!s) continue;
      path.moveTo(s[0], s[1]);
      path.lineTo(s[2], s[3]);
    }
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    ctx.lineWidth = 4.5;
    ctx.stroke(path);
    ctx.strokeStyle = colorOf(i);
    ctx.lineWidth = 2;
    ctx.stroke(path);
    const x = f.px(p.params[2 * last]!);
    const y = f.py(p.params[2 * last + 1]!);
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fillStyle = colorOf(i);
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }
  ctx.restore();
}
