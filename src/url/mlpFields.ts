import { mlpLayout, MLP_LIMITS } from '../engine/problems/mlpSpec';
import { bad, clip, ok, parseNumber, type Field } from './fields';

/**
 * The URL fields of the MLP lab that need more than a number or an enum (table.ts lists them all), and
 * the limits a link of `problem=mlp` is held to.
 */

/** At most this many generated points. */
export const MLP_MAX_POINTS = 500;
/** At most this many optimizer steps for the MLP (a path keeps every θ_t: steps × n floats per optimizer). */
export const MLP_MAX_STEPS = 5000;
/** θ's length for the largest network MLP_LIMITS allow (3-16-16-16-16-2: 914); `pair` indices stay below it. */
export const MLP_MAX_PARAMS = mlpLayout({
  layers: [MLP_LIMITS.maxInputs, ...Array<number>(MLP_LIMITS.maxHiddenLayers).fill(MLP_LIMITS.maxHiddenUnits), MLP_LIMITS.maxOutputs],
  activations: Array(MLP_LIMITS.maxHiddenLayers + 1).fill('identity'),
  loss: 'mse',
}).paramCount;

/** The network's θ length for `layers` (all activations give the same layout). */
export function paramCountOf(layers: readonly number[]): number {
  return mlpLayout({ layers, activations: Array(layers.length - 1).fill('identity'), loss: 'mse' }).paramCount;
}

/** `arch`: the layer sizes inputs-hidden…-outputs, e.g. 2-8-8-1. */
export const archField: Field<readonly number[]> = {
  doc: 'network layer sizes inputs-hidden…-outputs, e.g. 2-8-8-1',
  bounds:
    `1–${MLP_LIMITS.maxInputs} inputs (must be 1 for sine, 2 otherwise), ` +
    `0–${MLP_LIMITS.maxHiddenLayers} hidden layers of 1–${MLP_LIMITS.maxHiddenUnits} units, 1–${MLP_LIMITS.maxOutputs} outputs`,
  fallback: [2, 8, 8, 1],
  parse(raw) {
    const parts = raw.split('-', MLP_LIMITS.maxHiddenLayers + 3);
    if (parts.length < 2) return bad(`"${clip(raw)}" needs at least inputs-outputs`);
    if (parts.length > MLP_LIMITS.maxHiddenLayers + 2) return bad(`has more than ${MLP_LIMITS.maxHiddenLayers} hidden layers`);
    const layers: number[] = [];
    for (let l = 0; l < parts.length; l++) {
      const [what, max] =
        l === 0 ? ['inputs', MLP_LIMITS.maxInputs] : l === parts.length - 1 ? ['outputs', MLP_LIMITS.maxOutputs] : [`hidden layer ${l}`, MLP_LIMITS.maxHiddenUnits];
      const r = parseNumber(parts[l]!, 1, max, true);
      if (!r.ok) return bad(`${what}: ${r.why}`);
      layers.push(r.value);
    }
    return ok(layers);
  },
  format: (layers) => layers.join('-'),
};

/** `pair`: the two parameter indices of a 'params' slice (checked against arch by the codec). */
export const pairField: Field<readonly [number, number]> = {
  doc: 'the two parameters θ_i,θ_j on the axes of a params slice (flat order, see below)',
  bounds: `2 different integers from 0 to the parameter count of arch − 1 (at most ${MLP_MAX_PARAMS - 1})`,
  fallback: [0, 1],
  parse(raw) {
    const parts = raw.split(',', 3);
    if (parts.length !== 2) return bad('needs 2 indices i,j');
    const i = parseNumber(parts[0]!, 0, MLP_MAX_PARAMS - 1, true);
    if (!i.ok) return bad(i.why);
    const j = parseNumber(parts[1]!, 0, MLP_MAX_PARAMS - 1, true);
    if (!j.ok) return bad(j.why);
    return i.value === j.value ? bad('needs 2 different indices') : ok([i.value, j.value] as const);
  },
  format: (p) => `${p[0]},${p[1]}`,
};

/** `train`: 'all' trains every parameter, 'pair' only the two of `pair` (the trainOnly flag). */
export const trainField: Field<boolean> = {
  doc: 'params slice: all trains every parameter; pair trains only the two of pair, so the path stays on the slice',
  bounds: 'one of all, pair',
  fallback: false,
  parse(raw) {
    const s = raw.trim();
    if (s === 'all') return ok(false);
    if (s === 'pair') return ok(true);
    return bad(`"${clip(raw)}" is not one of all, pair`);
  },
  format: (trainOnly) => (trainOnly ? 'pair' : 'all'),
};
