import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMBED_VIEWS, HIDE_PARTS, type AnyShared } from '../../../src/protocol/experiment';
import { decode, decodeAny, defaultMlpShared, defaultShared, encode } from '../../../src/url/codec';
import { MAX_HIDE_ENTRIES, readHide } from '../../../src/url/embedFields';
import { sign } from '../../../src/url/checksum';
import { embedView, hideParts, validMlpShared, validShared } from './arbitraries';

const link = (extra: string, base: AnyShared = defaultShared()) => sign(`${encode(base).replace(/&c=[0-9a-f]{8}$/, '')}&${extra}`);

describe('hide', () => {
  it('hides the parts a link names, in the table order, and writes them back the same way', () => {
    const { shared, notices } = decode(link('hide=legend,controls,map'));
    expect(notices).toEqual([]);
    expect(shared.view.hide).toEqual(['controls', 'legend', 'map']);
    expect(encode(shared)).toContain('&hide=controls,legend,map&');
  });

  it('names unknown and repeated parts in one notice and hides the rest', () => {
    const { shared, notices } = decode(link('hide=controls,sliders,legend,controls,%22x%22'));
    expect(shared.view.hide).toEqual(['controls', 'legend']);
    expect(notices).toEqual([{ key: 'hide', message: expect.stringMatching(/^hide "sliders", ""x"" are not parts of the page \(controls, .*\); lists controls twice; the rest applied$/) }]);
  });

  it('refuses a list longer than its bound as a whole, with a notice', () => {
    const { shared, notices } = decode(link(`hide=${Array(MAX_HIDE_ENTRIES + 1).fill('map').join(',')}`));
    expect(shared.view.hide).toEqual([]);
    expect(notices.map((n) => n.key)).toEqual(['hide']);
    expect(notices[0]!.message).toContain(`more than ${MAX_HIDE_ENTRIES} entries`);
  });

  it('reads hostile entries as unknown parts, never as inherited properties', () => {
    for (const raw of ['constructor', '__proto__', 'toString', 'hasOwnProperty,map']) {
      const r = readHide(raw);
      expect(r.value).toEqual(raw.endsWith('map') ? ['map'] : []);
      expect(r.problems.length).toBe(1);
    }
  });

  it('is bounded in work: a long value is cut at the entry limit before it is read', () => {
    const t = performance.now();
    readHide(`${'controls,'.repeat(100_000)}x`);
    expect(performance.now() - t).toBeLessThan(200);
  });

  it('keeps the other keys of the link: hiding the controls drops no runs', () => {
    const base = decode('runs=gd(eta:0.5),momentum&off=2&eta=0.3').shared;
    const { shared, notices } = decode(link('hide=controls,runs', base));
    expect(notices).toEqual([]);
    expect(shared.experiment.runs).toEqual(base.experiment.runs);
    expect(shared.view.off).toEqual([1]);
    expect(encode(shared)).toContain('runs=gd(eta:0.5),momentum');
  });
});

describe('embed', () => {
  it('shows one view of either lab', () => {
    for (const v of EMBED_VIEWS) {
      expect(decode(link(`embed=${v}`)).shared.view.embed).toBe(v);
      const mlp = decodeAny(link(`embed=${v}`, defaultMlpShared()));
      expect(mlp.notices).toEqual([]);
      expect(mlp.shared.view.embed).toBe(v);
    }
  });

  it('names an unknown view and shows the whole page', () => {
    const { shared, notices } = decode(link('embed=legend'));
    expect(shared.view.embed).toBeNull();
    expect(notices).toEqual([{ key: 'embed', message: expect.stringContaining('"legend" is not one of surface, contour, loss, data, map') }]);
  });

  it('shows the contour plot, with a notice, for embed=data on a surface without data', () => {
    const { shared, notices } = decode(`problem=quadratic&embed=data`);
    expect(shared.view.embed).toBe('contour');
    expect(notices.map((n) => n.key)).toEqual(['embed']);
  });
});

describe('hide and embed round-trip', () => {
  it('encode then decode gives every valid state back with no notices (both labs)', () => {
    fc.assert(
      fc.property(validShared, hideParts, embedView, (s, hide, embed) => {
        const state = { ...s, view: { ...s.view, hide, embed: embed === 'data' && s.experiment.problem !== 'sigmoid' ? 'contour' : embed } } as AnyShared;
        expect(decodeAny(encode(state))).toEqual({ shared: state, notices: [] });
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(validMlpShared, (s) => {
        expect(decodeAny(encode(s))).toEqual({ shared: s, notices: [] });
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it('the lenient reading agrees with the strict one on every valid list', () => {
    fc.assert(
      fc.property(fc.subarray([...HIDE_PARTS]), fc.boolean(), (parts, shuffled) => {
        const text = (shuffled ? [...parts].reverse() : parts).join(',');
        expect(readHide(text)).toEqual({ value: parts, problems: [] });
      }),
    );
  });
});
