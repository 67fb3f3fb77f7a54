import type { OptimizerId } from '../protocol/experiment';
import type { RunStatus } from '../protocol/messages';

/** One optimizer's path as received so far: rows 0..length−1 of (w, b) and loss. Reused across runs. */
export interface LivePath {
  params: Float64Array;
  loss: Float64Array;
  length: number;
  status: RunStatus;
}

/** The latest surface grid (row-major, finite float32) and the window it spans. */
export interface LiveSurface {
  values: Float32Array;
  nx: number;
  ny: number;
  min: number;
  max: number;
  range: readonly [number, number, number, number];
}

/**
 * Mutable buffers the bridge writes and views read in their frame callbacks. `version` bumps on
 * every write; listeners are called after each write so views can update geometry and invalidate().
 */
export interface Live {
  surface: LiveSurface | null;
  surfaceVersion: number;
  readonly paths: Map<OptimizerId, LivePath>;
  version: number;
  /** The newest run sent to the worker, and the newest run whose every path is complete (tests and bench wait on these). */
  sentRun: number;
  doneRun: number;
  subscribe(fn: () => void): () => void;
  emit(): void;
}

export function createLive(): Live {
  const listeners = new Set<() => void>();
  return {
    surface: null,
    surfaceVersion: 0,
    paths: new Map(),
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
  };
}
