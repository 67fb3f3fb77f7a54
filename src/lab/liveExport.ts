/**
 * The page's Export: the runs the page holds (the worker's rows in the bridge's live buffers, the
 * statuses in the store) written by the command line's own writers (trajectoryText.ts), so a link's
 * CSV and JSON are the bytes `npm run -s trajectory -- '<link>'` prints, as far as the two JavaScript
 * engines compute the same doubles.
 */
import type { Live } from '../bridge/live';
import { runSettings } from '../engine/optimizers';
import type { AnyExperiment } from '../protocol/experiment';
import type { RunSummary } from '../state/store';
import { mlpJsonText, planeJson, runsCsv, type RunRows } from './trajectoryText';

/** What an export reads from the store. */
export interface ExportSource {
  readonly experiment: AnyExperiment;
  readonly runs: readonly (RunSummary | null)[];
}

/** The rows of every run, or why there are none yet (a run still computing: the export waits for it). */
function rowsOf(s: ExportSource, live: Live): RunRows[] | string {
  const out: RunRows[] = [];
  for (let i = 0; i < s.experiment.runs.length; i++) {
    const spec = s.experiment.runs[i]!;
    const p = live.paths[i];
    const sum = s.runs[i];
    if (!p || !sum || p.status.kind === 'running' || sum.status.kind === 'running' || p.length !== sum.length) return `run ${i + 1} is still computing`;
    out.push({ spec, status: sum.status, notes: sum.notes, settings: runSettings(spec, s.experiment), coords: p.params, loss: p.loss, length: p.length });
  }
  return out;
}

/** The runs as CSV (the command's default format), or null with the reason while a run is computing. */
export function exportCsv(s: ExportSource, live: Live): { text: string } | { why: string } {
  const rows = rowsOf(s, live);
  if (typeof rows === 'string') return { why: rows };
  return { text: runsCsv(rows, s.experiment.problem === 'mlp' ? ['x', 'y'] : ['w', 'b']) };
}

/** The runs as the command's JSON (`--format json`; for the MLP without --params), or the reason it cannot be written yet. */
export function exportJson(s: ExportSource, live: Live): { text: string } | { why: string } {
  const rows = rowsOf(s, live);
  if (typeof rows === 'string') return { why: rows };
  const e = s.experiment;
  if (e.problem !== 'mlp') return { text: planeJson(rows) };
  const d = live.data;
  if (!d) return { why: 'the data set has not arrived yet' };
  const n = d.x.length / Math.max(1, d.inputs);
  const x = Array.from({ length: n }, (_, k) => Array.from(d.x.subarray(k * d.inputs, (k + 1) * d.inputs)));
  const y = Array.from({ length: n }, (_, k) => Array.from(d.y.subarray(k * d.outputs, (k + 1) * d.outputs)));
  const L = e.layers.length - 1;
  const activations = Array.from({ length: L }, (_, l) => (l === L - 1 ? e.outputActivation : e.activation));
  return { text: mlpJsonText({ x, y, outputs: d.outputs, layers: e.layers, activations, loss: e.loss }, rows, false) };
}
