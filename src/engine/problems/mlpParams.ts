import { engineError } from '../problem';
import type { Rng } from '../rng';
import { mlpLayout, type MlpLayout, type MlpSpec } from './mlpSpec';

/**
 * What θ[index] is: the weight W_layer[row][col] (from unit `col` of layer − 1 to unit `row` of layer)
 * or the bias b_layer[row] (col = −1). `layer` is 1-based like the lecture's W₁, W₂; units are 0-based.
 */
export interface ParamLocation {
  readonly layer: number;
  readonly kind: 'weight' | 'bias';
  readonly row: number;
  readonly col: number;
}

/** Where θ[index] sits in the network (see MlpLayout for the order). Throws for an index out of range. */
export function locateParam(spec: MlpSpec | MlpLayout, index: number): ParamLocation {
  const layout = Object.hasOwn(spec, 'paramCount') ? (spec as MlpLayout) : mlpLayout(spec as MlpSpec);
  if (!Number.isInteger(index) || index < 0 || index >= layout.paramCount) {
    engineError(`parameter index ${index} is outside 0 … ${layout.paramCount - 1}`);
  }
  let l = 0;
  while (index >= layout.layers[l]!.bOffset + layout.layers[l]!.nOut) l++;
  const { nIn, wOffset, bOffset } = layout.layers[l]!;
  if (index >= bOffset) return { layer: l + 1, kind: 'bias', row: index - bOffset, col: -1 };
  const k = index - wOffset;
  return { layer: l + 1, kind: 'weight', row: Math.floor(k / nIn), col: k % nIn };
}

/** The diagram's name for θ[index]: "W1[2][0]" (layer 1, row = unit 2, col = input 0) or "b2[1]". */
export function paramLabel(spec: MlpSpec | MlpLayout, index: number): string {
  const p = locateParam(spec, index);
  return p.kind === 'weight' ? `W${p.layer}[${p.row}][${p.col}]` : `b${p.layer}[${p.row}]`;
}

function layerOf(spec: MlpSpec, layer: number) {
  const L = mlpLayout(spec).layers[layer - 1];
  if (!L || !Number.isInteger(layer)) engineError(`layer ${layer} is outside 1 … ${spec.layers.length - 1}`);
  return L;
}

/** Index of W_layer[row][col] in θ (inverse of locateParam). */
export function weightIndex(spec: MlpSpec, layer: number, row: number, col: number): number {
  const L = layerOf(spec, layer);
  if (!(Number.isInteger(row) && row >= 0 && row < L.nOut && Number.isInteger(col) && col >= 0 && col < L.nIn)) {
    engineError(`W${layer}[${row}][${col}] is outside its ${L.nOut} × ${L.nIn} matrix`);
  }
  return L.wOffset + row * L.nIn + col;
}

/** Index of b_layer[row] in θ (inverse of locateParam). */
export function biasIndex(spec: MlpSpec, layer: number, row: number): number {
  const L = layerOf(spec, layer);
  if (!(Number.isInteger(row) && row >= 0 && row < L.nOut)) engineError(`b${layer}[${row}] is outside its ${L.nOut} units`);
  return L.bOffset + row;
}

/**
 * Initial parameters, drawn in θ order from `rng`: every W_l[r][c] ~ N(0, s²) with
 *   s² = 2 / (nIn + nOut)  (Glorot / Xavier normal) for sigmoid, tanh and identity layers,
 *   s² = 2 / nIn           (He normal) for ReLU layers,
 * and every bias 0 (the random weights already break the symmetry between units), every weight times
 * `scale` (the link's `init`; 1, the default, multiplies by 1 and so gives the unscaled draw bit for bit).
 * The lab draws from createRng(seed, RNG_STREAMS.init), so a link's seed reproduces the exact starting point.
 */
export function initParams(spec: MlpSpec, rng: Rng, scale = 1): Float64Array {
  const layout = mlpLayout(spec);
  const theta = new Float64Array(layout.paramCount);
  for (const { nIn, nOut, wOffset, activation } of layout.layers) {
    const s = scale * Math.sqrt(activation === 'relu' ? 2 / nIn : 2 / (nIn + nOut));
    for (let k = 0; k < nIn * nOut; k++) theta[wOffset + k] = s * rng.normal();
  }
  return theta;
}
