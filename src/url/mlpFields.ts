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

/** At most this many points added by hand. */
export const MLP_MAX_ADDED = 100;
/** Added points' coordinates (and sine targets) lie in [−ADDED_LIMIT, ADDED_LIMIT]. */
export const ADDED_LIMIT = 3;

/** `drop`: indices of generated points the user removed (a dragged point is removed and added again). */
// Written only when it holds something, so links without edits stay as they were.
export const dropField: Field<readonly number[]> = {
  omit: (v) => v.length === 0,
  doc: 'generated points removed by hand, by index (a moved point is removed here and added again in add)',
  bounds: `up to ${MLP_MAX_POINTS} different integers 0 to size − 1 (written only when some are removed)`,
  fallback: [],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const parts = raw.split(',', MLP_MAX_POINTS + 1);
    if (parts.length > MLP_MAX_POINTS) return bad(`lists more than ${MLP_MAX_POINTS} indices`);
    const out: number[] = [];
    for (const p of parts) {
      const r = parseNumber(p, 0, MLP_MAX_POINTS - 1, true);
      if (!r.ok) return bad(r.why);
      out.push(r.value);
    }
    if (new Set(out).size !== out.length) return bad('lists an index twice');
    return ok(out.sort((a, b) => a - b));
  },
  format: (v) => v.join(','),
};

/** `add`: points added by hand, x₁:x₂:class for the 2-D sets, x:y for sine. */
export const addField: Field<readonly (readonly number[])[]> = {
  omit: (v) => v.length === 0,
  doc: 'points added by hand: x1:x2:class (class 0 or 1) for the 2-D data sets, x:y for sine',
  bounds: `up to ${MLP_MAX_ADDED} points, all of one shape; coordinates and y in [-${ADDED_LIMIT}, ${ADDED_LIMIT}] (written only when some are added)`,
  fallback: [],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const parts = raw.split(',', MLP_MAX_ADDED + 1);
    if (parts.length > MLP_MAX_ADDED) return bad(`has more than ${MLP_MAX_ADDED} points`);
    const out: number[][] = [];
    for (let i = 0; i < parts.length; i++) {
      const nums = parts[i]!.split(':', 4);
      if (nums.length !== 2 && nums.length !== 3) return bad(`point ${i + 1} needs x1:x2:class or x:y`);
      if (i > 0 && nums.length !== out[0]!.length) return bad(`point ${i + 1} has ${nums.length} numbers, point 1 has ${out[0]!.length}`);
      const p: number[] = [];
      for (let d = 0; d < nums.length; d++) {
        const isClass = nums.length === 3 && d === 2;
        const r = isClass ? parseNumber(nums[d]!, 0, 1, true) : parseNumber(nums[d]!, -ADDED_LIMIT, ADDED_LIMIT);
        if (!r.ok) return bad(`point ${i + 1}: ${isClass ? 'class' : 'coordinate'} ${r.why}`);
        p.push(r.value);
      }
      out.push(p);
    }
    return ok(out);
  },
  format: (v) => v.map((p) => p.join(':')).join(','),
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
