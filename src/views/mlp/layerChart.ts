/**
 * The "gradients per layer" chart's pieces that need no React: the layer colours, the log axis over the
 * norms received so far, and the lines. Every number drawn is finite (the worker sends only finite
 * norms; a 0 is drawn on the axis' floor).
 */
import { drawAxes, plotFrame, ticks, type Margin } from '../plotFrame';

/**
 * Layer colours from the input side (navy) through violet and magenta to the output side (amber): a
 * sequential ramp, dark enough to read on white, so depth reads as order; none is a run colour.
 */
export const LAYER_RAMP = ['#1f2a6b', '#6a1c81', '#b52f7a', '#e8593f', '#e39a12'] as const;

/** The colour of weight layer l (0-based) of L: the ends of the ramp for the first and last layer. */
export function layerColor(l: number, L: number): string {
  const k = L <= 1 ? 0 : Math.round((l * (LAYER_RAMP.length - 1)) / (L - 1));
  return LAYER_RAMP[Math.min(LAYER_RAMP.length - 1, Math.max(0, k))]!;
}

/** At most this many decades are shown (the top ones): a gradient of 1e−30 next to 1 says "vanished" anyway. */
export const MAX_DECADES = 12;

/** The y axis in log10 units: [lo, hi] whole decades, and the decade ticks shown. */
export interface LayerAxis {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  /** True when some norms lie below lo (the axis kept only the top MAX_DECADES). */
  readonly clipped: boolean;
}

/**
 * The decades that hold the positive norms of rows [0, length) (norms: length × L row-major), from the
 * one under the smallest to the one over the largest, at least one decade, at most MAX_DECADES (the
 * top ones). With no positive norm: [−1, 0].
 */
export function layerAxis(norms: Float64Array, length: number, L: number): LayerAxis {
  let min = Infinity;
  let max = 0;
  for (let k = 0, end = length * L; k < end; k++) {
    const v = norms[k]!;
    if (v > 0 && v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > 0) || !Number.isFinite(max)) return { lo: -1, hi: 0, ticks: [-1, 0], clipped: false };
  const hi = Math.ceil(Math.log10(max));
  let lo = Math.floor(Math.log10(min));
  if (lo >= hi) lo = hi - 1;
  const clipped = hi - lo > MAX_DECADES;
  if (clipped) lo = hi - MAX_DECADES;
  const every = Math.ceil((hi - lo) / 6);
  const out: number[] = [];
  for (let d = hi; d >= lo; d -= every) out.unshift(d);
  return { lo, hi, ticks: out, clipped };
}

/** "1e-5", "0.01", "1", "100" for a decade d. */
export const decadeLabel = (d: number): string => (d >= -2 && d <= 3 ? String(10 ** d) : `1e${d}`);

export const LAYER_MARGIN: Margin = { left: 46, right: 12, top: 8, bottom: 28 };

export interface LayerChartInput {
  readonly width: number;
  readonly height: number;
  /** The experiment's steps (the x axis is 0 … steps). */
  readonly steps: number;
  readonly norms: Float64Array;
  readonly length: number;
  readonly layers: number;
  readonly axis: LayerAxis;
  /** The playback step (a dashed cursor), or null for none. */
  readonly t: number | null;
}

/** Draws the frame, the decade ticks, one line per layer and the cursor into a context scaled to CSS pixels. */
export function drawLayerChart(ctx: CanvasRenderingContext2D, c: LayerChartInput): void {
  const n = Math.max(1, c.steps);
  const f = plotFrame(c.width, c.height, 0, n, c.axis.lo, c.axis.hi, LAYER_MARGIN);
  drawAxes(ctx, f, ticks(0, n, 4), [...c.axis.ticks], 'step', c.axis.clipped ? `‖∂L/∂W_l‖ (top ${MAX_DECADES} decades)` : '‖∂L/∂W_l‖', decadeLabel);
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  // Below the axis' floor (a 0, or a norm past MAX_DECADES) is drawn on the floor.
  const y = (v: number) => f.py(v > 0 ? Math.max(c.axis.lo, Math.log10(v)) : c.axis.lo);
  const stride = Math.max(1, Math.floor(c.length / (2 * f.width)));
  for (let l = 0; l < c.layers && c.length > 0; l++) {
    ctx.strokeStyle = layerColor(l, c.layers);
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    for (let k = 0; k < c.length; k += stride) {
      const py = y(c.norms[k * c.layers + l]!);
      if (k === 0) ctx.moveTo(f.px(k), py);
      else ctx.lineTo(f.px(k), py);
    }
    const last = c.length - 1;
    const py = y(c.norms[last * c.layers + l]!);
    if (last === 0) {
      // One row (a run that diverged at once): a dot, so the layer still shows.
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillRect(f.px(0) - 2, py - 2, 4, 4);
    } else ctx.lineTo(f.px(last), py);
    ctx.stroke();
  }
  if (c.t !== null) {
    ctx.strokeStyle = '#0f172a';
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(f.px(c.t), f.top);
    ctx.lineTo(f.px(c.t), f.top + f.height);
    ctx.stroke();
  }
  ctx.restore();
}
