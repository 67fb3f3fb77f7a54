import { useEffect } from 'react';
import type { AppStore } from '../../state/store';

/** Where typed keys belong to the element: text entry. K and Space are left alone there. */
const TYPING = 'input:not([type=range]):not([type=radio]):not([type=checkbox]), textarea, select, [contenteditable=""], [contenteditable="true"]';
/** Where Space already means something (a button press, a widget's own key): only K toggles there. */
const SPACE_TAKEN = 'button, a[href], input, [role=button], [role=application], [role=radio], [role=checkbox], summary';

/**
 * Play/pause from the keyboard, anywhere on the page: K, or Space where Space has no other meaning (not in
 * a text field, on a button or in a widget with its own keys).
 */
export function usePlayShortcut(store: AppStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat || e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TYPING)) return;
      const k = e.key === 'k' || e.key === 'K';
      if (!k && !(e.key === ' ' && !target?.closest(SPACE_TAKEN))) return;
      e.preventDefault();
      const st = store.getState();
      st.setPlaying(!st.playing);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
