import type { Live } from '../../bridge/live';
import { runColor, runHalo } from '../colors';
import type { PlotFrame } from '../plotFrame';

/**
 * Draws each run's path (`runs`: positions) up to step t (a halo under a coloured line: runHalo), then every
 * run's current point on top of all the lines, so a run whose path lies under another's (three GD runs
 * on one gradient-flow curve) still shows where it is.
 */
export function drawPaths2d(ctx: CanvasRenderingContext2D, live: Live, runs: readonly number[], t: number, f: PlotFrame): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  const ends: { x: number; y: number; color: string; halo: string; diverged: boolean }[] = [];
  for (const i of runs) {
    const p = live.paths[i];
    const color = runColor(i);
    if (!p || p.length === 0) continue;
    const last = Math.min(p.length, t + 1) - 1;
    const path = new Path2D();
    let lx = f.px(p.params[0]!);
    let ly = f.py(p.params[1]!);
    path.moveTo(lx, ly);
    for (let k = 1; k <= last; k++) {
      const x = f.px(p.params[2 * k]!);
      const y = f.py(p.params[2 * k + 1]!);
      // Steps shorter than half a pixel add nothing visible (converging paths pile hundreds of them up).
      if (k < last && Math.abs(x - lx) + Math.abs(y - ly) < 0.5) continue;
      path.lineTo(x, y);
      lx = x;
      ly = y;
    }
    const halo = runHalo(i);
    ctx.strokeStyle = halo;
    ctx.lineWidth = 4.5;
    ctx.stroke(path);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.stroke(path);
    ends.push({ x: f.px(p.params[2 * last]!), y: f.py(p.params[2 * last + 1]!), color, halo, diverged: p.status.kind === 'diverged' && last === p.length - 1 });
  }
  for (const { x, y, color, halo, diverged } of ends) {
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = halo;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    if (diverged) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.moveTo(x - 7, y - 7);
      ctx.lineTo(x + 7, y + 7);
      ctx.moveTo(x + 7, y - 7);
      ctx.lineTo(x - 7, y + 7);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** The start point: white disc with a dark ring; outside the window, pinned to its border as a hollow ring. */
export function drawStart(ctx: CanvasRenderingContext2D, w: number, b: number, f: PlotFrame): void {
  const x = f.px(w);
  const y = f.py(b);
  const px = Math.max(f.left, Math.min(f.left + f.width, x));
  const py = Math.max(f.top, Math.min(f.top + f.height, y));
  const outside = px !== x || py !== y;
  ctx.beginPath();
  ctx.arc(px, py, 6.5, 0, 2 * Math.PI);
  ctx.fillStyle = '#fff';
  if (!outside) ctx.fill();
  ctx.strokeStyle = '#1f2937';
  ctx.lineWidth = 2.5;
  ctx.stroke();
}
