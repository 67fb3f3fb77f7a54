/**
 * The engine worker ↔ band worker wire (internal to src/worker: the page never sees it). A `band`
 * request carries `init` the first time a worker sees job `job`: the experiment (setupMlp rebuilds the
 * data, the network and θ₀ from it) and the plane's vectors, copied and transferred.
 *
 * A `map` request asks for rows [r0, r1) of an (η, γ) convergence map (engine/convergenceMap.ts); it
 * carries `init` the first time a worker sees map job `job` (map jobs are numbered apart from surface
 * jobs: each kind keeps its own setup in the worker). A worker answers each row band with `map`, in the
 * order asked, or with `map-dropped` when a newer map job (a higher `job`) or a `map-cancel` arrived
 * before it finished: cells are computed one per task, so a cancel (or a surface band) gets in between.
 */
import type { AnyExperiment, MlpExperiment } from '../protocol/experiment';

export interface BandInit {
  readonly experiment: MlpExperiment;
  readonly grid: number;
  readonly origin: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** [aMin, aMax, bMin, bMax] */
  readonly window: readonly [number, number, number, number];
}

/** What a band worker needs to rebuild a map job: the experiment, which run's optimizer and settings, and N. */
export interface MapInit {
  readonly experiment: AnyExperiment;
  /** Position (0-based) of the run in experiment.runs whose optimizer the map is for. */
  readonly run: number;
  /** N of the N × N map (N × 1 without γ). */
  readonly size: number;
}

/** A surface band request (what the surface's worker pool sends). */
export type ToBand = { readonly type: 'band'; readonly job: number; readonly from: number; readonly to: number; readonly init?: BandInit };

/** A map request, or the cancel that drops every unfinished map band of jobs up to and including `job`. */
export type ToMap =
  | { readonly type: 'map'; readonly job: number; readonly r0: number; readonly r1: number; readonly init?: MapInit }
  | { readonly type: 'map-cancel'; readonly job: number };

/** Everything a band worker is sent. */
export type ToBandWorker = ToBand | ToMap;

export type FromBand =
  | { readonly type: 'band'; readonly job: number; readonly from: number; readonly to: number; readonly values: Float32Array; readonly min: number; readonly max: number }
  | { readonly type: 'error'; readonly job: number; readonly from: number; readonly to: number; readonly message: string }
  /** Rows [r0, r1) of map job `job`, cells row-major (see engine/convergenceMap.ts MapBand). */
  | { readonly type: 'map'; readonly job: number; readonly r0: number; readonly r1: number; readonly cols: number; readonly status: Uint8Array; readonly step: Int32Array; readonly loss: Float64Array }
  | { readonly type: 'map-dropped'; readonly job: number; readonly r0: number; readonly r1: number }
  | { readonly type: 'map-error'; readonly job: number; readonly r0: number; readonly r1: number; readonly message: string };
