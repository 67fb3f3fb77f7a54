import type { Experiment, OptimizerId } from './experiment';
import type { DivergeReason, RunStatus } from '../engine/run';

export type { DivergeReason, RunStatus };

/** Main thread → worker. A new `run` supersedes every earlier runId. */
export type ToWorker =
  | { readonly type: 'run'; readonly runId: number; readonly experiment: Experiment; readonly surface: boolean }
  /**
   * Test-only fault injection, exercised through the production worker: throw, block the thread, or
   * allocate until the engine runs out of memory.
   */
  | { readonly type: 'fault'; readonly kind: FaultKind };

/** The faults the browser tests inject into the real worker. */
export type FaultKind = 'throw' | 'hang' | 'oom';

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
    }
  | {
      readonly type: 'chunk';
      readonly runId: number;
      readonly optimizer: OptimizerId;
      /** Rows [from, from + loss.length) of the trajectory; `params` holds paramCount values per row. */
      readonly from: number;
      readonly params: Float64Array;
      readonly loss: Float64Array;
      /** The run's status after this chunk ('running' until the last chunk). */
      readonly status: RunStatus;
    }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };
