import type { AnyExperiment, Experiment, SliceMode } from './experiment';
import type { DivergeReason, RunNotes, RunStatus } from '../engine/run';
import type { MapAxes } from '../engine/convergenceMap';
import type { PointTheory } from '../engine/theory';
import type { ContourRings } from '../lab/contourRings';
import type { MlpStep } from '../lab/mlpStep';

export type { DivergeReason, RunNotes, RunStatus };

/**
 * Main thread → worker. A new `run` supersedes every earlier runId. `E` is the experiments a sender
 * sends: the bridge sends the sigmoid lab's Experiment (the default); the worker accepts AnyToWorker.
 * `surface: false` says the sender still holds the surface of an earlier run with the same surface
 * inputs. For the MLP it is honoured only by slices that do not depend on the runs ('params', and
 * 'random' centred at the start); a 'pca' or end-centred slice moves with the path, so its surface is
 * always posted.
 */
export type ToWorker<E extends AnyExperiment = Experiment> =
  /** `theta` (MLP): the chunks carry each row's full θ too (the worker's tests ask for it); the page asks without it. */
  | { readonly type: 'run'; readonly runId: number; readonly experiment: E; readonly surface: boolean; readonly theta?: boolean }
  /**
   * Test-only fault injection, exercised through the production worker: throw, block the thread, or
   * allocate until the engine runs out of memory.
   */
  | { readonly type: 'fault'; readonly kind: FaultKind }
  /**
   * MLP only: what the network computes at playback step `t` for each run of the current experiment
   * `runId` (answered with a `view` message; ignored when `runId` is not the worker's current run).
   * `res` is the decision map's samples per side (2 inputs) or the curve's samples (1 input).
   * `theory`: the run (position) whose point the theory panel follows; the reply carries the theory of
   * the loss on the slice plane at that run's θ_t (engine/theory.ts with a plane). `step`: the reply
   * also carries that run's step at t, traced and projected on the slice (the step overlays, the equations).
   */
  | { readonly type: 'view'; readonly runId: number; readonly t: number; readonly res: number; readonly theory?: number; readonly step?: boolean }
  /**
   * MLP only: the per-layer gradient norms of run `run` (position) of the current experiment `runId`,
   * computed behind its training and answered with `layers` chunks from row 0 (ignored when `runId` is
   * not the worker's current run). A newer `layers` request or `run` stops the older one.
   */
  | { readonly type: 'layers'; readonly runId: number; readonly run: number }
  /**
   * The (η, γ) convergence map of run `run` (0-based) of `experiment` (engine/convergenceMap.ts), computed
   * at each size of `sizes` in turn (coarse first: the page sends [16, 64], the MLP [8, 16]). A newer
   * `map` supersedes every older mapId; `map-cancel` stops map `mapId` (and older ones) without a new one.
   * Independent of `run` requests: a map never delays a run's chunks by more than one cell per task.
   */
  | { readonly type: 'map'; readonly mapId: number; readonly experiment: E; readonly run: number; readonly sizes: readonly number[] }
  | { readonly type: 'map-cancel'; readonly mapId: number };

/** Everything the worker accepts: runs of either lab. */
export type AnyToWorker = ToWorker<AnyExperiment>;

/** The faults the browser tests inject into the real worker. */
export type FaultKind = 'throw' | 'hang' | 'oom';

/**
 * The slice plane θ(a, b) = origin + a·u + b·v an MLP surface samples (engine/slices.ts), as the views
 * need it: the window, what the axes are, and for PCA how much of the path the plane explains.
 */
export interface SliceInfo {
  readonly mode: SliceMode;
  /** [aMin, aMax, bMin, bMax]: the sampled window in plane coordinates (for 'params': θ_i and θ_j). */
  readonly window: readonly [number, number, number, number];
  /** Axis names: "W1[0][1]" / "b2[3]" for 'params' (engine paramLabel), "d1"/"d2" for 'random', "pc1"/"pc2" for 'pca'. */
  readonly labels: readonly [string, string];
  /** 'pca' only (else null): the share of Σ_t ‖θ_t − θ_final‖² along pc1 and pc2, each in [0, 1]. */
  readonly explained: readonly [number, number] | null;
  /** n, the length of θ (the rows of a chunk's `theta`). */
  readonly paramCount: number;
}

/** The (η, γ) map's replies (no runId: maps are numbered by their own mapId). */
export type FromMap =
  /** The axes of stage `size` of map `mapId` (engine/convergenceMap.ts MapAxes), posted before its rows. */
  | (MapAxes & {
      readonly type: 'map-axes';
      readonly mapId: number;
      readonly size: number;
      /** The theory's stability edge per row at the start (mapEdge), null where it has none. */
      readonly edge: readonly (number | null)[];
      /** Steps of every cell's run. */
      readonly steps: number;
    })
  /** Rows [r0, r1) of stage `size`, cells row-major (engine/convergenceMap.ts MapBand). */
  | {
      readonly type: 'map-rows';
      readonly mapId: number;
      readonly size: number;
      readonly r0: number;
      readonly r1: number;
      readonly cols: number;
      /** Index into MAP_STATUSES. */
      readonly status: Uint8Array;
      /** Converged or diverged step, −1 for none. */
      readonly step: Int32Array;
      readonly loss: Float64Array;
    }
  /** Stage `size` is complete; `final` when it was the last size asked for. */
  | { readonly type: 'map-done'; readonly mapId: number; readonly size: number; readonly final: boolean }
  /** The map cannot be computed (an optimizer without η, a bad run index …); nothing more comes for it. */
  | { readonly type: 'map-error'; readonly mapId: number; readonly message: string };

/** Worker → main thread. Typed arrays are transferred, never copied. */
export type FromWorker =
  | FromMap
  /** Posted once by the engine worker when its script has run (the bridge's watchdog counts from then: BridgeOptions.startMs). */
  | { readonly type: 'ready' }
  | {
      readonly type: 'surface';
      readonly runId: number;
      /** row-major nx × ny, finite float32 (see engine/surface). */
      readonly values: Float32Array;
      readonly nx: number;
      readonly ny: number;
      readonly min: number;
      readonly max: number;
      /**
       * MLP only (absent for the sigmoid lab): true for the quick 32 × 32 preview posted first, false for
       * the grid × grid surface that replaces it (a grid of 32 or less is posted once, with false).
       */
      readonly coarse?: boolean;
      /** MLP only: the slice this surface samples; the chunks' `params` are coordinates in it. */
      readonly slice?: SliceInfo;
      /** The contour bands of `values` (lab/contourRings), computed beside the grid so the page only fills them. */
      readonly rings?: ContourRings;
    }
  | {
      readonly type: 'chunk';
      readonly runId: number;
      /** The run's position in the experiment's `runs`. */
      readonly run: number;
      /**
       * Rows [from, from + loss.length) of the trajectory. `params` holds 2 values per row: (w, b) for
       * the sigmoid neuron; for the MLP the row's projection (a, b) onto the slice plane (SliceInfo).
       */
      readonly from: number;
      readonly params: Float64Array;
      readonly loss: Float64Array;
      /** The run's status after this chunk ('running' until the last chunk). */
      readonly status: RunStatus;
      /** Facts beside the status (Newton: the first step whose Hessian was not positive definite). */
      readonly notes: RunNotes;
      /** Wall-clock milliseconds per optimizer step so far, measured by the worker (0 before any step). */
      readonly msPerStep: number;
      /** MLP only: each row's distance ‖θ_t − θ(a_t, b_t)‖₂ from the slice plane (one value per row). */
      readonly offPlane?: Float64Array;
      /** MLP only, when the run message asked for it: each row's full θ, SliceInfo.paramCount values per row, in the flat order of MlpExperiment. */
      readonly theta?: Float64Array;
      /**
       * MLP only: `params` are projections onto the slice of the surface shown (the previous run's), not
       * yet this run's own; the rows come again from row 0 right after this run's surface.
       */
      readonly interim?: true;
    }
  | { readonly type: 'error'; readonly runId: number; readonly message: string }
  /**
   * MLP only, posted first by every MLP run: the generated data set (engine/datasets.ts), row-major,
   * x: n × inputs, y: n × outputs.
   */
  | {
      readonly type: 'data';
      readonly runId: number;
      readonly inputs: number;
      readonly outputs: number;
      readonly x: Float64Array;
      readonly y: Float64Array;
    }
  /**
   * MLP only: how far a long stage has got, posted after every task of it (also a heartbeat for the
   * bridge's hang watchdog). 'training': steps of the first run before a 'pca' or end-centred
   * plane can be built; 'surface': rows of the grid × grid surface finished (done = total when the fine
   * surface is posted).
   */
  | {
      readonly type: 'progress';
      readonly runId: number;
      readonly stage: 'training' | 'surface';
      readonly done: number;
      readonly total: number;
    }
  /**
   * MLP only: the answer to a `view` request. For each run of `runs` (positions of the runs that have
   * at least one row), in that order, `steps[k]` is the row used (min(t, rows so far − 1)),
   * `thetas` holds its θ (paramCount values each, concatenated) and `maps` what the network outputs:
   * - 2 inputs: res × res values, row-major with x₂ (rows) from window[2] to window[3] and x₁
   *   (columns) from window[0] to window[1]; the value is the output (1 output) or the second output,
   *   the class-1 score of a one-hot pair (2 outputs);
   * - 1 input: res × outputs values, sample s at x = window[0] + s·(window[1] − window[0])/(res − 1),
   *   all outputs of a sample together (window[2..3] is then the range of the targets y, padded).
   * Every value is finite float32 (clamped).
   */
  | {
      readonly type: 'view';
      readonly runId: number;
      readonly t: number;
      readonly res: number;
      readonly window: readonly [number, number, number, number];
      readonly runs: readonly number[];
      readonly steps: readonly number[];
      readonly thetas: Float64Array;
      readonly maps: Float32Array;
      /** The run the theory is for (the request's `theory`, clamped to the runs), and the theory on the slice plane at its θ_t (null before the plane exists or its first row). */
      readonly theoryRun: number;
      readonly theory: PointTheory | null;
      /**
       * The share of saturated units of each hidden layer (1 … L − 1) over the data at the theory run's
       * θ_t: |f′(z)| below 1 % of the activation's largest slope (engine/problems/mlpLayers.ts); null
       * before that run has a row.
       */
      readonly saturation?: Float64Array | null;
      /**
       * Asked for with `step`: the theory run's step at t (lab/mlpStep.ts: the full trace and its
       * projection on the slice), null where there is none yet; `stepPending` while the worker is still
       * replaying the run towards it (ask again).
       */
      readonly step?: MlpStep | null;
      readonly stepPending?: boolean;
    }
  /**
   * MLP only: rows [from, from + norms.length / layers) of the `layers` request for run `run`: per row
   * θ_t, ‖∂L/∂W_l‖_F for l = 1 … layers (layer 1 next to the inputs; biases excluded), row-major, all
   * finite. `done` on the last chunk; `stop: 'nonfinite'` when the next row's gradient was not finite
   * (a diverging run), so the norms end before the path does.
   */
  | {
      readonly type: 'layers';
      readonly runId: number;
      readonly run: number;
      readonly layers: number;
      readonly from: number;
      readonly norms: Float64Array;
      readonly done: boolean;
      readonly stop: 'nonfinite' | null;
    };
