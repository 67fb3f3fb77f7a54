import { createSaturationMeter } from '../engine/problems/mlpLayers';
import { startRun } from '../engine/run';
import { projectOntoPlane } from '../engine/slices';
import { theoryAt, type PointTheory } from '../engine/theory';
import { buildSlice, setupMlp, sliceNeedsRun, type MlpSetup, type MlpSlice } from '../lab/mlpSetup';
import { createViewer, type MlpView } from '../lab/mlpView';
import { mlpStepper, type MlpStep } from '../lab/mlpStep';
import { contourRings, ringBuffers } from '../lab/contourRings';
import { cellBands, projectRows, sliceCellCost, sliceCells, type CellBand } from '../lab/sliceSurface';
import type { MlpExperiment } from '../protocol/experiment';
import type { FromWorker } from '../protocol/messages';
import type { BandPool } from './bandPool';
import { layersJob, type LayersOutcome } from './layersJob';
import { timedCursor } from './timedCursor';

/** Side of the quick preview surface posted before the full grid. */
export const COARSE_GRID = 32;
/**
 * Work per task, in multiply-adds (a training step costs about 3·N·n, a surface cell N·n for N points
 * and n parameters, less on a 'params' slice: sliceCellCost): about 10–40 ms, short enough that a newer run is picked up promptly and the
 * bridge's hang watchdog hears from us well within its 2 s.
 */
export const MLP_TASK_WORK = 1e7;
/**
 * The work of the first task that trains (an eighth of MLP_TASK_WORK, a few milliseconds): its rows are
 * the first new paths the page draws after a change, so they go out before a whole task's steps.
 */
export const MLP_FIRST_TASK_WORK = MLP_TASK_WORK / 8;
/** The shortest time between a fine surface band's progress report and the report before it (ms). */
export const PROGRESS_POST_MS = 50;

type Post = (msg: FromWorker, transfer: Transferable[]) => void;

/** What the handler needs of a running (or finished) MLP job. */
export interface MlpJob {
  /** Does one task's work, posts what it finished; true while another task is wanted. */
  step(): boolean;
  /** The networks at step t on a res-sided map of the input space, from the rows computed so far. */
  view(t: number, res: number): MlpView;
  /**
   * The theory on the slice plane at run `run`'s θ at step t (its last row when it ended earlier), the
   * run clamped to the list; null before the plane is built or the run has a row, or where theoryAt
   * refuses the point. Four gradients (planeHessian), so cheap enough for every view request.
   */
  theory(t: number, run: number): { run: number; theory: PointTheory | null };
  /**
   * Run `run`'s step at playback step t (clamped like theory; its last step at the path's end), traced and
   * projected on the slice (lab/mlpStep.ts); 'pending' while its replay needs more than one task's work
   * (ask again: the replay goes on), null before the plane or a row exists or where the run has no step.
   */
  stepAt(t: number, run: number): MlpStep | 'pending' | null;
  /** The share of saturated units per hidden layer at run `run`'s θ_t (clamped like theory), null before it has a row. */
  saturation(t: number, run: number): Float64Array | null;
  /** A job that posts the per-layer gradient norms of run `run` (clamped to the list) as it trains (layersJob.ts). */
  layers(run: number): { step(): LayersOutcome };
  /** Stops band work of this job: nothing more of it is posted. */
  cancel(): void;
}

export interface MlpJobOptions {
  readonly runId: number;
  readonly experiment: MlpExperiment;
  readonly wantSurface: boolean;
  /**
   * Whether the chunks carry each row's full θ (the run message's `theta`). The page does not read them: a
   * slider tick of the default network sent 2.5 MB of them to the main thread, to be collected there.
   */
  readonly withTheta?: boolean;
  readonly post: Post;
  readonly pool: BandPool;
  /** The clock that times each run's steps (performance.now in the worker). */
  readonly now: () => number;
  /** Reports an error that surfaces outside `step` (a band that failed). */
  readonly fail: (err: unknown) => void;
  /**
   * The slice of the surface the page shows now (the last one posted, by any job), or null. Where this
   * job's slice is built from a trajectory and the page keeps its surface (`wantSurface` false: same
   * network, data and slice mode), the runs' first rows are posted projected onto it, marked `interim`,
   * while the first run trains: the page draws new paths within a task instead of after a whole run.
   */
  readonly shown?: MlpSlice | null;
  /** Told of each slice whose surface this job posts (the handler keeps it for the next job's `shown`). */
  readonly onSlicePosted?: (s: MlpSlice) => void;
}

/**
 * One MLP run as a sequence of tasks: `step()` does one task's work, posts what it finished, and says
 * whether work remains (the handler schedules the next task between them, so a newer run cancels the
 * rest). The order of messages:
 * 0. `data`: the data set;
 * 1. if the slice is built from a trajectory ('pca', 'random' at the end), the first run of
 *    `runs` runs to its end first, with a `progress` {stage: 'training'} after every task;
 * 2. the COARSE_GRID² surface with coarse: true and the SliceInfo (or the whole grid², coarse: false,
 *    when grid ≤ COARSE_GRID), computed a band per task; then `progress` {stage: 'surface', done: 0}
 *    (done = total when that was the whole grid);
 * 3. chunks of every run, as for the sigmoid neuron but with params = the rows' projections (a, b)
 *    onto the slice, offPlane = their distances from it and (with `withTheta`) theta = the full rows;
 * 4. the grid² surface with coarse: false, its bands of cells sampled by `pool` (band workers start right
 *    after step 2 when the pool is concurrent, else after step 3), a `progress` {stage: 'surface'}
 *    per band; the surface itself is posted after the last chunk, with a final progress done = total.
 * Surfaces are skipped when `wantSurface` is false and the slice does not depend on the runs.
 */
export function mlpJob({ runId, experiment: e, wantSurface, withTheta = false, post, pool, now, fail, shown = null, onSlicePosted }: MlpJobOptions): MlpJob {
  const setup: MlpSetup = setupMlp(e);
  const n = setup.mlp.paramCount;
  const N = Math.max(1, setup.dataset.n);
  const stepCost = 3 * N * n;
  const cellCost = sliceCellCost(setup, e);
  const cursors = e.runs.map((run) => timedCursor(startRun({ problem: setup.problem, run, globals: e, start: setup.theta0, steps: e.steps }), now));
  const posted: number[] = cursors.map(() => 0);
  const needsRun = sliceNeedsRun(e);
  const surfaces = wantSurface || needsRun;
  const fine = e.grid > COARSE_GRID;
  const coarseSide = fine ? COARSE_GRID : e.grid;
  const viewer = createViewer(setup.mlp);
  const stepper = mlpStepper({ problem: setup.problem, runs: e.runs, globals: e, start: setup.theta0, steps: e.steps });
  /** Replay steps per step request: a few tasks' work, so a view reply stays well within the watchdog's 2 s. */
  const stepBudget = Math.max(1, Math.floor((3 * MLP_TASK_WORK) / stepCost));
  let slice: MlpSlice | null = null;
  let meter: ((theta: Float64Array) => Float64Array) | null = null;
  let firstPump = true;
  let cancelled = false;
  /**
   * Steps per running cursor for the task about to train: MLP_FIRST_TASK_WORK the first time it is
   * called, MLP_TASK_WORK after (it marks the first task as taken).
   */
  let trained = false;
  const nextTaskSteps = (running: number) => {
    const work = trained ? MLP_TASK_WORK : MLP_FIRST_TASK_WORK;
    trained = true;
    return Math.max(1, Math.floor(work / (stepCost * Math.max(1, running))));
  };

  let progressAt = -Infinity;
  const progress = (stage: 'training' | 'surface', done: number, total: number) => {
    progressAt = performance.now();
    post({ type: 'progress', runId, stage, done, total }, []);
  };
  // The fine surface's bands finish every few milliseconds in the band workers (not in this worker's
  // tasks, each of which still posts a heartbeat), and the page shows the bar at most ten times a second:
  // a band's report within PROGRESS_POST_MS of the last report is not posted. Bands computed inline
  // (no band workers) are this worker's tasks: each still reports.
  const bandProgress = (done: number, total: number) => {
    if (!pool.concurrent || performance.now() - progressAt >= PROGRESS_POST_MS) progress('surface', done, total);
  };
  // The shown slice, while this job's own is not built (see MlpJobOptions.shown).
  const interim = !wantSurface && needsRun && shown && shown.info.paramCount === n && shown.info.mode === e.slice ? shown : null;
  let usedInterim = false;
  /** Posts every run's rows not posted yet, projected onto `s` (firstPump: every run, even with no new row). */
  const postRows = (s: MlpSlice, isInterim: boolean) => {
    cursors.forEach((cursor, run) => {
      const from = posted[run]!;
      const t = cursor.trajectory;
      if (t.length <= from && !firstPump) return;
      const { ab, offPlane } = projectRows(s.plane, t.params, n, from, t.length);
      const theta = withTheta ? t.params.slice(from * n, t.length * n) : null;
      const loss = t.loss.slice(from, t.length);
      const chunk = { type: 'chunk', runId, run, from, params: ab, loss, status: cursor.status, notes: cursor.notes, msPerStep: cursor.msPerStep, offPlane, ...(theta ? { theta } : {}), ...(isInterim ? { interim: true as const } : {}) } as const;
      post(chunk, theta ? [ab.buffer, loss.buffer, offPlane.buffer, theta.buffer] : [ab.buffer, loss.buffer, offPlane.buffer]);
      posted[run] = t.length;
    });
  };
  const postSurface = (s: MlpSlice, values: Float32Array, side: number, min: number, max: number, coarse: boolean) => {
    onSlicePosted?.(s);
    const rings = contourRings(values, side, side, min, max);
    post({ type: 'surface', runId, values, nx: side, ny: side, min, max, coarse, slice: s.info, rings }, [values.buffer, ...ringBuffers(rings)]);
  };

  {
    const x = Float64Array.from(setup.dataset.x);
    const y = Float64Array.from(setup.dataset.y);
    post({ type: 'data', runId, inputs: setup.dataset.inputDim, outputs: setup.dataset.outputDim, x, y }, [x.buffer, y.buffer]);
  }

  // The preview, a band of cells per task.
  const coarseBands = cellBands(coarseSide, cellCost, MLP_TASK_WORK);
  let coarseBand = 0;
  const coarseValues = new Float32Array(coarseSide * coarseSide);
  let coarseMin = Infinity;
  let coarseMax = -Infinity;

  // The fine surface, filled by the pool's bands in any order.
  const fineCells = e.grid * e.grid;
  let fineValues: Float32Array | null = null;
  let fineDone = 0;
  let fineMin = Infinity;
  let fineMax = -Infinity;
  let cancelBands: (() => void) | null = null;
  let pathsDone = false;
  let finePosted = false;

  const postFineIfReady = () => {
    if (cancelled || finePosted || !pathsDone || fineDone < fineCells) return;
    finePosted = true;
    postSurface(slice!, fineValues!, e.grid, fineMin, fineMax, false);
    progress('surface', e.grid, e.grid);
  };

  const startBands = () => {
    if (cancelBands || !surfaces || !fine) return;
    const s = slice!;
    fineValues = new Float32Array(fineCells);
    cancelBands = pool.sampleBands(
      {
        runId,
        experiment: e,
        plane: s.plane,
        grid: e.grid,
        bands: cellBands(e.grid, cellCost, MLP_TASK_WORK),
        inline: (from, to) => sliceCells(setup, e, s.plane, e.grid, from, to),
      },
      {
        onBand: (b: CellBand) => {
          if (cancelled) return;
          fineValues!.set(b.values, b.from);
          fineMin = Math.min(fineMin, b.min);
          fineMax = Math.max(fineMax, b.max);
          fineDone += b.to - b.from;
          // Rows complete so far (bands arrive in any order, so this counts cells).
          if (fineDone < fineCells) bandProgress(Math.floor(fineDone / e.grid), e.grid);
          else postFineIfReady();
        },
        onError: (err) => {
          if (!cancelled) fail(err);
        },
      },
    );
  };

  // Each phase does one task's work and says whether it needs another task ('more'), finished with
  // work done ('done': the next phase starts in the next task), had nothing to do ('skip'), or handed
  // the rest to the pool ('wait': no more tasks; the pool's callbacks finish the job).
  type Outcome = 'more' | 'done' | 'skip' | 'wait';
  const phases: (() => Outcome)[] = [
    // 1. The first run's whole path, when the plane is built from it.
    // With an interim slice, every run trains alongside and their rows so far go out on it after each task.
    () => {
      const first = cursors[0];
      if (!needsRun || !first || first.done) return 'skip';
      const running = interim ? cursors.filter((c) => !c.done) : [first];
      const steps = nextTaskSteps(running.length);
      for (const c of running) c.advance(steps);
      progress('training', first.done ? e.steps : Math.max(0, first.trajectory.length - 1), e.steps);
      if (interim) {
        postRows(interim, true);
        usedInterim = true;
      }
      return first.done ? 'done' : 'more';
    },
    // 2. The plane, and the preview surface a band per task.
    () => {
      slice ??= buildSlice(setup, e, needsRun ? (cursors[0]?.trajectory ?? null) : null);
      if (!surfaces) return 'skip';
      const [from, to] = coarseBands[coarseBand]!;
      const r = sliceCells(setup, e, slice.plane, coarseSide, from, to);
      coarseValues.set(r.values, from);
      coarseMin = Math.min(coarseMin, r.min);
      coarseMax = Math.max(coarseMax, r.max);
      coarseBand++;
      if (coarseBand < coarseBands.length) {
        // A heartbeat for a big network's preview.
        progress('surface', fine ? 0 : Math.floor(to / coarseSide), e.grid);
        return 'more';
      }
      postSurface(slice, coarseValues, coarseSide, coarseMin, coarseMax, fine);
      if (usedInterim) {
        // Straight after the surface of the new slice, the rows so far again, projected onto it.
        posted.fill(0);
        postRows(slice, false);
      }
      progress('surface', fine ? 0 : e.grid, e.grid);
      if (pool.concurrent) startBands();
      return 'done';
    },
    // 3. The paths, projected.
    () => {
      const s = slice!;
      const steps = nextTaskSteps(cursors.filter((c) => !c.done).length);
      for (const cursor of cursors) if (!cursor.done) cursor.advance(steps);
      // The first pump reports every run, so a run that stops at step 0 still gets its status out.
      postRows(s, false);
      const pending = cursors.some((c) => !c.done);
      firstPump = false;
      if (pending) return 'more';
      pathsDone = true;
      // Straight on to the fine surface: starting it posts nothing, and every task should post something.
      return 'skip';
    },
    // 4. The full surface: the pool's, posted once both it and the paths are complete.
    () => {
      pathsDone = true;
      if (!surfaces || !fine) return 'skip';
      startBands();
      postFineIfReady();
      return 'wait';
    },
  ];

  let phase = 0;
  return {
    step() {
      while (phase < phases.length) {
        const outcome = phases[phase]!();
        if (outcome === 'more') return true;
        if (outcome === 'wait') {
          phase = phases.length;
          return false;
        }
        phase++;
        if (outcome === 'done') return phase < phases.length;
      }
      return false;
    },
    view(t, res) {
      return viewer(cursors.map((cursor, run) => ({ run, trajectory: cursor.trajectory })), t, res);
    },
    theory(t, run) {
      const i = Math.min(Math.max(0, Math.floor(run) || 0), Math.max(0, cursors.length - 1));
      const tr = cursors[i]?.trajectory;
      if (!slice || !tr || tr.length === 0) return { run: i, theory: null };
      const row = Math.min(Math.max(0, Math.floor(t) || 0), tr.length - 1);
      const theta = tr.params.subarray(row * n, (row + 1) * n);
      const { a, b } = projectOntoPlane(slice.plane, theta);
      try {
        return { run: i, theory: theoryAt({ problem: setup.problem, theta, run: e.runs[i], globals: e, plane: { u: slice.plane.u, v: slice.plane.v, at: [a, b] } }) };
      } catch {
        return { run: i, theory: null };
      }
    },
    stepAt(t, run) {
      const i = Math.min(Math.max(0, Math.floor(run) || 0), Math.max(0, cursors.length - 1));
      const tr = cursors[i]?.trajectory;
      if (!slice || !tr || tr.length === 0) return null;
      const row = Math.min(Math.max(0, Math.floor(t) || 0), tr.length - 1);
      try {
        return stepper.at(i, row, slice.plane, stepBudget);
      } catch {
        // The overlays are an extra: a step that cannot be traced leaves them out, not the run.
        return null;
      }
    },
    saturation(t, run) {
      const i = Math.min(Math.max(0, Math.floor(run) || 0), Math.max(0, cursors.length - 1));
      const tr = cursors[i]?.trajectory;
      if (!tr || tr.length === 0) return null;
      const row = Math.min(Math.max(0, Math.floor(t) || 0), tr.length - 1);
      meter ??= createSaturationMeter(setup.mlp.layout, setup.dataset);
      return Float64Array.from(meter(tr.params.subarray(row * n, (row + 1) * n)));
    },
    layers(run) {
      const i = Math.min(Math.max(0, Math.floor(run) || 0), Math.max(0, cursors.length - 1));
      const cursor = cursors[i];
      const empty = { trajectory: { paramCount: n, params: new Float64Array(0), loss: new Float64Array(0), length: 0 }, done: true };
      return layersJob({ runId, run: i, mlp: setup.mlp, source: cursor ?? empty, rowsPerTask: Math.floor(MLP_TASK_WORK / stepCost), post });
    },
    cancel() {
      cancelled = true;
      cancelBands?.();
    },
  };
}
