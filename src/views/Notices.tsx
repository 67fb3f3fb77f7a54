import { useApp, useServices } from './AppContext';

/** Link repairs and engine trouble, as plain text (never HTML), dismissible. */
export function Notices() {
  const { store } = useServices();
  const notices = useApp((s) => s.notices);
  if (notices.length === 0) return null;
  const fromUrl = notices.some((n) => n.source === 'url');
  return (
    <div className="notices" role="status" aria-live="polite">
      {fromUrl && <p className="notices-title">Parts of this link could not be used; defaults were taken for them:</p>}
      <ul>
        {notices.map((n) => (
          <li key={`${n.source}:${n.key}`} data-key={n.key} className={n.source}>
            {n.message}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => store.getState().dismissNotices()}>
        Dismiss
      </button>
    </div>
  );
}
