import { DATASET_KINDS } from '../engine/datasets';
import { ETA, GAMMA } from '../engine/optimizers';
import { ACTIVATIONS, LOSSES } from '../engine/problems/mlpSpec';
import { PLANE_IDS } from '../engine/problems/plane/registry';
import type { DataPoint, ProblemKind } from '../protocol/experiment';
import { bad, clip, enumField, numberField, ok, parseNumber, type Field, type NumberField, type Parsed } from './fields';
import { addField, archField, dropField, MLP_MAX_POINTS, MLP_MAX_STEPS, pairField, trainField } from './mlpFields';
import { guessesField, guessModeField } from './guessFields';
import { embedField, hideField } from './embedFields';
import { showField } from './overlayField';
import { sceneField } from './scenes';
import { LEGACY_OPT, MAX_RUNS, offField, runsField } from './runsField';

/**
 * The schema version written into every link. v=2 added the checksum `c` (src/url/checksum.ts) as the
 * last key; v=1 links and links without `v` have none and are read as before.
 */
export const URL_VERSION = 2;
/** The first version whose links end with a checksum; from here on a link without one is incomplete. */
export const CHECKSUM_SINCE = 2;
/** Fragments longer than this are refused before any parsing. */
export const MAX_FRAGMENT = 16_384;
/** At most this many data points (keeps a hostile link from freezing the tab). */
export const MAX_POINTS = 100;
/** The largest magnitude of a start or window coordinate in a link (start, range). */
export const PARAM_LIMIT = 1000;

function listOf<T>(raw: string, max: number, item: (s: string, i: number) => Parsed<T>): Parsed<T[]> {
  const parts = raw.split(',', max + 1);
  if (parts.length > max) return bad(`has more than ${max} entries`);
  const out: T[] = [];
  for (let i = 0; i < parts.length; i++) {
    const r = item(parts[i]!, i);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

const data: Field<readonly DataPoint[]> = {
  doc: 'training points x:y, comma-separated',
  bounds: `1 to ${MAX_POINTS} points; x in [-20, 20], y in [-1, 2]`,
  fallback: [
    { x: 0.5, y: 0.2 },
    { x: 2.5, y: 0.9 },
  ],
  parse(raw) {
    if (raw.trim() === '') return bad('is empty');
    return listOf<DataPoint>(raw, MAX_POINTS, (s, i) => {
      const xy = s.split(':', 3);
      if (xy.length !== 2) return bad(`point ${i + 1} "${clip(s)}" is not x:y`);
      const x = parseNumber(xy[0]!, -20, 20);
      if (!x.ok) return bad(`point ${i + 1}: x ${x.why}`);
      const y = parseNumber(xy[1]!, -1, 2);
      if (!y.ok) return bad(`point ${i + 1}: y ${y.why}`);
      return ok({ x: x.value, y: y.value });
    });
  },
  format: (pts) => pts.map((p) => `${p.x}:${p.y}`).join(','),
};

function numbersField<N extends number>(
  doc: string,
  count: N,
  fallback: number[],
  check?: (v: number[]) => string | null,
): Field<number[]> {
  return {
    doc,
    bounds: `${count} numbers in [-${PARAM_LIMIT}, ${PARAM_LIMIT}]`,
    fallback,
    parse(raw) {
      const parts = raw.split(',', count + 1);
      if (parts.length !== count) return bad(`needs ${count} numbers`);
      const vs: number[] = [];
      for (const p of parts) {
        const r = parseNumber(p, -PARAM_LIMIT, PARAM_LIMIT);
        if (!r.ok) return bad(r.why);
        vs.push(r.value);
      }
      const why = check?.(vs);
      return why ? bad(why) : ok(vs);
    },
    format: (v) => v.map(String).join(','),
  };
}

/** Bounds of the camera pose: azimuth°, elevation°, distance (the 3D view's keys and orbit controls use them). */
export const CAMERA_BOUNDS: readonly (readonly [number, number])[] = [
  [-180, 180],
  [-89, 89],
  [0.8, 8],
];

const cameraField: Field<readonly [number, number, number]> = {
  doc: '3D camera: azimuth°, elevation°, distance',
  bounds: 'azimuth -180 to 180, elevation -89 to 89, distance 0.8 to 8',
  fallback: [40, 25, 4.2],
  parse(raw) {
    const parts = raw.split(',', 4);
    if (parts.length !== 3) return bad('needs 3 numbers');
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [lo, hi] = CAMERA_BOUNDS[i]!;
      const r = parseNumber(parts[i]!, lo, hi);
      if (!r.ok) return bad(r.why);
      out.push(r.value);
    }
    return ok([out[0]!, out[1]!, out[2]!] as const);
  },
  format: (v) => v.map(String).join(','),
};

/** The older way to list runs: one plain run per optimizer (written when an experiment is only that). */
const opt: Field<readonly string[] | null> = {
  doc: 'optimizers shown, any order (gd, momentum, nesterov), one plain run each; empty shows none; runs= supersedes it',
  bounds: 'subset of gd, momentum, nesterov',
  fallback: [...LEGACY_OPT],
  parse(raw) {
    if (raw.trim() === '') return ok([]);
    const known = new Map<string, string>(LEGACY_OPT.map((id) => [id, id]));
    const r = listOf<string>(raw, LEGACY_OPT.length, (s) => {
      const id = known.get(s.trim());
      return id ? ok(id) : bad(`"${clip(s)}" is not an optimizer`);
    });
    if (r.ok && new Set(r.value).size !== r.value.length) return bad('lists an optimizer twice');
    return r;
  },
  format: (ids) => (ids ?? []).join(','),
  omit: (ids) => ids === null,
};

const checksumField: Field<string | null> = {
  doc: 'checksum of the text before it (FNV-1a, 32 bits); tells a cut link from a whole one',
  bounds: '8 hex digits, always the last key (from v=2)',
  fallback: null,
  parse: (raw) => (/^[0-9a-fA-F]{8}$/.test(raw) ? ok(raw.toLowerCase()) : bad(`"${clip(raw)}" is not 8 hex digits`)),
  format: (v) => v ?? 'none',
};

/** A URL key of the table: a Field plus the problems whose links carry it. */
export type TableField<T> = Field<T> & { readonly usedBy: readonly ProblemKind[] };

/** Every problem: the plane problems of the 2-D lab, and the MLP. */
const BOTH = [...PLANE_IDS, 'mlp'] as const;
/** The 2-D lab's surfaces (engine/problems/plane/registry.ts). */
const PLANE = PLANE_IDS;
const SIGMOID = ['sigmoid'] as const;
const MLP = ['mlp'] as const;
/** Every value of `problem`, in the menu's order. */
export const PROBLEM_IDS: readonly ProblemKind[] = BOTH;
// A number field keeps its min and max in the table's type: the controls import them.
function usedBy<P extends readonly ProblemKind[]>(problems: P, field: NumberField): NumberField & { readonly usedBy: P };
function usedBy<P extends readonly ProblemKind[], T>(problems: P, field: Field<T>): TableField<T> & { readonly usedBy: P };
function usedBy<P extends readonly ProblemKind[], T>(problems: P, field: Field<T>): TableField<T> & { readonly usedBy: P } {
  return { ...field, usedBy: problems };
}

/**
 * THE table of URL keys, in the order links write them. Every key the app reads or writes is here,
 * with its default, its bounds and the problems that use it (a link writes only the keys of its own
 * problem: `usedBy`); the README table is checked against these entries (tests/unit/url/readme.test.ts).
 * The codec adds the checks that span keys: an MLP's inputs must match its data set (the default arch
 * and output activation follow the data set), bce needs class labels, `pair` must lie inside θ, the
 * MLP runs at most MLP_MAX_STEPS steps, and t at most steps.
 */
export const FIELDS = {
  // A link without v is a v=1 link (they predate the checksum), so 1 is the default, not URL_VERSION.
  v: usedBy(BOTH, numberField(`schema version of the link (links are written at ${URL_VERSION}; none means 1)`, 1, 1, 1_000_000, true)),
  problem: usedBy(BOTH, enumField<ProblemKind>('the surface whose loss is shown: a plane problem of the 2-D lab (the sigmoid neuron, quadratics, …; see Surfaces) or a multilayer perceptron', 'sigmoid', BOTH)),
  data: usedBy(SIGMOID, data),
  start: usedBy(PLANE, numbersField('start point w,b (default: the surface\'s, see Surfaces)', 2, [-2, -2])),
  dataset: usedBy(MLP, enumField('generated data set: 2-D classes (circle, xor, gaussians, spiral) or 1-D regression (sine)', 'circle' as const, DATASET_KINDS)),
  noise: usedBy(MLP, numberField('noise σ on the inputs (classes) or the target (sine)', 0.1, 0, 1)),
  size: usedBy(MLP, numberField('number of data points', 200, 1, MLP_MAX_POINTS, true)),
  drop: usedBy(MLP, dropField),
  add: usedBy(MLP, addField),
  seed: usedBy(MLP, numberField('seed of the data, its noise, the initial weights and the random slice directions', 1, 0, 2 ** 31 - 1, true)),
  arch: usedBy(MLP, archField),
  act: usedBy(MLP, enumField('activation of the hidden layers', 'tanh' as const, ACTIVATIONS)),
  outact: usedBy(MLP, enumField('activation of the output layer (default identity for sine)', 'sigmoid' as const, ACTIVATIONS)),
  loss: usedBy(MLP, enumField('mse: mean squared error; bce: binary cross-entropy (not for sine)', 'mse' as const, LOSSES)),
  // Written only when not 1, so every link made before it keeps its text (and its θ₀, bit for bit).
  init: usedBy(MLP, { ...numberField('scale of the initial weights: θ₀ = init × the seeded Glorot/He draw (large: exploding gradients)', 1, 0.01, 100), bounds: '0.01 to 100 (written only when not 1)', omit: (v: number) => v === 1 }),
  eta: usedBy(BOTH, numberField('learning rate η of every run that does not set its own (Newton: 1)', ETA.default, ETA.min, ETA.max)),
  gamma: usedBy(BOTH, numberField('momentum γ of every run that does not set its own', GAMMA.default, GAMMA.min, GAMMA.max)),
  steps: usedBy(BOTH, { ...numberField('optimizer steps', 1000, 1, 100_000, true), bounds: `integer 1 to 100000 (mlp: 1 to ${MLP_MAX_STEPS})` }),
  opt: usedBy(BOTH, opt),
  runs: usedBy(BOTH, runsField),
  range: usedBy(PLANE, numbersField('surface window wmin,wmax,bmin,bmax', 4, [-6, 6, -6, 6], (v) =>
    v[0]! < v[1]! && v[2]! < v[3]! ? null : 'needs wmin < wmax and bmin < bmax',
  )),
  slice: usedBy(MLP, enumField('the 2-D slice of parameter space shown: two chosen parameters, two random filter-normalized directions, or the PCA of the path', 'pca' as const, ['params', 'random', 'pca'] as const)),
  pair: usedBy(MLP, pairField),
  train: usedBy(MLP, trainField),
  center: usedBy(MLP, enumField('random slice: centred at the initial weights or at the end of training (of the first run)', 'end' as const, ['start', 'end'] as const)),
  extent: usedBy(MLP, numberField('slice size: params ± half-width around the start; random ± filter norms; pca × the window that fits the path', 1, 0.01, 100)),
  grid: usedBy(BOTH, numberField('surface samples per side', 128, 16, 256, true)),
  layout: usedBy(BOTH, enumField('overlay: one surface; split: one panel per run', 'overlay' as const, ['overlay', 'split'] as const)),
  off: usedBy(BOTH, offField),
  show: usedBy(BOTH, showField),
  guess: usedBy(PLANE, guessModeField),
  guesses: usedBy(PLANE, guessesField),
  scene: usedBy(BOTH, sceneField),
  hide: usedBy(BOTH, hideField),
  embed: usedBy(BOTH, embedField),
  theory: usedBy(BOTH, { ...numberField('the run (1 = the first) whose point the theory panel and the eigen-axes show (on the slice plane in the MLP lab)', 1, 1, MAX_RUNS, true), omit: (v: number) => v === 1 }),
  t: usedBy(BOTH, numberField('playback step shown (steps = the end)', 1000, 0, 100_000, true)),
  cam: usedBy(BOTH, cameraField),
  c: usedBy(BOTH, checksumField),
} as const;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];
/** The keys that carry state: every key but the checksum, which is computed from them. */
export type StateKey = Exclude<FieldKey, 'c'>;
export const STATE_KEYS = FIELD_KEYS.filter((k): k is StateKey => k !== 'c');

/** True when a link leaves key k out for this value (Field.omit). */
export function omitted(k: StateKey, value: unknown): boolean {
  return (FIELDS[k] as Field<unknown>).omit?.(value) === true;
}

/** The state keys a link of `problem` carries, in table order (the keys encode writes). */
export function keysOf(problem: ProblemKind): StateKey[] {
  return STATE_KEYS.filter((k) => (FIELDS[k].usedBy as readonly ProblemKind[]).includes(problem));
}
/** The sigmoid neuron's keys: v, problem, data, start, eta, gamma, steps, opt, range, grid, layout, t, cam. */
export const SIGMOID_KEYS = keysOf('sigmoid') as SigmoidKey[];
/** The MLP lab's keys. */
export const MLP_KEYS = keysOf('mlp') as MlpKey[];
type KeyOf<P extends ProblemKind> = { [K in StateKey]: P extends (typeof FIELDS)[K]['usedBy'][number] ? K : never }[StateKey];
/** A key a sigmoid link carries. */
export type SigmoidKey = KeyOf<'sigmoid'>;
/** A key an MLP link carries. */
export type MlpKey = KeyOf<'mlp'>;
