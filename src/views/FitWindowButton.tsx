import type { LivePath } from '../bridge/live';
import { useApp, useServices } from './AppContext';
import { fitWindow } from './fitWindow';
import { useLiveValue } from './useLive';
import { liveExit } from './windowExit';

/**
 * "Fit the window to the paths", shown in the sigmoid lab while a shown path leaves the window (or
 * starts outside it): sets `range` through the URL table, so the new window is in the link.
 */
export function FitWindowButton() {
  const { live, store, editor } = useServices();
  const opt = useApp((s) => s.experiment.opt);
  const sigmoid = useApp((s) => s.experiment.problem === 'sigmoid');
  const leaves = useLiveValue((l) => opt.some((id) => liveExit(l, l.paths.get(id)) !== null));
  if (!sigmoid || !leaves || !editor) return null;
  const fit = () => {
    const e = store.getState().experiment;
    if (e.problem !== 'sigmoid') return;
    const paths = e.opt.map((id) => live.paths.get(id)).filter((p): p is LivePath => p !== undefined);
    editor.edit({ range: fitWindow(paths, e.start).join(',') });
  };
  return (
    <button type="button" className="fit-window" onClick={fit}>
      Fit the window to the paths
    </button>
  );
}
