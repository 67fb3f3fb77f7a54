/**
 * The engine worker ↔ band worker wire (internal to src/worker: the page never sees it). A `band`
 * request carries `init` the first time a worker sees job `job`: the experiment (setupMlp rebuilds the
 * data, the network and θ₀ from it) and the plane's vectors, copied and transferred.
 */
import type { MlpExperiment } from '../protocol/experiment';

export interface BandInit {
  readonly experiment: MlpExperiment;
  readonly grid: number;
  readonly origin: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** [aMin, aMax, bMin, bMax] */
  readonly window: readonly [number, number, number, number];
}

export type ToBand = { readonly type: 'band'; readonly job: number; readonly from: number; readonly to: number; readonly init?: BandInit };

export type FromBand =
  | { readonly type: 'band'; readonly job: number; readonly from: number; readonly to: number; readonly values: Float32Array; readonly min: number; readonly max: number }
  | { readonly type: 'error'; readonly job: number; readonly from: number; readonly to: number; readonly message: string };
