import type { Plane } from '../engine/surface';
import { setupMlp, type MlpSetup } from '../lab/mlpSetup';
import { sliceCells } from '../lab/sliceSurface';
import type { MlpExperiment } from '../protocol/experiment';
import type { FromBand, ToBand } from './bandMessages';

/**
 * A band worker's brain, free of `self`: rebuilds a job's setup and plane from its `init`, then answers
 * every band request of that job with its cells (sliceCells, so the numbers equal the engine worker's
 * own). Errors are posted, never thrown.
 */
export function createBandHandler(post: (msg: FromBand, transfer: Transferable[]) => void): (msg: ToBand) => void {
  let state: { job: number; e: MlpExperiment; setup: MlpSetup; plane: Plane; grid: number } | null = null;
  return (msg) => {
    const { job, from, to } = msg;
    try {
      if (msg.init) {
        const { experiment: e, grid, origin, u, v, window: [aMin, aMax, bMin, bMax] } = msg.init;
        // The data and θ₀ depend on the experiment only: keep them across planes of the same one.
        const setup = state && JSON.stringify(state.e) === JSON.stringify(e) ? state.setup : setupMlp(e);
        state = { job, e, setup, plane: { origin, u, v, aMin, aMax, bMin, bMax }, grid };
      }
      if (state?.job !== job) throw new Error(`worker: band of job ${job} before its init`);
      const b = sliceCells(state.setup, state.e, state.plane, state.grid, from, to);
      post({ type: 'band', job, from, to, values: b.values, min: b.min, max: b.max }, [b.values.buffer]);
    } catch (err) {
      post({ type: 'error', job, from, to, message: err instanceof Error ? err.message : String(err) }, []);
    }
  };
}
