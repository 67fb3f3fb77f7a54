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
