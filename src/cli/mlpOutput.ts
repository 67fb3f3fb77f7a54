/**
 * The trajectory command for problem=mlp: the experiment run by the same lab code as the worker
 * (lab/mlpSetup.ts), printed as CSV of slice coordinates or as JSON with the data, the network and
 * (with --params) every θ_t.
 */
import { datasetPoints } from '../engine/datasets';
import { runToEnd } from '../engine/run';
import { buildSlice, setupMlp, sliceNeedsRun, type MlpSetup, type MlpSlice } from '../lab/mlpSetup';
import { formatRun } from '../engine/optimizers';
import { projectRows } from '../lab/sliceSurface';
import type { MlpExperiment } from '../protocol/experiment';
import type { CliRun } from './runOutput';
import { mlpJsonText, runsCsv } from '../lab/trajectoryText';

/** Every run to its end from θ₀, and the slice (built from the first run's path when it needs one). */
export function runMlpExperiment(e: MlpExperiment): { setup: MlpSetup; runs: CliRun[]; slice: MlpSlice } {
  const setup = setupMlp(e);
  const runs = e.runs.map((spec) => ({ spec, ...runToEnd({ problem: setup.problem, run: spec, globals: e, start: setup.theta0, steps: e.steps }) }));
  const slice = buildSlice(setup, e, sliceNeedsRun(e) ? (runs[0]?.trajectory ?? null) : null);
  return { setup, runs, slice };
}

/** `run,optimizer,step,x,y,loss`: x, y are each θ_t's coordinates (a, b) on the slice plane. */
export function mlpCsv(runs: readonly CliRun[], slice: MlpSlice): string {
  return runsCsv(runs.map((r) => ({ ...r, coords: projectRows(slice.plane, r.trajectory.params, r.trajectory.paramCount, 0, r.trajectory.length).ab, loss: r.trajectory.loss, length: r.trajectory.length })), ['x', 'y']);
}

/**
 * `{"data":{"x":[[…],…],"y":[…]},"layers":[…],"activations":[…],"loss":"mse","runs":[{"run":1,"text":"gd","optimizer":"gd","settings":{…},"status":{…},"notes":{…},"steps":[{"step":0,"loss":L,"params":[…]},…]},…]}`
 * on one line (lab/trajectoryText.ts mlpJsonText).
 */
export function mlpJson(setup: MlpSetup, runs: readonly CliRun[], withParams: boolean): string {
  const points = datasetPoints(setup.dataset);
  const { spec } = setup;
  const header = { x: points.map((p) => p.x), y: points.map((p) => p.y), outputs: setup.dataset.outputDim, layers: spec.layers, activations: spec.activations, loss: spec.loss };
  return mlpJsonText(header, runs.map((r) => ({ ...r, coords: [], loss: r.trajectory.loss, length: r.trajectory.length, theta: r.trajectory.params, paramCount: r.trajectory.paramCount })), withParams);
}

/** The stderr line that says which plane the CSV's x and y are coordinates in. */
export function sliceNote(e: MlpExperiment, slice: MlpSlice): string {
  const { labels, explained, window } = slice.info;
  const first = e.runs[0] ? `run 1 (${formatRun(e.runs[0])})` : undefined;
  const win = `window x ${window[0]} to ${window[1]}, y ${window[2]} to ${window[3]}`;
  if (e.slice === 'params') return `slice: x = θ${e.pair[0]} ${labels[0]}, y = θ${e.pair[1]} ${labels[1]}${e.trainOnly ? ' (only these two trained)' : ''}; ${win}`;
  if (e.slice === 'random') {
    const at = e.center === 'start' || !first ? 'the initial weights' : `the end of ${first}`;
    return `slice: two random filter-normalized directions (seed ${e.seed}) centred at ${at}; ${win}`;
  }
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const of = first ? `the path of ${first}` : 'the initial weights (no runs)';
  return `slice: PCA of ${of} about its end, pc1 ${pct(explained?.[0] ?? 0)} and pc2 ${pct(explained?.[1] ?? 0)} of its squared distance from the end; ${win}`;
}
