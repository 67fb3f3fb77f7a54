import { formatRun, type RunSpec, type Settings } from '../engine/optimizers';
import type { RunNotes, RunStatus, Trajectory } from '../engine/run';

/** One run as the command computed it: its spec from the link and the engine's result. */
export interface CliRun {
  readonly spec: RunSpec;
  readonly trajectory: Trajectory;
  readonly status: RunStatus;
  readonly notes: RunNotes;
  readonly settings: Settings;
}

/** Settings for JSON: every key, a setting that is off (clip without a bound) as "none". */
const jsonSettings = (s: Settings) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? 'none' : v]));

/** The run's fields in the JSON output (its rows are added by the caller): position (1-based), text as in the link, settings, status. */
export function runJson(r: CliRun, i: number) {
  return { run: i + 1, text: formatRun(r.spec), optimizer: r.spec.optimizer, settings: jsonSettings(r.settings), status: r.status, notes: r.notes };
}

/** The stderr lines about a run that ended early or went somewhere Newton should not (empty for a plain run). */
export function runNotes(r: CliRun, i: number): string[] {
  const who = `run ${i + 1} ${r.spec.optimizer}`;
  const out: string[] = [];
  if (r.status.kind === 'diverged') out.push(`${who}: diverged at step ${r.status.step} (${r.status.reason})`);
  if (r.status.kind === 'stopped') out.push(`${who}: stopped at step ${r.status.step} (${r.status.reason})`);
  if (r.notes.indefiniteFrom !== null) out.push(`${who}: Hessian not positive definite from step ${r.notes.indefiniteFrom}`);
  return out;
}
