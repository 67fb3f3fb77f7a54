import { describe, expect, it } from 'vitest';
import { createStoreWrites, SUMMARY_GAP_MS } from '../../../src/bridge/storeWrites';
import { createAppStore, type RunSummary } from '../../../src/state/store';
import { decode } from '../../../src/url/codec';

const running = (length: number): RunSummary => ({ status: { kind: 'running' }, notes: {}, msPerStep: 0, length, finalLoss: 1 / length, startLoss: 1 }) as RunSummary;
const done = (length: number): RunSummary => ({ ...running(length), status: { kind: 'converged', step: length - 1 } }) as RunSummary;

/** The writes with a hand-driven clock, frames and timers. */
function setup() {
  const store = createAppStore(decode('runs=gd,momentum').shared);
  let clock = 0;
  const frames: (() => void)[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  const writes = createStoreWrites({ store, now: () => clock, schedule: (fn) => frames.push(fn), later: (fn, ms) => timers.push({ at: clock + ms, fn }) });
  let count = 0;
  store.subscribe((s, p) => void (s.runs !== p.runs && count++));
  return {
    store,
    writes,
    writesSeen: () => count,
    frame: () => frames.splice(0).forEach((f) => f()),
    advance(ms: number) {
      clock += ms;
      for (const t of timers.filter((x) => x.at <= clock)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

describe('store writes: run summaries', () => {
  it('writes the first summary of a run at the next frame, every run\'s in one write', () => {
    const h = setup();
    h.writes.queueRun(0, running(10));
    h.writes.queueRun(1, running(12));
    expect(h.writesSeen()).toBe(0);
    h.frame();
    expect(h.writesSeen()).toBe(1);
    expect(h.store.getState().runs.map((r) => r?.length)).toEqual([10, 12]);
  });

  it('holds summaries that only count a running run on for SUMMARY_GAP_MS, then writes the newest', () => {
    const h = setup();
    h.writes.queueRun(0, running(10));
    h.frame();
    for (let k = 1; k <= 5; k++) {
      h.advance(10);
      h.writes.queueRun(0, running(10 + k));
      h.frame();
    }
    expect(h.writesSeen()).toBe(1);
    h.advance(SUMMARY_GAP_MS);
    h.frame();
    expect(h.writesSeen()).toBe(2);
    expect(h.store.getState().runs[0]?.length).toBe(15);
  });

  it('writes a new status at the next frame even while a counting-on write is held', () => {
    const h = setup();
    h.writes.queueRun(0, running(10));
    h.frame();
    h.advance(10);
    h.writes.queueRun(0, running(20));
    h.frame();
    expect(h.writesSeen()).toBe(1);
    h.writes.queueRun(0, done(30));
    h.frame();
    expect(h.writesSeen()).toBe(2);
    expect(h.store.getState().runs[0]?.status.kind).toBe('converged');
    // The held timer finds nothing left to write.
    h.advance(SUMMARY_GAP_MS);
    h.frame();
    expect(h.writesSeen()).toBe(2);
  });

  it('flush makes held summaries and progress due at the next frame; the timer held for them then writes nothing', () => {
    const h = setup();
    let progressWrites = 0;
    h.store.subscribe((s, p) => void (s.progress !== p.progress && progressWrites++));
    h.writes.queueRun(0, running(10));
    h.writes.setProgress({ stage: 'surface', done: 0, total: 64 });
    h.frame();
    expect([h.writesSeen(), progressWrites]).toEqual([1, 1]);
    h.advance(10);
    h.writes.queueRun(0, running(20));
    h.writes.setProgress({ stage: 'surface', done: 8, total: 64 });
    h.frame();
    expect([h.writesSeen(), progressWrites]).toEqual([1, 1]);
    h.writes.flush();
    expect([h.writesSeen(), progressWrites]).toEqual([1, 1]);
    h.frame();
    expect([h.writesSeen(), progressWrites]).toEqual([2, 2]);
    expect(h.store.getState().runs[0]?.length).toBe(20);
    expect(h.store.getState().progress?.done).toBe(8);
    h.advance(SUMMARY_GAP_MS);
    h.frame();
    expect([h.writesSeen(), progressWrites]).toEqual([2, 2]);
    // The gap counts from the flush: past it, the next count-on change goes at the next frame.
    h.writes.queueRun(0, running(30));
    h.frame();
    expect(h.writesSeen()).toBe(3);
  });

  it('writes a removed run (null) at the next frame', () => {
    const h = setup();
    h.writes.queueRun(0, running(10));
    h.writes.queueRun(1, running(10));
    h.frame();
    h.advance(5);
    h.writes.queueRun(1, null);
    h.frame();
    expect(h.store.getState().runs.length).toBe(1);
  });
});
