import { layerGradientNorms } from '../engine/problems/mlpLayers';
import type { Mlp } from '../engine/problems/mlp';
import type { Trajectory } from '../engine/run';
import type { FromWorker } from '../protocol/messages';

type Post = (msg: FromWorker, transfer: Transferable[]) => void;

/** What a layers job reads of the run it follows: its rows so far and whether more will come. */
export interface LayersSource {
  readonly trajectory: Trajectory;
  readonly done: boolean;
}

/** 'more': call again; 'idle': caught up with a run still training (call again once it has rows); 'done': finished. */
export type LayersOutcome = 'more' | 'idle' | 'done';

export interface LayersJobOptions {
  readonly runId: number;
  /** The run's position in the experiment's runs. */
  readonly run: number;
  /** The full network (not a trainOnly view: every layer's gradient is shown, trained or frozen). */
  readonly mlp: Mlp;
  readonly source: LayersSource;
  /** Rows per task (about MLP_TASK_WORK of multiply-adds: one gradient costs a training step). */
  readonly rowsPerTask: number;
  readonly post: Post;
}

/**
 * ‖∂L/∂W_l‖_F per weight layer for every row θ_t of one run, computed behind the training (one gradient
 * of the loss per row, before any clipping) and posted as `layers` chunks. It stops at the first row whose
 * norms are not all finite (`stop: 'nonfinite'`: nothing non-finite leaves the worker); the last chunk
 * says `done`. Each `step()` does at most rowsPerTask rows.
 */
export function layersJob({ runId, run, mlp, source, rowsPerTask, post }: LayersJobOptions): { step(): LayersOutcome } {
  const n = mlp.paramCount;
  const L = mlp.layout.layers.length;
  const grad = new Float64Array(n);
  let next = 0;
  let finished = false;
  return {
    step() {
      if (finished) return 'done';
      const t = source.trajectory;
      const wasDone = source.done;
      const to = Math.min(t.length, next + Math.max(1, rowsPerTask));
      const from = next;
      const norms = new Float64Array((to - from) * L);
      let stop: 'nonfinite' | null = null;
      let k = from;
      for (; k < to; k++) {
        mlp.lossAndGrad(t.params.subarray(k * n, (k + 1) * n), grad);
        const at = (k - from) * L;
        layerGradientNorms(mlp.layout, grad, norms, null, at);
        let finite = true;
        for (let l = 0; l < L; l++) if (!Number.isFinite(norms[at + l]!)) finite = false;
        if (!finite) {
          stop = 'nonfinite';
          break;
        }
      }
      next = k;
      const done = stop !== null || (wasDone && next >= t.length);
      if (next > from || done) {
        const rows = norms.slice(0, (next - from) * L);
        post({ type: 'layers', runId, run, layers: L, from, norms: rows, done, stop }, [rows.buffer]);
      }
      if (done) {
        finished = true;
        return 'done';
      }
      return next < t.length ? 'more' : 'idle';
    },
  };
}
