import type { RunCursor } from '../engine/run';

/** A run cursor that also knows the wall-clock time its steps took (the engine has no clock). */
export interface TimedCursor extends RunCursor {
  /** Milliseconds per optimizer step over every advance so far; 0 before the first step. */
  readonly msPerStep: number;
}

/** Wraps `cursor` so each advance is timed with `now` (performance.now in the worker). */
export function timedCursor(cursor: RunCursor, now: () => number): TimedCursor {
  let ms = 0;
  let steps = 0;
  return {
    get trajectory() {
      return cursor.trajectory;
    },
    get done() {
      return cursor.done;
    },
    get status() {
      return cursor.status;
    },
    get notes() {
      return cursor.notes;
    },
    get settings() {
      return cursor.settings;
    },
    get msPerStep() {
      return steps > 0 ? ms / steps : 0;
    },
    advance(maxSteps) {
      const t0 = now();
      const r = cursor.advance(maxSteps);
      ms += now() - t0;
      // Rows, less the last row of a run that went the whole way: θ_N is recorded, not stepped from.
      const whole = ['converged', 'plateau', 'saddle', 'finished'].includes(cursor.status.kind);
      steps += Math.max(0, r.to - r.from - (whole && r.to > r.from ? 1 : 0));
      return r;
    },
  };
}
