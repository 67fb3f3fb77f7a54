import type { RunSpec, Settings } from '../engine/optimizers';
import type { RunNotes, RunStatus, Trajectory } from '../engine/run';
import type { RunRows } from '../lab/trajectoryText';

export { runJson } from '../lab/trajectoryText';

/** One run as the command computed it: its spec from the link and the engine's result. */
export interface CliRun {
  readonly spec: RunSpec;
  readonly trajectory: Trajectory;
  readonly status: RunStatus;
  readonly notes: RunNotes;
  readonly settings: Settings;
}

/** A run of a plane problem as the shared writers take it: (w, b) per row. */
export const planeRows = (r: CliRun): RunRows => ({ spec: r.spec, status: r.status, notes: r.notes, settings: r.settings, coords: r.trajectory.params, loss: r.trajectory.loss, length: r.trajectory.length });

/** The stderr lines about a run that ended early or went somewhere Newton should not (empty for a plain run). */
export function runNotes(r: CliRun, i: number): string[] {
  const who = `run ${i + 1} ${r.spec.optimizer}`;
  const out: string[] = [];
  if (r.status.kind === 'diverged') out.push(`${who}: diverged at step ${r.status.step} (${r.status.reason})`);
  if (r.status.kind === 'stopped') out.push(`${who}: stopped at step ${r.status.step} (${r.status.reason})`);
  if (r.notes.indefiniteFrom !== null) out.push(`${who}: Hessian not positive definite from step ${r.notes.indefiniteFrom}`);
  return out;
}
