import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../bridge/bridge';
import type { Live } from '../bridge/live';
import type { TheoryReader } from '../lab/pointTheory';
import type { StepReader } from '../lab/stepView';
import type { Editor } from '../url/edit';
import type { Actions, AppState, AppStore } from '../state/store';

export interface AppServices {
  readonly store: AppStore;
  readonly live: Live;
  readonly bridge: Bridge | null;
  /** Writes the URL now and returns the fragment (the copy-link button uses it). */
  readonly flushUrl: () => string;
  /** Field edits by URL key and the lab switch (url/edit.ts); null in tests that need none. */
  readonly editor: Editor | null;
  /** The theory at the followed run's point (lab/pointTheory.ts); absent where no panel is wanted. */
  readonly theory?: TheoryReader | null;
  /** The followed run's step at the playback step, part by part (lab/stepView.ts): overlays and equations. */
  readonly steps?: StepReader | null;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('views: AppContext is missing');
  return s;
}

/** Binds a component to a slice of the store; re-renders only when the slice changes. */
export function useApp<T>(selector: (s: AppState & Actions) => T): T {
  return useStore(useServices().store, selector);
}
