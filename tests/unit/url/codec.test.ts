import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { checksum, sign } from '../../../src/url/checksum';
import { decode, defaultSharedOf, defaultShared, encode, INCOMPLETE } from '../../../src/url/codec';
import { MAX_GUESSES } from '../../../src/url/guessFields';
import { MAX_FRAGMENT, MAX_POINTS, SIGMOID_KEYS, URL_VERSION, type SigmoidKey } from '../../../src/url/table';
import type { Shared } from '../../../src/protocol/experiment';
import { legacyOpt, runsOfOpt } from '../../../src/url/runsField';
import { expectValid, HOSTILE, noticeProblems, soupLink, validShared } from './arbitraries';

const ISSUE_LINK = 'v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6';

/** Property tests run thousands of cases; generous so a loaded CI machine does not time them out. */
const PROPERTY_TIMEOUT = 30_000;

/** Values that are invalid for each field: the hostile words alone and planted inside the field's shape. */
/** runs and off have their own tests (tests/unit/url/runs.test.ts): a bad run is dropped, not the whole list. */
const INVALID: Record<Exclude<SigmoidKey, 'runs' | 'off'>, readonly string[]> = {
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
  theory: [...HOSTILE, '-0', '0', '9', '1.5', '-1'],
  scene: [...HOSTILE, 'Wells', 'scene', 'wells '.repeat(3)],
  show: [...HOSTILE.filter((h) => h.trim() !== ''), 'arrows', 'step,step', 'step,taylor,quad,step', 'STEP', 'step,'],
  guess: [...HOSTILE, '-0', '2', 'true', 'on', '01', '1,1'],
  guesses: [
    ...HOSTILE.filter((h) => h.trim() !== ''),
    ...HOSTILE.flatMap((h) => [`${h}:0`, `0:${h}`, `0.5:0,${h}`]),
    '0.5',
    '0.5:0:1',
    '1001:0',
    '0:-1001',
    '0.5:0,',
    Array(MAX_GUESSES + 1).fill('1:1').join(','),
  ],
  // No known part in any of these: the lenient reading hides nothing (hide.test.ts has the mixed lists).
  hide: [...HOSTILE.filter((h) => h.trim() !== ''), 'Controls', 'control', 'controls '.repeat(40).trim().replaceAll(' ', ','), 'x,y,z'],
  embed: [...HOSTILE, 'Surface', '3d', 'none', 'surface,contour', 'legend'],
};

/** The link with one key's value replaced (or added, for a key it did not write), checksum recomputed (as if the app had written it). */
function withField(fragment: string, key: SigmoidKey, raw: string): string {
  const parts = fragment.split('&').filter((part) => !part.startsWith('c='));
  if (!parts.some((part) => part.startsWith(`${key}=`))) parts.push(`${key}=${raw}`);
  return sign(parts.map((part) => (part.startsWith(`${key}=`) ? `${key}=${raw}` : part)).join('&'));
}

describe('decode', () => {
  it('reads the example link from the issue with no notices', () => {
    const { shared, notices } = decode(ISSUE_LINK);
    expect(notices).toEqual([]);
    expect(shared.experiment).toEqual({
      problem: 'sigmoid',
      surface: {},
      data: [
        { x: 0.5, y: 0.2 },
        { x: 2.5, y: 0.9 },
      ],
      start: [-2, -2],
      eta: 1,
      gamma: 0.9,
      steps: 1000,
      runs: runsOfOpt(['gd', 'momentum', 'nesterov']),
      range: [-6, 6, -6, 6],
      grid: 128,
    });
    expect(shared.view).toEqual({ layout: 'overlay', guess: false, guesses: [], hide: [], embed: null, show: [], scene: null, theory: 0, off: [], t: 1000, camera: [40, 25, 4.2] });
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
    const problems = noticeProblems(notices);
    if (problems.length > 0) throw new Error(problems.join(', '));
  };

  it('never throws and always returns a valid state for arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), neverThrows), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('never throws and always returns a valid state for arbitrary full-unicode strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), neverThrows), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), neverThrows), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('never throws and always returns a valid state for links built from key=value fragments with hostile values', () => {
    fc.assert(fc.property(soupLink, neverThrows), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT);

  it('turns each hostile value into a notice naming its field while the other fields keep their given values', () => {
    const cases = SIGMOID_KEYS.flatMap((k) => (k === 'runs' || k === 'off' ? [] : INVALID[k].map((raw) => [k, raw] as const)));
    fc.assert(
      fc.property(validShared, fc.constantFrom(...cases), (s, [key, raw]) => {
        // A refused problem reads the link as the sigmoid neuron's, whose keys another surface's link does not all share.
        fc.pre(key !== 'problem' || s.experiment.problem === 'sigmoid');
        const { shared, notices } = decode(withField(encode(s), key, raw));
        expectValid(shared);
        expect(notices.map((n) => n.key)).toContain(key);
        const e = s.experiment;
        // Refused keys fall back to the surface's defaults (a quadratic's start and η are not the neuron's).
        const own = defaultSharedOf(e.problem) as Shared;
        const expected: Shared = {
          experiment: {
            ...e,
            ...(key === 'problem' || key === 'data' || key === 'start' || key === 'eta' || key === 'gamma' || key === 'steps' || key === 'range' || key === 'grid'
              ? { [key]: own.experiment[key] }
              : {}),
            // A refused opt falls back to its default, unless the link lists its runs with runs=.
            ...(key === 'opt' && legacyOpt(e.runs) ? { runs: own.experiment.runs } : {}),
          },
          view: {
            layout: key === 'layout' ? 'overlay' : s.view.layout,
            guess: key === 'guess' ? false : s.view.guess,
            guesses: key === 'guesses' ? [] : s.view.guesses,
            hide: key === 'hide' ? [] : s.view.hide,
            embed: key === 'embed' ? null : s.view.embed,
            show: key === 'show' ? [] : s.view.show,
            scene: key === 'scene' ? null : s.view.scene,
            theory: key === 'theory' ? 0 : s.view.theory,
            off: key === 'opt' && legacyOpt(e.runs) ? s.view.off.filter((i) => i < own.experiment.runs.length) : s.view.off,
            // A refused t shows the end; a refused steps falls back to the surface's default and clamps t to it.
            t: key === 't' ? e.steps : key === 'steps' ? Math.min(s.view.t, own.experiment.steps) : s.view.t,
            camera: key === 'cam' ? own.view.camera : s.view.camera,
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
    expect(shared.experiment.runs).toEqual(runsOfOpt(['nesterov', 'gd']));
  });

  it('accepts an empty opt as "no runs"', () => {
    const { shared, notices } = decode('opt=');
    expect(notices).toEqual([]);
    expect(shared.experiment.runs).toEqual([]);
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
    const { shared, notices } = decode(sign(`v=${URL_VERSION + 1}&eta=0.25&future=1`));
    expect(shared.experiment.eta).toBe(0.25);
    expect(notices.map((n) => n.key)).toEqual(['future', 'v']);
    expect(notices[1]!.message).toContain('newer');
  });

  it('says a newer link without its checksum is incomplete too (every version from 2 on ends with c)', () => {
    const { shared, notices } = decode(`v=${URL_VERSION + 1}&eta=0.25`);
    expect(shared.experiment.eta).toBe(0.25);
    expect(notices.map((n) => n.key)).toEqual(['v', 'link']);
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

  it('writes every key of the sigmoid lab once, in table order, starting with the version', () => {
    const frag = encode(defaultShared());
    // runs and off are written only when opt cannot say the runs and when some run is hidden; guess and guesses when on or some; hide and embed when set.
    const quiet = new Set(['runs', 'off', 'theory', 'show', 'guess', 'guesses', 'scene', 'hide', 'embed']);
    expect(frag.split('&').map((p) => p.slice(0, p.indexOf('=')))).toEqual([...SIGMOID_KEYS.filter((k) => !quiet.has(k)), 'c']);
    expect(SIGMOID_KEYS).toEqual(['v', 'problem', 'data', 'start', 'eta', 'gamma', 'steps', 'opt', 'runs', 'range', 'grid', 'layout', 'off', 'show', 'guess', 'guesses', 'scene', 'hide', 'embed', 'theory', 't', 'cam']);
    expect(frag.startsWith(`v=${URL_VERSION}&`)).toBe(true);
  });

  it('writes the lecture run as the issue link at v=2 plus grid, layout, t, cam and the checksum last', () => {
    expect(encode(decode(ISSUE_LINK).shared)).toBe(
      `${ISSUE_LINK.replace('v=1', 'v=2')}&grid=128&layout=overlay&t=1000&cam=40,25,4.2&c=6ef10c10`,
    );
  });
});

describe('the checksum c (schema v=2)', () => {
  const LINK = encode(defaultShared());
  const linkNotice = (frag: string) => decode(frag).notices.find((n) => n.key === 'link');

  it('is 8 hex digits of 32-bit FNV-1a over the UTF-8 text before &c=', () => {
    // Reference values of FNV-1a 32 ("" is the offset basis; "a" and "foobar" are the published vectors).
    expect(checksum('')).toBe('811c9dc5');
    expect(checksum('a')).toBe('e40c292c');
    expect(checksum('foobar')).toBe('bf9cf968');
    expect(LINK.endsWith(`&c=${checksum(LINK.slice(0, LINK.lastIndexOf('&c=')))}`)).toBe(true);
  });

  it('accepts the link the app writes, with or without "#", and upper-case hex', () => {
    expect(decode(LINK).notices).toEqual([]);
    expect(decode(`#${LINK}`).notices).toEqual([]);
    expect(decode(LINK.replace(/c=(\w+)$/, (_, h: string) => `c=${h.toUpperCase()}`)).notices).toEqual([]);
  });

  it('survives a chat app that %-encodes the separators', () => {
    const escaped = LINK.replace(/[:,]/g, (ch) => encodeURIComponent(ch));
    expect(escaped).not.toBe(LINK);
    expect(decode(escaped)).toEqual(decode(LINK));
  });

  it('says "this link is incomplete" for a v=2 link cut before or inside c, and still loads what it has', () => {
    const cut = LINK.slice(0, LINK.indexOf('&t='));
    const { shared, notices } = decode(cut);
    expect(notices).toEqual([{ key: 'link', message: expect.stringContaining(INCOMPLETE) }]);
    expect(shared).toEqual(defaultShared());
    for (const n of [1, 3, 6, 7]) expect(linkNotice(LINK.slice(0, -n))?.message).toContain(INCOMPLETE);
  });

  it('says so for a checksum that does not match (an edited link), and still loads the edit', () => {
    const edited = LINK.replace('eta=1&', 'eta=0.5&');
    const { shared, notices } = decode(edited);
    expect(shared.experiment.eta).toBe(0.5);
    expect(notices).toEqual([{ key: 'link', message: expect.stringContaining(INCOMPLETE) }]);
  });

  it('says so when keys follow c, or c is given twice', () => {
    expect(linkNotice(`${LINK}&eta=0.5`)?.message).toContain(INCOMPLETE);
    expect(linkNotice(`${LINK}&${LINK.slice(LINK.lastIndexOf('c='))}`)?.message).toContain(INCOMPLETE);
    expect(decode(`${LINK}&&`).notices).toEqual([]);
  });

  it('reads a cut-off version ("v", "v=") as the current one, so it is flagged too', () => {
    for (const frag of ['v', 'v=', '#v']) expect(decode(frag).notices.map((n) => n.key)).toEqual(['v', 'link']);
  });

  it('keeps old links working: v=1 or no v, without c, gives no notice', () => {
    expect(decode(ISSUE_LINK).notices).toEqual([]);
    expect(decode(ISSUE_LINK.replace('v=1&', '')).notices).toEqual([]);
    expect(decode('eta=0.5&steps=20').notices).toEqual([]);
  });

  it('checks a c that an old link carries anyway', () => {
    expect(decode(sign(ISSUE_LINK)).notices).toEqual([]);
    expect(linkNotice(`${ISSUE_LINK}&c=00000000`)?.message).toContain(INCOMPLETE);
  });
});

describe('decode of hostile links', () => {
  it('gives one notice per key, however often a bad key repeats', () => {
    const { notices } = decode(Array.from({ length: 2000 }, (_, i) => (i % 2 ? 'eta=x' : 'zz=1')).join('&'));
    expect(notices.map((n) => n.key)).toEqual(['zz', 'eta']);
    expect(noticeProblems(notices)).toEqual([]);
  });

  it('names the first few unknown keys and counts the rest under link', () => {
    const { notices } = decode(Array.from({ length: 2000 }, (_, i) => `k${i}=1`).join('&'));
    expect(notices).toHaveLength(9);
    expect(notices.slice(0, 8).map((n) => n.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
    expect(notices[8]).toEqual({ key: 'link', message: '1992 more unknown or unreadable parts ignored' });
  });

  it('quotes control characters, bidi overrides and lone surrogates as U+FFFD', () => {
    const { notices } = decode('eta=%1B%5B31m%E2%80%AEevil&\ud800x=1&gamma=\udfff');
    expect(noticeProblems(notices)).toEqual([]);
    expect(notices[0]!.message).toContain('"\ufffd[31m\ufffdevil"');
    expect(notices[1]!.key).toBe('\ufffdx');
  });

  it('never cuts a surrogate pair in half when clipping a quote', () => {
    const { notices } = decode(`${'a'.repeat(23)}😀😀=1`);
    expect(notices[0]!.key).toBe(`${'a'.repeat(23)}…`);
    expect(noticeProblems(notices)).toEqual([]);
  });

  it('refuses a huge fragment on its length alone: no string method runs over it', () => {
    const methods = ['split', 'slice', 'substring', 'indexOf', 'lastIndexOf', 'includes', 'startsWith', 'trim', 'replace', 'match', 'search', 'normalize'] as const;
    /** The lengths of the strings that String.prototype methods were called on during decode(frag). */
    const scanned = (frag: string) => {
      const spies = methods.map((m) => vi.spyOn(String.prototype, m));
      try {
        return { result: decode(frag), lengths: spies.flatMap((spy) => spy.mock.contexts.map((ctx) => String(ctx).length)) };
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    };
    const small = scanned('#eta=2&gamma=0.5');
    expect(small.lengths.length).toBeGreaterThan(0); // the spies see decode's calls
    const huge = scanned(`#${'&eta=2'.repeat(MAX_FRAGMENT)}`);
    expect(huge.lengths).toEqual([]);
    expect(huge.result.notices).toEqual([{ key: 'link', message: expect.stringContaining('over the limit') }]);
    expect(huge.result.shared).toEqual(defaultShared());
  });

  it('refuses a 16 000-digit number without backtracking (the old pattern took 0.3 s)', () => {
    const frag = `eta=${'1'.repeat(MAX_FRAGMENT - 5)}x`;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      decode(frag);
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(100);
    expect(decode(frag).notices.map((n) => n.key)).toEqual(['eta']);
  });
});
