import type { PointTheory } from '../engine/theory';
import type { ContourRings } from '../lab/contourRings';
import type { MlpStep } from '../lab/mlpStep';
import type { RunStatus, SliceInfo } from '../protocol/messages';

/** One run's path as received so far: rows 0..length−1 of (w, b) and loss. Reused across runs. */
export interface LivePath {
  params: Float64Array;
  loss: Float64Array;
  length: number;
  status: RunStatus;
  /** MLP only: each row's distance from the slice plane (null for the sigmoid lab). */
  offPlane: Float64Array | null;
  /** The run whose rows these are (rows of an older run stay shown until the new run's first chunk). */
  run: number;
}

/** The latest surface grid (row-major, finite float32) and the window it spans. */
export interface LiveSurface {
  values: Float32Array;
  nx: number;
  ny: number;
  min: number;
  max: number;
  range: readonly [number, number, number, number];
  /** MLP only: the slice the grid samples (range is its window) and whether this is the quick preview. */
  slice: SliceInfo | null;
  coarse: boolean;
  /** The contour bands, computed with the grid in the worker (null: the views compute them). */
  rings: ContourRings | null;
}

/** MLP only: the data set of the run shown (row-major x: n × inputs, y: n × outputs). */
export interface LiveData {
  /** The run that posted it. */
  run: number;
  inputs: number;
  outputs: number;
  x: Float64Array;
  y: Float64Array;
}

/**
 * `d` holding the given data set, value for value. The worker posts the data with every run; where it
 * has not changed (an η or γ move), the page keeps its object, so the views' caches keyed on it (the
 * decision maps' points layer) still hold.
 */
export function sameData(d: LiveData | null, inputs: number, outputs: number, x: Float64Array, y: Float64Array): d is LiveData {
  const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  return d !== null && d.inputs === inputs && d.outputs === outputs && same(d.x, x) && same(d.y, y);
}

/** MLP only: the network at playback step t for each run (protocol `view` message). */
export interface LiveView {
  /** The run it was computed for. */
  runId: number;
  t: number;
  res: number;
  window: readonly [number, number, number, number];
  /** Positions of the runs in `steps`, `thetas` and `maps`, in order. */
  runs: readonly number[];
  steps: readonly number[];
  /** paramCount values per run, concatenated. */
  thetas: Float64Array;
  maps: Float32Array;
  /** The run the theory is for, and the theory of the loss on the slice plane at its θ_t (null until the plane and a row exist). */
  theoryRun: number;
  theory: PointTheory | null;
  /** The share of saturated units per hidden layer at the theory run's θ_t (null before it has a row). */
  saturation?: Float64Array | null;
  /** The theory run's step at t, on the slice (asked for while an overlay or the equations want it), and whether it is still being replayed. */
  step?: MlpStep | null;
  stepPending?: boolean;
}

/** MLP only: ‖∂L/∂W_l‖_F per weight layer of one run, per row so far (protocol `layers` chunks). */
export interface LiveLayers {
  /** The run it was computed for, and the run's position in the experiment. */
  runId: number;
  run: number;
  /** Weight layers L (layer 1 next to the inputs). */
  layers: number;
  /** Rows 0 … length − 1 are valid: row t holds L finite norms at norms[t·L … t·L + L). */
  length: number;
  norms: Float64Array;
  /** All rows are in; stop 'nonfinite' when they end early at a gradient that was not finite. */
  done: boolean;
  stop: 'nonfinite' | null;
}

/**
 * Mutable buffers the bridge writes and views read in their frame callbacks. `version` bumps on
 * every write; listeners are called after each write so views can update geometry and invalidate().
 */
export interface Live {
  surface: LiveSurface | null;
  surfaceVersion: number;
  /** MLP only: the data set of the current run, and the network at the playback step (null until they arrive). */
  data: LiveData | null;
  view: LiveView | null;
  /** MLP only: the paths shown are the new run's rows projected onto the previous run's slice (chunk `interim`), until its own surface arrives. */
  interim: boolean;
  /** MLP only: the per-layer gradient norms of the followed run (null until its first chunk); layersVersion bumps on every chunk. */
  layers: LiveLayers | null;
  layersVersion: number;
  /** One path per run position (undefined until its first chunk); an older run's rows stay until the new run's first chunk. */
  readonly paths: (LivePath | undefined)[];
  version: number;
  /** The newest run sent to the worker, and the newest run whose every path is complete (tests and bench wait on these). */
  sentRun: number;
  doneRun: number;
  subscribe(fn: () => void): () => void;
  emit(): void;
  /**
   * The MLP's network view has its own channel: a view reply redraws the decision maps and the network
   * diagram only, not the 3D scene, the contours and the loss chart, which it does not change.
   */
  subscribeView(fn: () => void): () => void;
  emitView(): void;
  /** The per-layer gradient norms' own channel: a chunk of them redraws their chart only. */
  subscribeLayers(fn: () => void): () => void;
  emitLayers(): void;
}

export function createLive(): Live {
  const listeners = new Set<() => void>();
  const viewListeners = new Set<() => void>();
  const layerListeners = new Set<() => void>();
  return {
    surface: null,
    surfaceVersion: 0,
    data: null,
    view: null,
    interim: false,
    layers: null,
    layersVersion: 0,
    paths: [],
    version: 0,
    sentRun: 0,
    doneRun: 0,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    emit() {
      this.version++;
      for (const fn of listeners) fn();
    },
    subscribeView(fn) {
      viewListeners.add(fn);
      return () => viewListeners.delete(fn);
    },
    emitView() {
      for (const fn of viewListeners) fn();
    },
    subscribeLayers(fn) {
      layerListeners.add(fn);
      return () => layerListeners.delete(fn);
    },
    emitLayers() {
      for (const fn of layerListeners) fn();
    },
  };
}
