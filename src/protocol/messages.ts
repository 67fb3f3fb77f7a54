import type { AnyExperiment, Experiment, OptimizerId, SliceMode } from './experiment';
import type { DivergeReason, RunStatus } from '../engine/run';

export type { DivergeReason, RunStatus };

/**
 * Main thread → worker. A new `run` supersedes every earlier runId. `E` is the experiments a sender
 * sends: the bridge sends the sigmoid lab's Experiment (the default); the worker accepts AnyToWorker.
 * `surface: false` says the sender still holds the surface of an earlier run with the same surface
 * inputs. For the MLP it is honoured only by slices that do not depend on the runs ('params', and
 * 'random' centred at the start); a 'pca' or end-centred slice moves with the path, so its surface is
 * always posted.
 */
export type ToWorker<E extends AnyExperiment = Experiment> =
  | { readonly type: 'run'; readonly runId: number; readonly experiment: E; readonly surface: boolean }
  /**
   * Test-only fault injection, exercised through the production worker: throw, block the thread, or
   * allocate until the engine runs out of memory.
   */
  | { readonly type: 'fault'; readonly kind: FaultKind };

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

/** Worker → main thread. Typed arrays are transferred, never copied. */
export type FromWorker =
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
    }
  | {
      readonly type: 'chunk';
      readonly runId: number;
      readonly optimizer: OptimizerId;
      /**
       * Rows [from, from + loss.length) of the trajectory. `params` holds 2 values per row: (w, b) for
       * the sigmoid neuron; for the MLP the row's projection (a, b) onto the slice plane (SliceInfo).
       */
      readonly from: number;
      readonly params: Float64Array;
      readonly loss: Float64Array;
      /** The run's status after this chunk ('running' until the last chunk). */
      readonly status: RunStatus;
      /** MLP only: each row's distance ‖θ_t − θ(a_t, b_t)‖₂ from the slice plane (one value per row). */
      readonly offPlane?: Float64Array;
      /** MLP only: each row's full θ, SliceInfo.paramCount values per row, in the flat order of MlpExperiment. */
      readonly theta?: Float64Array;
    }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };
