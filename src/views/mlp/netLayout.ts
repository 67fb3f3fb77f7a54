/**
 * The flat parameter order of protocol/experiment.ts MlpExperiment, as the network diagram needs it:
 * layer by layer, W_l row-major [out][in], then b_l [out]. (The engine has the same arithmetic in
 * engine/problems/mlpParams.ts; views may not import engine values, and this is all they need.)
 */
export interface NetParam {
  readonly index: number;
  /** Weight layer l = 1 … L. */
  readonly layer: number;
  readonly kind: 'weight' | 'bias';
  /** The unit of layer l it feeds. */
  readonly row: number;
  /** The unit of layer l − 1 it comes from (−1 for a bias). */
  readonly col: number;
  /** "W1[2][0]" or "b2[1]", as the engine's paramLabel and the slice axes name it. */
  readonly label: string;
}

/** Every parameter of a network with these layer sizes, in flat order. */
export function netParams(layers: readonly number[]): NetParam[] {
  const out: NetParam[] = [];
  let index = 0;
  for (let l = 1; l < layers.length; l++) {
    const nIn = layers[l - 1]!;
    const nOut = layers[l]!;
    for (let r = 0; r < nOut; r++) for (let c = 0; c < nIn; c++) out.push({ index: index++, layer: l, kind: 'weight', row: r, col: c, label: `W${l}[${r}][${c}]` });
    for (let r = 0; r < nOut; r++) out.push({ index: index++, layer: l, kind: 'bias', row: r, col: -1, label: `b${l}[${r}]` });
  }
  return out;
}
