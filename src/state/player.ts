import type { AppState, AppStore } from './store';

/**
 * The last step worth playing: the end of the longest finished path (all of them may have diverged
 * early), or `steps` while any shown run is still computing or none is shown.
 */
export function lastPlayableStep(s: AppState): number {
  const { runs, steps } = s.experiment;
  let longest = 0;
  for (let i = 0; i < runs.length; i++) {
    const r = s.runs[i];
    if (!r || r.status.kind === 'running') return steps;
    longest = Math.max(longest, r.length - 1);
  }
  return runs.length === 0 ? steps : Math.min(steps, longest);
}

/**
 * Playback clock: while `playing`, advances t at `speed` steps per second on animation frames and
 * stops at the last playable step. Pressing play at the end starts over from step 0.
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
    const end = lastPlayableStep(s);
    const next = Math.min(end, s.t + whole);
    if (next !== s.t) s.setT(next);
    if (next >= end) s.setPlaying(false);
    else frame = raf(tick);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing) {
      if (s.t >= lastPlayableStep(s)) s.setT(0);
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
