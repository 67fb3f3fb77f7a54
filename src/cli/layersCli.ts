/**
 * The trajectory command's `--layers` output for problem=mlp: per row θ_t of every run, the per-layer
 * gradient norms ‖∂L/∂W_l‖_F (engine/problems/mlpLayers.ts; the loss gradient at θ_t before any
 * clipping, biases excluded), the numbers the page's "Gradients per layer" chart draws:
 *
 *   run,optimizer,step,w1,…,wL     (w1: layer 1, next to the inputs)
 *
 * Like the worker, a run's rows end before the first row whose norms are not finite; stderr says so.
 */
import { layerGradientNorms } from '../engine/problems/mlpLayers';
import type { MlpSetup } from '../lab/mlpSetup';
import type { CliRun } from './runOutput';

export const LAYERS_USAGE = '  --layers (problem=mlp, csv): run,optimizer,step,w1,…,wL: ‖∂L/∂W_l‖ at every step of every run';

export function layersCsv(setup: MlpSetup, runs: readonly CliRun[]): { stdout: string; notes: string[] } {
  const { mlp } = setup;
  const L = mlp.layout.layers.length;
  const lines = [['run', 'optimizer', 'step', ...Array.from({ length: L }, (_, l) => `w${l + 1}`)].join(',')];
  const notes: string[] = [];
  const grad = new Float64Array(mlp.paramCount);
  const w = new Float64Array(L);
  runs.forEach(({ spec, trajectory: t }, i) => {
    const n = t.paramCount;
    for (let k = 0; k < t.length; k++) {
      mlp.lossAndGrad(t.params.subarray(k * n, (k + 1) * n), grad);
      layerGradientNorms(mlp.layout, grad, w);
      if (!w.every(Number.isFinite)) {
        notes.push(`run ${i + 1} ${spec.optimizer}: gradient not finite at step ${k}; its rows end at step ${k - 1}`);
        break;
      }
      lines.push(`${i + 1},${spec.optimizer},${k},${Array.from(w).join(',')}`);
    }
  });
  return { stdout: `${lines.join('\n')}\n`, notes };
}
