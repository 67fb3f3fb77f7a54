import { useShallow } from 'zustand/react/shallow';
import { useServices } from './AppContext';
import { useStore } from 'zustand';
import type { AppState } from '../state/store';

/** Positions of the runs shown (not hidden with the legend's toggle), in legend order. */
export function visibleRuns(s: Pick<AppState, 'experiment' | 'off'>): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.experiment.runs.length; i++) if (!s.off.includes(i)) out.push(i);
  return out;
}

/** visibleRuns bound to the store: re-renders only when the list itself changes. */
export function useVisibleRuns(): number[] {
  return useStore(useServices().store, useShallow(visibleRuns));
}
