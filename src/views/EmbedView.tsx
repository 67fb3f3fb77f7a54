import type { EmbedView as EmbedId } from '../protocol/experiment';
import { planeEntryOf } from '../url/planeCatalog';
import { useApp } from './AppContext';
import { ContourPlot } from './contour/ContourPlot';
import { DataPlot } from './dataPlot/DataPlot';
import { LossChart } from './lossChart/LossChart';
import { ConvergenceMap } from './map/ConvergenceMap';
import { DecisionMap } from './mlp/lazy';
import { Notices } from './Notices';
import { Surface3D } from './surface3d/LazySurface3D';
import { useVisibleRuns } from './useRuns';

const TITLES: Record<EmbedId, string> = {
  surface: 'Loss surface',
  contour: 'Contours',
  loss: 'Loss per iteration',
  data: 'Data',
  map: '(η, γ) convergence map',
};

/** The link without `embed`: the whole page, for the "open in Downhill" link. */
function fullLink(): string {
  const parts = location.hash.slice(1).split('&').filter((p) => !p.startsWith('embed='));
  return `${location.origin}${location.pathname}#${parts.join('&')}`;
}

/**
 * One view alone, filling the frame (link `embed`, for an iframe): no header, no controls. A surface
 * without a data view shows its contours for `data` (the codec names that repair for a link; a surface
 * chosen later gets the same). Notices still show (unless `hide=notices`), and a corner link opens the
 * whole page in a new tab (its checksum no longer matches there, which its notice says, so the link is
 * re-signed by the page on load).
 */
export function EmbedView({ view }: { view: EmbedId }) {
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const usesData = useApp((s) => mlp || planeEntryOf(s.experiment.problem)?.usesData === true);
  const hideNotices = useApp((s) => s.hide.includes('notices'));
  const runs = useVisibleRuns();
  const shown: EmbedId = view === 'data' && !usesData ? 'contour' : view;
  return (
    <div className={`embed embed-${shown} lab-${mlp ? 'mlp' : 'sigmoid'}`} data-embed={shown}>
      {!hideNotices && (
        <div className="embed-notes">
          <Notices />
        </div>
      )}
      {!hideNotices && <Notices live />}
      <figure className="panel embed-panel" aria-label={TITLES[shown]}>
        {shown === 'surface' && <Surface3D runs={runs} label={mlp ? "3D loss over the slice with the runs' projected paths" : "3D loss surface with the runs' paths; drag to move the start"} />}
        {shown === 'contour' && <ContourPlot runs={runs} label={mlp ? 'Contour plot of the loss over the slice with the projected paths' : 'Contour plot of the loss; press or drag to move the start, arrow keys nudge it'} />}
        {shown === 'loss' && <LossChart />}
        {shown === 'data' && (mlp ? <DecisionMap /> : <DataPlot />)}
        {shown === 'map' && <ConvergenceMap />}
      </figure>
      <a className="embed-open" href={fullLink()} target="_blank" rel="noopener">
        Downhill ↗
      </a>
    </div>
  );
}
