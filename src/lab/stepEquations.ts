/**
 * The live equations' TeX for the views: each optimizer's module declares its own (`equations`, next to
 * its step), symbolic and filled in with a traced step's numbers (lab/stepView.ts).
 */
import { findOptimizer } from '../engine/optimizers/registry';
import { mlpEquations } from './mlpEquations';
import type { StepView } from './stepView';

/** The update rule of optimizer `id`, as TeX lines (none for an unknown id). */
export function symbolicEquations(id: string): readonly string[] {
  return findOptimizer(id)?.equations.symbolic ?? [];
}

/** The rule with the step's numbers, as TeX lines (the MLP's: norms and slice coordinates, lab/mlpEquations.ts). */
export function numericEquations(view: StepView): string[] {
  if (view.mlp) return mlpEquations(view);
  return findOptimizer(view.optimizer)?.equations.numeric(view.trace) ?? [];
}
