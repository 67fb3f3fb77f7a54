import { describe, expect, it } from 'vitest';
import { lastPlayableStep, startPlayer } from '../../../src/state/player';
import { createAppStore } from '../../../src/state/store';
import { decode, defaultShared } from '../../../src/url/codec';

/** A manual requestAnimationFrame: `frame(time)` runs the callbacks queued so far. */
function fakeRaf() {
  let nextId = 1;
  const queued = new Map<number, (time: number) => void>();
  const cancelled: number[] = [];
  return {
    raf: (cb: (time: number) => void) => {
      queued.set(nextId, cb);
      return nextId++;
    },
    caf: (id: number) => {
      cancelled.push(id);
      queued.delete(id);
    },
    frame(time: number) {
      const cbs = [...queued.values()];
      queued.clear();
      for (const cb of cbs) cb(time);
    },
    get pending() {
      return queued.size;
    },
    cancelled,
  };
}

function setup(steps: number, t: number) {
  const shared = defaultShared();
  const store = createAppStore({ experiment: { ...shared.experiment, steps }, view: { ...shared.view, t } });
  const clock = fakeRaf();
  const stop = startPlayer(store, clock.raf, clock.caf);
  return { store, clock, stop };
}

const ended = (length: number) => ({
  status: { kind: 'diverged', step: length, reason: 'params-exploded' } as const,
  notes: { indefiniteFrom: null },
  msPerStep: 0,
  length,
  finalLoss: 1,
  startLoss: 1,
});

describe('startPlayer', () => {
  it('advances t at speed steps per second on animation frames', () => {
    const { store, clock } = setup(1000, 0);
    store.getState().setSpeed(100);
    store.getState().setPlaying(true);
    clock.frame(1000); // first frame only sets the time origin
    expect(store.getState().t).toBe(0);
    clock.frame(1050); // 50 ms at 100 steps/s = 5 steps
    expect(store.getState().t).toBe(5);
    clock.frame(1075); // 2.5 more steps: 2, carrying the half
    expect(store.getState().t).toBe(7);
    clock.frame(1080); // the carried half plus 0.5 = 1 step
    expect(store.getState().t).toBe(8);
  });

  it('advances at most 0.1 s worth of steps after a long pause between frames', () => {
    const { store, clock } = setup(1000, 0);
    store.getState().setPlaying(true);
    clock.frame(0);
    clock.frame(60_000);
    expect(store.getState().t).toBe(store.getState().speed * 0.1);
  });

  it('stops playing at the last step', () => {
    const { store, clock } = setup(12, 0);
    store.getState().setPlaying(true);
    clock.frame(0);
    clock.frame(100);
    expect(store.getState().t).toBe(10);
    clock.frame(200);
    expect(store.getState().t).toBe(12);
    expect(store.getState().playing).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('starts over from step 0 when play is pressed at the end', () => {
    const { store } = setup(50, 50);
    store.getState().setPlaying(true);
    expect(store.getState().t).toBe(0);
  });

  it('cancels its frame when paused and when stopped', () => {
    const { store, clock, stop } = setup(1000, 0);
    store.getState().setPlaying(true);
    clock.frame(0);
    store.getState().setPlaying(false);
    expect(clock.cancelled.length).toBe(1);
    expect(clock.pending).toBe(0);
    stop();
    store.getState().setPlaying(true);
    expect(clock.pending).toBe(0);
  });

  it('stops where the longest path ends when every run ended early (e.g. diverged)', () => {
    const store = createAppStore(defaultShared());
    const st = () => store.getState();
    st().setSummaries(new Map([[0, ended(51)], [1, ended(111)], [2, ended(31)]]));
    expect(lastPlayableStep(st())).toBe(110);
    st().setSummaries(new Map([[0, { ...ended(51), status: { kind: 'running' } as const }]]));
    expect(lastPlayableStep(st())).toBe(st().experiment.steps);
  });

  it('waits for every run position, also the second of two identical runs', () => {
    const store = createAppStore(decode('runs=gd,gd&steps=200').shared);
    const st = () => store.getState();
    st().setSummaries(new Map([[0, ended(51)]]));
    expect(lastPlayableStep(st())).toBe(200);
    st().setSummaries(new Map([[1, { ...ended(81), status: { kind: 'running' } as const }]]));
    expect(lastPlayableStep(st())).toBe(200);
    st().setSummaries(new Map([[1, ended(81)]]));
    expect(lastPlayableStep(st())).toBe(80);
  });

  it('plays to the last step when there are no runs', () => {
    const store = createAppStore(defaultShared());
    store.getState().setRuns([]);
    expect(lastPlayableStep(store.getState())).toBe(store.getState().experiment.steps);
  });

  it('counts a settled run (plateau, saddle, stopped) as ended where its path ends', () => {
    const store = createAppStore(decode('runs=gd,newton,rprop&steps=300').shared);
    const st = () => store.getState();
    st().setSummaries(
      new Map([
        [0, { ...ended(301), status: { kind: 'plateau', step: 40 } as const }],
        [1, { ...ended(12), status: { kind: 'stopped', step: 11, reason: 'hessian-singular' } as const }],
        [2, { ...ended(301), status: { kind: 'saddle', step: 90 } as const }],
      ]),
    );
    expect(lastPlayableStep(st())).toBe(300);
    st().setSummaries(new Map([[0, ended(12)], [2, ended(12)]]));
    expect(lastPlayableStep(st())).toBe(11);
  });
});
