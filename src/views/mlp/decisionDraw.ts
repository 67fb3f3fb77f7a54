import type { LiveData, LiveView } from '../../bridge/live';
import { runColor } from '../colors';
import type { PlotFrame } from '../plotFrame';

/** Class 0 orange, class 1 blue, white at the 0.5 boundary (TensorFlow Playground's palette). */
const CLASS0: readonly [number, number, number] = [245, 147, 34];
const CLASS1: readonly [number, number, number] = [8, 119, 189];

/**
 * The colour of a network output v for labels 0/1: orange below 0.5, blue above, paler near 0.5.
 * Blends from white (k = 0) to 75 % of the class colour (k = 1), so the points stay readable on top.
 * Allocation-free: it runs for every pixel of every decision map.
 */
export function classColor(v: number, out: Uint8ClampedArray, at: number): void {
  const s = Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5;
  const c = s < 0.5 ? CLASS0 : CLASS1;
  const a = 0.75 * (s < 0.5 ? (0.5 - s) * 2 : (s - 0.5) * 2);
  out[at] = 255 + (c[0] - 255) * a;
  out[at + 1] = 255 + (c[1] - 255) * a;
  out[at + 2] = 255 + (c[2] - 255) * a;
  out[at + 3] = 255;
}

/** A data point's class: the label (1 output) or the index of the larger one-hot value (2 outputs). */
export function labelOf(d: LiveData, k: number): number {
  if (d.outputs === 1) return d.y[k]! >= 0.5 ? 1 : 0;
  return d.y[2 * k + 1]! >= d.y[2 * k]! ? 1 : 0;
}

/** A point being dragged: data index k shown at (x, y) in input (and for sine, target) units. */
export interface Drag {
  k: number;
  x: number;
  y: number;
}

/** (x, y) of data point k as drawn: (x₁, x₂) with 2 inputs, (x, first target) with 1. */
export function pointAt(d: LiveData, k: number, drag: Drag | null): [number, number] {
  if (drag && drag.k === k) return [drag.x, drag.y];
  return d.inputs === 2 ? [d.x[2 * k]!, d.x[2 * k + 1]!] : [d.x[k]!, d.y[k * d.outputs]!];
}

/** The data points, one path per class (two fills and two strokes, not one per point); a dragged point on top. */
export function drawPoints(ctx: CanvasRenderingContext2D, d: LiveData, f: PlotFrame, drag: Drag | null): void {
  ctx.save();
  const n = d.x.length / d.inputs;
  for (const cls of [0, 1]) {
    const c = cls ? CLASS1 : CLASS0;
    const path = new Path2D();
    for (let k = 0; k < n; k++) {
      if (drag?.k === k || labelOf(d, k) !== cls) continue;
      const [x, y] = pointAt(d, k, null);
      const px = f.px(x);
      const py = f.py(y);
      path.moveTo(px + 3.2, py);
      path.arc(px, py, 3.2, 0, 2 * Math.PI);
    }
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.fill(path);
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke(path);
  }
  if (drag && drag.k < n) {
    const c = labelOf(d, drag.k) ? CLASS1 : CLASS0;
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#111827';
    ctx.beginPath();
    ctx.arc(f.px(drag.x), f.py(drag.y), 4.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** The data point under the pointer (within `radius` px), nearest first; −1 if none. */
export function pointNear(d: LiveData, f: PlotFrame, px: number, py: number, radius = 7): number {
  let best = -1;
  let bestD = radius * radius;
  for (let k = 0; k < d.x.length / d.inputs; k++) {
    const [x, y] = pointAt(d, k, null);
    const dd = (f.px(x) - px) ** 2 + (f.py(y) - py) ** 2;
    if (dd <= bestD) {
      best = k;
      bestD = dd;
    }
  }
  return best;
}

/** No network to draw yet (or no optimizer shown): the curves view then shows the data alone. */
export const EMPTY_VIEW: LiveView = { runId: 0, t: 0, res: 2, window: [-1.2, 1.2, -1.5, 1.5], runs: [], steps: [], thetas: new Float64Array(0), maps: new Float32Array(0), theoryRun: 0, theory: null };

/** An offscreen canvas and its pixels, reused from one playback frame to the next; and the points drawn once. */
export interface Scratch {
  canvas: HTMLCanvasElement | null;
  image: ImageData | null;
  points: { canvas: HTMLCanvasElement; data: LiveData | null; key: string } | null;
}

/**
 * The data points over a map (and `over`, the axes: their text is the slow part): drawn into a layer of the canvas's own pixel size once per data set,
 * frame and drag, then copied (a view reply redraws the map under them several times a second while
 * the runs stream in; 200 circles cost about a millisecond each time, the copy a few microseconds).
 */
function drawPointsLayer(ctx: CanvasRenderingContext2D, d: LiveData, f: PlotFrame, drag: Drag | null, scratch: Scratch, over?: (ctx: CanvasRenderingContext2D) => void): void {
  const { width, height } = ctx.canvas;
  const key = `${width}|${height}|${f.left},${f.top},${f.width},${f.height},${f.x(0)},${f.y(0)}|${drag ? `${drag.k}:${drag.x}:${drag.y}` : ''}`;
  const layer = (scratch.points ??= { canvas: document.createElement('canvas'), data: null, key: '' });
  if (layer.data !== d || layer.key !== key) {
    layer.canvas.width = width;
    layer.canvas.height = height;
    const lctx = layer.canvas.getContext('2d');
    if (!lctx) return drawPoints(ctx, d, f, drag);
    lctx.setTransform(ctx.getTransform());
    drawPoints(lctx, d, f, drag);
    over?.(lctx);
    layer.data = d;
    layer.key = key;
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer.canvas, 0, 0);
  ctx.restore();
}

export function drawMap(ctx: CanvasRenderingContext2D, v: LiveView, k: number, d: LiveData, f: PlotFrame, scratch: Scratch, drag: Drag | null, over?: (ctx: CanvasRenderingContext2D) => void): void {
  const res = v.res;
  const cells = res * res;
  scratch.canvas ??= document.createElement('canvas');
  const img = scratch.canvas;
  if (img.width !== res) img.width = res;
  if (img.height !== res) img.height = res;
  const ictx = img.getContext('2d');
  if (!ictx) return;
  if (scratch.image?.width !== res) scratch.image = ictx.createImageData(res, res);
  const data = scratch.image;
  for (let r = 0; r < res; r++) {
    // Row r of the map is x₂ = window[2] + r·…: the bottom of the picture is row 0.
    for (let c = 0; c < res; c++) classColor(v.maps[k * cells + r * res + c]!, data.data, 4 * ((res - 1 - r) * res + c));
  }
  ictx.putImageData(data, 0, 0);
  ctx.imageSmoothingEnabled = true;
  const [x0, x1, y0, y1] = v.window;
  // Samples sit on the window's edges: each covers half a cell beyond them.
  const hx = (f.px(x1) - f.px(x0)) / (res - 1) / 2;
  const hy = (f.py(y0) - f.py(y1)) / (res - 1) / 2;
  ctx.drawImage(img, f.px(x0) - hx, f.py(y1) - hy, f.px(x1) - f.px(x0) + 2 * hx, f.py(y0) - f.py(y1) + 2 * hy);
  drawPointsLayer(ctx, d, f, drag, scratch, over);
}

/** One input: the data (x, y) and each run's curve(s); a second output is dashed. */
export function drawCurves(ctx: CanvasRenderingContext2D, v: LiveView, d: LiveData, f: PlotFrame, drag: Drag | null, shown: readonly number[]): void {
  const res = v.res;
  const outs = d.outputs;
  const [x0, x1] = v.window;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.fillStyle = '#0f172a';
  for (let k = 0; k < d.x.length; k++) {
    for (let o = 0; o < outs; o++) {
      ctx.globalAlpha = o === 0 ? 0.85 : 0.35;
      const [x, y] = o === 0 ? pointAt(d, k, drag) : [d.x[k]!, d.y[k * outs + o]!];
      ctx.beginPath();
      ctx.arc(f.px(x), f.py(y), drag?.k === k && o === 0 ? 4.5 : 2.4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2.2;
  v.runs.forEach((id, k) => {
    if (!shown.includes(id)) return;
    ctx.strokeStyle = runColor(id);
    for (let o = 0; o < outs; o++) {
      ctx.setLineDash(o === 0 ? [] : [6, 4]);
      ctx.beginPath();
      for (let s = 0; s < res; s++) {
        const x = x0 + ((x1 - x0) * s) / (res - 1);
        const y = v.maps[(k * res + s) * outs + o]!;
        if (s === 0) ctx.moveTo(f.px(x), f.py(y));
        else ctx.lineTo(f.px(x), f.py(y));
      }
      ctx.stroke();
    }
  });
  ctx.restore();
}
