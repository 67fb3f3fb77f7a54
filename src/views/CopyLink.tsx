import { useEffect, useState } from 'react';
import { useServices } from './AppContext';

/** Writes the URL now and copies it; where the clipboard is refused, shows the link to copy by hand. */
export function CopyLink() {
  const { flushUrl, store } = useServices();
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [link, setLink] = useState('');
  // Once anything changes, the copied link is stale: drop the confirmation.
  useEffect(
    () =>
      store.subscribe((s, p) => {
        if (s.experiment !== p.experiment || s.layout !== p.layout || s.camera !== p.camera) setState('idle');
      }),
    [store],
  );
  return (
    <div className="copylink">
      <button
        type="button"
        onClick={async () => {
          flushUrl();
          const href = location.href;
          setLink(href);
          try {
            await navigator.clipboard.writeText(href);
            setState('copied');
          } catch {
            setState('manual');
          }
        }}
      >
        Copy link
      </button>
      {state === 'copied' && <span role="status">Link copied</span>}
      {state === 'manual' && <input aria-label="Share link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} autoFocus />}
    </div>
  );
}
