import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../src/state/store';
import { decode, defaultShared, encode } from '../../../src/url/codec';
import { fragmentOf, startUrlSync } from '../../../src/url/sync';

/** Minimal location / history / window stand-ins for the node environment. */
function stubBrowser(hash: string) {
  const loc = { hash };
  const listeners = new Set<() => void>();
  const replaceState = vi.fn((_state: unknown, _title: string, url: string) => {
    loc.hash = url;
  });
  vi.stubGlobal('location', loc);
  vi.stubGlobal('history', { state: null, replaceState });
  vi.stubGlobal('window', {
    addEventListener: (type: string, fn: () => void) => type === 'hashchange' && listeners.add(fn),
    removeEventListener: (type: string, fn: () => void) => type === 'hashchange' && listeners.delete(fn),
  });
  return {
    loc,
    replaceState,
    listeners,
    /** The user edits the address bar. */
    edit(frag: string) {
      loc.hash = `#${frag}`;
      for (const fn of listeners) fn();
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startUrlSync', () => {
  it('rewrites the hash with replaceState once the store has been quiet for the delay', () => {
    const b = stubBrowser(`#${encode(defaultShared())}`);
    const store = createAppStore(defaultShared());
    startUrlSync(store, { delay: 250, minInterval: 0 });
    store.getState().setExperiment({ eta: 0.5 });
    vi.advanceTimersByTime(100);
    store.getState().setExperiment({ eta: 0.25 });
    vi.advanceTimersByTime(249);
    expect(b.replaceState).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(b.replaceState).toHaveBeenCalledTimes(1);
    expect(b.replaceState.mock.calls[0]![2]).toBe(`#${fragmentOf(store)}`);
    expect(decode(b.loc.hash).shared.experiment.eta).toBe(0.25);
  });

  it('keeps at least minInterval between two rewrites', () => {
    const b = stubBrowser('');
    const store = createAppStore(defaultShared());
    startUrlSync(store, { delay: 10, minInterval: 500 });
    store.getState().setT(1);
    vi.advanceTimersByTime(10);
    expect(b.replaceState).toHaveBeenCalledTimes(1);
    // The first write happened at 10 ms, so the next may not come before 510 ms.
    store.getState().setT(2);
    vi.advanceTimersByTime(499);
    expect(b.replaceState).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(b.replaceState).toHaveBeenCalledTimes(2);
  });

  it('flush writes the current fragment at once and returns it', () => {
    const b = stubBrowser('');
    const store = createAppStore(defaultShared());
    const sync = startUrlSync(store);
    store.getState().setLayout('split');
    const frag = sync.flush();
    expect(frag).toBe(fragmentOf(store));
    expect(decode(frag).shared.view.layout).toBe('split');
    expect(b.loc.hash).toBe(`#${frag}`);
    vi.runAllTimers();
    expect(b.replaceState).toHaveBeenCalledTimes(1);
  });

  it('applies a hash the user edits to the store, with url notices for its bad fields', () => {
    const b = stubBrowser('');
    const store = createAppStore(defaultShared(), [{ source: 'url', key: 'old', message: 'stale' }]);
    startUrlSync(store);
    b.edit('eta=0.125&gamma=NaN&layout=split&t=7');
    const s = store.getState();
    expect(s.experiment.eta).toBe(0.125);
    expect(s.experiment.gamma).toBe(0.9);
    expect(s.layout).toBe('split');
    expect(s.t).toBe(7);
    expect(s.notices.map((n) => `${n.source}/${n.key}`)).toEqual(['url/gamma']);
  });

  it('stops listening and writing after stop', () => {
    const b = stubBrowser('');
    const store = createAppStore(defaultShared());
    startUrlSync(store).stop();
    expect(b.listeners.size).toBe(0);
    store.getState().setExperiment({ eta: 0.5 });
    vi.runAllTimers();
    expect(b.replaceState).not.toHaveBeenCalled();
  });

  it('lets a link the user pasted win over a pending write that was scheduled before it', () => {
    const b = stubBrowser(`#${encode(defaultShared())}`);
    const store = createAppStore(defaultShared());
    startUrlSync(store, { delay: 250, minInterval: 0 });
    store.getState().setExperiment({ eta: 0.5 });
    // The address changes but its hashchange event has not been delivered when the debounced write runs.
    const pasted = encode({ ...defaultShared(), experiment: { ...defaultShared().experiment, eta: 3 } });
    b.loc.hash = `#${pasted}`;
    vi.advanceTimersByTime(250);
    expect(store.getState().experiment.eta).toBe(3);
    expect(decode(b.loc.hash).shared.experiment.eta).toBe(3);
  });

  it('keeps the address current during a continuous drag, at most twice a second', () => {
    const b = stubBrowser(`#${encode(defaultShared())}`);
    const store = createAppStore(defaultShared());
    startUrlSync(store, { delay: 250, minInterval: 500 });
    const writes: number[] = [];
    b.replaceState.mockImplementation((_s: unknown, _t: string, url: string) => {
      writes.push(performance.now());
      b.loc.hash = url;
    });
    for (let k = 0; k < 180; k++) {
      store.getState().setStart(k / 100, 0); // 60 Hz for 3 s
      vi.advanceTimersByTime(1000 / 60);
    }
    expect(writes.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < writes.length; i++) expect(writes[i]! - writes[i - 1]!).toBeGreaterThanOrEqual(499.9);
    vi.advanceTimersByTime(1000);
    expect(decode(b.loc.hash).shared.experiment.start).toEqual([1.79, 0]);
  });
});
