import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, defaultShared, encode } from '../../../src/url/codec';
import { FIELD_KEYS, MAX_FRAGMENT, MAX_POINTS, URL_VERSION, type FieldKey } from '../../../src/url/table';
import type { OptimizerId, Shared } from '../../../src/protocol/experiment';

// Bounds as src/url/table.ts documents them.
const IDS: readonly OptimizerId[] = ['gd', 'momentum', 'nesterov'];
const PARAM = 1000;

const ISSUE_LINK = 'v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6';

/** Every documented invariant of a decoded state that `s` breaks (empty when valid). */
function violations(s: Shared): string[] {
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
function expectValid(s: Shared) {
  const v = violations(s);
  if (v.length > 0) throw new Error(`invalid decoded state: ${v.join(', ')}`);
}

// A finite double in [min, max] without −0 (decode never produces −0, so valid states have none).
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((x) => x + 0);
const ordered = fc
  .tuple(num(-PARAM, PARAM), num(-PARAM, PARAM))
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [number, number] => (a < b ? [a, b] : [b, a]));

const validShared: fc.Arbitrary<Shared> = fc
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

/** Property tests run thousands of cases; generous so a loaded CI machine does not time them out. */
const PROPERTY_TIMEOUT = 30_000;

const HOSTILE = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '0x10', '1_000', 'constructor', '__proto__', 'toString', '', ' ', 'null', 'undefined', '[object Object]'];

/** Values that are invalid for each field: the hostile words alone and planted inside the field's shape. */
const INVALID: Record<FieldKey, readonly string[]> = {
  v: [...HOSTILE, '-0', '0', '1.5'],
  problem: [...HOSTILE, '-0', 'SIGMOID', 'mlp'],
  data: [...HOSTILE, '-0', ...HOSTILE.flatMap((h) => [`${h}:0.5`, `0.5:${h}`, `0.5:0.2,${h}`]), '0.5', '0.5:0.2:0.1', '21:0', '0:3', Array(MAX_POINTS + 1).fill('1:1').join(',')],
  start: [...HOSTILE, '-0', ...HOSTILE.flatMap((h) => [`${h},0`, `0,${h}`]), '1', '1,2,3', '1001,0', '0,-1001'],
  eta: [...HOSTILE, '-0', '0', '1e-5', '1001', '-1'],
  gamma: [...HOSTILE, '1', '-0.1', '0.995'],
  steps: [...HOSTILE, '-0', '0', '1.5', '100001', '-5'],
  opt: HOSTILE.filter((h) => h.trim() !== '').flatMap((h) => [h, `gd,${h}`]).concat(['gd,gd', 'gd,momentum,nesterov,gd', 'GD']),
  cam: [...HOSTILE, '-0', '1,2', '1,2,3,4', '181,0,4', '0,90,4', '0,0,0.5', '0,0,9', ...HOSTILE.flatMap((h) => [`${h},0,4`, `0,0,${h}`])],
  range: [...HOSTILE, '-0', ...HOSTILE.flatMap((h) => [`${h},6,-6,6`, `-6,6,-6,${h}`]), '6,-6,-6,6', '-6,6,6,-6', '1,1,-6,6', '-6,6,-6', '-1001,6,-6,6'],
  grid: [...HOSTILE, '-0', '15', '257', '64.5'],
  layout: [...HOSTILE, '-0', 'Overlay', '3d'],
  t: [...HOSTILE, '-1', '2.5', '100001'],
};

function withField(fragment: string, key: FieldKey, raw: string): string {
  return fragment
    .split('&')
    .map((part) => (part.startsWith(`${key}=`) ? `${key}=${raw}` : part))
    .join('&');
}

describe('decode', () => {
  it('reads the example link from the issue with no notices', () => {
    const { shared, notices } = decode(ISSUE_LINK);
    expect(notices).toEqual([]);
    expect(shared.experiment).toEqual({
      problem: 'sigmoid',
      data: [
        { x: 0.5, y: 0.2 },
        { x: 2.5, y: 0.9 },
      ],
      start: [-2, -2],
      eta: 1,
      gamma: 0.9,
      steps: 1000,
      opt: ['gd', 'momentum', 'nesterov'],
      range: [-6, 6, -6, 6],
      grid: 128,
    });
    expect(shared.view).toEqual({ layout: 'overlay', t: 1000, camera: [40, 25, 4.2] });
    expect(decode(`#${ISSUE_LINK}`)).toEqual({ shared, notices: [] });
  });

  it('gives the lecture run for an empty link', () => {
    for (const frag of ['', '#', '&&&']) {
      const { shared, notices } = decode(frag);
      expect(notices).toEqual([]);
      expect(shared).toEqual(defaultShared());
      expect(shared).toEqual(decode(ISSUE_LINK).shared);
    }
  });

  const neverThrows = (s: string) => {
    const { shared, notices } = decode(s);
    expectValid(shared);
    if (!Array.isArray(notices)) throw new Error('notices is not an array');
  };

  it('never throws and always returns a valid state for arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), neverThrows), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('never throws and always returns a valid state for arbitrary full-unicode strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), neverThrows), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), neverThrows), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('never throws and always returns a valid state for links built from key=value fragments with hostile values', () => {
    const key = fc.oneof(
      fc.constantFrom(...FIELD_KEYS),
      fc.constantFrom('constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', '', ' eta', 'ETA', '%', '%E0%A4%A', 'v%3D'),
      fc.string({ maxLength: 6 }),
    );
    const atom = fc.oneof(fc.constantFrom(...HOSTILE, '-0', '%', '%ZZ', '%E0%A4%A', '+', '1e308', '5e-324'), fc.double().map(String), fc.string({ maxLength: 8 }));
    const value = fc.oneof(
      atom,
      fc.array(atom, { maxLength: 5 }).map((xs) => xs.join(',')),
      fc.array(fc.tuple(atom, atom), { maxLength: 4 }).map((ps) => ps.map(([x, y]) => `${x}:${y}`).join(',')),
    );
    const part = fc.oneof(fc.tuple(key, value).map(([k, v]) => `${k}=${v}`), key, fc.tuple(key, value, value).map(([k, a, b]) => `${k}=${a}=${b}`));
    const link = fc.tuple(fc.boolean(), fc.array(part, { maxLength: 14 })).map(([hash, parts]) => `${hash ? '#' : ''}${parts.join('&')}`);
    fc.assert(
      fc.property(link, (s) => {
        expectValid(decode(s).shared);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);

  it('turns each hostile value into a notice naming its field while the other fields keep their given values', () => {
    const cases = FIELD_KEYS.flatMap((k) => INVALID[k].map((raw) => [k, raw] as const));
    fc.assert(
      fc.property(validShared, fc.constantFrom(...cases), (s, [key, raw]) => {
        const { shared, notices } = decode(withField(encode(s), key, raw));
        expectValid(shared);
        expect(notices.map((n) => n.key)).toContain(key);
        const e = s.experiment;
        const expected: Shared = {
          experiment: {
            ...e,
            ...(key === 'problem' || key === 'data' || key === 'start' || key === 'eta' || key === 'gamma' || key === 'steps' || key === 'opt' || key === 'range' || key === 'grid'
              ? { [key]: defaultShared().experiment[key] }
              : {}),
          },
          view: {
            layout: key === 'layout' ? 'overlay' : s.view.layout,
            // A refused t shows the end; a refused steps falls back to 1000 and clamps t to it.
            t: key === 't' ? e.steps : key === 'steps' ? Math.min(s.view.t, 1000) : s.view.t,
            camera: key === 'cam' ? defaultShared().view.camera : s.view.camera,
          },
        };
        expect(shared).toEqual(expected);
        const allowed = key === 'steps' ? [key, 't'] : [key];
        for (const n of notices) expect(allowed).toContain(n.key);
      }),
      { numRuns: 2000 },
    );
  }, PROPERTY_TIMEOUT);

  it('turns −0 into 0 wherever it is allowed', () => {
    const { shared, notices } = decode('gamma=-0&start=-0,-0&range=-6,-0,-0,6&data=-0:-0&t=-0');
    expect(notices).toEqual([]);
    const e = shared.experiment;
    for (const x of [e.gamma, ...e.start, e.range[1], e.range[2], e.data[0]!.x, e.data[0]!.y, shared.view.t]) expect(Object.is(x, 0)).toBe(true);
  });

  it('looks keys up by own name, so constructor and __proto__ are unknown keys', () => {
    const { shared, notices } = decode('constructor=1&__proto__=x&toString=gd&eta=0.5');
    expect(notices.map((n) => n.key)).toEqual(['constructor', '__proto__', 'toString']);
    expect(shared.experiment.eta).toBe(0.5);
    expect(Object.getPrototypeOf(shared)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(shared.experiment)).toBe(Object.prototype);
    expect(shared).toEqual({ ...defaultShared(), experiment: { ...defaultShared().experiment, eta: 0.5 } });
  });

  it('uses the first of a repeated key and says so', () => {
    const { shared, notices } = decode('eta=0.5&eta=2');
    expect(shared.experiment.eta).toBe(0.5);
    expect(notices).toEqual([{ key: 'eta', message: expect.stringContaining('more than once') }]);
  });

  it('reports broken %-encoding in a key or a value instead of throwing', () => {
    const { shared, notices } = decode('%E0%A4%A=1&eta=%ZZ&gamma=0.5');
    expect(notices).toHaveLength(2);
    expect(notices[1]!.key).toBe('eta');
    expect(shared.experiment.eta).toBe(1);
    expect(shared.experiment.gamma).toBe(0.5);
  });

  it('reads %-encoded values', () => {
    const { shared, notices } = decode('data=0.5%3A0.2%2C1%3A0.1&opt=nesterov%2Cgd');
    expect(notices).toEqual([]);
    expect(shared.experiment.data).toEqual([
      { x: 0.5, y: 0.2 },
      { x: 1, y: 0.1 },
    ]);
    expect(shared.experiment.opt).toEqual(['nesterov', 'gd']);
  });

  it('accepts an empty opt as "show no optimizer"', () => {
    const { shared, notices } = decode('opt=');
    expect(notices).toEqual([]);
    expect(shared.experiment.opt).toEqual([]);
  });

  it('clamps a t past the last step to the end with a notice', () => {
    const { shared, notices } = decode('steps=50&t=80');
    expect(shared.view.t).toBe(50);
    expect(notices.map((n) => n.key)).toEqual(['t']);
  });

  it('shows the end when t is not given', () => {
    expect(decode('steps=321').shared.view.t).toBe(321);
  });

  it('loads a link from a newer version with a notice on v', () => {
    const { shared, notices } = decode(`v=${URL_VERSION + 1}&eta=0.25`);
    expect(shared.experiment.eta).toBe(0.25);
    expect(notices.map((n) => n.key)).toEqual(['v']);
  });

  it('refuses a fragment over MAX_FRAGMENT characters with a notice, and accepts one of exactly MAX_FRAGMENT', () => {
    const atLimit = `eta=0.5${'&'.repeat(MAX_FRAGMENT - 'eta=0.5'.length)}`;
    expect(atLimit).toHaveLength(MAX_FRAGMENT);
    const ok = decode(`#${atLimit}`);
    expect(ok.notices).toEqual([]);
    expect(ok.shared.experiment.eta).toBe(0.5);

    const over = decode(`${atLimit}&`);
    expect(over.notices.map((n) => n.key)).toEqual(['link']);
    expect(over.shared).toEqual(defaultShared());
    expect(decode('x'.repeat(10 * MAX_FRAGMENT)).notices.map((n) => n.key)).toEqual(['link']);
  });

  it('quotes hostile text in notices only in clipped form', () => {
    const long = 'k'.repeat(500);
    const { notices } = decode(`${long}=1&eta=${'9'.repeat(500)}`);
    for (const n of notices) {
      expect(n.key.length).toBeLessThanOrEqual(25);
      expect(n.message.length).toBeLessThan(200);
    }
  });

  it('tolerates a non-string argument from untyped callers', () => {
    const { shared } = decode(undefined as unknown as string);
    expect(shared).toEqual(defaultShared());
  });
});

describe('encode', () => {
  it('round-trips arbitrary valid states with zero notices', () => {
    fc.assert(
      fc.property(validShared, (s) => {
        const frag = encode(s);
        expect(frag.length).toBeLessThanOrEqual(MAX_FRAGMENT);
        const { shared, notices } = decode(frag);
        expect(notices).toEqual([]);
        expect(shared).toEqual(s);
        expect(encode(shared)).toBe(frag);
      }),
      { numRuns: 500 },
    );
  }, PROPERTY_TIMEOUT);

  it('writes every key of the table once, in table order, starting with the version', () => {
    const frag = encode(defaultShared());
    expect(frag.split('&').map((p) => p.slice(0, p.indexOf('=')))).toEqual([...FIELD_KEYS]);
    expect(frag.startsWith(`v=${URL_VERSION}&`)).toBe(true);
  });

  it('writes the lecture run as the issue link plus grid, layout, t and cam', () => {
    expect(encode(decode(ISSUE_LINK).shared)).toBe(`${ISSUE_LINK}&grid=128&layout=overlay&t=1000&cam=40,25,4.2`);
  });
});
