import { ETA, GAMMA } from '../../optimizers/settings';
import { createSigmoidNeuron, LECTURE_DATA, type DataPoint } from '../sigmoidNeuron';
import { planeProblem, type PlanePoint } from './module';

const logit = (y: number) => Math.log(y / (1 - y));

/** The exact fit when there is one: two points with distinct x and targets strictly between 0 and 1. */
function exactFit(data: readonly DataPoint[]): PlanePoint[] {
  if (data.length !== 2) return [];
  const [p, q] = data as [DataPoint, DataPoint];
  if (p.x === q.x || [p.y, q.y].some((y) => !(y > 0 && y < 1))) return [];
  const w = (logit(q.y) - logit(p.y)) / (q.x - p.x);
  return [{ w, b: logit(p.y) - w * p.x, loss: 0, kind: 'global' }];
}

/** The lectures' sigmoid neuron σ(wx + b) on the link's data (engine/problems/sigmoidNeuron.ts). */
export const sigmoidPlane = planeProblem({
  id: 'sigmoid',
  name: 'Sigmoid neuron σ(wx + b)',
  formula: 'L(w, b) = Σᵢ ½ (σ(w·xᵢ + b) − yᵢ)², σ(z) = 1/(1 + e^−z)',
  lesson: 'the lectures\' neuron fitted to (0.5, 0.2) and (2.5, 0.9): a valley that bends and flat plateaus where σ saturates',
  settings: [],
  usesData: true,
  defaults: { start: [-2, -2], range: [-6, 6, -6, 6], eta: ETA.default, gamma: GAMMA.default, steps: 1000 },
  create: (_s, data) => createSigmoidNeuron(data),
  points: (_s, data) => exactFit(data),
});

export { LECTURE_DATA };
