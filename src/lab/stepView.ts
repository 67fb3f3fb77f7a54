/**
 * The step the overlays and the live equations show: step t of the followed run (the theory panel's
 * run, link `theory=`) at the playback step t, traced part by part (engine/stepTrace.ts) with the same
 * engine as the worker, so every arrow ends where the worker's path goes. Plane surfaces: traced here,
 * cheaply (two parameters: a replay of k steps costs microseconds per hundred steps, and playback moving
 * forward only advances the tracer). The MLP lab: θ lives in the worker, which traces the step and sends
 * it with its view reply, projected on the slice (lab/mlpStep.ts); the view's `trace` is then that
 * projection (2-D, slice coordinates) and `mlp` the full step, for the equations.
 */
import type { Live } from '../bridge/live';
import { planeProblemCache } from './planeProblem';
import { createStepTracer, type StepTrace, type StepTracer } from '../engine/stepTrace';
import type { AnyExperiment, Experiment } from '../protocol/experiment';
import type { MlpStep } from './mlpStep';

export type { StepTrace, TaylorCheck } from '../engine/stepTrace';
export type { ProbeKind, StepProbe } from '../engine/optimizers/module';

/** What the overlays draw. */
export interface StepView {
  /** The run followed (0-based) and its optimizer id. */
  readonly run: number;
  readonly optimizer: string;
  /** k: the step shown, θ_k → θ_{k+1} (the playback step, or the run's last step when it ended earlier). */
  readonly step: number;
  readonly trace: StepTrace;
  /** MLP only: the full step (all n parameters) and the slice's axis names; `trace` is its projection. */
  readonly mlp?: { readonly step: MlpStep; readonly labels: readonly [string, string] };
}

/** What the reader reads from the store. */
export interface StepInputs {
  readonly experiment: AnyExperiment;
  readonly t: number;
  readonly theory: number;
}

export interface StepReader {
  /** The followed run's step at the playback step, or null (MLP lab, no runs, the path not in yet, no step there). */
  at(s: StepInputs, live: Live): StepView | null;
}

export function createStepReader(): StepReader {
  let tracerOf: { e: Experiment; run: number; tracer: StepTracer } | null = null;
  let last: { e: Experiment; key: string; view: StepView | null } | null = null;
  let lastMlp: { step: MlpStep; view: StepView } | null = null;
  const problem = planeProblemCache();
  return {
    at(s, live) {
      const e = s.experiment;
      if (e.runs.length === 0) return null;
      if (e.problem === 'mlp') {
        const v = live.view;
        const step = v && v.runId === live.sentRun ? v.step : null;
        if (!step || step.run !== Math.min(Math.max(0, s.theory), e.runs.length - 1)) return null;
        if (lastMlp?.step !== step) {
          const labels = live.surface?.slice?.labels ?? ['a', 'b'];
          lastMlp = { step, view: { run: step.run, optimizer: step.optimizer, step: step.k, trace: step.plane, mlp: { step, labels } } };
        }
        return lastMlp.view;
      }
      const run = Math.min(Math.max(0, s.theory), e.runs.length - 1);
      const p = live.paths[run];
      // Only the current experiment's path: a step of an older one would be drawn at the wrong place.
      if (!p || p.run !== live.sentRun || p.length === 0 || e.steps === 0) return null;
      const k = Math.max(0, Math.min(s.t, e.steps - 1, p.length - 1));
      const key = `${run}|${k}|${p.run}`;
      if (last && last.e === e && last.key === key) return last.view;
      if (!tracerOf || tracerOf.e !== e || tracerOf.run !== run) {
        tracerOf = { e, run, tracer: createStepTracer({ problem: problem(e), run: e.runs[run]!, globals: e, start: e.start, steps: e.steps }) };
      }
      let view: StepView | null = null;
      try {
        // At the path's end (it diverged or stopped there) show the last step it took.
        const trace = tracerOf.tracer.at(k) ?? (k > 0 ? tracerOf.tracer.at(k - 1) : null);
        if (trace && trace.before.every(Number.isFinite)) view = { run, optimizer: e.runs[run]!.optimizer, step: trace.k, trace };
      } catch {
        view = null;
      }
      last = { e, key, view };
      return view;
    },
  };
}
