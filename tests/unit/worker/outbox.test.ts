import { describe, expect, it } from 'vitest';
import type { FromWorker, RunStatus } from '../../../src/protocol/messages';
import { createOutbox } from '../../../src/worker/outbox';

const running: RunStatus = { kind: 'running' };
const finished: RunStatus = { kind: 'finished' };

/** A chunk of rows [from, from + rows) whose loss at row k is k. */
function chunk(runId: number, run: number, from: number, rows: number, status: RunStatus = running, extra: object = {}): FromWorker {
  const loss = Float64Array.from({ length: rows }, (_, i) => from + i);
  const params = Float64Array.from({ length: 2 * rows }, (_, i) => 2 * from + i);
  return { type: 'chunk', runId, run, from, params, loss, status, notes: { indefiniteFrom: null }, msPerStep: from, offPlane: loss.map((x) => -x), ...extra };
}

function setup(gapMs = 100) {
  const clock = { t: 0 };
  const timers: { at: number; fn: () => void }[] = [];
  const sent: FromWorker[] = [];
  const post = createOutbox((m) => sent.push(m), { gapMs, now: () => clock.t, later: (fn, ms) => timers.push({ at: clock.t + ms, fn }) });
  /** Moves the clock to t, firing the timers due by then. */
  const advance = (t: number) => {
    clock.t = t;
    for (const x of timers.splice(0)) if (x.at <= t) x.fn();
      else timers.push(x);
  };
  const rows = () => sent.flatMap((m) => (m.type === 'chunk' ? [`${m.run}:${m.from}+${m.loss.length}`] : [m.type]));
  return { post, sent, clock, advance, rows, timers };
}

describe('createOutbox', () => {
  it("sends a run's first rows and its end at once, and merges the rows in between into one chunk per gap", () => {
    const o = setup();
    o.post(chunk(1, 0, 0, 3), []);
    expect(o.rows()).toEqual(['0:0+3']);
    o.advance(20);
    o.post(chunk(1, 0, 3, 2), []);
    o.advance(40);
    o.post(chunk(1, 0, 5, 2), []);
    expect(o.rows()).toEqual(['0:0+3']);
    o.advance(100); // the gap since the first send has passed: the timer sends what is held
    expect(o.rows()).toEqual(['0:0+3', '0:3+4']);
    const m = o.sent[1] as Extract<FromWorker, { type: 'chunk' }>;
    expect(Array.from(m.loss)).toEqual([3, 4, 5, 6]);
    expect(Array.from(m.params)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(Array.from(m.offPlane!)).toEqual([-3, -4, -5, -6]);
    expect(m.msPerStep).toBe(5); // the newer chunk's
    o.advance(130);
    o.post(chunk(1, 0, 7, 2), []);
    o.advance(150);
    o.post(chunk(1, 0, 9, 1, finished), []); // the end: the held rows first, then it, at once
    expect(o.rows()).toEqual(['0:0+3', '0:3+4', '0:7+2', '0:9+1']);
    o.advance(1000);
    expect(o.sent).toHaveLength(4);
  });

  it('sends everything held, in order, before any other message, and holds only the newest progress report', () => {
    const o = setup();
    o.post(chunk(1, 0, 0, 1), []);
    o.post(chunk(1, 1, 0, 1), []);
    o.advance(10);
    o.post(chunk(1, 0, 1, 1), []);
    o.post(chunk(1, 1, 1, 1), []);
    o.post({ type: 'progress', runId: 1, stage: 'surface', done: 3, total: 64 }, []);
    o.post({ type: 'progress', runId: 1, stage: 'surface', done: 5, total: 64 }, []);
    o.post({ type: 'surface', runId: 1, values: new Float32Array(4), nx: 2, ny: 2, min: 0, max: 1 }, []);
    expect(o.rows()).toEqual(['0:0+1', '1:0+1', '0:1+1', '1:1+1', 'progress', 'surface']);
    expect(o.sent[4]).toMatchObject({ done: 5 });
    // The end of the bar goes at once.
    o.post({ type: 'progress', runId: 1, stage: 'surface', done: 64, total: 64 }, []);
    expect(o.rows().at(-1)).toBe('progress');
  });

  it('does not merge rows that do not follow on, and sends a restart from row 0 at once', () => {
    const o = setup();
    o.post(chunk(1, 0, 0, 2), []);
    o.post(chunk(1, 0, 2, 2), []);
    o.post(chunk(1, 0, 5, 2), []); // a gap in the rows: sent after the held chunk, not merged
    o.post(chunk(1, 0, 0, 7, running, { interim: true }), []);
    expect(o.rows()).toEqual(['0:0+2', '0:2+2', '0:5+2', '0:0+7']);
  });

  it('with a gap of 0 sends every message as it comes', () => {
    const o = setup(0);
    for (let k = 0; k < 5; k++) o.post(chunk(1, 0, k, 1), []);
    expect(o.rows()).toEqual(['0:0+1', '0:1+1', '0:2+1', '0:3+1', '0:4+1']);
  });
});
