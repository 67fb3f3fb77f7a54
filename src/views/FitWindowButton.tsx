import type { LivePath } from '../bridge/live';
import { useApp, useServices } from './AppContext';
import { useVisibleRuns } from './useRuns';
import { fitWindow } from './fitWindow';
import { useLiveValue } from './useLive';
import { liveExit } from './windowExit';

/**
 * "Fit the window to the paths", shown in the sigmoid lab while a shown path leaves the window (or
 * starts outside it): sets `range` through the URL table, so the new window is in the link.
 */
export function FitWindowButton() {
  const { live, store, editor } = useServices();
  const opt = useVisibleRuns();
  const sigmoid = useApp((s) => s.experiment.problem !== 'mlp');
  const leaves = useLiveValue((l) => opt.some((i) => liveExit(l, l.paths[i]) !== null));
  if (!sigmoid || !leaves || !editor) return null;
  const fit = () => {
    const e = store.getState().experiment;
    if (e.problem === 'mlp') return;
    const paths = opt.map((i) => live.paths[i]).filter((p): p is LivePath => p !== undefined);
    editor.edit({ range: fitWindow(paths, e.start).join(',') });
  };
  return (
    // Short on screen (it shares the panel's title row), whole in its name and tooltip.
    <button type="button" className="fit-window" onClick={fit} aria-label="Fit the window to the paths" title="Fit the window to the paths">
      Fit to paths
    </button>
  );
}
