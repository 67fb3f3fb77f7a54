import { OPT_NAME } from './colors';
import { useApp } from './AppContext';
import { ContourPlot } from './contour/ContourPlot';
import { Controls } from './controls/Controls';
import { Playback } from './controls/Playback';
import { CopyLink } from './CopyLink';
import { DataPlot } from './dataPlot/DataPlot';
import { Legend } from './legend/Legend';
import { LossChart } from './lossChart/LossChart';
import { Notices } from './Notices';
import { Surface3D } from './surface3d/Surface3D';

/** Layout only: header with legend, controls, then the views (overlay or one column per optimizer). */
export function App() {
  const layout = useApp((s) => s.layout);
  const opt = useApp((s) => s.experiment.opt);
  return (
    <div className={`app layout-${layout}`}>
      <header>
        <h1>
          Downhill <small>a loss-surface lab</small>
        </h1>
        <Legend />
        <CopyLink />
      </header>
      <Notices />
      <aside>
        <Controls />
        <Playback />
        <p className="hint">
          Drag on the contour plot or the 3D surface to move the start ●. Drag the background of the 3D view (or right-drag) to orbit,
          scroll to zoom.
        </p>
      </aside>
      <main>
        {layout === 'overlay' ? (
          <div className="panels overlay">
            <figure className="panel">
              <figcaption>Loss surface L(w, b)</figcaption>
              <Surface3D optimizers={opt} label="3D loss surface with the optimizers' paths; drag to move the start" />
            </figure>
            <figure className="panel">
              <figcaption>Contours (log-spaced levels)</figcaption>
              <ContourPlot optimizers={opt} label="Contour plot of the loss; press or drag to move the start, arrow keys nudge it" />
            </figure>
          </div>
        ) : (
          <div className="panels split" data-count={opt.length}>
            {opt.map((id) => (
              <figure className="panel" key={id} data-optimizer={id}>
                <figcaption>{OPT_NAME[id]}</figcaption>
                <Surface3D optimizers={[id]} label={`3D loss surface, ${OPT_NAME[id]} path`} />
                <ContourPlot optimizers={[id]} label={`Contour plot, ${OPT_NAME[id]} path; press or drag to move the start`} />
              </figure>
            ))}
            {opt.length === 0 && <p className="empty">Tick an optimizer in the legend to see its panel.</p>}
          </div>
        )}
        <div className="panels lower">
          <figure className="panel">
            <figcaption>Data and fitted sigmoid σ(w·x + b)</figcaption>
            <DataPlot />
          </figure>
          <figure className="panel">
            <figcaption>Loss per iteration</figcaption>
            <LossChart />
          </figure>
        </div>
      </main>
    </div>
  );
}
