import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode } from '../../../src/url/codec';
import { chunk, disposeBridges, harness } from '../support/bridgeHarness';

afterEach(() => {
  disposeBridges();
  vi.useRealTimers();
});

describe('createBridge with streamEmitMs', () => {
  it("tells the views of a run's first rows and its end at once, and of rows in between at most once per gap", () => {
    vi.useFakeTimers();
    const h = harness({ streamEmitMs: 100 }, decode('runs=gd,momentum&steps=9').shared);
    let emitted = 0;
    let rowsSeen = 0;
    h.live.subscribe(() => {
      emitted++;
      rowsSeen = h.live.paths[1]?.length ?? 0;
    });
    const runId = h.worker().lastRun().runId;
    const pump = (t: number, from: number, rows: number, kind: 'running' | 'finished') => {
      h.clock.t = t;
      h.worker().reply(chunk(runId, 0, from, rows, { kind }));
      h.worker().reply(chunk(runId, 1, from, rows, { kind }));
    };
    pump(0, 0, 2, 'running'); // the run's first rows: at once
    expect([emitted, rowsSeen]).toEqual([1, 2]);
    pump(30, 2, 2, 'running'); // within the gap: deferred…
    pump(60, 4, 2, 'running');
    expect(emitted).toBe(1);
    h.clock.t = 99;
    vi.advanceTimersByTime(69);
    expect(emitted).toBe(1);
    h.clock.t = 100;
    vi.advanceTimersByTime(1); // …to the gap's end, with every row that came meanwhile
    expect([emitted, rowsSeen]).toEqual([2, 6]);
    pump(150, 6, 2, 'running');
    expect(emitted).toBe(2);
    pump(160, 8, 2, 'finished'); // the end: at once, and the deferred emit is dropped
    expect([emitted, rowsSeen, h.live.doneRun]).toEqual([3, 10, runId]);
    vi.advanceTimersByTime(1000);
    expect(emitted).toBe(3);
  });

  it("tells the views of a newer run's first rows at once, even within the gap", () => {
    vi.useFakeTimers();
    const h = harness({ streamEmitMs: 100 }, decode('runs=gd&steps=9').shared);
    let emitted = 0;
    h.live.subscribe(() => emitted++);
    h.clock.t = 0;
    h.worker().reply(chunk(h.worker().lastRun().runId, 0, 0, 2, { kind: 'running' }));
    expect(emitted).toBe(1);
    h.store.getState().setExperiment({ eta: 0.5 });
    const before = emitted;
    h.clock.t = 10;
    h.worker().reply(chunk(h.worker().lastRun().runId, 0, 0, 2, { kind: 'running' }));
    expect(emitted).toBe(before + 1);
    expect(h.live.paths[0]!.run).toBe(h.worker().lastRun().runId);
  });

  it('writes the run summaries in the frame after each emit, with the rows it told the views of, and not in between', () => {
    vi.useFakeTimers();
    // Frames as in the page: the views draw, and a queued summary write runs, when one passes.
    const frames: (() => void)[] = [];
    const h = harness({ streamEmitMs: 100, scheduleSummary: (fn) => void frames.push(fn) }, decode('runs=gd,momentum&steps=40').shared);
    const runId = h.worker().lastRun().runId;
    const seen: string[] = [];
    let writes = 0;
    let told = false;
    h.store.subscribe((s, p) => void (s.runs !== p.runs && writes++));
    h.live.subscribe(() => void (told = true));
    // In the frame that follows an emit: what the legend shows (the store) against what the views draw (live, then).
    const frame = () => {
      const emitted = told;
      told = false;
      frames.splice(0).forEach((f) => f());
      if (emitted) seen.push(`${h.live.paths.map((p) => p?.length).join(',')}|${h.store.getState().runs.map((r) => r?.length).join(',')}`);
    };
    for (let k = 0; k < 10; k++) {
      h.clock.t = 25 * k;
      vi.advanceTimersByTime(k === 0 ? 0 : 25);
      h.worker().reply(chunk(runId, 0, 2 * k, 2, { kind: 'running' }));
      h.worker().reply(chunk(runId, 1, 2 * k, 2, { kind: 'running' }));
      frame();
    }
    h.clock.t = 300;
    vi.advanceTimersByTime(200);
    frame();
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const s of seen) {
      const [rows, shown] = s.split('|');
      expect(shown).toBe(rows);
    }
    // One write of the summaries per emit (the first rows' write included), none of their own in between.
    expect(writes).toBeLessThanOrEqual(seen.length);
  });
});
