import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FRAME_BUDGET_MS, frameElapsed, frameScheduler } from '../../../src/views/useCanvasSize';
import { MAX_YIELDS, yieldsFrame } from '../../../src/views/surface3d/sceneFrame';

/** A fake animation-frame clock: `frame()` runs the callbacks asked for so far, with the frame's start time. */
let callbacks: FrameRequestCallback[] = [];
let clock = 0;
beforeEach(() => {
  callbacks = [];
  clock = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
const frame = () => {
  const run = callbacks;
  callbacks = [];
  const start = clock;
  for (const cb of run) cb(start);
  return run.length;
};

it('the views share one animation frame; past the budget the rest wait for the next, the urgent one never does', () => {
  const drawn: string[] = [];
  // Each view takes 5 ms of the frame.
  const view = (name: string, urgent = false) =>
    frameScheduler(() => {
      drawn.push(name);
      clock += 5;
    }, urgent);
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => view(n));
  const contour = view('contour', true);
  a!();
  b!();
  c!();
  d!();
  contour();
  a!(); // asked twice in a frame: drawn once
  expect(frame()).toBe(1);
  // The urgent one first; then 5, 10, 15 ms into the frame: c and d wait (15 > FRAME_BUDGET_MS = 12).
  expect(FRAME_BUDGET_MS).toBe(12);
  expect(drawn).toEqual(['contour', 'a', 'b']);
  // The next frame draws the deferred ones, in the order they were asked for, ahead of new requests.
  clock += 10;
  b!();
  frame();
  expect(drawn).toEqual(['contour', 'a', 'b', 'c', 'd', 'b']);
  expect(frame()).toBe(0);
});

it('a frame already over budget (the 3D view rendered first) still draws one deferred view and every urgent one', () => {
  const drawn: string[] = [];
  const a = frameScheduler(() => void drawn.push('a'));
  const b = frameScheduler(() => void drawn.push('b'));
  const u = frameScheduler(() => void drawn.push('u'), true);
  a();
  b();
  u();
  // Another animation-frame callback took 20 ms of this frame before the views' queue ran.
  callbacks.unshift(() => void (clock += 20));
  frame();
  expect(drawn).toEqual(['u', 'a']);
  frame();
  expect(drawn).toEqual(['u', 'a', 'b']);
});

it('frameElapsed reads how far into the animation frame the page is (document.timeline), 0 outside a page', () => {
  expect(frameElapsed()).toBe(0);
  vi.stubGlobal('document', { timeline: { currentTime: 100 } });
  clock = 115;
  expect(frameElapsed()).toBe(15);
  vi.stubGlobal('document', { timeline: { currentTime: null } });
  expect(frameElapsed()).toBe(0);
});

it('the 3D render gives a frame the 2-D views filled past the budget to them, at most MAX_YIELDS frames in a row', () => {
  expect(yieldsFrame(0, FRAME_BUDGET_MS)).toBe(false);
  expect(yieldsFrame(0, FRAME_BUDGET_MS + 1)).toBe(true);
  expect(yieldsFrame(MAX_YIELDS - 1, 40)).toBe(true);
  expect(yieldsFrame(MAX_YIELDS, 40)).toBe(false);
  expect(MAX_YIELDS).toBe(2);
});
