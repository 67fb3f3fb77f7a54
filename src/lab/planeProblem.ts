import type { Problem } from '../engine/problem';
import { createPlane } from '../engine/problems/plane/registry';
import type { Experiment } from '../protocol/experiment';

/**
 * A plane experiment's problem, built again only when what the surface depends on changes (problem,
 * its settings, the data): a new start, η or run keeps it. One per reader (theory panel, step overlays);
 * apart from experimentProblem.ts so the page's main thread does not pull in the MLP setup.
 */
export function planeProblemCache(): (e: Experiment) => Problem {
  let last: { e: Experiment; problem: Problem } | null = null;
  return (e) => {
    if (!last || last.e.problem !== e.problem || last.e.surface !== e.surface || last.e.data !== e.data) {
      last = { e, problem: createPlane(e.problem, e.surface, e.data) };
    }
    return last.problem;
  };
}
