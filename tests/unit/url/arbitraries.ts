import fc from 'fast-check';
import { DATASET_KINDS, type DatasetKind } from '../../../src/engine/datasets';
import { ACTIVATIONS, LOSSES, MLP_LIMITS } from '../../../src/engine/problems/mlpSpec';
import { MAX_HESSIAN_PARAMS } from '../../../src/engine/curvature';
import { SCENES } from '../../../src/url/scenes';
import { EMBED_VIEWS, HIDE_PARTS, OVERLAYS, type AnyShared, type MlpExperiment, type Shared } from '../../../src/protocol/experiment';
import { PLANE_IDS, findPlane } from '../../../src/engine/problems/plane/registry';
import { MLP_MAX_POINTS, MLP_MAX_STEPS, paramCountOf } from '../../../src/url/mlpFields';
import { planeFieldsOf } from '../../../src/url/planeFields';
import { MAX_GUESSES } from '../../../src/url/guessFields';
import { FIELDS, FIELD_KEYS, MAX_POINTS } from '../../../src/url/table';
import { runsAreValid, validRuns } from './runArbitraries';

/** Shared by the codec tests and the fuzz run: what a valid state is, and generators of states and links. */

// Bounds as src/url/table.ts documents them.
export const IDS: readonly string[] = ['gd', 'momentum', 'nesterov'];
export const PARAM = 1000;

/** Every documented invariant of a decoded state that `s` breaks (empty when valid). */
export function violations(s: Shared): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  const within = (x: number, lo: number, hi: number) => x >= lo && x <= hi;
  const e = s.experiment;
  const numbers: number[] = [...e.data.flatMap((p) => [p.x, p.y]), ...e.start, e.eta, e.gamma, e.steps, ...e.range, e.grid, s.view.t, ...s.view.camera];
  check(numbers.every(Number.isFinite), 'all numbers finite');
  check(!numbers.some((x) => Object.is(x, -0)), 'no −0');
  check(PLANE_IDS.includes(e.problem), 'problem');
  const fields = planeFieldsOf(e.problem);
  check(Object.keys(e.surface).length === fields.length, 'surface keys');
  for (const f of fields) {
    const v = e.surface[f.key];
    check(v !== undefined && v.length === f.spec.count && v.every((x) => Number.isFinite(x) && !Object.is(x, -0) && within(x, f.spec.min, f.spec.max)), `surface ${f.key}`);
  }
  check(within(e.data.length, 1, MAX_POINTS), 'data length');
  check(e.data.every((p) => within(p.x, -20, 20) && within(p.y, -1, 2)), 'data bounds');
  check(e.start.length === 2 && e.start.every((x) => within(x, -PARAM, PARAM)), 'start');
  check(within(e.eta, 1e-4, 1000), 'eta');
  check(within(e.gamma, 0, 0.99), 'gamma');
  check(Number.isInteger(e.steps) && within(e.steps, 1, 100_000), 'steps');
  check(runsAreValid(e.runs), 'runs');
  check(s.view.off.every((i) => Number.isInteger(i) && i >= 0 && i < e.runs.length), 'off');
  check(Number.isInteger(s.view.theory) && s.view.theory >= 0 && (s.view.theory === 0 || s.view.theory < e.runs.length), 'theory');
  check(e.range.length === 4 && e.range.every((x) => within(x, -PARAM, PARAM)), 'range bounds');
  check(e.range[0] < e.range[1] && e.range[2] < e.range[3], 'range ordered');
  check(Number.isInteger(e.grid) && within(e.grid, 16, 256), 'grid');
  check(s.view.layout === 'overlay' || s.view.layout === 'split', 'layout');
  check(JSON.stringify(s.view.hide) === JSON.stringify(HIDE_PARTS.filter((p) => s.view.hide.includes(p))), 'hide: known parts, each once, in order');
  check(s.view.embed === null || EMBED_VIEWS.includes(s.view.embed), 'embed');
  check(Number.isInteger(s.view.t) && within(s.view.t, 0, e.steps), 't within 0..steps');
  check(typeof s.view.guess === 'boolean', 'guess');
  check(
    s.view.guesses.length <= MAX_GUESSES && s.view.guesses.every((g) => g.length === 2 && g.every((x) => Number.isFinite(x) && !Object.is(x, -0) && within(x, -PARAM, PARAM))),
    'guesses',
  );
  const [az, el, dist] = s.view.camera;
  check(within(az, -180, 180) && within(el, -89, 89) && within(dist, 0.8, 8), 'camera');
  return out;
}

// A plain throw rather than expect(): property tests call this thousands of times.
export function expectValid(s: Shared) {
  const v = violations(s);
  if (v.length > 0) throw new Error(`invalid decoded state: ${v.join(', ')}`);
}

// A finite number in [min, max] without −0 (decode never produces −0, so valid states have none): half
// any double (17 significant digits, subnormals, the bounds), half the short decimals the app's sliders write.
export const num = (min: number, max: number) =>
  fc
    .oneof(
      fc.double({ min, max, noNaN: true }),
      fc
        .integer({ min: Math.ceil(min * 1000), max: Math.floor(max * 1000) })
        .map((k) => k / 1000)
        .filter((x) => x >= min && x <= max),
    )
    .map((x) => x + 0);
const ordered = fc
  .tuple(num(-PARAM, PARAM), num(-PARAM, PARAM))
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [number, number] => (a < b ? [a, b] : [b, a]));

/** A plane problem with its own settings, each within its declared bounds. */
const surfaceOf = fc.constantFrom(...PLANE_IDS).chain((problem) =>
  fc.tuple(...planeFieldsOf(problem).map((f) => fc.array(num(f.spec.min, f.spec.max), { minLength: f.spec.count, maxLength: f.spec.count }))).map((vs) => ({
    problem,
    surface: Object.fromEntries(planeFieldsOf(problem).map((f, i) => [f.key, vs[i]!])) as Readonly<Record<string, readonly number[]>>,
  })),
);

/** Parts hidden (mostly none, as links are) and the embedded view (mostly none), in the link's order. */
export const hideParts = fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, fc.subarray([...HIDE_PARTS]));
export const embedView = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, fc.constantFrom(...EMBED_VIEWS));

export const validShared: fc.Arbitrary<Shared> = fc
  .record({
    plane: surfaceOf,
    data: fc.array(fc.record({ x: num(-20, 20), y: num(-1, 2) }), { minLength: 1, maxLength: MAX_POINTS }),
    start: fc.tuple(num(-PARAM, PARAM), num(-PARAM, PARAM)),
    eta: num(1e-4, 1000),
    gamma: num(0, 0.99),
    steps: fc.integer({ min: 1, max: 100_000 }),
    runs: validRuns(),
    w: ordered,
    b: ordered,
    grid: fc.integer({ min: 16, max: 256 }),
    layout: fc.constantFrom('overlay' as const, 'split' as const),
    camera: fc.tuple(num(-180, 180), num(-89, 89), num(0.8, 8)),
    guess: fc.boolean(),
    guesses: fc.array(fc.tuple(num(-PARAM, PARAM), num(-PARAM, PARAM)), { maxLength: 12 }),
    hide: hideParts,
    embed: embedView,
  })
  .chain((r) =>
    fc.integer({ min: 0, max: r.steps }).map(
      (t): Shared => ({
        experiment: {
          problem: r.plane.problem,
          surface: r.plane.surface,
          // A surface without data keeps the table's default points (its links do not carry data).
          data: findPlane(r.plane.problem)?.usesData ? r.data : FIELDS.data.fallback,
          start: r.start,
          eta: r.eta,
          gamma: r.gamma,
          steps: r.steps,
          runs: r.runs,
          range: [r.w[0], r.w[1], r.b[0], r.b[1]],
          grid: r.grid,
        },
        // embed=data needs a data view: a surface without one is repaired to the contour plot.
        view: { layout: r.layout, guess: r.guess, guesses: r.guesses, hide: r.hide, embed: r.embed === 'data' && !findPlane(r.plane.problem)?.usesData ? 'contour' : r.embed, show: OVERLAYS.filter((_, i) => (r.grid >> i) & 1), scene: r.grid % 5 === 0 ? SCENES[r.grid % SCENES.length]!.id : null, off: r.runs.map((_, i) => i).filter((i) => i % 3 === 1), theory: r.runs.length > 0 ? (r.grid * 7) % r.runs.length : 0, t, camera: r.camera },
      }),
    ),
  );

/** Values that trip naive parsers: non-finite and non-decimal numbers, inherited property names, blanks. */
export const HOSTILE = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '0x10', '1_000', 'constructor', '__proto__', 'toString', '', ' ', 'null', 'undefined', '[object Object]'];

const soupKey = fc.oneof(
  fc.constantFrom(...FIELD_KEYS),
  fc.constantFrom('constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'link', '', ' eta', 'ETA', '%', '%E0%A4%A', 'v%3D', '%63', '%ED%A0%80'),
  fc.string({ maxLength: 6 }),
);
const soupAtom = fc.oneof(
  fc.constantFrom(...HOSTILE, '-0', '%', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%00', '%0A', '%E2%80%AE', '+', '1e308', '5e-324', '1'.repeat(400), 'deadbeef', '00000000'),
  fc.double().map(String),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const soupValue = fc.oneof(
  soupAtom,
  fc.array(soupAtom, { maxLength: 5 }).map((xs) => xs.join(',')),
  fc.array(fc.tuple(soupAtom, soupAtom), { maxLength: 4 }).map((ps) => ps.map(([x, y]) => `${x}:${y}`).join(',')),
  fc.integer({ min: 0, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `${i % 40 - 20}:${(i % 3) - 1}`).join(',')),
);
const soupPart = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(soupKey, soupValue).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: soupKey },
  { weight: 1, arbitrary: fc.tuple(soupKey, soupValue, soupValue).map(([k, a, b]) => `${k}=${a}=${b}`) },
);

/** Links built from the real keys (and impostors) with hostile values: duplicates, empties, junk. */
export const soupLink: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(soupPart, { maxLength: 16 }))
  .map(([hash, parts]) => `${hash ? '#' : ''}${parts.join('&')}`);

const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a list of notices: not one per key, too many, too long, or quoting unsafe text. */
export function noticeProblems(notices: readonly { key: string; message: string }[]): string[] {
  const out: string[] = [];
  if (!Array.isArray(notices)) return ['notices is not an array'];
  // One per table key but c, 8 named unknown keys, and 'link'.
  if (notices.length > FIELD_KEYS.length - 1 + 8 + 1) out.push(`${notices.length} notices`);
  if (new Set(notices.map((n) => n.key)).size !== notices.length) out.push('two notices share a key');
  for (const n of notices) {
    if (typeof n.key !== 'string' || typeof n.message !== 'string') out.push('non-string notice');
    else {
      if (n.key.length > 25) out.push(`key of ${n.key.length} characters`);
      if (n.message.length > 600) out.push(`message of ${n.message.length} characters`);
      if (n.message.length === 0) out.push('empty message');
      for (const s of [n.key, n.message]) {
        if (CONTROL_OR_BIDI.test(s)) out.push(`control or bidi character in ${JSON.stringify(s)}`);
        if (LONE_SURROGATE.test(s)) out.push(`lone surrogate in ${JSON.stringify(s)}`);
      }
    }
  }
  return out;
}

// ---- the MLP lab's links ---------------------------------------------------------------------------

const within = (x: number, lo: number, hi: number) => x >= lo && x <= hi;
const isInt = (x: number, lo: number, hi: number) => Number.isInteger(x) && within(x, lo, hi);

/** Every documented invariant of a decoded MLP state that `s` breaks (empty when valid). */
export function mlpViolations(s: { experiment: MlpExperiment; view: AnyShared['view'] }): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  const e = s.experiment;
  const numbers = [...e.layers, e.noise, e.size, e.seed, ...e.pair, e.extent, e.init, e.eta, e.gamma, e.steps, e.grid, s.view.t, ...s.view.camera];
  check(numbers.every(Number.isFinite), 'all numbers finite');
  check(!numbers.some((x) => Object.is(x, -0)), 'no −0');
  const L = e.layers.length;
  check(within(L, 2, MLP_LIMITS.maxHiddenLayers + 2), 'layer count');
  check(e.layers[0] === (e.dataset === 'sine' ? 1 : 2), 'inputs match the data set');
  check(isInt(e.layers[L - 1]!, 1, MLP_LIMITS.maxOutputs), 'outputs');
  check(e.layers.slice(1, -1).every((m) => isInt(m, 1, MLP_LIMITS.maxHiddenUnits)), 'hidden units');
  check(ACTIVATIONS.includes(e.activation) && ACTIVATIONS.includes(e.outputActivation), 'activations');
  check(LOSSES.includes(e.loss) && !(e.loss === 'bce' && e.dataset === 'sine'), 'loss');
  check(DATASET_KINDS.includes(e.dataset), 'dataset');
  check(within(e.noise, 0, 1), 'noise');
  check(isInt(e.size, 1, MLP_MAX_POINTS), 'size');
  check(isInt(e.seed, 0, 2 ** 31 - 1), 'seed');
  check(['params', 'random', 'pca'].includes(e.slice), 'slice');
  const n = L >= 2 && e.layers.every((m) => isInt(m, 1, 16)) ? paramCountOf(e.layers) : 0;
  check(e.pair.length === 2 && e.pair[0] !== e.pair[1] && e.pair.every((i) => isInt(i, 0, n - 1)), 'pair inside θ');
  check(typeof e.trainOnly === 'boolean', 'trainOnly');
  check(e.center === 'start' || e.center === 'end', 'center');
  check(within(e.extent, 0.01, 100), 'extent');
  check(within(e.init, 0.01, 100), 'init');
  check(within(e.eta, 1e-4, 1000), 'eta');
  check(within(e.gamma, 0, 0.99), 'gamma');
  check(isInt(e.steps, 1, MLP_MAX_STEPS), 'steps');
  check(runsAreValid(e.runs), 'runs');
  check(!e.runs.some((r) => r.optimizer === 'newton') || n <= MAX_HESSIAN_PARAMS, 'newton only up to the Hessian limit');
  check(s.view.off.every((i) => Number.isInteger(i) && i >= 0 && i < e.runs.length), 'off');
  check(isInt(e.grid, 16, 256), 'grid');
  check(s.view.layout === 'overlay' || s.view.layout === 'split', 'layout');
  check(JSON.stringify(s.view.hide) === JSON.stringify(HIDE_PARTS.filter((p) => s.view.hide.includes(p))), 'hide: known parts, each once, in order');
  check(s.view.embed === null || EMBED_VIEWS.includes(s.view.embed), 'embed');
  check(isInt(s.view.t, 0, e.steps), 't within 0..steps');
  check(typeof s.view.guess === 'boolean', 'guess');
  check(
    s.view.guesses.length <= MAX_GUESSES && s.view.guesses.every((g) => g.length === 2 && g.every((x) => Number.isFinite(x) && !Object.is(x, -0) && within(x, -PARAM, PARAM))),
    'guesses',
  );
  const [az, el, dist] = s.view.camera;
  check(within(az, -180, 180) && within(el, -89, 89) && within(dist, 0.8, 8), 'camera');
  return out;
}

/** violations or mlpViolations, by the state's problem. */
export function anyViolations(s: AnyShared): string[] {
  const e = s.experiment;
  return e.problem !== 'mlp' ? violations({ experiment: e, view: s.view }) : mlpViolations({ experiment: e, view: s.view });
}

export function expectValidAny(s: AnyShared) {
  const v = anyViolations(s);
  if (v.length > 0) throw new Error(`invalid decoded state: ${v.join(', ')}`);
}

const mlpNetwork = fc
  .record({
    dataset: fc.constantFrom<DatasetKind>(...DATASET_KINDS),
    hidden: fc.array(fc.integer({ min: 1, max: MLP_LIMITS.maxHiddenUnits }), { maxLength: MLP_LIMITS.maxHiddenLayers }),
    outputs: fc.integer({ min: 1, max: MLP_LIMITS.maxOutputs }),
    loss: fc.constantFrom(...LOSSES),
  })
  .map((r) => ({
    dataset: r.dataset,
    layers: [r.dataset === 'sine' ? 1 : 2, ...r.hidden, r.outputs],
    loss: r.dataset === 'sine' ? ('mse' as const) : r.loss,
  }));

export const validMlpShared: fc.Arbitrary<AnyShared> = mlpNetwork
  .chain((net) => {
    const n = paramCountOf(net.layers);
    return fc.record({
      net: fc.constant(net),
      activation: fc.constantFrom(...ACTIVATIONS),
      outputActivation: fc.constantFrom(...ACTIVATIONS),
      noise: num(0, 1),
      size: fc.integer({ min: 1, max: MLP_MAX_POINTS }),
      // Point edits: most states have none; sine points are cut to x:y above. Drops keep ≥ 1 point.
      drop: fc.oneof({ weight: 3, arbitrary: fc.constant([] as number[]) }, fc.uniqueArray(fc.integer({ min: 1, max: MLP_MAX_POINTS - 1 }), { maxLength: 5 }).map((a) => a.sort((x, y) => x - y))),
      add: fc.oneof({ weight: 3, arbitrary: fc.constant([] as number[][]) }, fc.array(fc.tuple(num(-3, 3), num(-3, 3), fc.integer({ min: 0, max: 1 })).map((p) => [...p]), { minLength: 1, maxLength: 4 })),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      // Most links keep today's initialisation (init = 1, which links leave out).
      init: fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, num(0.01, 100)),
      slice: fc.constantFrom('params' as const, 'random' as const, 'pca' as const),
      pair: fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })).filter(([i, j]) => i !== j),
      trainOnly: fc.boolean(),
      center: fc.constantFrom('start' as const, 'end' as const),
      extent: num(0.01, 100),
      eta: num(1e-4, 1000),
      gamma: num(0, 0.99),
      steps: fc.integer({ min: 1, max: MLP_MAX_STEPS }),
      runs: validRuns((id) => id !== 'newton' || n <= MAX_HESSIAN_PARAMS),
      grid: fc.integer({ min: 16, max: 256 }),
      layout: fc.constantFrom('overlay' as const, 'split' as const),
      camera: fc.tuple(num(-180, 180), num(-89, 89), num(0.8, 8)),
      hide: hideParts,
      embed: embedView,
    });
  })
  .chain((r) =>
    fc.integer({ min: 0, max: r.steps }).map(
      (t): AnyShared => ({
        experiment: {
          problem: 'mlp',
          layers: r.net.layers,
          activation: r.activation,
          outputActivation: r.outputActivation,
          loss: r.net.loss,
          dataset: r.net.dataset,
          noise: r.noise,
          size: r.size,
          drop: r.drop.filter((i) => i < r.size),
          add: r.add.map((p) => (r.net.dataset === 'sine' ? [p[0]!, p[1]!] : p)),
          seed: r.seed,
          init: r.init,
          slice: r.slice,
          pair: r.pair,
          trainOnly: r.trainOnly,
          center: r.center,
          extent: r.extent,
          eta: r.eta,
          gamma: r.gamma,
          steps: r.steps,
          runs: r.runs,
          grid: r.grid,
        },
        // The MLP's links do not carry theory yet: its panel follows the first run.
        view: { layout: r.layout, guess: false, guesses: [], hide: r.hide, embed: r.embed, show: OVERLAYS.filter((_, i) => (r.grid >> (i + 1)) & 1), scene: r.grid % 7 === 0 ? SCENES[r.grid % SCENES.length]!.id : null, off: r.runs.length > 1 ? [r.runs.length - 1] : [], theory: 0, t, camera: r.camera },
      }),
    ),
  );

/** Values an MLP key may take, right or wrong: arches, enum words of every MLP key, pairs. */
const mlpAtom = fc.oneof(
  fc.constantFrom('mlp', '2-8-8-1', '1-4-1', '2-1', '3-16-16-16-16-2', '2-8-8-8-8-8-1', '2--1', '0-1', '2-17-1', '2-8-3', 'sine', 'circle', 'xor', 'spiral', 'gaussians'),
  fc.constantFrom(...ACTIVATIONS, ...LOSSES, 'params', 'random', 'pca', 'start', 'end', 'all', 'pair', '0,1', '104,105', '913,0', '5,5', '2147483647', '2147483648'),
);
const mlpKey = fc.constantFrom('problem', 'dataset', 'arch', 'act', 'outact', 'loss', 'noise', 'size', 'seed', 'slice', 'pair', 'train', 'center', 'extent', 'init', 'steps', 'data', 'start', 'range');
const mlpPart = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(mlpKey, mlpAtom).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: soupPart },
);

/** MLP links from the real keys with right and wrong values, mixed with the hostile soup. */
export const mlpSoupLink: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(mlpPart, { maxLength: 16 }))
  .map(([hash, parts]) => `${hash ? '#' : ''}problem=mlp&${parts.join('&')}`);
