import type { StepView } from '../../lab/stepView';

/**
 * One line on the step shown: which step, and the change in loss the tangent plane and the second-order
 * model predict against the actual one (so a student sees how far the linear prediction is off for η).
 */
export function stepSentence(view: StepView | null, num: (x: number) => string): string {
  if (!view) return 'No step to show here (the path has not arrived, or the run has no step at this point).';
  const t = view.trace.taylor;
  const head = `Step ${view.step} → ${view.step + 1}`;
  if (!t) return `${head}: the run ended here (no next point).`;
  return `${head}: ΔL predicted by the tangent plane ${num(t.linear)}, by the second-order model ${num(t.quadratic)}; actual ${num(t.actual)}.`;
}
