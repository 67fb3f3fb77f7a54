import { getOptimizer } from '../engine/optimizers';
import { startRun, type RunCursor } from '../engine/run';
import { buildSlice, setupMlp, sliceNeedsRun, type MlpSetup, type MlpSlice } from '../lab/mlpSetup';
import { projectRows, sliceRows } from '../lab/sliceSurface';
import type { MlpExperiment, OptimizerId } from '../protocol/experiment';
import type { FromWorker } from '../protocol/messages';

/** Side of the quick preview surface posted before the full grid. */
export const COARSE_GRID = 32;
/**
 * Work per task, in multiply-adds (a training step costs about 3·N·n, a surface cell N·n for N points
 * and n parameters): about 10–40 ms, short enough that a newer run is picked up promptly.
 */
export const MLP_TASK_WORK = 1e7;

type Post = (msg: FromWorker, transfer: Transferable[]) => void;

/**
 * One MLP run as a sequence of tasks: `step()` does one task's work, posts what it finished, and says
 * whether work remains (the handler schedules the next task between them, so a newer run cancels the
 * rest). The order of messages:
 * 1. if the slice is built from a trajectory ('pca', 'random' at the end), the first optimizer of
 *    `opt` runs to its end first (nothing is posted: a path can only be projected onto a known plane);
 * 2. the COARSE_GRID² surface with coarse: true and the SliceInfo (or the whole grid², coarse: false,
 *    when grid ≤ COARSE_GRID);
 * 3. chunks of every optimizer, as for the sigmoid neuron but with params = the rows' projections (a, b)
 *    onto the slice, offPlane = their distances from it and theta = the full rows;
 * 4. the grid² surface with coarse: false, computed a band of rows per task.
 * Surfaces are skipped when `wantSurface` is false and the slice does not depend on the runs.
 */
export function mlpJob(runId: number, e: MlpExperiment, wantSurface: boolean, post: Post): () => boolean {
  const setup: MlpSetup = setupMlp(e);
  const n = setup.mlp.paramCount;
  const N = Math.max(1, setup.dataset.n);
  const stepCost = 3 * N * n;
  const cursors = e.opt.map((id): [OptimizerId, RunCursor] => [id, startRun(setup.problem, getOptimizer(id), setup.theta0, setup.hyper, e.steps)]);
  const posted = new Map<OptimizerId, number>();
  const needsRun = sliceNeedsRun(e);
  const surfaces = wantSurface || needsRun;
  const fine = e.grid > COARSE_GRID;
  let slice: MlpSlice | null = null;
  let firstPump = true;
  let band = 0;
  let fineValues: Float32Array | null = null;
  let fineMin = Infinity;
  let fineMax = -Infinity;

  const postSurface = (s: MlpSlice, values: Float32Array, side: number, min: number, max: number, coarse: boolean) => {
    post({ type: 'surface', runId, values, nx: side, ny: side, min, max, coarse, slice: s.info }, [values.buffer]);
  };

  // Each phase does one task's work and says whether it needs another task ('more'), finished with
  // work done ('done': the next phase starts in the next task), or had nothing to do ('skip').
  type Outcome = 'more' | 'done' | 'skip';
  const phases: (() => Outcome)[] = [
    // 1. The first optimizer's whole path, when the plane is built from it.
    () => {
      const first = cursors[0]?.[1];
      if (!needsRun || !first || first.done) return 'skip';
      first.advance(Math.max(1, Math.floor(MLP_TASK_WORK / stepCost)));
      return first.done ? 'done' : 'more';
    },
    // 2. The plane, and the preview surface.
    () => {
      slice = buildSlice(setup, e, needsRun ? (cursors[0]?.[1].trajectory ?? null) : null);
      if (surfaces) {
        const side = fine ? COARSE_GRID : e.grid;
        const g = sliceRows(setup, e, slice, side, 0, side);
        postSurface(slice, g.values, side, g.min, g.max, fine);
        return 'done';
      }
      return 'skip';
    },
    // 3. The paths, projected.
    () => {
      const s = slice!;
      const running = cursors.filter(([, c]) => !c.done).length;
      const steps = Math.max(1, Math.floor(MLP_TASK_WORK / (stepCost * Math.max(1, running))));
      let pending = false;
      for (const [id, cursor] of cursors) {
        const from = posted.get(id) ?? 0;
        if (!cursor.done) cursor.advance(steps);
        const t = cursor.trajectory;
        // The first pump reports every optimizer, so a run that stops at step 0 still gets its status out.
        if (t.length > from || firstPump) {
          const { ab, offPlane } = projectRows(s.plane, t.params, n, from, t.length);
          const theta = t.params.slice(from * n, t.length * n);
          const loss = t.loss.slice(from, t.length);
          post({ type: 'chunk', runId, optimizer: id, from, params: ab, loss, status: cursor.status, offPlane, theta }, [ab.buffer, loss.buffer, offPlane.buffer, theta.buffer]);
          posted.set(id, t.length);
        }
        if (!cursor.done) pending = true;
      }
      firstPump = false;
      return pending ? 'more' : cursors.length > 0 ? 'done' : 'skip';
    },
    // 4. The full surface, a band of rows per task.
    () => {
      if (!surfaces || !fine) return 'skip';
      const s = slice!;
      const rows = Math.max(1, Math.floor(MLP_TASK_WORK / (N * n * e.grid)));
      const to = Math.min(e.grid, band + rows);
      const r = sliceRows(setup, e, s, e.grid, band, to);
      fineValues ??= new Float32Array(e.grid * e.grid);
      fineValues.set(r.values, band * e.grid);
      fineMin = Math.min(fineMin, r.min);
      fineMax = Math.max(fineMax, r.max);
      band = to;
      if (band < e.grid) return 'more';
      postSurface(s, fineValues, e.grid, fineMin, fineMax, false);
      return 'done';
    },
  ];

  let phase = 0;
  return () => {
    while (phase < phases.length) {
      const outcome = phases[phase]!();
      if (outcome === 'more') return true;
      phase++;
      if (outcome === 'done') return phase < phases.length;
    }
    return false;
  };
}
