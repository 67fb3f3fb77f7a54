import { useRef, useState } from 'react';
import { useServices } from '../AppContext';
import { ShareDialog } from './ShareDialog';

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
