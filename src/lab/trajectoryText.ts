/**
 * The trajectory command's output formats, shared by the command line (src/cli) and the page's Export
 * (views/share): the same runs give the same bytes. Pure: no DOM, no process.
 *
 * CSV: header `run,optimizer,step,<x>,<y>,loss` (w,b for a plane problem; x,y on the slice plane for the
 * MLP), then rows k = 0..length−1 of each run in link order; numbers are String(x), the shortest text
 * that parses back to the same float64. JSON: one line, see planeJson / mlpJsonText.
 */
import { formatRun, type RunSpec, type Settings } from '../engine/optimizers';
import type { RunNotes, RunStatus } from '../engine/run';
import type { Activation, LossKind } from '../engine/problems/mlpSpec';

/** One run's rows as both writers hold them: two coordinates per row, and its loss. */
export interface RunRows {
  readonly spec: RunSpec;
  readonly status: RunStatus;
  readonly notes: RunNotes;
  /** Every setting resolved (explicit, then the link's globals, then the defaults). */
  readonly settings: Settings;
  /** Row k's coordinates at 2k, 2k + 1: (w, b), or the MLP's (a, b) on the slice plane. */
  readonly coords: ArrayLike<number>;
  readonly loss: ArrayLike<number>;
  readonly length: number;
  /** MLP with --params only: row k's θ at k·paramCount … (k + 1)·paramCount − 1. */
  readonly theta?: ArrayLike<number>;
  readonly paramCount?: number;
}

/** Settings for JSON: every key, a setting that is off (clip without a bound) as "none". */
const jsonSettings = (s: Settings) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? 'none' : v]));

/** The run's fields in the JSON output (its rows are added by the caller): position (1-based), text as in the link, settings, status. */
export function runJson(r: Pick<RunRows, 'spec' | 'settings' | 'status' | 'notes'>, i: number) {
  return { run: i + 1, text: formatRun(r.spec), optimizer: r.spec.optimizer, settings: jsonSettings(r.settings), status: r.status, notes: r.notes };
}

/** `run,optimizer,step,<x>,<y>,loss` and a row per step of every run. */
export function runsCsv(runs: readonly RunRows[], axes: readonly [string, string]): string {
  const lines = [`run,optimizer,step,${axes[0]},${axes[1]},loss`];
  runs.forEach((r, i) => {
    for (let k = 0; k < r.length; k++) lines.push(`${i + 1},${r.spec.optimizer},${k},${r.coords[2 * k]!},${r.coords[2 * k + 1]!},${r.loss[k]!}`);
  });
  return `${lines.join('\n')}\n`;
}

/** A plane problem's JSON: `{"runs":[{"run":1,"text":…,"optimizer":…,"settings":…,"status":…,"notes":…,"steps":[{"step":0,"w":…,"b":…,"loss":…},…]},…]}`. */
export function planeJson(runs: readonly RunRows[]): string {
  const out = runs.map((r, i) => {
    const steps = [];
    for (let k = 0; k < r.length; k++) steps.push({ step: k, w: r.coords[2 * k]!, b: r.coords[2 * k + 1]!, loss: r.loss[k]! });
    return { ...runJson(r, i), steps };
  });
  return `${JSON.stringify({ runs: out })}\n`;
}

/** What the MLP's JSON says of the data and the network besides the runs. */
export interface MlpHeader {
  /** One list of inputs per point. */
  readonly x: readonly (readonly number[])[];
  /** One list of targets per point (printed as a number when there is one output). */
  readonly y: readonly (readonly number[])[];
  /** Targets per point (1: each y is printed as a number). */
  readonly outputs: number;
  readonly layers: readonly number[];
  readonly activations: readonly Activation[];
  readonly loss: LossKind;
}

/**
 * The MLP's JSON: `{"data":{"x":[[…],…],"y":[…]},"layers":[…],"activations":[…],"loss":"mse","runs":[{…,"steps":[{"step":0,"loss":L,"params":[…]},…]},…]}`;
 * params (θ_t in the flat order of MlpExperiment) only when `withParams` and the rows carry θ.
 */
export function mlpJsonText(h: MlpHeader, runs: readonly RunRows[], withParams: boolean): string {
  const single = h.outputs === 1;
  const data = { x: h.x, y: h.y.map((y) => (single ? y[0]! : y)) };
  const out = runs.map((r, i) => {
    const n = r.paramCount ?? 0;
    const steps = [];
    for (let k = 0; k < r.length; k++) {
      steps.push(withParams && r.theta ? { step: k, loss: r.loss[k]!, params: Array.from({ length: n }, (_, j) => r.theta![k * n + j]!) } : { step: k, loss: r.loss[k]! });
    }
    return { ...runJson(r, i), steps };
  });
  return `${JSON.stringify({ data, layers: h.layers, activations: h.activations, loss: h.loss, runs: out })}\n`;
}
