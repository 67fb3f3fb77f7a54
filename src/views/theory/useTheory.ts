import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { TheoryView } from '../../lab/pointTheory';
import { useServices } from '../AppContext';

/**
 * The theory at the followed run's point as React state (lab/pointTheory.ts), or a value derived from it
 * with `select`: the component re-renders when the selected value changes (Object.is, or `same`), on a
 * live write (new path rows) or a store change (playback step, followed run, experiment). The reader
 * caches per (experiment, run, step, worker run), so an unchanged point costs a key comparison.
 */
export function useTheory<T = TheoryView | null>(select?: (v: TheoryView | null) => T, same?: (a: T, b: T) => boolean): T {
  const { live, store, theory } = useServices();
  const sel = useRef(select);
  sel.current = select;
  const eq = useRef(same);
  eq.current = same;
  const last = useRef<{ value: T } | null>(null);
  const read = (): T => {
    const v = theory ? theory.at(store.getState(), live) : null;
    const next = (sel.current ? sel.current(v) : v) as T;
    const prev = last.current;
    if (prev && (Object.is(prev.value, next) || (eq.current?.(prev.value, next) ?? false))) return prev.value;
    last.current = { value: next };
    return next;
  };
  const subscribe = useCallback(
    (fn: () => void) => {
      const a = live.subscribe(fn);
      const b = store.subscribe(fn);
      // The MLP lab's theory comes with the network view (its own channel).
      const c = live.subscribeView(fn);
      return () => {
        a();
        b();
        c();
      };
    },
    [live, store],
  );
  return useSyncExternalStore(subscribe, read);
}
