import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Live } from '../bridge/live';
import { useServices } from './AppContext';
import type { AppState } from '../state/store';

/**
 * Calls `onChange` (outside React rendering) whenever the bridge writes new data or the playback step,
 * the layout, the run the theory follows (its eigen-axes), the step overlays shown or the guesses change. Experiment changes arrive through
 * the bridge (which emits once the new run's first data is in), so a start-point drag costs one redraw per move, not one for the marker and one for the paths.
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

/** Calls `onChange` when a new MLP network view arrives (Live.subscribeView). */
export function useViewChanges(onChange: () => void): void {
  const { live } = useServices();
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => live.subscribeView(() => cb.current()), [live]);
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
