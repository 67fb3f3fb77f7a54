import { createPlane } from '../engine/problems/plane/registry';
import type { Problem } from '../engine/problem';
import type { AnyExperiment } from '../protocol/experiment';
import { setupMlp } from './mlpSetup';

/**
 * What an experiment's runs minimise and where they start, for code that needs only that (the (η, γ)
 * map in a band worker, the CLI's --map): the 2-D lab's surface from the experiment's start, or the
 * MLP (with trainOnly's frozen parameters) from θ₀. The one place that maps an experiment to its problem
 * for these; plane problems come from their registry.
 */
export function experimentProblem(e: AnyExperiment): { readonly problem: Problem; readonly start: ArrayLike<number> } {
  if (e.problem === 'mlp') {
    const setup = setupMlp(e);
    return { problem: setup.problem, start: setup.theta0 };
  }
  return { problem: createPlane(e.problem, e.surface, e.data), start: e.start };
}
