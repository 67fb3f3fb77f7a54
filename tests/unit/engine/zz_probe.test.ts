import { it } from 'vitest';
import { quadraticForm, steps } from '../support/problems';
it('probe', () => {
  const problem = quadraticForm([[1, 0.3], [0.3, 0.5]], [0.4, -0.7]);
  const s = steps('rprop', problem, [2.3, 1.1], {}, 60);
  for (const k of [5,6,7,8,9,10,11,12,13,14,15,16,20,59]) {
    const g = new Float64Array(2); problem.lossAndGrad(Float64Array.from(s.thetas[k]!), g);
    console.log(k, s.thetas[k], 'grad reported', s.grads[k], 'true grad at θ_k+1', Array.from(g));
  }
  console.log(s.state.prevD, s.state.delta);
});
