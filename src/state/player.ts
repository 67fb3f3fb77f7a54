import type { AppStore } from './store';

/**
 * Playback clock: while `playing`, advances t at `speed` steps per second on animation frames and
 * stops at the last step. Pressing play at the end starts over from step 0.
 */
export function startPlayer(
  store: AppStore,
  raf: (cb: (time: number) => void) => number = requestAnimationFrame,
  caf: (id: number) => void = cancelAnimationFrame,
): () => void {
  let frame = 0;
  let last = 0;
  let carry = 0;

  const tick = (time: number) => {
    const s = store.getState();
    if (!s.playing) return;
    const dt = Math.min(0.1, (time - last) / 1000);
    last = time;
    carry += dt * s.speed;
    const whole = Math.floor(carry);
    carry -= whole;
    const next = Math.min(s.experiment.steps, s.t + whole);
    if (next !== s.t) s.setT(next);
    if (next >= s.experiment.steps) s.setPlaying(false);
    else frame = raf(tick);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing) {
      if (s.t >= s.experiment.steps) s.setT(0);
      carry = 0;
      frame = raf((time) => {
        last = time;
        frame = raf(tick);
      });
    } else if (!s.playing && prev.playing) caf(frame);
  });
  return () => {
    unsubscribe();
    caf(frame);
  };
}
