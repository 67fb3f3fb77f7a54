import { useState } from 'react';
import { useServices } from './AppContext';

/** Writes the URL now and copies it; where the clipboard is refused, shows the link to copy by hand. */
export function CopyLink() {
  const { flushUrl } = useServices();
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [link, setLink] = useState('');
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
