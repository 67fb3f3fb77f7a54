import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { throttle } from '../../../src/views/useLive';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());

it('runs the first call at once, the calls within the gap as one when it has passed, and never loses the last', () => {
  const calls: number[] = [];
  const f = throttle(() => calls.push(performance.now()), 100);
  const t0 = performance.now();
  f();
  expect(calls).toEqual([t0]);
  vi.advanceTimersByTime(10);
  f();
  vi.advanceTimersByTime(30);
  f();
  f();
  expect(calls).toHaveLength(1);
  vi.advanceTimersByTime(59);
  expect(calls).toHaveLength(1);
  vi.advanceTimersByTime(1);
  expect(calls).toEqual([t0, t0 + 100]);
  // Quiet for longer than the gap: the next call runs at once again.
  vi.advanceTimersByTime(500);
  f();
  expect(calls).toEqual([t0, t0 + 100, t0 + 600]);
  vi.advanceTimersByTime(1000);
  expect(calls).toHaveLength(3);
});

it('with calls arriving every 16 ms for a second, runs about ten times, the last after the last call', () => {
  let n = 0;
  let lastAt = 0;
  const f = throttle(() => {
    n++;
    lastAt = performance.now();
  }, 100);
  const t0 = performance.now();
  for (let i = 0; i < 63; i++) {
    f();
    vi.advanceTimersByTime(16);
  }
  vi.advanceTimersByTime(200);
  expect(n).toBeGreaterThanOrEqual(10);
  expect(n).toBeLessThanOrEqual(11);
  expect(lastAt).toBeGreaterThanOrEqual(t0 + 62 * 16);
});

it('with an epoch, the first call of a new epoch (a new run\'s first paths) runs at once, and the held call goes with it', () => {
  const calls: number[] = [];
  let run = 1;
  const f = throttle(() => calls.push(performance.now()), 100, () => run);
  const t0 = performance.now();
  f();
  vi.advanceTimersByTime(20);
  f();
  expect(calls).toEqual([t0]);
  // A new run 30 ms in: drawn now, not 100 ms after the last draw.
  vi.advanceTimersByTime(10);
  run = 2;
  f();
  expect(calls).toEqual([t0, t0 + 30]);
  // The call held before it is not run again later; further calls of the new run wait for the gap.
  vi.advanceTimersByTime(50);
  f();
  expect(calls).toHaveLength(2);
  vi.advanceTimersByTime(50);
  expect(calls).toEqual([t0, t0 + 30, t0 + 130]);
  vi.advanceTimersByTime(500);
  expect(calls).toHaveLength(3);
});
