import { useRef, useState } from 'react';
import { useServices } from '../AppContext';
import { lazyView } from '../lazyView';

/** The dialog and its snapshot code load on the first press (a chunk of their own, off the initial JavaScript). */
const ShareDialog = lazyView(
  () => import('./ShareDialog').then((m) => m.ShareDialog),
  () => null,
);

/**
 * "Share…" beside Copy link: opens the share dialog (a modal <dialog>: Escape closes it, focus comes
 * back to this button). The dialog is built when opened, from the state at that moment.
 */
export function ShareButton() {
  const { flushUrl } = useServices();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        // Fetched when the pointer comes near or the button gets focus, so it is usually in by the press.
        onPointerEnter={() => void ShareDialog.preload().catch(() => {})}
        onFocus={() => void ShareDialog.preload().catch(() => {})}
        onClick={() => {
          flushUrl();
          setOpen(true);
        }}
      >
        Share…
      </button>
      {open && (
        <ShareDialog
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
