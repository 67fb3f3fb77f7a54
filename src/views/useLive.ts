import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Live } from '../bridge/live';
import { useServices } from './AppContext';
import type { AppState } from '../state/store';

/**
 * Calls `onChange` (outside React rendering) whenever the bridge writes new data or the playback step,
 * the layout, the run the theory follows (its eigen-axes), the step overlays shown or the guesses change. Experiment changes arrive through
 * the bridge (which emits once the new run's first data is in), so a start-point drag costs one redraw per move, not one for the marker and one for the paths.
 * Rows that stream in are told at most every STREAM_EMIT_MS (bridge.ts), to every view in the same emit, so
 * they all draw in the same frame.
 */
export function useLiveChanges(onChange: () => void): void {
  const { live, store } = useServices();
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    const a = live.subscribe(() => cb.current());
    const b = store.subscribe((s: AppState, p: AppState) => {
      if (s.t !== p.t || s.layout !== p.layout || s.theory !== p.theory || s.show !== p.show || s.guesses !== p.guesses) cb.current();
    });
    return () => {
      a();
      b();
    };
  }, [live, store]);
}

/**
 * Calls `onChange` when a new MLP network view arrives (Live.subscribeView); with `streamGapMs`, at most once
 * per that many milliseconds (throttle).
 */
export function useViewChanges(onChange: () => void, streamGapMs = 0): void {
  const { live } = useServices();
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => live.subscribeView(streamGapMs > 0 ? throttle(() => cb.current(), streamGapMs) : () => cb.current()), [live, streamGapMs]);
}

/**
 * How often the MLP lab's views follow the network views and per-layer norms that stream in (and the 3D
 * view its data, through its AsyncPresent gap; streamed paths are throttled once, in the bridge:
 * STREAM_EMIT_MS): a slider tick there brings dozens of messages a second for a second, and redrawing each
 * view at every frame of it was most of the main thread's work per tick (issue 8, item 8). The playback
 * step, the layout and the user's own edits still redraw them in the next frame.
 */
export const STREAM_GAP_MS = 100;

/**
 * `fn` at most once per `gapMs`: a call after a quiet spell runs at once, the calls within the gap that
 * follows run as one when it has passed (the last is never lost).
 */
export function throttle(fn: () => void, gapMs: number): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = performance.now();
    fn();
  };
  return () => {
    if (timer) return;
    const wait = last + gapMs - performance.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
}

/**
 * A value derived from the live buffers, as React state: the component re-renders when `select` gives a
 * different (Object.is) value after a write. `select` must return primitives or stable objects.
 */
export function useLiveValue<T>(select: (live: Live) => T): T {
  const { live } = useServices();
  const sel = useRef(select);
  sel.current = select;
  // A stable subscribe: a new one per render would make React unsubscribe and subscribe again after every render.
  const subscribe = useCallback((fn: () => void) => live.subscribe(fn), [live]);
  return useSyncExternalStore(subscribe, () => sel.current(live));
}
