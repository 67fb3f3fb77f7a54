import { useLayoutEffect, useRef } from 'react';
import { useApp, useServices } from './AppContext';
import type { AppNotice } from '../state/store';

/** Where a notice shows: what the link could not use in the flow at the top (there from the first paint); the rest in a toast. */
const isLive = (n: AppNotice) => n.source !== 'url';

/**
 * Link repairs and engine trouble, as plain text (never HTML), dismissible. `live` picks the notices that
 * come while the page is in use (a refused value typed into a field, an engine restart): they show in a
 * toast fixed to the bottom of the viewport (styles.css .notices-live), so one never moves the views and is
 * seen however far the page is scrolled. The link's notices (`live` false) show in the flow above the views:
 * they are there from the first paint, so they move nothing either. The toast never lies over the field the
 * user is typing in: when the focused element is where it would show (the bottom of the viewport, where a
 * field filled at the end of the page usually is), it shows at the top instead (data-place).
 */
export function Notices({ live = false }: { live?: boolean }) {
  const { store } = useServices();
  const all = useApp((s) => s.notices);
  const notices = all.filter((n) => isLive(n) === live);
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!live || !el) return;
    el.dataset.place = 'bottom';
    const focused = document.activeElement;
    if (!focused || focused === document.body) return;
    const f = focused.getBoundingClientRect();
    const t = el.getBoundingClientRect();
    if (f.bottom > t.top - 8 && f.top < t.bottom + 8) el.dataset.place = 'top';
  }, [live, all]);
  if (notices.length === 0) return null;
  return (
    <div ref={box} className={live ? 'notices notices-live' : 'notices'} role="status" aria-live="polite">
      {!live && <p className="notices-title">Parts of this link could not be used; defaults were taken for them:</p>}
      <ul>
        {notices.map((n) => (
          <li key={`${n.source}:${n.key}`} data-key={n.key} className={n.source}>
            {n.message}
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => {
          const st = store.getState();
          if (live) {
            st.dismissNotices('input');
            st.dismissNotices('engine');
          } else st.dismissNotices('url');
        }}
      >
        Dismiss
      </button>
    </div>
  );
}
