import type { OptimizerId } from '../../protocol/experiment';
import { useLiveValue } from '../useLive';
import { liveExit } from '../windowExit';

/** " · left the window at step k" (or " · starts outside the window") after a run's status; nothing while it stays inside. */
export function WindowNote({ id }: { id: OptimizerId }) {
  const step = useLiveValue((live) => liveExit(live, live.paths.get(id))?.step ?? -1);
  if (step < 0) return null;
  return <span className="window-note"> · {step === 0 ? 'starts outside the window' : `left the window at step ${step}`}</span>;
}
