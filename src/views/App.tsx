import { OPT_NAME } from './colors';
import { useApp } from './AppContext';
import { ContourPlot } from './contour/ContourPlot';
import { Controls } from './controls/Controls';
import { Playback } from './controls/Playback';
import { CopyLink } from './CopyLink';
import { DataPlot } from './dataPlot/DataPlot';
import { FitWindowButton } from './FitWindowButton';
import { Legend } from './legend/Legend';
import { LossChart } from './lossChart/LossChart';
import { DecisionMap } from './mlp/DecisionMap';
import { MlpControls } from './mlp/MlpControls';
import { NetworkDiagram } from './mlp/NetworkDiagram';
import { OffPlaneGauge } from './mlp/OffPlaneGauge';
import { SliceCaption } from './mlp/SliceCaption';
import { SurfaceProgress } from './mlp/SurfaceProgress';
import { Notices } from './Notices';
import { Surface3D } from './surface3d/Surface3D';

/** Layout only: header with legend, controls, then the views (overlay or one column per optimizer). */
export function App() {
  const layout = useApp((s) => s.layout);
  const opt = useApp((s) => s.experiment.opt);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const surfaceName = mlp ? 'Loss over the slice L(a, b)' : 'Loss surface L(w, b)';
  return (
    <div className={`app layout-${layout} lab-${mlp ? 'mlp' : 'sigmoid'}`}>
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
        {mlp && <MlpControls />}
        <Playback />
        {mlp ? (
          <p className="hint">
            The paths start at the seeded initial weights θ₀ (change the seed to start elsewhere). Drag the 3D view to orbit, scroll to zoom;
            click a weight in the network diagram to slice along it.
          </p>
        ) : (
          <p className="hint">
            Drag on the contour plot or the 3D surface to move the start ●. Drag the background of the 3D view (or right-drag) to orbit,
            scroll to zoom.
          </p>
        )}
      </aside>
      <main>
        {mlp && (
          <div className="slice-bar">
            <SliceCaption />
            <SurfaceProgress />
          </div>
        )}
        {layout === 'overlay' ? (
          <div className="panels overlay">
            <figure className="panel">
              <figcaption>{surfaceName}</figcaption>
              <Surface3D optimizers={opt} label={mlp ? "3D loss over the slice with the optimizers' projected paths" : "3D loss surface with the optimizers' paths; drag to move the start"} />
            </figure>
            <figure className="panel">
              <figcaption>Contours (log-spaced levels)</figcaption>
              <FitWindowButton />
              <ContourPlot optimizers={opt} label={mlp ? 'Contour plot of the loss over the slice with the projected paths' : 'Contour plot of the loss; press or drag to move the start, arrow keys nudge it'} />
            </figure>
          </div>
        ) : (
          <div className="panels split" data-count={opt.length}>
            {opt.map((id) => (
              <figure className="panel" key={id} data-optimizer={id}>
                <figcaption>{OPT_NAME[id]}</figcaption>
                <FitWindowButton />
                <Surface3D optimizers={[id]} label={`3D loss surface, ${OPT_NAME[id]} path`} />
                <ContourPlot optimizers={[id]} label={mlp ? `Contour plot over the slice, ${OPT_NAME[id]} path` : `Contour plot, ${OPT_NAME[id]} path; press or drag to move the start`} />
              </figure>
            ))}
            {opt.length === 0 && <p className="empty">Tick an optimizer in the legend to see its panel.</p>}
          </div>
        )}
        <div className={`panels lower${mlp ? ' mlp' : ''}`}>
          {mlp ? (
            <>
              <figure className="panel">
                <figcaption>Network output over the inputs, with the data</figcaption>
                <DecisionMap />
              </figure>
              <figure className="panel">
                <figcaption>Network and off-plane distance</figcaption>
                <NetworkDiagram />
                <OffPlaneGauge />
              </figure>
            </>
          ) : (
            <figure className="panel">
              <figcaption>Data and fitted sigmoid σ(w·x + b)</figcaption>
              <DataPlot />
            </figure>
          )}
          <figure className="panel">
            <figcaption>Loss per iteration</figcaption>
            <LossChart />
          </figure>
        </div>
      </main>
    </div>
  );
}
