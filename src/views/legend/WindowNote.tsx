import { memo } from 'react';
import { useLiveValue } from '../useLive';
import { liveExit } from '../windowExit';

/**
 * "left the window at step k" (or "starts outside the window") beside the run's name; nothing while it
 * stays inside. It takes only the room the name's row has left (styles.css), so it never reflows the header:
 * a reflow under a dragging pointer would move the plot and the start with it.
 */
export const WindowNote = memo(function WindowNote({ run }: { run: number }) {
  const step = useLiveValue((live) => liveExit(live, live.paths[run])?.step ?? -1);
  if (step < 0) return null;
  const text = step === 0 ? 'starts outside the window' : `left the window at step ${step}`;
  return (
    <span className="window-note" title={text}>
      {text}
    </span>
  );
});
