import { differenceHessian } from '../curvature';
import { engineError, type Problem } from '../problem';

/**
 * The same problem with every parameter outside `indices` frozen: the gradient entries of the others are
 * set to 0, so every optimizer (whose state starts at zero) never moves them; Newton solves on the
 * trained block of the Hessian and a run stays on the slice
 * of the chosen parameters through its start (the "train only these two" option: the path then lies
 * exactly on the two-parameter surface). The loss is unchanged; θ keeps its full length.
 */
export function trainOnly(problem: Problem, indices: readonly number[]): Problem {
  const n = problem.paramCount;
  const keep = new Uint8Array(n);
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= n) engineError(`trainOnly index ${i} is outside 0 … ${n - 1}`);
    keep[i] = 1;
  }
  const kept = [...new Set(indices)].sort((a, b) => a - b);
  return {
    paramCount: n,
    trainable: kept,
    loss: (theta) => problem.loss(theta),
    lossAndGrad(theta, gradOut) {
      const loss = problem.lossAndGrad(theta, gradOut);
      for (let k = 0; k < n; k++) if (!keep[k]) gradOut[k] = 0;
      return loss;
    },
    // The Hessian of the trained parameters only (central differences of the full gradient, 2 per
    // trained parameter); the frozen rows and columns are zero, which Newton's solve and the settle test skip.
    hessian(theta, out) {
      out.fill(0);
      differenceHessian(problem, theta, out, kept);
    },
  };
}
