import type { Live } from '../../bridge/live';
import { runColor, runHalo } from '../colors';
import type { PlotFrame } from '../plotFrame';
import { liveExit } from '../windowExit';

/**
 * For each path that has left the window by step t: a triangle on the window's border where it left,
 * pointing the way it went, in the path's colour (its end marker lies outside and is not drawn). A start
 * outside the window is shown pinned to the border as a hollow ring.
 */
export function drawExits(ctx: CanvasRenderingContext2D, live: Live, runs: readonly number[], t: number, f: PlotFrame): void {
  ctx.save();
  ctx.lineJoin = 'round';
  for (const id of runs) {
    const p = live.paths[id];
    const exit = liveExit(live, p);
    if (!p || !exit || exit.step === 0 || exit.step > t) continue;
    const x = f.px(exit.x);
    const y = f.py(exit.y);
    const k = exit.step;
    let dx = f.px(p.params[2 * k]!) - f.px(p.params[2 * k - 2]!);
    let dy = f.py(p.params[2 * k + 1]!) - f.py(p.params[2 * k - 1]!);
    const n = Math.hypot(dx, dy) || 1;
    dx /= n;
    dy /= n;
    ctx.beginPath();
    ctx.moveTo(x + 11 * dx, y + 11 * dy);
    ctx.lineTo(x - 5 * dx - 7 * dy, y - 5 * dy + 7 * dx);
    ctx.lineTo(x - 5 * dx + 7 * dy, y - 5 * dy - 7 * dx);
    ctx.closePath();
    ctx.fillStyle = runColor(id);
    ctx.fill();
    ctx.strokeStyle = runHalo(id);
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
  ctx.restore();
}
