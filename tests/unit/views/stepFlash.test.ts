import { describe, expect, it } from 'vitest';
import { createStepFlash, FLASH_MS, flashPhase } from '../../../src/views/contour/stepFlash';

/** A manual clock and timer queue. */
function fakeTime() {
  let t = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      timers.push({ at: t + ms, fn, id: ++ids });
      return ids;
    },
    clearTimer: (id: unknown) => {
      const i = timers.findIndex((x) => x.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    /** Runs the earliest timer (moving the clock to it); false when none is left. */
    next(): boolean {
      timers.sort((a, b) => a.at - b.at);
      const x = timers.shift();
      if (!x) return false;
      t = x.at;
      x.fn();
      return true;
    },
    pending: () => timers.length,
  };
}

describe('flashPhase', () => {
  it('alternates on and off three times within the second, then is over', () => {
    const seen: string[] = [];
    for (let ms = 0; ms < FLASH_MS + 100; ms += 10) {
      const p = String(flashPhase(ms));
      if (seen.at(-1) !== p) seen.push(p);
    }
    expect(seen).toEqual(['on', 'off', 'on', 'off', 'on', 'off', 'null']);
  });
});

describe('createStepFlash', () => {
  it('a new step with a flipped side flashes: one redraw per change of emphasis, none after the flash', () => {
    const clock = fakeTime();
    const key = {};
    const phases: (string | null)[] = [];
    let redraws = 0;
    const flash = createStepFlash(
      () => {
        redraws++;
        phases.push(flash.emphasis(key, true));
      },
      { ...clock, reducedMotion: () => false },
    );
    phases.push(flash.emphasis(key, true));
    while (clock.next()) {
      // a guard against a timer that never stops
      if (redraws > 50) break;
    }
    expect(phases).toEqual(['on', 'off', 'on', 'off', 'on', 'off', null]);
    expect(redraws).toBe(6);
    expect(clock.pending()).toBe(0);
    // The same step drawn again (another redraw) does not flash again.
    expect(flash.emphasis(key, true)).toBeNull();
    expect(clock.pending()).toBe(0);
  });

  it('with reduced motion, or with no flipped side, there is no flash and no timer', () => {
    const clock = fakeTime();
    const reduced = createStepFlash(() => {}, { ...clock, reducedMotion: () => true });
    expect(reduced.emphasis({}, true)).toBeNull();
    const plain = createStepFlash(() => {}, { ...clock, reducedMotion: () => false });
    expect(plain.emphasis({}, false)).toBeNull();
    expect(clock.pending()).toBe(0);
  });

  it('another step mid-flash starts over; dispose stops the timer', () => {
    const clock = fakeTime();
    const flash = createStepFlash(() => {}, { ...clock, reducedMotion: () => false });
    flash.emphasis({}, true);
    clock.next();
    expect(flash.emphasis({}, true)).toBe('on');
    expect(clock.pending()).toBe(1);
    flash.dispose();
    expect(clock.pending()).toBe(0);
  });
});
