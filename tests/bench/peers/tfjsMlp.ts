/**
 * The same full-batch MLP step on @tensorflow/tfjs-core with its CPU backend (float32, Node), for the
 * bench. The gradients are written as tensor ops (backprop in matrix form) rather than with tf.grads /
 * optimizer.minimize: the CommonJS build of tfjs-core 4.22 that Node loads registers no gradient
 * functions ("gradient function not found for Sum"), and its ES build cannot be imported by Node
 * (extension-less directory imports). Hand-written backprop also skips the tape, so it is, if anything,
 * faster than the autograd path a tfjs user would take. tf.enableProdMode() turns off debug checks.
 * Loaded lazily so the bench still runs (with a note) if the packages are missing.
 */
import type { Dataset } from '../../../src/engine/datasets';
import type { MlpLayout } from '../../../src/engine/problems/mlpSpec';

type Tf = typeof import('@tensorflow/tfjs-core');

export interface TfjsPeer {
  readonly version: string;
  /** Loads θ (our flat layout) into the variables. */
  load(theta: ArrayLike<number>): void;
  /** One GD step θ ← θ − η∇L on MSE = mean over points of the sum over outputs; returns L before the step. */
  step(learningRate: number): number;
}

/** A 2-layer-or-deeper tanh…tanh/sigmoid MSE network on tfjs-core's CPU backend. */
export async function createTfjsPeer(layout: MlpLayout, ds: Dataset): Promise<TfjsPeer> {
  const tf: Tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  const N = ds.n;
  const X = tf.tensor2d(Float32Array.from(ds.x), [N, ds.inputDim]);
  const Y = tf.tensor2d(Float32Array.from(ds.y), [N, ds.outputDim]);
  // W_l is stored transposed (nIn × nOut) so that Z_l = A_{l−1} W_l + b_l with points as rows.
  const W = layout.layers.map((l) => tf.variable(tf.zeros([l.nIn, l.nOut])));
  const b = layout.layers.map((l) => tf.variable(tf.zeros([l.nOut])));
  const L = layout.layers.length;

  return {
    version: tf.version_core,
    load(theta) {
      layout.layers.forEach((l, k) => {
        const wt = new Float32Array(l.nIn * l.nOut);
        for (let r = 0; r < l.nOut; r++) for (let c = 0; c < l.nIn; c++) wt[c * l.nOut + r] = theta[l.wOffset + r * l.nIn + c]!;
        W[k]!.assign(tf.tensor2d(wt, [l.nIn, l.nOut]));
        b[k]!.assign(tf.tensor1d(Array.from({ length: l.nOut }, (_, r) => theta[l.bOffset + r]!)));
      });
    },
    step(eta) {
      const loss = tf.tidy(() => {
        const A: import('@tensorflow/tfjs-core').Tensor[] = [X];
        for (let k = 0; k < L; k++) {
          const z = tf.add(tf.matMul(A[k]!, W[k]!), b[k]!);
          A.push(k === L - 1 ? tf.sigmoid(z) : tf.tanh(z));
        }
        const out = A[L]!;
        const r = tf.sub(out, Y);
        const value = tf.div(tf.sum(tf.square(r)), N);
        let delta = tf.mul(tf.mul(r, 2 / N), tf.mul(out, tf.sub(1, out)));
        for (let k = L - 1; k >= 0; k--) {
          const gW = tf.matMul(A[k]!, delta, true, false);
          const gb = tf.sum(delta, 0);
          if (k > 0) delta = tf.mul(tf.matMul(delta, W[k]!, false, true), tf.sub(1, tf.square(A[k]!)));
          W[k]!.assign(tf.sub(W[k]!, tf.mul(gW, eta)));
          b[k]!.assign(tf.sub(b[k]!, tf.mul(gb, eta)));
        }
        return value;
      });
      const v = loss.dataSync()[0]!;
      loss.dispose();
      return v;
    },
  };
}
