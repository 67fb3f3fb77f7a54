import fc from 'fast-check';
import type { OptimizerId, Shared } from '../../../src/protocol/experiment';
import { FIELD_KEYS, MAX_POINTS } from '../../../src/url/table';

/** Shared by the codec tests and the fuzz run: what a valid state is, and generators of states and links. */

// Bounds as src/url/table.ts documents them.
export const IDS: readonly OptimizerId[] = ['gd', 'momentum', 'nesterov'];
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
  check(e.problem === 'sigmoid', 'problem');
  check(within(e.data.length, 1, MAX_POINTS), 'data length');
  check(e.data.every((p) => within(p.x, -20, 20) && within(p.y, -1, 2)), 'data bounds');
  check(e.start.length === 2 && e.start.every((x) => within(x, -PARAM, PARAM)), 'start');
  check(within(e.eta, 1e-4, 1000), 'eta');
  check(within(e.gamma, 0, 0.99), 'gamma');
  check(Number.isInteger(e.steps) && within(e.steps, 1, 100_000), 'steps');
  check(new Set(e.opt).size === e.opt.length && e.opt.every((id) => IDS.includes(id)), 'opt');
  check(e.range.length === 4 && e.range.every((x) => within(x, -PARAM, PARAM)), 'range bounds');
  check(e.range[0] < e.range[1] && e.range[2] < e.range[3], 'range ordered');
  check(Number.isInteger(e.grid) && within(e.grid, 16, 256), 'grid');
  check(s.view.layout === 'overlay' || s.view.layout === 'split', 'layout');
  check(Number.isInteger(s.view.t) && within(s.view.t, 0, e.steps), 't within 0..steps');
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

export const validShared: fc.Arbitrary<Shared> = fc
  .record({
    data: fc.array(fc.record({ x: num(-20, 20), y: num(-1, 2) }), { minLength: 1, maxLength: MAX_POINTS }),
    start: fc.tuple(num(-PARAM, PARAM), num(-PARAM, PARAM)),
    eta: num(1e-4, 1000),
    gamma: num(0, 0.99),
    steps: fc.integer({ min: 1, max: 100_000 }),
    opt: fc.shuffledSubarray([...IDS]),
    w: ordered,
    b: ordered,
    grid: fc.integer({ min: 16, max: 256 }),
    layout: fc.constantFrom('overlay' as const, 'split' as const),
    camera: fc.tuple(num(-180, 180), num(-89, 89), num(0.8, 8)),
  })
  .chain((r) =>
    fc.integer({ min: 0, max: r.steps }).map(
      (t): Shared => ({
        experiment: {
          problem: 'sigmoid',
          data: r.data,
          start: r.start,
          eta: r.eta,
          gamma: r.gamma,
          steps: r.steps,
          opt: r.opt,
          range: [r.w[0], r.w[1], r.b[0], r.b[1]],
          grid: r.grid,
        },
        view: { layout: r.layout, t, camera: r.camera },
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
  if (notices.length > 30) out.push(`${notices.length} notices`);
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
