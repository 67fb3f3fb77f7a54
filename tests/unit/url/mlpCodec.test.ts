import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyShared, MlpExperiment } from '../../../src/protocol/experiment';
import { sign } from '../../../src/url/checksum';
import { decode, decodeAny, defaultMlpShared, defaultShared, encode, INCOMPLETE, MLP_NOT_IN_BROWSER } from '../../../src/url/codec';
import { MLP_MAX_STEPS } from '../../../src/url/mlpFields';
import { MAX_FRAGMENT, MLP_KEYS, type MlpKey } from '../../../src/url/table';
import { runsOfOpt } from '../../../src/url/runsField';
import { anyViolations, expectValidAny, HOSTILE, mlpSoupLink, noticeProblems, soupLink, validMlpShared } from './arbitraries';

const PROPERTY_TIMEOUT = 30_000;
const DEFAULT_LINK = encode(defaultMlpShared());

const mlpOf = (s: AnyShared): MlpExperiment => {
  if (s.experiment.problem !== 'mlp') throw new Error(`expected an MLP experiment, got ${s.experiment.problem}`);
  return s.experiment;
};

/** Values each MLP key refuses on its own (cross-key rules are tested below). */
const INVALID: Record<Exclude<MlpKey, 'v' | 'problem' | 'eta' | 'gamma' | 'steps' | 'opt' | 'runs' | 'off' | 'theory' | 'show' | 'scene' | 'hide' | 'embed' | 'grid' | 'layout' | 't' | 'cam'>, readonly string[]> = {
  dataset: [...HOSTILE, 'gauss', 'Circle', 'moons'],
  noise: [...HOSTILE, '-0.1', '1.5'],
  size: [...HOSTILE, '0', '501', '20.5', '-0'],
  seed: [...HOSTILE, '-1', '2147483648', '1.5'],
  arch: [...HOSTILE, '2', '2-', '-2-1', '2-8-8-8-8-8-1', '4-8-1', '2-17-1', '2-0-1', '2-8-3', '2-8.5-1', '2,8,1', '2-8-1-', '0-1'],
  act: [...HOSTILE, 'softmax', 'Tanh'],
  outact: [...HOSTILE, 'softmax'],
  loss: [...HOSTILE, 'mae', 'MSE'],
  slice: [...HOSTILE, 'pca2', 'param'],
  pair: [...HOSTILE, '1', '1,1', '1,2,3', '-1,2', '914,0', '0.5,1', ',1'],
  train: [...HOSTILE, 'both', 'true', '1'],
  center: [...HOSTILE, 'middle', 'START'],
  extent: [...HOSTILE, '0', '0.001', '101', '-1'],
  init: [...HOSTILE, '0', '0.001', '100.5', '-1', '1e400', '0x10'],
  // An empty list is valid for the point edits (no edits), so the blank hostile values are left out.
  drop: [...HOSTILE.filter((h) => h.trim() !== ''), '-1', '500', '1,1', '1.5', '1,,2'],
  add: [...HOSTILE.filter((h) => h.trim() !== ''), '1', '1:2:3:4', '0:0:2', '0:0:0.5', '4:0:1', '0:0:1,0:0', 'a:b', '0:NaN'],
};
const INVALID_KEYS = Object.keys(INVALID) as (keyof typeof INVALID)[];

/** The MLP link with one key's value replaced, checksum recomputed (as if the app had written it). */
function withField(fragment: string, key: string, raw: string): string {
  const parts = fragment.split('&').filter((part) => !part.startsWith('c='));
  // Optional keys (drop, add) are absent from links without edits: then the key is appended.
  if (!parts.some((part) => part.startsWith(`${key}=`))) parts.push(`${key}=${raw}`);
  return sign(parts.map((part) => (part.startsWith(`${key}=`) ? `${key}=${raw}` : part)).join('&'));
}

describe('decodeAny of MLP links', () => {
  it('reads problem=mlp alone as the default MLP experiment: 2-8-8-1 tanh/sigmoid, mse, 200 circle points, noise 0.1, seed 1, pca', () => {
    const { shared, notices } = decodeAny('#problem=mlp');
    expect(notices).toEqual([]);
    expect(shared).toEqual(defaultMlpShared());
    expect(shared.experiment).toEqual({
      problem: 'mlp',
      layers: [2, 8, 8, 1],
      activation: 'tanh',
      outputActivation: 'sigmoid',
      loss: 'mse',
      dataset: 'circle',
      noise: 0.1,
      size: 200,
      drop: [],
      add: [],
      seed: 1,
      init: 1,
      slice: 'pca',
      pair: [0, 1],
      trainOnly: false,
      center: 'end',
      extent: 1,
      eta: 1,
      gamma: 0.9,
      steps: 1000,
      runs: runsOfOpt(['gd', 'momentum', 'nesterov']),
      grid: 128,
    });
    expect(shared.view).toEqual(defaultShared().view);
  });

  it('writes only the MLP keys, in table order, with the checksum last', () => {
    // drop and add are written only when the points were edited, init only when it is not 1.
    expect(DEFAULT_LINK.split('&').map((p) => p.slice(0, p.indexOf('=')))).toEqual([...MLP_KEYS.filter((k) => k !== 'drop' && k !== 'add' && k !== 'init' && k !== 'runs' && k !== 'off' && k !== 'theory' && k !== 'show' && k !== 'scene' && k !== 'hide' && k !== 'embed'), 'c']);
    expect(MLP_KEYS).toEqual(['v', 'problem', 'dataset', 'noise', 'size', 'drop', 'add', 'seed', 'arch', 'act', 'outact', 'loss', 'init', 'eta', 'gamma', 'steps', 'opt', 'runs', 'slice', 'pair', 'train', 'center', 'extent', 'grid', 'layout', 'off', 'show', 'scene', 'hide', 'embed', 'theory', 't', 'cam']);
    expect(DEFAULT_LINK).toBe(
      'v=2&problem=mlp&dataset=circle&noise=0.1&size=200&seed=1&arch=2-8-8-1&act=tanh&outact=sigmoid&loss=mse&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&slice=pca&pair=0,1&train=all&center=end&extent=1&grid=128&layout=overlay&t=1000&cam=40,25,4.2&c=86531fe7',
    );
  });

  it('writes init only when it is not 1, after loss, and reads it back', () => {
    const e = mlpOf(defaultMlpShared());
    const link = encode({ ...defaultMlpShared(), experiment: { ...e, init: 30 } });
    expect(link).toContain('&loss=mse&init=30&eta=1&');
    const { shared, notices } = decodeAny(link);
    expect(notices).toEqual([]);
    expect(mlpOf(shared).init).toBe(30);
    expect(encode({ ...defaultMlpShared(), experiment: { ...e, init: 1 } })).toBe(DEFAULT_LINK);
  });

  it('refuses an init outside 0.01 … 100 with a notice naming it, and uses 1', () => {
    for (const raw of ['0', '0.009', '101', '-3', '1e400', 'NaN', 'big']) {
      const { shared, notices } = decodeAny(`#problem=mlp&init=${raw}`);
      expect(mlpOf(shared).init).toBe(1);
      expect(notices.map((n) => n.key)).toEqual(['init']);
      expect(notices[0]!.message).toMatch(/^init .*using the default 1$/);
    }
    expect(mlpOf(decodeAny('#problem=mlp&init=0.01').shared).init).toBe(0.01);
    expect(mlpOf(decodeAny('#problem=mlp&init=100').shared).init).toBe(100);
  });

  it('round-trips arbitrary valid MLP states with zero notices', () => {
    fc.assert(
      fc.property(validMlpShared, (s) => {
        const frag = encode(s);
        expect(frag.length).toBeLessThanOrEqual(MAX_FRAGMENT);
        const { shared, notices } = decodeAny(frag);
        expect(notices).toEqual([]);
        expect(shared).toEqual(s);
        expect(encode(shared)).toBe(frag);
      }),
      { numRuns: 500 },
    );
  }, PROPERTY_TIMEOUT);

  it('gives sine a 1-input network and an identity output when the link does not say otherwise', () => {
    const { shared, notices } = decodeAny('problem=mlp&dataset=sine');
    expect(notices).toEqual([]);
    expect(mlpOf(shared).layers).toEqual([1, 8, 8, 1]);
    expect(mlpOf(shared).outputActivation).toBe('identity');
    expect(mlpOf(decodeAny('problem=mlp&dataset=sine&outact=tanh&arch=1-4-2').shared)).toMatchObject({ layers: [1, 4, 2], outputActivation: 'tanh' });
  });

  it('turns each hostile value into a notice naming its field while the other fields keep their given values', () => {
    const cases = INVALID_KEYS.flatMap((k) => INVALID[k].map((raw) => [k, raw] as const));
    fc.assert(
      fc.property(validMlpShared, fc.constantFrom(...cases), (s, [key, raw]) => {
        const { shared, notices } = decodeAny(withField(encode(s), key, raw));
        expectValidAny(shared);
        expect(notices.map((n) => n.key)).toContain(key);
        const given = mlpOf(s);
        const got = mlpOf(shared);
        // Every field the replaced key does not feed keeps its value (pair depends on arch, arch and
        // outact on the data set, loss on the data set).
        const feeds: Record<string, readonly (keyof MlpExperiment)[]> = {
          // A data set that falls back may add an input to the arch, and Newton past 128 parameters is dropped (1-11-8-1 → 2-11-8-1).
          dataset: ['dataset', 'layers', 'loss', 'add', 'runs'],
          arch: ['layers', 'pair'],
          act: ['activation'],
          outact: ['outputActivation'],
          loss: ['loss'],
          noise: ['noise'],
          size: ['size', 'drop'],
          drop: ['drop'],
          add: ['add'],
          seed: ['seed'],
          slice: ['slice'],
          pair: ['pair'],
          train: ['trainOnly'],
          center: ['center'],
          extent: ['extent'],
          init: ['init'],
        };
        for (const f of Object.keys(given) as (keyof MlpExperiment)[]) {
          if (!feeds[key]!.includes(f)) expect(got[f], f).toEqual(given[f]);
        }
        // A run dropped by a data set's repair takes its hidden-run index (and a theory past the list) with it.
        const n = got.runs.length;
        expect(shared.view).toEqual({ ...s.view, off: s.view.off.filter((i) => i < n), theory: s.view.theory < Math.max(1, n) ? s.view.theory : 0 });
        if (n === given.runs.length) expect(shared.view).toEqual(s.view);
        // Besides the key itself, only the cross-key repairs may speak (add: its points no longer fit a
        // data set that fell back to the default; drop: indices past a size that did; runs and off: a run
        // the repaired network cannot take, and its hidden-run index).
        for (const n of notices) expect([key, 'arch', 'loss', 'pair', 'add', 'drop', 'runs', 'off']).toContain(n.key);
      }),
      { numRuns: 1500 },
    );
  }, PROPERTY_TIMEOUT);

  it('reads point edits (drop, add), writes them only when there are some, and repairs those that do not fit', () => {
    const { shared, notices } = decodeAny('problem=mlp&dataset=xor&size=10&drop=7,2&add=0.5:-0.25:1,1:1:0');
    expect(notices).toEqual([]);
    expect(mlpOf(shared)).toMatchObject({ drop: [2, 7], add: [[0.5, -0.25, 1], [1, 1, 0]] });
    const link = encode(shared);
    expect(link).toContain('&size=10&drop=2,7&add=0.5:-0.25:1,1:1:0&seed=');
    expect(decodeAny(link)).toEqual({ shared, notices: [] });
    expect(encode(defaultMlpShared())).not.toMatch(/drop=|add=/);
    // Indices past the generated points, and points of the other data set's shape, are named and ignored.
    const past = decodeAny('problem=mlp&size=5&drop=1,6');
    expect(mlpOf(past.shared).drop).toEqual([1]);
    expect(past.notices).toEqual([{ key: 'drop', message: expect.stringMatching(/drop 6 is past the 5 generated points/) }]);
    const shape = decodeAny('problem=mlp&dataset=sine&add=0:0:1');
    expect(mlpOf(shape.shared).add).toEqual([]);
    expect(shape.notices).toEqual([{ key: 'add', message: expect.stringMatching(/x1:x2:class points but dataset sine needs x:y/) }]);
    // Removing every point without adding one would leave nothing to fit.
    const empty = decodeAny('problem=mlp&size=2&drop=0,1');
    expect(mlpOf(empty.shared).drop).toEqual([]);
    expect(empty.notices.map((n) => n.key)).toEqual(['drop']);
  });

  it('sets the inputs of an arch that does not fit the data set, with a notice on arch', () => {
    const { shared, notices } = decodeAny('problem=mlp&dataset=sine&arch=2-4-4-1');
    expect(mlpOf(shared).layers).toEqual([1, 4, 4, 1]);
    expect(notices).toEqual([{ key: 'arch', message: expect.stringMatching(/2 inputs but dataset sine has 1; using 1-4-4-1/) }]);
    expect(mlpOf(decodeAny('problem=mlp&dataset=xor&arch=1-3-1').shared).layers).toEqual([2, 3, 1]);
    expect(decodeAny('problem=mlp&dataset=xor&arch=3-3-1').notices.map((n) => n.key)).toEqual(['arch']);
  });

  it('refuses bce for the sine regression, with a notice on loss', () => {
    const { shared, notices } = decodeAny('problem=mlp&dataset=sine&loss=bce');
    expect(mlpOf(shared).loss).toBe('mse');
    expect(notices.map((n) => n.key)).toEqual(['loss']);
    expect(decodeAny('problem=mlp&dataset=spiral&loss=bce').notices).toEqual([]);
  });

  it('refuses a pair outside θ of the arch, with a notice on pair', () => {
    // 2-2-1 has 2·2 + 2 + 2·1 + 1 = 9 parameters: 0 … 8.
    expect(decodeAny('problem=mlp&arch=2-2-1&pair=8,0').notices).toEqual([]);
    const { shared, notices } = decodeAny('problem=mlp&arch=2-2-1&pair=9,0');
    expect(mlpOf(shared).pair).toEqual([0, 1]);
    expect(notices).toEqual([{ key: 'pair', message: expect.stringContaining('outside the 9 parameters (0 to 8) of arch 2-2-1') }]);
    expect(decodeAny('problem=mlp&pair=913,0').notices.map((n) => n.key)).toEqual(['pair']);
  });

  it(`caps an MLP at ${MLP_MAX_STEPS} steps (the sigmoid lab allows 100 000), clamping t to the repaired steps`, () => {
    expect(mlpOf(decodeAny(`problem=mlp&steps=${MLP_MAX_STEPS}`).shared).steps).toBe(MLP_MAX_STEPS);
    const { shared, notices } = decodeAny(`problem=mlp&steps=${MLP_MAX_STEPS + 1}&t=3000`);
    expect(mlpOf(shared).steps).toBe(1000);
    expect(shared.view.t).toBe(1000);
    expect(notices.map((n) => n.key)).toEqual(['steps', 't']);
    expect(decode(`steps=${MLP_MAX_STEPS + 1}`).notices).toEqual([]);
  });

  it('names and ignores the keys of the other problem, in both directions', () => {
    const mlp = decodeAny('problem=mlp&data=1:1&eta=0.5&range=-1,1,-1,1&start=0,0');
    expect(mlp.notices.map((n) => n.key)).toEqual(['data', 'range', 'start']);
    expect(mlp.notices[0]!.message).toBe('data is only used with problem=sigmoid; ignored');
    expect(mlpOf(mlp.shared).eta).toBe(0.5);
    for (const read of [decode, decodeAny]) {
      const sig = read('arch=2-3-1&eta=0.5&seed=7&problem=sigmoid');
      expect(sig.notices.map((n) => n.key)).toEqual(['arch', 'seed']);
      expect(sig.notices[0]!.message).toBe('arch is only used with problem=mlp; ignored');
      expect(sig.shared).toEqual({ ...defaultShared(), experiment: { ...defaultShared().experiment, eta: 0.5 } });
    }
  });

  it('looks MLP enum values up by own name, so constructor and __proto__ are refused values', () => {
    const { shared, notices } = decodeAny('problem=mlp&act=constructor&dataset=__proto__&loss=toString&slice=valueOf&center=hasOwnProperty');
    expect(notices.map((n) => n.key)).toEqual(['act', 'dataset', 'loss', 'slice', 'center']);
    expect(shared).toEqual(defaultMlpShared());
  });

  it('says a cut or edited MLP link is incomplete, and still loads what it has', () => {
    const cut = DEFAULT_LINK.slice(0, DEFAULT_LINK.indexOf('&grid='));
    expect(decodeAny(cut).notices).toEqual([{ key: 'link', message: expect.stringContaining(INCOMPLETE) }]);
    expect(decodeAny(cut).shared).toEqual(defaultMlpShared());
    const edited = DEFAULT_LINK.replace('seed=1&', 'seed=2&');
    expect(mlpOf(decodeAny(edited).shared).seed).toBe(2);
    expect(decodeAny(edited).notices).toEqual([{ key: 'link', message: expect.stringContaining(INCOMPLETE) }]);
  });

  it('never throws and always returns a valid state for hostile MLP links and arbitrary strings', () => {
    const check = (s: string) => {
      const { shared, notices } = decodeAny(s);
      const problems = [...anyViolations(shared), ...noticeProblems(notices)];
      if (problems.length > 0) throw new Error(`${problems.join(', ')} for ${JSON.stringify(s)}`);
    };
    fc.assert(fc.property(mlpSoupLink, check), { numRuns: 1500 });
    fc.assert(fc.property(soupLink, check), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('refuses an MLP fragment over MAX_FRAGMENT characters with one notice and the sigmoid default', () => {
    const { shared, notices } = decodeAny(`problem=mlp&${'&'.repeat(MAX_FRAGMENT)}`);
    expect(notices.map((n) => n.key)).toEqual(['link']);
    expect(shared).toEqual(defaultShared());
  });
});

describe('decode (the app) of MLP links', () => {
  it('shows the sigmoid lab with a notice on problem that the MLP lab is not in the browser yet', () => {
    const { shared, notices } = decode(DEFAULT_LINK);
    expect(notices).toEqual([{ key: 'problem', message: MLP_NOT_IN_BROWSER }]);
    expect(shared).toEqual(defaultShared());
  });

  it('keeps the shared keys of the link and skips its MLP keys without a notice each, even invalid ones', () => {
    const { shared, notices } = decode('problem=mlp&arch=junk&seed=-4&eta=0.25&steps=40');
    expect(notices).toEqual([{ key: 'problem', message: MLP_NOT_IN_BROWSER }]);
    expect(shared.experiment).toEqual({ ...defaultShared().experiment, eta: 0.25, steps: 40 });
    expect(shared.view.t).toBe(40);
  });

  it('agrees with decodeAny on every link that decodeAny reads as a sigmoid link', () => {
    fc.assert(
      fc.property(fc.oneof(soupLink, fc.string(), mlpSoupLink.map((l) => l.replace('problem=mlp', 'problem=sigmoid'))), (s) => {
        const any = decodeAny(s);
        if (any.shared.experiment.problem === 'sigmoid') expect(decode(s)).toEqual(any);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT);
});
