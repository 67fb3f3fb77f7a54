import { engineError } from '../problem';

/** Activation functions of a layer. */
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'identity'] as const;
/** One of ACTIVATIONS: σ(z) = 1/(1 + e^−z), tanh z, max(0, z), z. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Losses over the data set. */
export const LOSSES = ['mse', 'bce'] as const;
/** 'mse' (squared error) or 'bce' (binary cross-entropy); see createMlp for the formulas. */
export type LossKind = (typeof LOSSES)[number];

/** Size limits of the lab's networks (inputs, hidden layers, units per hidden layer, outputs). */
export const MLP_LIMITS = { maxInputs: 3, maxHiddenLayers: 4, maxHiddenUnits: 16, maxOutputs: 2 } as const;

/**
 * A multilayer perceptron. `layers` = [inputs, hidden₁, …, outputs] (1–3 inputs, 0–4 hidden layers of
 * 1–16 units, 1–2 outputs); `activations` has one entry per weight layer (layers.length − 1 of them),
 * hidden layers first and the output layer last.
 */
export interface MlpSpec {
  readonly layers: readonly number[];
  readonly activations: readonly Activation[];
  readonly loss: LossKind;
}

/** Where weight layer l (1-based) lives in θ: W_l (nOut × nIn, row-major) at wOffset, then b_l at bOffset. */
export interface LayerLayout {
  readonly nIn: number;
  readonly nOut: number;
  readonly wOffset: number;
  readonly bOffset: number;
  readonly activation: Activation;
}

/**
 * The flat parameter vector, layer by layer: for l = 1 … L, first W_l row-major [out][in]
 * (W_l[r][c] at wOffset + r·nIn + c), then b_l [out] (b_l[r] at bOffset + r = wOffset + nOut·nIn + r).
 * For 2-8-8-1: W1 at 0–15, b1 at 16–23, W2 at 24–87, b2 at 88–95, W3 at 96–103, b3 at 104; n = 105.
 * `layers[l − 1]` describes weight layer l.
 */
export interface MlpLayout {
  readonly paramCount: number;
  readonly layers: readonly LayerLayout[];
}

const activationSet = new Set<string>(ACTIVATIONS);
const lossSet = new Set<string>(LOSSES);

function inRange(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

/** Throws an engine error naming the first thing wrong with `spec`; returns it unchanged otherwise. */
export function validateSpec(spec: MlpSpec): MlpSpec {
  const { layers, activations, loss } = spec;
  if (!Array.isArray(layers) || layers.length < 2 || layers.length > MLP_LIMITS.maxHiddenLayers + 2) {
    engineError(`mlp layers must list inputs, 0–${MLP_LIMITS.maxHiddenLayers} hidden layers and outputs, got ${String(layers)}`);
  }
  const L = layers.length - 1;
  if (!inRange(layers[0], 1, MLP_LIMITS.maxInputs)) engineError(`mlp inputs must be 1–${MLP_LIMITS.maxInputs}, got ${String(layers[0])}`);
  if (!inRange(layers[L], 1, MLP_LIMITS.maxOutputs)) engineError(`mlp outputs must be 1–${MLP_LIMITS.maxOutputs}, got ${String(layers[L])}`);
  for (let l = 1; l < L; l++) {
    if (!inRange(layers[l], 1, MLP_LIMITS.maxHiddenUnits)) {
      engineError(`mlp hidden layer ${l} must have 1–${MLP_LIMITS.maxHiddenUnits} units, got ${String(layers[l])}`);
    }
  }
  if (!Array.isArray(activations) || activations.length !== L) {
    engineError(`mlp needs ${L} activations (one per weight layer), got ${Array.isArray(activations) ? activations.length : String(activations)}`);
  }
  activations.forEach((a, l) => {
    if (typeof a !== 'string' || !activationSet.has(a)) engineError(`mlp activation ${l + 1} is unknown: ${String(a)}`);
  });
  if (typeof loss !== 'string' || !lossSet.has(loss)) engineError(`mlp loss is unknown: ${String(loss)}`);
  return spec;
}

/** Offsets of every W_l and b_l in θ (validates the spec). */
export function mlpLayout(spec: MlpSpec): MlpLayout {
  validateSpec(spec);
  const layers: LayerLayout[] = [];
  let offset = 0;
  for (let l = 1; l < spec.layers.length; l++) {
    const nIn = spec.layers[l - 1]!;
    const nOut = spec.layers[l]!;
    layers.push({ nIn, nOut, wOffset: offset, bOffset: offset + nIn * nOut, activation: spec.activations[l - 1]! });
    offset += nIn * nOut + nOut;
  }
  return { paramCount: offset, layers };
}
