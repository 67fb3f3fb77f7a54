import type { Problem } from '../problem';

/**
 * Gradient clipping by norm (lecture 003): the same problem, but every gradient it hands out is
 * g·min(1, c/‖g‖₂), so no step is longer than η·c. The loss is unchanged. c = Infinity returns `problem`.
 */
export function clipGradient(problem: Problem, c: number): Problem {
  if (!(c < Infinity)) return problem;
  return {
    paramCount: problem.paramCount,
    trainable: problem.trainable,
    loss: (theta) => problem.loss(theta),
    lossAndGrad(theta, gradOut) {
      const loss = problem.lossAndGrad(theta, gradOut);
      let s = 0;
      for (let i = 0; i < gradOut.length; i++) s += gradOut[i]! * gradOut[i]!;
      const norm = Math.sqrt(s);
      if (norm > c) {
        const f = c / norm;
        for (let i = 0; i < gradOut.length; i++) gradOut[i] = gradOut[i]! * f;
      }
      return loss;
    },
  };
}
