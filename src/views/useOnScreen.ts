import { type RefObject, useEffect, useRef } from 'react';

/**
 * Calls `onChange(true)` when the element comes into the viewport and `onChange(false)` when it leaves it
 * (IntersectionObserver), and `onChange(false)` when it unmounts or `active` turns false. Views use it to
 * ask for work (per-layer norms, the MLP step) or to do their own (typesetting) only while they are seen.
 * Without IntersectionObserver (unit tests) the element counts as shown.
 */
export function useOnScreen(ref: RefObject<Element | null>, onChange: (on: boolean) => void, active = true): void {
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    const el = ref.current;
    if (!el || !active) return;
    if (typeof IntersectionObserver === 'undefined') {
      cb.current(true);
      return () => cb.current(false);
    }
    const io = new IntersectionObserver((entries) => cb.current(entries.some((x) => x.isIntersecting)));
    io.observe(el);
    return () => {
      io.disconnect();
      cb.current(false);
    };
  }, [ref, active]);
}
