/**
 * The trajectory command for problem=mlp: the experiment run by the same lab code as the worker
 * (lab/mlpSetup.ts), printed as CSV of slice coordinates or as JSON with the data, the network and
 * (with --params) every θ_t.
 */
import { datasetPoints } from '../engine/datasets';
import { getOptimizer } from '../engine/optimizers';
import { runToEnd, type RunStatus, type Trajectory } from '../engine/run';
import { buildSlice, setupMlp, sliceNeedsRun, type MlpSetup, type MlpSlice } from '../lab/mlpSetup';
import { projectRows } from '../lab/sliceSurface';
import type { MlpExperiment, OptimizerId } from '../protocol/experiment';

export interface MlpRun {
  readonly id: OptimizerId;
  readonly trajectory: Trajectory;
  readonly status: RunStatus;
}

/** Every selected optimizer run to its end from θ₀, and the slice (built from the first run's path when it needs one). */
export function runMlpExperiment(e: MlpExperiment): { setup: MlpSetup; runs: MlpRun[]; slice: MlpSlice } {
  const setup = setupMlp(e);
  const runs = e.opt.map((id) => ({ id, ...runToEnd(setup.problem, getOptimizer(id), setup.theta0, setup.hyper, e.steps) }));
  const slice = buildSlice(setup, e, sliceNeedsRun(e) ? (runs[0]?.trajectory ?? null) : null);
  return { setup, runs, slice };
}

/** `optimizer,step,x,y,loss`: x, y are each θ_t's coordinates (a, b) on the slice plane. */
export function mlpCsv(runs: readonly MlpRun[], slice: MlpSlice): string {
  const lines = ['optimizer,step,x,y,loss'];
  for (const { id, trajectory: t } of runs) {
    const { ab } = projectRows(slice.plane, t.params, t.paramCount, 0, t.length);
    for (let k = 0; k < t.length; k++) lines.push(`${id},${k},${ab[2 * k]!},${ab[2 * k + 1]!},${t.loss[k]!}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `{"data":{"x":[[…],…],"y":[…]},"layers":[…],"activations":[…],"loss":"mse","runs":[{"optimizer":"gd","status":{"kind":"finished"},"steps":[{"step":0,"loss":L,"params":[…]},…]},…]}`
 * on one line: status the engine's RunStatus, as in the sigmoid lab's JSON; x one list of inputs per point; y one number per point for one output, a list per point
 * for two; activations one per weight layer (hidden first, output last); params (only with `withParams`)
 * θ_t in the flat order of MlpExperiment.
 */
export function mlpJson(setup: MlpSetup, runs: readonly MlpRun[], withParams: boolean): string {
  const points = datasetPoints(setup.dataset);
  const single = setup.dataset.outputDim === 1;
  const data = { x: points.map((p) => p.x), y: points.map((p) => (single ? p.y[0]! : p.y)) };
  const out = runs.map(({ id, trajectory: t, status }) => {
    const n = t.paramCount;
    const steps = [];
    for (let k = 0; k < t.length; k++) {
      steps.push(withParams ? { step: k, loss: t.loss[k]!, params: Array.from(t.params.subarray(k * n, (k + 1) * n)) } : { step: k, loss: t.loss[k]! });
    }
    return { optimizer: id, status, steps };
  });
  const { spec } = setup;
  return `${JSON.stringify({ data, layers: spec.layers, activations: spec.activations, loss: spec.loss, runs: out })}\n`;
}

/** The stderr line that says which plane the CSV's x and y are coordinates in. */
export function sliceNote(e: MlpExperiment, slice: MlpSlice): string {
  const { labels, explained, window } = slice.info;
  const first = e.opt[0];
  const win = `window x ${window[0]} to ${window[1]}, y ${window[2]} to ${window[3]}`;
  if (e.slice === 'params') return `slice: x = θ${e.pair[0]} ${labels[0]}, y = θ${e.pair[1]} ${labels[1]}${e.trainOnly ? ' (only these two trained)' : ''}; ${win}`;
  if (e.slice === 'random') {
    const at = e.center === 'start' || !first ? 'the initial weights' : `the end of ${first}`;
    return `slice: two random filter-normalized directions (seed ${e.seed}) centred at ${at}; ${win}`;
  }
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const of = first ? `the path of ${first}` : 'the initial weights (no optimizer selected)';
  return `slice: PCA of ${of} about its end, pc1 ${pct(explained?.[0] ?? 0)} and pc2 ${pct(explained?.[1] ?? 0)} of its squared distance from the end; ${win}`;
}
