import { drawText, textWidth } from '../canvasText';
import type { TheoryView } from '../../lab/pointTheory';
import type { PlotFrame } from '../plotFrame';
import { labelBox, labelInside, type LabelBox } from './labelPlacement';

/** Half-length in CSS pixels of the longer axis, and the shortest one drawn. */
const LONG = 34;
const SHORT = 12;
const FONT = '11px system-ui, sans-serif';

/** One eigen-axis as drawn: its centre, half-extent (CSS px), look, and its label's baseline position. */
interface EigenAxis {
  readonly x: number;
  readonly y: number;
  readonly ux: number;
  readonly uy: number;
  readonly sign: number;
  readonly label: string;
  readonly tx: number;
  readonly ty: number;
}

/** The axes drawEigenAxes draws (none when the point is outside the frame or not finite). */
function eigenAxes(view: TheoryView, f: PlotFrame): EigenAxis[] {
  const th = view.theory;
  const [w, b] = th.point as [number, number];
  const x = f.px(w);
  const y = f.py(b);
  if (!Number.isFinite(x) || !Number.isFinite(y) || x < f.left || x > f.left + f.width || y < f.top || y > f.top + f.height) return [];
  const radii = th.eigenvalues.map((l, i) => (th.signs[i] === 0 || !(Math.abs(l) > 0) ? Infinity : 1 / Math.sqrt(Math.abs(l))));
  const finite = radii.filter(Number.isFinite);
  const big = finite.length > 0 ? Math.max(...finite) : 1;
  const out: EigenAxis[] = [];
  th.eigenvectors.forEach((v, i) => {
    const dx = f.px(w + v[0]!) - x;
    const dy = f.py(b + v[1]!) - y;
    const n = Math.hypot(dx, dy);
    if (!(n > 0) || !Number.isFinite(n)) return;
    const r = radii[i]!;
    const len = Number.isFinite(r) ? Math.max(SHORT, (LONG * r) / big) : LONG;
    const ux = (dx / n) * len;
    const uy = (dy / n) * len;
    const label = i === 0 ? 'λmin' : 'λmax';
    const lw = textWidth(FONT, label);
    // At the tip, kept inside the frame (a point near its edge had its label cut off there).
    const { x: tx, y: ty } = labelInside(x + ux * 1.12 + (ux >= 0 ? 2 : -lw - 2), y + uy * 1.12 + 4, lw, { x: f.left, y: f.top, w: f.width, h: f.height });
    out.push({ x, y, ux, uy, sign: th.signs[i]!, label, tx, ty });
  });
  return out;
}

/** The boxes of the eigen-axes' labels, for the step arrows' labels to keep clear of (labelPlacement.ts). */
export function eigenLabelBoxes(view: TheoryView, f: PlotFrame): LabelBox[] {
  return eigenAxes(view, f).map((a) => labelBox(a.tx, a.ty, textWidth(FONT, a.label)));
}

/** The side of the small boxes laid along each eigen-axis, and their spacing, CSS px. */
const LINE_BOX = 4;

/**
 * Small boxes along the eigen-axes' lines (inside the frame), for the step arrows' labels to keep clear of
 * too: a label placed only off the 'λ' labels could sit across an axis ('−γ·update' struck through by λmin).
 */
export function eigenLineBoxes(view: TheoryView, f: PlotFrame): LabelBox[] {
  const out: LabelBox[] = [];
  for (const { x, y, ux, uy } of eigenAxes(view, f)) {
    const n = Math.max(1, Math.ceil((2 * Math.hypot(ux, uy)) / LINE_BOX));
    for (let k = 0; k <= n; k++) {
      const px = x - ux + (2 * ux * k) / n;
      const py = y - uy + (2 * uy * k) / n;
      if (px < f.left || px > f.left + f.width || py < f.top || py > f.top + f.height) continue;
      out.push({ x: px - LINE_BOX / 2, y: py - LINE_BOX / 2, w: LINE_BOX, h: LINE_BOX });
    }
  }
  return out;
}

/**
 * H's eigenvectors as two short axes through the theory's point (the contour ellipses' axes there):
 * half-lengths ∝ 1/√|λ| like an ellipse's, the longer LONG px, none under SHORT px; an axis of positive
 * curvature solid, of negative curvature (it curves down) dashed in orange, a flat one dotted. Each is
 * labelled at its tip. The directions go through the frame's scales, so on a window with unequal axes
 * they look as the contours do. Nothing is drawn when the point is outside the frame or not finite.
 */
export function drawEigenAxes(ctx: CanvasRenderingContext2D, view: TheoryView, f: PlotFrame): void {
  const axes = eigenAxes(view, f);
  if (axes.length === 0) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  for (const { x, y, ux, uy, sign, label, tx, ty } of axes) {
    const color = sign < 0 ? '#b8480b' : '#0f172a';
    ctx.setLineDash([]);
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.moveTo(x - ux, y - uy);
    ctx.lineTo(x + ux, y + uy);
    ctx.stroke();
    ctx.setLineDash(sign < 0 ? [5, 3] : sign === 0 ? [2, 3] : []);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.8;
    ctx.stroke();
    ctx.setLineDash([]);
    // Through canvasText.ts: text set on a page canvas recomputes the page's styles (3 ms a frame here).
    drawText(ctx, label, tx, ty, { font: FONT, fill: color, halo: { color: 'rgba(255,255,255,0.9)', width: 3 } });
  }
  ctx.restore();
}
