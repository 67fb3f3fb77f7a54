import { drawText, textWidth } from '../canvasText';
import type { Arrow, Pair, StepShapes } from '../../lab/stepGeometry';
import type { PlotFrame } from '../plotFrame';
import { labelBox, placeArrowLabel, type LabelBox } from './labelPlacement';
import type { Emphasis } from './stepFlash';

/** Canvas coordinates far outside the plot are pulled in (the frame clips them): no huge or non-finite path. */
const FAR = 10_000;
const c = (v: number) => (v > FAR ? FAR : v < -FAR ? -FAR : Number.isFinite(v) ? v : 0);

const HISTORY = '#334155';
/** The plot's (or the inset's) frame as a label box: labels stay inside it. */
const frameBox = (f: PlotFrame): LabelBox => ({ x: f.left, y: f.top, w: f.width, h: f.height });
/** Labels go through canvasText.ts: text set on a page canvas recomputes the page's styles. */
const LABEL_FONT = '11px system-ui, sans-serif';
const HALO = { color: 'rgba(255,255,255,0.9)', width: 3 } as const;
const UNDONE = '#b91c1c';

function arrow(ctx: CanvasRenderingContext2D, a: Arrow, f: PlotFrame, color: string, taken: LabelBox[]): void {
  const x0 = c(f.px(a.from[0]));
  const y0 = c(f.py(a.from[1]));
  const x1 = c(f.px(a.to[0]));
  const y1 = c(f.py(a.to[1]));
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (!(len > 0.5)) return;
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const head = Math.min(9, len * 0.5);
  const stroke = a.role === 'history' ? HISTORY : a.role === 'undone' ? UNDONE : color;
  const width = a.role === 'update' ? 1.5 : 2.2;
  const path = () => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5);
    ctx.moveTo(x1, y1);
    ctx.lineTo(x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5);
  };
  ctx.setLineDash([]);
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.lineWidth = width + 3;
  path();
  ctx.stroke();
  ctx.setLineDash(a.role === 'update' || a.role === 'undone' ? [5, 3] : []);
  ctx.strokeStyle = stroke;
  ctx.lineWidth = width;
  path();
  ctx.stroke();
  ctx.setLineDash([]);
  const w = textWidth(LABEL_FONT, a.label);
  const at = placeArrowLabel(x1, y1, ux, uy, w, taken, frameBox(f));
  taken.push(labelBox(at.x, at.y, w));
  drawText(ctx, a.label, at.x, at.y, { font: LABEL_FONT, fill: stroke, halo: HALO });
}

function ring(ctx: CanvasRenderingContext2D, p: Pair, f: PlotFrame, color: string, label: string, taken: LabelBox[]): void {
  const x = c(f.px(p[0]));
  const y = c(f.py(p[1]));
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.arc(x, y, 5, 0, 2 * Math.PI);
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.lineWidth = 4;
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
  const w = textWidth(LABEL_FONT, label);
  const at = placeArrowLabel(x + 2, y, 1, -1, w, taken, frameBox(f));
  taken.push(labelBox(at.x, at.y, w));
  drawText(ctx, label, at.x, at.y, { font: LABEL_FONT, fill: color, halo: HALO });
}

/**
 * The step overlay on the contour plot (views of lab/stepGeometry.ts shapes): Rprop's Δ box under the
 * arrows (a flipped parameter's sides dashed red), then the arrows tip to tail with a white halo (the
 * gradient term in the run's colour, momentum's history in slate, the whole update dashed), Nesterov's
 * look-ahead point as a ring, QuickProp's per-parameter changes as thin axis-parallel ticks. Clipped to
 * the frame. The labels keep clear of `avoid` (the eigen-axes' labels) and of each other
 * (labelPlacement.ts). `flash` 'on': the flipped sides bold and solid instead (stepFlash.ts).
 */
export function drawStepOverlay(ctx: CanvasRenderingContext2D, s: StepShapes, f: PlotFrame, color: string, avoid: readonly LabelBox[] = [], flash: Emphasis | null = null): void {
  const taken = [...avoid];
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  if (s.box) {
    const x0 = c(f.px(s.at[0] - s.box.half[0]));
    const x1 = c(f.px(s.at[0] + s.box.half[0]));
    const y0 = c(f.py(s.at[1] - s.box.half[1]));
    const y1 = c(f.py(s.at[1] + s.box.half[1]));
    ctx.fillStyle = 'rgba(255,255,255,0.25)';
    ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    const side = (flip: boolean, ax: number, ay: number, bx: number, by: number) => {
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      const bold = flip && flash === 'on';
      ctx.setLineDash(flip && !bold ? [4, 3] : []);
      ctx.strokeStyle = flip ? UNDONE : color;
      ctx.lineWidth = bold ? 4 : flip ? 2 : 1.2;
      ctx.stroke();
    };
    // The sides across w are Δ_w's (a flip of w dashes them), across b Δ_b's.
    side(s.box.undone[0], x0, y0, x0, y1);
    side(s.box.undone[0], x1, y0, x1, y1);
    side(s.box.undone[1], x0, y0, x1, y0);
    side(s.box.undone[1], x0, y1, x1, y1);
    ctx.setLineDash([]);
  }
  for (const sec of s.secants) {
    const to: Pair = sec.axis === 0 ? [s.at[0] + sec.change, s.at[1]] : [s.at[0], s.at[1] + sec.change];
    arrow(ctx, { from: s.at, to, role: 'history', label: `${sec.axis === 0 ? 'w' : 'b'}: ${sec.rule}` }, f, color, taken);
  }
  for (const a of s.arrows) if (a.role === 'update') arrow(ctx, a, f, color, taken);
  for (const a of s.arrows) if (a.role !== 'update') arrow(ctx, a, f, color, taken);
  if (s.lookAhead) ring(ctx, s.lookAhead, f, color, 'look-ahead', taken);
  ctx.restore();
}
