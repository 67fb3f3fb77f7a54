import { useEffect, useMemo, useRef } from 'react';
import type { LiveData, LiveView } from '../../bridge/live';
import type { OptimizerId } from '../../protocol/experiment';
import { useApp, useServices } from '../AppContext';
import { OPT_COLOR, OPT_NAME } from '../colors';
import { drawAxes, plotFrame, ticks, type PlotFrame } from '../plotFrame';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';

/** Class 0 orange, class 1 blue, white at the 0.5 boundary (TensorFlow Playground's palette). */
const CLASS0: readonly [number, number, number] = [245, 147, 34];
const CLASS1: readonly [number, number, number] = [8, 119, 189];

/** The colour of a network output v for labels 0/1: orange below 0.5, blue above, paler near 0.5. */
export function classColor(v: number, out: Uint8ClampedArray, at: number): void {
  const s = Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5;
  const [c, k] = s < 0.5 ? [CLASS0, (0.5 - s) * 2] : [CLASS1, (s - 0.5) * 2];
  // Blend from white (k = 0) to 75 % of the class colour (k = 1), so the points stay readable on top.
  const a = 0.75 * k;
  out[at] = 255 + (c[0] - 255) * a;
  out[at + 1] = 255 + (c[1] - 255) * a;
  out[at + 2] = 255 + (c[2] - 255) * a;
  out[at + 3] = 255;
}

/** A data point's class: the label (1 output) or the index of the larger one-hot value (2 outputs). */
function labelOf(d: LiveData, k: number): number {
  if (d.outputs === 1) return d.y[k]! >= 0.5 ? 1 : 0;
  return d.y[2 * k + 1]! >= d.y[2 * k]! ? 1 : 0;
}

function drawPoints(ctx: CanvasRenderingContext2D, d: LiveData, f: PlotFrame): void {
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#ffffff';
  for (let k = 0; k < d.x.length / d.inputs; k++) {
    const c = labelOf(d, k) ? CLASS1 : CLASS0;
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.beginPath();
    ctx.arc(f.px(d.x[2 * k]!), f.py(d.x[2 * k + 1]!), 3.2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** One optimizer's decision map: the network's output over the input plane, the points on top. */
function drawMap(ctx: CanvasRenderingContext2D, v: LiveView, k: number, d: LiveData, f: PlotFrame, scratch: { canvas: HTMLCanvasElement | null }): void {
  const res = v.res;
  const cells = res * res;
  scratch.canvas ??= document.createElement('canvas');
  const img = scratch.canvas;
  img.width = res;
  img.height = res;
  const ictx = img.getContext('2d');
  if (!ictx) return;
  const data = ictx.createImageData(res, res);
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
  drawPoints(ctx, d, f);
}

/** One input: the data (x, y) and each optimizer's curve(s); a second output is dashed. */
function drawCurves(ctx: CanvasRenderingContext2D, v: LiveView, d: LiveData, f: PlotFrame): void {
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
      ctx.beginPath();
      ctx.arc(f.px(d.x[k]!), f.py(d.y[k * outs + o]!), 2.4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2.2;
  v.optimizers.forEach((id, k) => {
    ctx.strokeStyle = OPT_COLOR[id];
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

function MapCanvas({ id, index }: { id: OptimizerId | null; index: number }) {
  const { live } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const scratch = useRef<{ canvas: HTMLCanvasElement | null }>({ canvas: null });
  const drawn = useRef<{ view: LiveView | null; data: LiveData | null; w: number; h: number } | null>(null);
  const caption = useRef<HTMLSpanElement>(null);
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const { width, height } = sizeRef.current;
        const v = live.view;
        const d = live.data;
        const el = canvas.current;
        if (!el || width === 0 || !d) return;
        const last = drawn.current;
        if (last && last.view === v && last.data === d && last.w === width && last.h === height) return;
        drawn.current = { view: v, data: d, w: width, h: height };
        const ctx = prepareCanvas(el, width, height);
        if (!ctx) return;
        const w = v?.window ?? [-1.2, 1.2, -1.2, 1.2];
        const f = plotFrame(width, height, w[0], w[1], w[2], w[3]);
        const k = v && id ? v.optimizers.indexOf(id) : -1;
        if (d.inputs === 2) {
          if (v && k >= 0) drawMap(ctx, v, k, d, f, scratch.current);
          else drawPoints(ctx, d, f);
          drawAxes(ctx, f, ticks(w[0], w[1]), ticks(w[2], w[3]), 'x₁', 'x₂');
        } else {
          if (v) drawCurves(ctx, v, d, f);
          drawAxes(ctx, f, ticks(w[0], w[1]), ticks(w[2], w[3]), 'x', 'y');
        }
        if (caption.current) {
          const step = v && k >= 0 ? v.steps[k] : v && d.inputs === 1 && v.steps.length > 0 ? v.steps[0] : null;
          caption.current.textContent = step === null || step === undefined ? '' : `step ${step}`;
        }
      }),
    [live, id],
  );
  useEffect(draw, [draw, size]);
  useLiveChanges(draw);
  return (
    <div className="decision-map" data-optimizer={id ?? 'all'} data-index={index}>
      <div className="decision-title">
        {id ? <span style={{ color: OPT_COLOR[id] }}>{OPT_NAME[id]}</span> : <span>Network output</span>} <span ref={caption} className="step" />
      </div>
      <div ref={box} className="decision-canvas">
        <canvas ref={canvas} className="layer" />
      </div>
    </div>
  );
}

/**
 * What the network computes at the playback step, for each shown optimizer's parameters: with two
 * inputs a decision map per optimizer (output over the input plane, the points coloured by class, as in
 * TensorFlow Playground); with one input the data and one curve per optimizer.
 */
export function DecisionMap() {
  const opt = useApp((s) => s.experiment.opt);
  const inputs = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.layers[0] : 1));
  if (inputs === 1) return <div className="decision-maps one"><MapCanvas id={null} index={0} /></div>;
  return (
    <div className="decision-maps" data-count={opt.length}>
      {opt.length === 0 ? <MapCanvas id={null} index={0} /> : opt.map((id, i) => <MapCanvas key={id} id={id} index={i} />)}
    </div>
  );
}
