/**
 * What an MLP computes at a playback step, for the data plot: a decision map over the input plane
 * (2 inputs) or the fitted curve over x (1 input), from the trajectory row of each optimizer. The
 * `view` message of protocol/messages.ts is this, plus the runId. Pure: no DOM, no clock.
 */
import type { Dataset } from '../engine/datasets';
import type { Mlp } from '../engine/problems/mlp';
import { createPredictor } from '../engine/problems/mlpPredict';
import type { Trajectory } from '../engine/run';
import { FLOAT32_MAX } from '../engine/surface';

/** Largest `res` a view is computed at; bigger requests are clamped to it. */
export const MAX_VIEW_RES = 128;
/** Smallest `res`: both ends of the window. */
export const MIN_VIEW_RES = 2;

/** [x₁Min, x₁Max, x₂Min, x₂Max] (2 inputs) or [xMin, xMax, yMin, yMax] (1 input). */
export type ViewWindow = readonly [number, number, number, number];

/** A view without its runId: see the `view` message. */
export interface MlpView {
  readonly t: number;
  readonly res: number;
  readonly window: ViewWindow;
  /** Positions of the runs shown (those with at least one row), in order. */
  readonly runs: readonly number[];
  readonly steps: readonly number[];
  readonly thetas: Float64Array;
  readonly maps: Float32Array;
}

/** `res` as an integer in MIN_VIEW_RES … MAX_VIEW_RES (garbage → MAX_VIEW_RES / 2). */
export function clampRes(res: number): number {
  if (!Number.isFinite(res)) return MAX_VIEW_RES / 2;
  return Math.min(MAX_VIEW_RES, Math.max(MIN_VIEW_RES, Math.round(res)));
}

/**
 * The window of a data set's view. Inputs: a square ±max(1.2, 1.05·max|x|) around the data (the
 * generated inputs lie on [−1, 1]). 1 input: x over that range, and the targets' range padded by 10 %
 * of its width (at least 0.1) on each side.
 */
export function viewWindow(dataset: Dataset): ViewWindow {
  let m = 0;
  for (const v of dataset.x) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  const h = Math.max(1.2, 1.05 * m);
  if (dataset.inputDim >= 2) return [-h, h, -h, h];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of dataset.y) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(lo <= hi)) [lo, hi] = [-1, 1];
  const pad = Math.max(0.1, 0.1 * (hi - lo));
  return [-h, h, lo - pad, hi + pad];
}

/**
 * The input points a view evaluates, row-major m × inputs: for 2 inputs res × res points, row r at
 * x₂ = window[2] + r·(window[3] − window[2])/(res − 1) and column c at x₁ likewise over window[0..1];
 * for 1 input res points over window[0..1]. Further inputs (none of the data sets has any) are 0.
 */
export function viewInputs(inputs: number, window: ViewWindow, res: number): Float64Array {
  const [x0, x1, y0, y1] = window;
  const dx = (x1 - x0) / (res - 1);
  if (inputs === 1) return Float64Array.from({ length: res }, (_, s) => x0 + s * dx);
  const dy = (y1 - y0) / (res - 1);
  const x = new Float64Array(res * res * inputs);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const p = (r * res + c) * inputs;
      x[p] = x0 + c * dx;
      x[p + 1] = y0 + r * dy;
    }
  }
  return x;
}

const finite32 = (v: number): number => (v !== v ? 0 : v > FLOAT32_MAX ? FLOAT32_MAX : v < -FLOAT32_MAX ? -FLOAT32_MAX : v);

/** One optimizer's trajectory so far, in legend order. */
export interface ViewRun {
  /** The run's position in the experiment's runs. */
  readonly run: number;
  readonly trajectory: Trajectory;
}

/** Computes views of one network on one window (see createViewer). */
export type Viewer = (runs: readonly ViewRun[], t: number, res: number) => MlpView;

/**
 * The views of `mlp` over `window`: for step `t` (negative or non-finite reads as 0) and every run with
 * at least one row, row min(t, rows − 1) and the network's outputs there (see the `view` message for
 * the layout of `maps`; 2 outputs on 2 inputs keep the second, the class-1 score). Values are clamped
 * to finite float32 (NaN → 0). The forward pass is batched (engine createPredictor, bit-identical to
 * Mlp.forward); its buffers are kept for the last `res` asked for.
 */
export function createViewer(mlp: Mlp, window: ViewWindow = viewWindow(mlp.dataset)): Viewer {
  const n = mlp.paramCount;
  const inputs = mlp.spec.layers[0]!;
  const outputs = mlp.spec.layers[mlp.spec.layers.length - 1]!;
  let cached: { res: number; predict: (theta: Float64Array) => Float64Array } | null = null;
  return (runs, t, res) => {
    const r = clampRes(res);
    const step = Number.isFinite(t) ? Math.max(0, Math.floor(t)) : 0;
    if (cached?.res !== r) cached = { res: r, predict: createPredictor(mlp.layout, viewInputs(inputs, window, r)) };
    const { predict } = cached;
    const m = inputs === 1 ? r : r * r;
    const perMap = inputs === 1 ? r * outputs : m;
    const live = runs.filter((run) => run.trajectory.length > 0);
    const thetas = new Float64Array(live.length * n);
    const maps = new Float32Array(live.length * perMap);
    const steps: number[] = [];
    live.forEach((run, k) => {
      const row = Math.min(step, run.trajectory.length - 1);
      steps.push(row);
      const theta = run.trajectory.params.subarray(row * n, (row + 1) * n);
      thetas.set(theta, k * n);
      // Unit-major outputs: output o of point p at o·m + p.
      const out = predict(theta);
      const base = k * perMap;
      if (inputs === 1) for (let p = 0; p < m; p++) for (let o = 0; o < outputs; o++) maps[base + p * outputs + o] = finite32(out[o * m + p]!);
      else for (let p = 0, at = (outputs - 1) * m; p < m; p++) maps[base + p] = finite32(out[at + p]!);
    });
    return { t: step, res: r, window, runs: live.map((r) => r.run), steps, thetas, maps };
  };
}
