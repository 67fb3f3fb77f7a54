import { useEffect, useRef } from 'react';
import { useServices } from './AppContext';
import type { AppState } from '../state/store';

/**
 * Calls `onChange` (outside React rendering) whenever the bridge writes new data or the playback
 * step, experiment or layout changes. Views use it to mark themselves dirty and redraw imperatively.
 */
export function useLiveChanges(onChange: () => void): void {
  const { live, store } = useServices();
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    const a = live.subscribe(() => cb.current());
    const b = store.subscribe((s: AppState, p: AppState) => {
      if (s.t !== p.t || s.experiment !== p.experiment || s.layout !== p.layout) cb.current();
    });
    return () => {
      a();
      b();
    };
  }, [live, store]);
}
