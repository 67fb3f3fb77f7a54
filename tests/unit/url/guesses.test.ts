import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, defaultShared } from '../../../src/url/codec';
import { sign } from '../../../src/url/checksum';
import { GUESS_LIMIT, guessesField, MAX_GUESSES } from '../../../src/url/guessFields';
import { num } from './arbitraries';
import { LECTURE_GUESSES } from '../../../src/lab/guesses';

/** The lecture link with `extra` keys added (keys it already has are replaced), signed as the app would. */
const link = (extra: string) => {
  const given = new Set(extra.split('&').map((p) => p.split('=')[0]));
  const own = encode(defaultShared()).split('&').filter((p) => !p.startsWith('c=') && !given.has(p.split('=')[0]));
  return sign([...own, extra].join('&'));
};

describe('the guess link keys', () => {
  it('leave a link without guesses as it was: guess and guesses are written only when they say something', () => {
    const frag = encode(defaultShared());
    expect(frag).not.toMatch(/(^|&)guess(es)?=/);
    expect(decode(frag).shared.view).toMatchObject({ guess: false, guesses: [] });
  });

  it('read guess=1 and a list of w:b guesses in order, with no notice', () => {
    const { shared, notices } = decode(link('guess=1&guesses=0.5:0,-0.1:0,1.78:-2.27'));
    expect(notices).toEqual([]);
    expect(shared.view.guess).toBe(true);
    expect(shared.view.guesses).toEqual([
      [0.5, 0],
      [-0.1, 0],
      [1.78, -2.27],
    ]);
  });

  it('round-trip any list of up to MAX_GUESSES guesses within the bounds, in guess mode or not', () => {
    const guesses = fc.array(fc.tuple(num(-GUESS_LIMIT, GUESS_LIMIT), num(-GUESS_LIMIT, GUESS_LIMIT)), { maxLength: MAX_GUESSES });
    fc.assert(
      fc.property(guesses, fc.boolean(), (gs, on) => {
        const s = defaultShared();
        const shared = { ...s, view: { ...s.view, guess: on, guesses: gs } };
        const back = decode(encode(shared));
        expect(back.notices).toEqual([]);
        expect(back.shared).toEqual(shared);
      }),
      { numRuns: 200 },
    );
  });

  it('accept the bounds themselves and refuse anything past them', () => {
    expect(guessesField.parse(`${GUESS_LIMIT}:-${GUESS_LIMIT}`)).toEqual({ ok: true, value: [[GUESS_LIMIT, -GUESS_LIMIT]] });
    expect(guessesField.parse(Array(MAX_GUESSES).fill('1:1').join(',')).ok).toBe(true);
    expect(guessesField.parse(Array(MAX_GUESSES + 1).fill('1:1').join(','))).toEqual({ ok: false, why: `has more than ${MAX_GUESSES} guesses` });
    expect(guessesField.parse(`0:0,${GUESS_LIMIT + 1}:0`)).toEqual({ ok: false, why: `guess 2: w ${GUESS_LIMIT + 1} is outside [-${GUESS_LIMIT}, ${GUESS_LIMIT}]` });
    expect(guessesField.parse('0:NaN')).toEqual({ ok: false, why: 'guess 1: b "NaN" is not a number' });
    expect(guessesField.parse('0.5')).toEqual({ ok: false, why: 'guess 1 "0.5" is not w:b' });
  });

  it('turn a bad guess list into a notice naming guesses and what was wrong, keep the table empty and every other key as given', () => {
    const { shared, notices } = decode(link('guess=1&eta=0.5&guesses=0.5:0,2:Infinity'));
    expect(notices).toEqual([{ key: 'guesses', message: 'guesses guess 2: b "Infinity" is not a number; using the default (none)' }]);
    expect(shared.view.guesses).toEqual([]);
    expect(shared.view.guess).toBe(true);
    expect(shared.experiment.eta).toBe(0.5);
  });

  it('name a bad guess mode in a notice and leave guess mode off', () => {
    const { shared, notices } = decode(link('guess=yes'));
    expect(notices.map((n) => n.key)).toEqual(['guess']);
    expect(notices[0]!.message).toContain('"yes" is not 1 or 0');
    expect(shared.view.guess).toBe(false);
  });

  it('are read for every plane surface, not only the sigmoid neuron', () => {
    const { shared, notices } = decode(sign('problem=rosenbrock&guess=1&guesses=1:1'));
    expect(notices).toEqual([]);
    expect(shared.experiment.problem).toBe('rosenbrock');
    expect(shared.view.guesses).toEqual([[1, 1]]);
  });

  it('never throw and always give a valid, bounded list for arbitrary guesses text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.tuple(fc.oneof(fc.double().map(String), fc.string({ maxLength: 4 })), fc.double().map(String)), { maxLength: 120 }).map((ps) => ps.map(([w, b]) => `${w}:${b}`).join(','))), (raw) => {
        const { shared, notices } = decode(link(`guesses=${encodeURIComponent(raw)}`));
        const gs = shared.view.guesses;
        expect(gs.length).toBeLessThanOrEqual(MAX_GUESSES);
        for (const g of gs) for (const x of g) expect(Number.isFinite(x) && Math.abs(x) <= GUESS_LIMIT).toBe(true);
        if (!guessesField.parse(raw).ok) expect(notices.map((n) => n.key)).toContain('guesses');
      }),
      { numRuns: 300 },
    );
  });
});

describe("README's link of the lecture's guess table", () => {
  it('opens guess mode with the lecture guesses in order, with no notice, and is the link the app writes', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const frag = readme.split('\n').map((l) => l.trim()).find((l) => l.startsWith('#v=') && l.includes('&guesses='));
    expect(frag).toBeDefined();
    const { shared, notices } = decode(frag!);
    expect(notices).toEqual([]);
    expect(shared.view.guess).toBe(true);
    expect(shared.view.guesses).toEqual(LECTURE_GUESSES.map((g) => g.guess));
    expect(`#${encode(shared)}`).toBe(frag);
  });
});
