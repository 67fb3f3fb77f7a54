import { MAX_HESSIAN_PARAMS } from '../engine/curvature';
import { findOptimizer } from '../engine/optimizers';
import type { ProblemKind } from '../protocol/experiment';
import { paramCountOf } from './mlpFields';
import type { Notices } from './notices';
import { runsOfOpt } from './runsField';
import type { Values } from './values';

/**
 * The checks of the runs that span keys, each with a notice: a run that needs a Hessian (Newton) on a
 * network of more than MAX_HESSIAN_PARAMS parameters is dropped (a dense Hessian of that size is not
 * formed), and `off` positions past the last run are ignored.
 */
export function repairRuns(values: Values, notes: Notices, problem: ProblemKind): void {
  let runs = values.runs ?? runsOfOpt(values.opt ?? []);
  if (problem === 'mlp') {
    const n = paramCountOf(values.arch);
    const refused = runs.map((r, i) => (findOptimizer(r.optimizer)?.needsHessian && n > MAX_HESSIAN_PARAMS ? i : -1)).filter((i) => i >= 0);
    if (refused.length > 0) {
      const which = refused.map((i) => `run ${i + 1} (${runs[i]!.optimizer})`).join(', ');
      notes.add('runs', `runs: ${which} needs the network's Hessian, formed for at most ${MAX_HESSIAN_PARAMS} parameters, and arch ${values.arch.join('-')} has ${n}; dropped`);
      runs = runs.filter((_, i) => !refused.includes(i));
      values.runs = runs;
    }
  }
  if (values.theory > Math.max(1, runs.length)) {
    notes.add('theory', `theory ${values.theory} is past the ${runs.length} runs; showing run 1`);
    values.theory = 1;
  }
  const past = values.off.filter((i) => i >= runs.length);
  if (past.length > 0) {
    notes.add('off', `off ${past.map((i) => i + 1).join(',')} is past the ${runs.length} runs; ignored`);
    values.off = values.off.filter((i) => i < runs.length);
  }
}
