import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyShared, ProblemKind } from '../../../src/protocol/experiment';
import { decode, decodeAny, encode, INCOMPLETE, MLP_NOT_IN_BROWSER, type Notice } from '../../../src/url/codec';
import { FIELDS, MAX_FRAGMENT, STATE_KEYS, type StateKey } from '../../../src/url/table';
import { anyViolations, HOSTILE, mlpSoupLink, noticeProblems, soupLink, validMlpShared, validShared, violations } from './arbitraries';

/**
 * The codec's fuzz figures. CI sizes at DOWNHILL_FUZZ_SCALE=1 (the default): 100 000 random fragments,
 * 20 000 round trips, every cut of 1 000 links. `npm run fuzz` runs 10 times that. DOWNHILL_FUZZ_SEED
 * replays a run. Figures go to the console and to test-results/fuzz.json.
 */
const SCALE = positive(process.env.DOWNHILL_FUZZ_SCALE) ?? 1;
const SEED = Number.isInteger(Number(process.env.DOWNHILL_FUZZ_SEED)) && process.env.DOWNHILL_FUZZ_SEED ? Number(process.env.DOWNHILL_FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const FRAGMENTS = Math.round(100_000 * SCALE);
const ROUND_TRIPS = Math.round(20_000 * SCALE);
const CUT_LINKS = Math.round(1_000 * SCALE);
// decodeAny (the command line's reader) on the same kinds of fragments plus MLP links, at half the size.
const ANY_FRAGMENTS = Math.round(50_000 * SCALE);
const MLP_ROUND_TRIPS = Math.round(10_000 * SCALE);
const MLP_CUT_LINKS = Math.round(300 * SCALE);
const TIMEOUT = 300_000 * Math.max(1, SCALE);

function positive(s: string | undefined): number | undefined {
  const x = Number(s);
  return s && Number.isFinite(x) && x > 0 ? x : undefined;
}

const figures: Record<string, unknown> = { scale: SCALE, seed: SEED, node: process.version };
afterAll(() => {
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/fuzz.json', `${JSON.stringify(figures, null, 2)}\n`);
});

function report(name: string, f: Record<string, unknown>) {
  figures[name] = f;
  console.log(`fuzz ${name}: ${Object.entries(f).map(([k, v]) => `${k}=${v}`).join(' ')} (scale ${SCALE}, seed ${SEED})`);
}

// ---- generators of hostile fragments -------------------------------------------------------------

const hex = (b: number) => b.toString(16).padStart(2, '0');
/** Random bytes, each %-encoded (upper or lower case), raw, or as a broken one-digit escape. */
const byteSoup = fc.array(fc.tuple(fc.nat(255), fc.nat(3)), { maxLength: 120 }).map((bs) =>
  bs.map(([b, mode]) => (mode === 0 ? `%${hex(b).toUpperCase()}` : mode === 1 ? `%${hex(b)}` : mode === 2 ? String.fromCharCode(b) : `%${hex(b)[0]}`)).join(''),
);
/** Strings made of the link's own syntax, so they look almost like links. */
const syntaxSoup = fc.string({
  unit: fc.constantFrom('&', '=', '%', ',', ':', '#', '.', '-', '+', 'e', '0', '1', '9', 'a', 'f', ' ', '%2C', '%3A', '%26', '%3D', ...STATE_KEYS, 'c', 'v=2', 'c=', '\ud800', '\u202e'),
  maxLength: 60,
});
/** A link the app wrote, then damaged: cut, spliced, doubled, or salted with hostile text. */
const edit = fc.tuple(fc.nat(3), fc.nat(), fc.nat(40), fc.constantFrom(...HOSTILE, '&', '=', '%', '%E0%A4%A', '\ud800', '&eta=2', '&c=00000000', ','));
/** A link the app wrote for `states`, then damaged: cut, spliced, doubled, or salted with hostile text. */
const damaged = (states: fc.Arbitrary<AnyShared>) =>
  fc.tuple(states, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([s, edits]) => {
    let f = encode(s);
    for (const [kind, at, len, text] of edits) {
      const i = at % (f.length + 1);
      if (kind === 0) f = f.slice(0, i) + f.slice(i + len);
      else if (kind === 1) f = f.slice(0, i) + text + f.slice(i);
      else if (kind === 2) f = f.slice(0, i) + text + f.slice(i + len);
      else f = f.slice(0, i) + f.slice(i, i + len) + f.slice(i);
    }
    return f;
  });
const damagedLink = damaged(validShared);
const damagedMlpLink = damaged(validMlpShared);

/** Deterministic junk, so the big cases cost nothing to generate. */
function junk(n: number, seed: number): string {
  let x = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(String.fromCharCode(x >>> 16));
  }
  return out.join('');
}
const BIG = [
  'x'.repeat(4 * 1024 * 1024),
  junk(2 * 1024 * 1024, 1),
  junk(MAX_FRAGMENT, 2),
  junk(MAX_FRAGMENT + 1, 3),
  `#${junk(MAX_FRAGMENT, 4)}`,
  `eta=${'1'.repeat(MAX_FRAGMENT - 5)}x`,
  `data=${'1:1,'.repeat(MAX_FRAGMENT)}`.slice(0, MAX_FRAGMENT),
  `opt=${'gd,'.repeat(MAX_FRAGMENT)}`.slice(0, MAX_FRAGMENT),
  'eta=1&'.repeat(MAX_FRAGMENT / 6),
  Array.from({ length: 1600 }, (_, i) => `k${i}=1`).join('&'),
  '%'.repeat(MAX_FRAGMENT),
  '&'.repeat(MAX_FRAGMENT),
  '='.repeat(MAX_FRAGMENT),
  '%ED%A0%80'.repeat(MAX_FRAGMENT / 9),
  '\ud800'.repeat(MAX_FRAGMENT),
  `eta=${'\u202e\u0007'.repeat(MAX_FRAGMENT / 2 - 2)}`,
  `${'0'.repeat(MAX_FRAGMENT - 2)}=1`,
  `c=${'f'.repeat(MAX_FRAGMENT - 2)}`,
];

/** Long fragments around the size limit: a random chunk of link syntax or any text, repeated. */
const longJunk = fc
  .tuple(fc.oneof(syntaxSoup, soupLink, fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })), fc.integer({ min: MAX_FRAGMENT - 2000, max: MAX_FRAGMENT + 2000 }))
  .filter(([chunk]) => chunk.length > 0)
  .map(([chunk, n]) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n));

const fragment = fc.oneof(
  { weight: 12, arbitrary: fc.string() },
  { weight: 12, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 25, arbitrary: syntaxSoup },
  { weight: 20, arbitrary: soupLink },
  { weight: 10, arbitrary: byteSoup },
  { weight: 10, arbitrary: damagedLink },
  { weight: 2, arbitrary: longJunk },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
);

/** The fragments above plus MLP links: hostile, damaged and whole ones. */
const anyFragment = fc.oneof(
  { weight: 2, arbitrary: fragment },
  { weight: 1, arbitrary: mlpSoupLink },
  { weight: 1, arbitrary: damagedMlpLink },
);

// ---- the oracle for "a notice naming each repaired field" ----------------------------------------

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** The decoded value of key k (undefined for keys the state's problem does not use). */
function valueOf(s: AnyShared, k: StateKey): unknown {
  const e = s.experiment;
  switch (k) {
    case 'layout':
      return s.view.layout;
    case 'show':
      return s.view.show;
    case 'guess':
      return e.problem === 'mlp' ? undefined : s.view.guess;
    case 'guesses':
      return e.problem === 'mlp' ? undefined : s.view.guesses;
    case 'hide':
      return s.view.hide;
    case 'embed':
      return s.view.embed;
    case 'scene':
      return s.view.scene;
    case 't':
      return s.view.t;
    case 'cam':
      return s.view.camera;
    case 'v':
      return undefined;
    case 'problem':
    case 'eta':
    case 'gamma':
    case 'steps':
    case 'grid':
      return e[k];
    case 'opt':
      // opt=… stands for one plain run per optimizer listed.
      return e.runs.every((r) => Object.keys(r.settings).length === 0) ? e.runs.map((r) => r.optimizer) : e.runs;
    case 'runs':
      return e.runs;
    case 'off':
      return s.view.off;
    case 'theory':
      return s.view.theory + 1;
  }
  if (e.problem !== 'mlp') return k === 'data' || k === 'start' || k === 'range' ? e[k] : undefined;
  const mlpName: Partial<Record<StateKey, string>> = { arch: 'layers', act: 'activation', outact: 'outputActivation', train: 'trainOnly' };
  const name = mlpName[k] ?? k;
  return Object.hasOwn(e, name) ? (e as unknown as Record<string, unknown>)[name] : undefined;
}

/**
 * State keys the fragment gives whose value was not used as given, yet no notice names them. A key of
 * the other problem is never used, so it must be named too, except in the app's reading (`app`) of a
 * problem=mlp link, where the notice on 'problem' covers the MLP keys.
 */
function silentRepairs(frag: string, shared: AnyShared, notices: readonly Notice[], app = true): string[] {
  const body = frag.startsWith('#') ? frag.slice(1) : frag;
  if (body.length > MAX_FRAGMENT) return [];
  const named = new Set(notices.map((n) => n.key));
  const mlpInApp = app && notices.some((n) => n.key === 'problem' && n.message.startsWith(MLP_NOT_IN_BROWSER));
  const given = new Map<StateKey, string | null>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq))?.trim();
    const k = STATE_KEYS.find((x) => x === key);
    if (k && !given.has(k)) given.set(k, eq < 0 ? '' : safeDecode(part.slice(eq + 1)));
  }
  const out: string[] = [];
  for (const [k, raw] of given) {
    if (k === 'v' || named.has(k)) continue;
    const users = FIELDS[k].usedBy as readonly ProblemKind[];
    if (!users.includes(shared.experiment.problem)) {
      if (!(mlpInApp && users.includes('mlp'))) out.push(k);
      continue;
    }
    const r = raw === null ? null : FIELDS[k].parse(raw);
    if (!r?.ok || JSON.stringify(r.value) !== JSON.stringify(valueOf(shared, k))) out.push(k);
  }
  return out;
}

/** Deep equality with Object.is on numbers (so −0 ≠ 0), for plain data. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The least of five timings of decode(frag), in ms. */
function retime(frag: string): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    decode(frag);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const shown = (s: string) => JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

describe('codec fuzz', () => {
  it(`decodes ${FRAGMENTS} random fragments with no exception, a valid state, and a notice for every repair`, () => {
    let count = 0;
    let exceptions = 0;
    let invalid = 0;
    let badNotices = 0;
    let silent = 0;
    let withNotices = 0;
    let chars = 0;
    let decodeMs = 0;
    let slowest = 0;
    let slowestFragment = '';
    const failures: string[] = [];
    const t0 = performance.now();
    fc.assert(
      fc.property(fragment, (frag) => {
        count++;
        chars += frag.length;
        let result: ReturnType<typeof decode>;
        const t = performance.now();
        try {
          result = decode(frag);
        } catch (err) {
          exceptions++;
          if (failures.length < 5) failures.push(`threw ${String(err)} on ${shown(frag)}`);
          return true;
        }
        const dt = performance.now() - t;
        decodeMs += dt;
        if (dt > slowest) [slowest, slowestFragment] = [dt, frag];
        const v = violations(result.shared);
        if (v.length > 0) {
          invalid++;
          if (failures.length < 5) failures.push(`invalid (${v.join(', ')}) for ${shown(frag)}`);
        }
        const p = noticeProblems(result.notices);
        if (p.length > 0) {
          badNotices++;
          if (failures.length < 5) failures.push(`notices: ${p.join(', ')} for ${shown(frag)}`);
        }
        const quiet = silentRepairs(frag, result.shared, result.notices);
        if (quiet.length > 0) {
          silent++;
          if (failures.length < 5) failures.push(`${quiet.join(', ')} repaired without a notice in ${shown(frag)}`);
        }
        if (result.notices.length > 0) withNotices++;
        return true;
      }),
      { numRuns: FRAGMENTS, seed: SEED },
    );
    report('fragments', {
      count,
      exceptions,
      invalid,
      badNotices,
      silentRepairs: silent,
      withNotices,
      meanChars: Math.round(chars / count),
      decodeMs: Math.round(decodeMs),
      slowestDecodeMs: slowest.toFixed(2),
      // The slowest decode timed again: a pause of the machine, or a fragment that is slow to decode.
      slowestRetimedMs: retime(slowestFragment).toFixed(3),
      slowestChars: slowestFragment.length,
      totalMs: Math.round(performance.now() - t0),
    });
    expect(failures).toEqual([]);
    expect(count).toBe(FRAGMENTS);
  }, TIMEOUT);

  it(`round-trips ${ROUND_TRIPS} valid states with zero notices`, () => {
    let count = 0;
    let mismatches = 0;
    let chars = 0;
    const failures: string[] = [];
    const t0 = performance.now();
    fc.assert(
      fc.property(validShared, (s) => {
        count++;
        const frag = encode(s);
        chars += frag.length;
        const { shared, notices } = decode(frag);
        if (notices.length > 0 || !same(shared, s) || encode(shared) !== frag || frag.length > MAX_FRAGMENT) {
          mismatches++;
          if (failures.length < 5) failures.push(`${shown(frag)} → ${JSON.stringify(notices)}`);
        }
        return true;
      }),
      { numRuns: ROUND_TRIPS, seed: SEED },
    );
    report('roundTrips', { count, mismatches, meanChars: Math.round(chars / count), totalMs: Math.round(performance.now() - t0) });
    expect(failures).toEqual([]);
  }, TIMEOUT);

  it(`flags every cut of ${CUT_LINKS} links as incomplete (or decodes it to the same experiment)`, () => {
    let links = 0;
    let cuts = 0;
    let flagged = 0;
    let identical = 0;
    let silent = 0;
    let invalid = 0;
    const failures: string[] = [];
    const t0 = performance.now();
    fc.assert(
      fc.property(validShared, (s) => {
        links++;
        const frag = encode(s);
        // Length 0 is no fragment at all: the page itself, indistinguishable from a visit without a link.
        for (let n = 1; n <= frag.length; n++) {
          const cut = frag.slice(0, n);
          cuts++;
          const { shared, notices } = decode(cut);
          if (violations(shared).length > 0) invalid++;
          if (notices.some((x) => x.key === 'link' && x.message.includes(INCOMPLETE))) flagged++;
          else if (n === frag.length ? notices.length === 0 && same(shared, s) : encode(shared) === frag) identical++;
          else {
            silent++;
            if (failures.length < 5) failures.push(`cut at ${n}: ${shown(cut)} → ${JSON.stringify(notices)}`);
          }
        }
        return true;
      }),
      { numRuns: CUT_LINKS, seed: SEED },
    );
    report('cuts', { links, cuts, flaggedIncomplete: flagged, identical, silentlyDifferent: silent, invalid, totalMs: Math.round(performance.now() - t0) });
    expect(failures).toEqual([]);
    expect(invalid).toBe(0);
  }, TIMEOUT);

  it('reports what refusing an over-long fragment costs at three sizes (a figure, not a test of time)', () => {
    const sizes = [MAX_FRAGMENT + 1, 1024 * 1024, 64 * 1024 * 1024];
    const perCallUs = sizes.map((n) => {
      const s = 'x'.repeat(n);
      let best = Infinity;
      for (let batch = 0; batch < 5; batch++) {
        const t = performance.now();
        for (let i = 0; i < 400; i++) decode(s);
        best = Math.min(best, ((performance.now() - t) / 400) * 1000);
      }
      return best;
    });
    report('refusal', Object.fromEntries(sizes.map((n, i) => [`us@${n}chars`, perCallUs[i]!.toFixed(2)])));
    expect(perCallUs.every(Number.isFinite)).toBe(true);
  });
});

describe('codec fuzz, MLP links and decodeAny', () => {
  it(`decodeAny reads ${ANY_FRAGMENTS} fragments (a half MLP links) with no exception, a valid state, a notice for every repair, and decode's result for sigmoid links`, () => {
    let count = 0;
    let mlp = 0;
    let exceptions = 0;
    let invalid = 0;
    let badNotices = 0;
    let silent = 0;
    let differentFromDecode = 0;
    const failures: string[] = [];
    const t0 = performance.now();
    fc.assert(
      fc.property(anyFragment, (frag) => {
        count++;
        let any: ReturnType<typeof decodeAny>;
        let app: ReturnType<typeof decode>;
        try {
          any = decodeAny(frag);
          app = decode(frag);
        } catch (err) {
          exceptions++;
          if (failures.length < 5) failures.push(`threw ${String(err)} on ${shown(frag)}`);
          return true;
        }
        if (any.shared.experiment.problem === 'mlp') mlp++;
        const v = [...anyViolations(any.shared), ...violations(app.shared)];
        if (v.length > 0) {
          invalid++;
          if (failures.length < 5) failures.push(`invalid (${v.join(', ')}) for ${shown(frag)}`);
        }
        const p = [...noticeProblems(any.notices), ...noticeProblems(app.notices)];
        if (p.length > 0) {
          badNotices++;
          if (failures.length < 5) failures.push(`notices: ${p.join(', ')} for ${shown(frag)}`);
        }
        const quiet = [...silentRepairs(frag, any.shared, any.notices, false), ...silentRepairs(frag, app.shared, app.notices, true)];
        if (quiet.length > 0) {
          silent++;
          if (failures.length < 5) failures.push(`${quiet.join(', ')} repaired without a notice in ${shown(frag)}`);
        }
        if (any.shared.experiment.problem !== 'mlp' && !same(any, app)) {
          differentFromDecode++;
          if (failures.length < 5) failures.push(`decodeAny and decode differ on ${shown(frag)}`);
        }
        return true;
      }),
      { numRuns: ANY_FRAGMENTS, seed: SEED },
    );
    report('anyFragments', { count, mlp, exceptions, invalid, badNotices, silentRepairs: silent, differentFromDecode, totalMs: Math.round(performance.now() - t0) });
    expect(failures).toEqual([]);
    expect(mlp).toBeGreaterThan(count / 4);
  }, TIMEOUT);

  it(`round-trips ${MLP_ROUND_TRIPS} valid MLP states with zero notices`, () => {
    let count = 0;
    let mismatches = 0;
    const failures: string[] = [];
    const t0 = performance.now();
    fc.assert(
      fc.property(validMlpShared, (s) => {
        count++;
        const frag = encode(s);
        const { shared, notices } = decodeAny(frag);
        if (notices.length > 0 || !same(shared, s) || encode(shared) !== frag || frag.length > MAX_FRAGMENT) {
          mismatches++;
          if (failures.length < 5) failures.push(`${shown(frag)} → ${JSON.stringify(notices)}`);
        }
        return true;
      }),
      { numRuns: MLP_ROUND_TRIPS, seed: SEED },
    );
    report('mlpRoundTrips', { count, mismatches, totalMs: Math.round(performance.now() - t0) });
    expect(failures).toEqual([]);
  }, TIMEOUT);

  it(`flags every cut of ${MLP_CUT_LINKS} MLP links as incomplete (or decodes it to the same experiment)`, () => {
    let cuts = 0;
    let silent = 0;
    let invalid = 0;
    const failures: string[] = [];
    fc.assert(
      fc.property(validMlpShared, (s) => {
        const frag = encode(s);
        for (let n = 1; n <= frag.length; n++) {
          const cut = frag.slice(0, n);
          cuts++;
          const { shared, notices } = decodeAny(cut);
          if (anyViolations(shared).length > 0) invalid++;
          if (notices.some((x) => x.key === 'link' && x.message.includes(INCOMPLETE))) continue;
          if (n === frag.length ? notices.length === 0 && same(shared, s) : encode(shared) === frag) continue;
          silent++;
          if (failures.length < 5) failures.push(`cut at ${n}: ${shown(cut)} → ${JSON.stringify(notices)}`);
        }
        return true;
      }),
      { numRuns: MLP_CUT_LINKS, seed: SEED },
    );
    report('mlpCuts', { cuts, silentlyDifferent: silent, invalid });
    expect(failures).toEqual([]);
    expect(invalid).toBe(0);
  }, TIMEOUT);
});
