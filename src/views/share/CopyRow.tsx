import { useId, useState } from 'react';

/**
 * One thing to copy: its label, the text in a read-only field (select it to copy by hand), a Copy
 * button, and "Copied" beside it (or "Select and copy" where the clipboard is refused).
 */
export function CopyRow({ label, text, multiline }: { label: string; text: string; multiline?: boolean }) {
  const id = useId();
  const [said, setSaid] = useState<{ text: string; ok: boolean } | null>(null);
  const select = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => e.currentTarget.select();
  return (
    <div className="copy-row">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea id={id} readOnly value={text} rows={3} onFocus={select} /> : <input id={id} readOnly value={text} onFocus={select} />}
      <button
        type="button"
        aria-label={`Copy ${label.toLowerCase()}`}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setSaid({ text, ok: true });
          } catch {
            (document.getElementById(id) as HTMLInputElement | null)?.select();
            setSaid({ text, ok: false });
          }
        }}
      >
        Copy
      </button>
      <span className="copy-said" role="status">
        {said?.text === text ? (said.ok ? 'Copied' : 'Select and copy (Ctrl+C)') : ''}
      </span>
    </div>
  );
}
