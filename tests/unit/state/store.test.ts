import { describe, expect, it, vi } from 'vitest';
import type { AnyExperiment, Experiment, RunSpec } from '../../../src/protocol/experiment';
import { createAppStore, type AppNotice, type RunSummary } from '../../../src/state/store';
import { decode, defaultShared } from '../../../src/url/codec';

// The store must work without React: any import of it in this file fails.
vi.mock('react', () => {
  throw new Error('no React');
});

const fresh = (t?: number) => {
  const shared = defaultShared();
  return createAppStore(t === undefined ? shared : { ...shared, view: { ...shared.view, t } });
};

const runsOf = (link: string): RunSpec[] => [...decode(link).shared.experiment.runs];
const summary = (length: number, kind: 'finished' | 'running' = 'finished'): RunSummary => ({
  status: { kind },
  notes: { indefiniteFrom: null },
  msPerStep: 0,
  length,
  finalLoss: 1 / length,
  startLoss: 0.3,
});

/** The experiment of a store that runs the sigmoid lab. */
const sig = (e: AnyExperiment): Experiment => {
  if (e.problem !== 'sigmoid') throw new Error('expected the sigmoid lab');
  return e;
};

describe('createAppStore', () => {
  it('needs no React: it is created and updated while importing React is impossible', async () => {
    await expect(import('react')).rejects.toThrow();
    const store = fresh();
    store.getState().setExperiment({ eta: 0.5 });
    expect(store.getState().experiment.eta).toBe(0.5);
  });

  it('starts from the shared state it is given, idle, with the notices it is given', () => {
    const notice: AppNotice = { source: 'url', key: 'eta', message: 'bad' };
    const store = createAppStore({ ...defaultShared(), view: { layout: 'split', guess: true, guesses: [[1, 2]], hide: ['runs'], embed: null, show: ['taylor'], scene: 'wells', off: [1], theory: 2, t: 12, camera: [10, 20, 3] } }, [notice]);
    const s = store.getState();
    expect(s.experiment).toEqual(defaultShared().experiment);
    expect(s.layout).toBe('split');
    expect(s.t).toBe(12);
    expect(s.playing).toBe(false);
    expect(s.runs).toEqual([]);
    expect(s.off).toEqual([1]);
    expect(s.notices).toEqual([notice]);
  });

  it('keeps t at the end when it was at the end and the step count changes', () => {
    const store = fresh();
    expect(store.getState().t).toBe(1000);
    store.getState().setExperiment({ steps: 2500 });
    expect(store.getState().t).toBe(2500);
    store.getState().setExperiment({ steps: 40 });
    expect(store.getState().t).toBe(40);
  });

  it('keeps t where it was when it was not at the end, clamping it to the new last step', () => {
    const store = fresh(500);
    store.getState().setExperiment({ steps: 2000 });
    expect(store.getState().t).toBe(500);
    store.getState().setExperiment({ steps: 300 });
    expect(store.getState().t).toBe(300);
  });

  it('replaces the experiment with a new object and leaves the old one untouched', () => {
    const store = fresh();
    const before = store.getState().experiment;
    store.getState().setStart(1, -1);
    store.getState().setData([{ x: 1, y: 0.5 }]);
    const after = sig(store.getState().experiment);
    expect(after).not.toBe(before);
    expect(sig(before).start).toEqual([-2, -2]);
    expect(after.start).toEqual([1, -1]);
    expect(after.data).toEqual([{ x: 1, y: 0.5 }]);
    expect(after.eta).toBe(before.eta);
  });

  it('toggles runs by position, keeping the hidden positions sorted and the run list as it is', () => {
    const store = fresh();
    const before = store.getState().experiment;
    const off = () => store.getState().off;
    store.getState().toggleRun(1);
    expect(off()).toEqual([1]);
    store.getState().toggleRun(0);
    expect(off()).toEqual([0, 1]);
    store.getState().toggleRun(1);
    expect(off()).toEqual([0]);
    store.getState().toggleRun(2);
    store.getState().toggleRun(1);
    expect(off()).toEqual([0, 1, 2]);
    expect(store.getState().experiment).toBe(before);
  });

  it('hides one of two identical runs without hiding the other', () => {
    const store = createAppStore(decode('runs=gd,gd').shared);
    store.getState().toggleRun(1);
    expect(store.getState().off).toEqual([1]);
    expect(store.getState().experiment.runs).toEqual(runsOf('runs=gd,gd'));
  });

  it('sets the hidden runs, dropping positions past the end of the run list', () => {
    const store = fresh();
    store.getState().setOff([0, 2, 3, 7]);
    expect(store.getState().off).toEqual([0, 2]);
  });

  it('replaces the run list, dropping hidden positions that no longer exist', () => {
    const store = fresh();
    store.getState().setOff([0, 2]);
    const runs = runsOf('runs=gd(eta:0.5),rprop');
    store.getState().setRuns(runs);
    expect(store.getState().experiment.runs).toEqual(runs);
    expect(store.getState().off).toEqual([0]);
    store.getState().setRuns(runsOf('runs=gd,gd,gd'));
    expect(store.getState().experiment.runs).toEqual(runsOf('runs=gd,gd,gd'));
    expect(store.getState().off).toEqual([0]);
  });

  it('replaces a run list of the same length: another optimizer or another setting is a new experiment', () => {
    const store = fresh();
    let calls = 0;
    store.subscribe(() => calls++);
    const swapped = runsOf('runs=gd,newton,nesterov');
    store.getState().setRuns(swapped);
    expect(store.getState().experiment.runs).toEqual(swapped);
    const tuned = runsOf('runs=gd,newton(eta:0.5),nesterov');
    store.getState().setExperiment({ runs: tuned });
    expect(store.getState().experiment.runs).toEqual(tuned);
    expect(calls).toBe(2);
    // The same runs again (equal, not identical) change nothing.
    store.getState().setRuns(runsOf('runs=gd,newton(eta:0.5),nesterov'));
    expect(calls).toBe(2);
  });

  it('shows every run of a replaced experiment', () => {
    const store = fresh();
    store.getState().toggleRun(0);
    store.getState().replaceExperiment(decode('runs=gd,momentum').shared.experiment);
    expect(store.getState().off).toEqual([]);
  });

  it('rounds t and clamps it to 0..steps', () => {
    const store = fresh();
    store.getState().setT(12.6);
    expect(store.getState().t).toBe(13);
    store.getState().setT(-5);
    expect(store.getState().t).toBe(0);
    store.getState().setT(1e9);
    expect(store.getState().t).toBe(1000);
  });

  it('ignores a patch that changes nothing, so one slider keypress starts one run', () => {
    const store = fresh();
    let calls = 0;
    store.subscribe(() => calls++);
    const e = sig(store.getState().experiment);
    store.getState().setExperiment({ eta: e.eta, data: e.data.map((p) => ({ ...p })), range: [...e.range] as [number, number, number, number] });
    expect(calls).toBe(0);
    store.getState().setExperiment({ eta: e.eta * 2 });
    expect(calls).toBe(1);
  });

  it('stores and clears run summaries by position, null where a run has none', () => {
    const store = fresh();
    const a = summary(1001);
    const b = summary(51);
    store.getState().setSummaries(new Map([[0, a], [1, b]]));
    expect(store.getState().runs).toEqual([a, b]);
    store.getState().setSummaries(new Map([[0, null]]));
    expect(store.getState().runs).toEqual([null, b]);
    store.getState().setSummaries(new Map([[3, a]]));
    expect(store.getState().runs).toEqual([null, b, null, a]);
    // Trailing positions without a summary are dropped.
    store.getState().setSummaries(new Map([[3, null], [1, null]]));
    expect(store.getState().runs).toEqual([]);
  });

  it('keeps the summaries of two identical runs apart, in one update per batch', () => {
    const store = createAppStore(decode('runs=gd,gd').shared);
    let calls = 0;
    store.subscribe(() => calls++);
    const a = summary(3);
    const b = summary(7, 'running');
    store.getState().setSummaries(new Map([[0, a], [1, b]]));
    expect(calls).toBe(1);
    expect(store.getState().runs).toEqual([a, b]);
    expect(store.getState().runs[0]).not.toEqual(store.getState().runs[1]);
  });

  it('keeps one notice per source and key, and dismisses by source', () => {
    const store = fresh();
    const s = () => store.getState();
    s().notify({ source: 'url', key: 'eta', message: 'first' });
    s().notify({ source: 'url', key: 'gamma', message: 'g' });
    s().notify({ source: 'engine', key: 'eta', message: 'engine' });
    s().notify({ source: 'url', key: 'eta', message: 'second' });
    expect(s().notices.map((n) => `${n.source}/${n.key}/${n.message}`)).toEqual(['url/gamma/g', 'engine/eta/engine', 'url/eta/second']);
    s().dismissNotices('url');
    expect(s().notices.map((n) => n.source)).toEqual(['engine']);
    s().dismissNotices();
    expect(s().notices).toEqual([]);
  });

  it('notifies subscribers with the new and previous state', () => {
    const store = fresh();
    const seen: [number, number][] = [];
    store.subscribe((s, prev) => seen.push([s.experiment.eta, prev.experiment.eta]));
    store.getState().setExperiment({ eta: 0.3 });
    expect(seen).toEqual([[0.3, 1]]);
  });
});

describe('setExperiment with nested lists', () => {
  it('sees a change inside a list of number tuples (the MLP’s added points), and no change when equal', async () => {
    const { decodeAny } = await import('../../../src/url/codec');
    const store = createAppStore(decodeAny('problem=mlp&add=0.5:0.5:1').shared);
    let calls = 0;
    store.subscribe(() => calls++);
    store.getState().setExperiment({ add: [[0.5, 0.5, 1]] });
    expect(calls).toBe(0);
    store.getState().setExperiment({ add: [[0.5, 0.25, 1]] });
    expect(calls).toBe(1);
    expect(store.getState().experiment).toMatchObject({ add: [[0.5, 0.25, 1]] });
  });

  it('keeps the identity of experiment fields a patch leaves equal (an edit arrives as a whole decoded experiment)', () => {
    const store = createAppStore(decode('runs=gd,momentum&data=0.5:0.2,2.5:0.9').shared);
    const before = sig(store.getState().experiment);
    store.getState().setExperiment({ ...before, runs: runsOf('runs=gd,momentum'), data: before.data.map((p) => ({ ...p })), start: [...before.start], eta: 0.25 });
    const after = sig(store.getState().experiment);
    expect(after).not.toBe(before);
    expect(after.eta).toBe(0.25);
    expect(after.runs).toBe(before.runs);
    expect(after.data).toBe(before.data);
    expect(after.start).toBe(before.start);
    store.getState().setExperiment({ runs: runsOf('runs=gd,momentum(gamma:0.5)') });
    expect(sig(store.getState().experiment).runs).toEqual(runsOf('runs=gd,momentum(gamma:0.5)'));
  });
});

describe('guesses in the store', () => {
  it('adds finite guesses in order up to MAX_GUESSES, removes by position, clears, and switches guess mode', async () => {
    const { MAX_GUESSES } = await import('../../../src/url/guessFields');
    const store = fresh();
    const st = () => store.getState();
    expect(st().guess).toBe(false);
    st().setGuessMode(true);
    expect(st().guess).toBe(true);
    expect(st().addGuess(1, -0)).toBe(true);
    expect(st().addGuess(NaN, 0)).toBe(false);
    expect(st().addGuess(0, Infinity)).toBe(false);
    expect(st().addGuess(2, 3)).toBe(true);
    expect(st().guesses).toEqual([
      [1, 0],
      [2, 3],
    ]);
    expect(Object.is(st().guesses[0]![1], 0)).toBe(true);
    st().removeGuess(5);
    st().removeGuess(-1);
    st().removeGuess(0.5);
    expect(st().guesses).toHaveLength(2);
    st().removeGuess(0);
    expect(st().guesses).toEqual([[2, 3]]);
    st().clearGuesses();
    expect(st().guesses).toEqual([]);
    for (let i = 0; i < MAX_GUESSES; i++) expect(st().addGuess(i, i)).toBe(true);
    expect(st().addGuess(0, 0)).toBe(false);
    expect(st().guesses).toHaveLength(MAX_GUESSES);
  });
});
