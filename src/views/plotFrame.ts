import { drawText } from './canvasText';
/** A rectangular plot area inside a canvas, with linear maps between data and CSS pixels. */
export interface PlotFrame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  px(x: number): number;
  py(y: number): number;
  x(px: number): number;
  y(py: number): number;
}

export interface Margin {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const MARGIN: Margin = { left: 48, right: 18, top: 10, bottom: 28 };
/** For small multiples (the MLP's decision maps): room for short tick labels only. */
export const SMALL_MARGIN: Margin = { left: 28, right: 8, top: 6, bottom: 30 };

/** Maps [x0, x1] × [y0, y1] onto the canvas minus MARGIN, y growing upwards. */
export function plotFrame(width: number, height: number, x0: number, x1: number, y0: number, y1: number, margin: Margin = MARGIN): PlotFrame {
  const left = margin.left;
  const top = margin.top;
  const w = Math.max(1, width - margin.left - margin.right);
  const h = Math.max(1, height - margin.top - margin.bottom);
  return {
    left,
    top,
    width: w,
    height: h,
    px: (x) => left + ((x - x0) / (x1 - x0)) * w,
    py: (y) => top + (1 - (y - y0) / (y1 - y0)) * h,
    x: (p) => x0 + ((p - left) / w) * (x1 - x0),
    y: (p) => y0 + (1 - (p - top) / h) * (y1 - y0),
  };
}

/** About `count` round tick values covering [a, b]. */
export function ticks(a: number, b: number, count = 5): number[] {
  const span = b - a;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** The axes' labels: drawn through canvasText.ts (text set on a page canvas recomputes the page's styles). */
const AXIS_TEXT = { font: '11px system-ui, sans-serif', fill: '#334155' } as const;

/** Draws axis ticks and labels around a frame. */
export function drawAxes(ctx: CanvasRenderingContext2D, f: PlotFrame, xs: number[], ys: number[], xLabel: string, yLabel: string, yFormat: (v: number) => string = String): void {
  ctx.save();
  ctx.strokeStyle = '#94a3b8';
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left + 0.5, f.top + 0.5, f.width, f.height);
  const xTick = { ...AXIS_TEXT, align: 'center', baseline: 'top' } as const;
  for (const v of xs) {
    const p = f.px(v);
    ctx.beginPath();
    ctx.moveTo(p, f.top + f.height);
    ctx.lineTo(p, f.top + f.height + 4);
    ctx.stroke();
    drawText(ctx, String(v), p, f.top + f.height + 5, xTick);
  }
  const yTick = { ...AXIS_TEXT, align: 'right', baseline: 'middle' } as const;
  for (const v of ys) {
    const p = f.py(v);
    ctx.beginPath();
    ctx.moveTo(f.left - 4, p);
    ctx.lineTo(f.left, p);
    ctx.stroke();
    drawText(ctx, yFormat(v), f.left - 6, p, yTick);
  }
  drawText(ctx, xLabel, f.left + f.width, f.top + f.height + 27, { ...AXIS_TEXT, align: 'right', baseline: 'bottom' });
  ctx.save();
  ctx.translate(9, f.top + f.height / 2);
  ctx.rotate(-Math.PI / 2);
  drawText(ctx, yLabel, 0, 0, { ...AXIS_TEXT, align: 'center', baseline: 'middle' });
  ctx.restore();
  ctx.restore();
}
