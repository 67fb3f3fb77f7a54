import { useMemo } from 'react';
import type { HidePart } from '../protocol/experiment';
import { planeEntryOf } from '../url/planeCatalog';
import { runLabel } from '../url/runCatalog';
import { useApp } from './AppContext';
import { runColor } from './colors';
import { ContourPlot } from './contour/ContourPlot';
import { Controls } from './controls/Controls';
import { Playback } from './controls/Playback';
import { RunList } from './controls/RunList';
import { SurfaceControls } from './controls/SurfaceControls';
import { CopyLink } from './CopyLink';
import { EmbedView } from './EmbedView';
import { ShareButton } from './share/ShareButton';
import { DataPlot } from './dataPlot/DataPlot';
import { FitWindowButton } from './FitWindowButton';
import { Legend } from './legend/Legend';
import { LiveSummary } from './legend/LiveSummary';
import { LossChart } from './lossChart/LossChart';
import { ConvergenceMap } from './map/ConvergenceMap';
import { DecisionMap, LayerGradients, MlpControls, NetworkDiagram, OffPlaneGauge, SliceCaption, SurfaceProgress } from './mlp/lazy';
import { Notices } from './Notices';
import { LectureMenu } from './scenes/LectureMenu';
import { SceneCaption } from './scenes/SceneCaption';
import { EquationsPanel } from './step/EquationsPanel';
import { StepBar } from './step/StepBar';
import { Surface3D } from './surface3d/LazySurface3D';
import { TheoryPanel } from './theory/TheoryPanel';
import { BrutePanel } from './guess/BrutePanel';
import { GuessModeToggle } from './guess/GuessModeToggle';
import { GuessTable } from './guess/GuessTable';
import { useVisibleRuns } from './useRuns';

/** One run's panel of the side-by-side layout (same camera and colour scale as the others). */
function SplitPanel({ i, name, optimizer, mlp, surface, contour }: { i: number; name: string; optimizer: string; mlp: boolean; surface: boolean; contour: boolean }) {
  const only = useMemo(() => [i], [i]);
  return (
    <figure className="panel" data-run={i} data-optimizer={optimizer}>
      <figcaption>
        <span className="swatch" style={{ background: runColor(i) }} aria-hidden="true" /> {i + 1}. {name}
      </figcaption>
      {contour && <FitWindowButton />}
      {surface && <Surface3D runs={only} label={`3D loss surface, run ${i + 1} (${name}) path`} />}
      {contour && <ContourPlot runs={only} label={mlp ? `Contour plot over the slice, run ${i + 1} (${name}) path` : `Contour plot, run ${i + 1} (${name}) path; press or drag to move the start`} />}
    </figure>
  );
}

/** Layout only: header with legend, controls, then the views (overlay or one panel per run). */
export function App() {
  const embed = useApp((s) => s.embed);
  return embed ? <EmbedView view={embed} /> : <Lab />;
}

/** The whole page, less the parts a classroom link hides (`hide`; their state stays in the link). */
function Lab() {
  const hide = useApp((s) => s.hide);
  const on = (p: HidePart) => !hide.includes(p);
  // The guess table leads the lower panels while a guess lesson is on (guess mode or guesses made); else it
  // comes last, so the loss chart and the map keep their place on the first screen.
  const guessFirst = useApp((s) => s.guess || s.guesses.length > 0);
  const guessPanel = (
    <figure className="panel guess-panel" aria-label="Guess work and brute force">
      <figcaption>Guess work and brute force</figcaption>
      <div className="guess-body">
        <GuessTable />
        <BrutePanel />
      </div>
    </figure>
  );
  const layout = useApp((s) => s.layout);
  const opt = useVisibleRuns();
  const runs = useApp((s) => s.experiment.runs);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const usesData = useApp((s) => planeEntryOf(s.experiment.problem)?.usesData === true);
  const surfaceName = mlp ? 'Loss over the slice L(a, b)' : 'Loss surface L(w, b)';
  return (
    <div className={`app layout-${layout} lab-${mlp ? 'mlp' : 'sigmoid'}${on('controls') ? '' : ' no-controls'}`} data-hide={hide.join(' ')}>
      <header>
        <h1>
          Downhill <small>a loss-surface lab</small>
        </h1>
        {on('legend') && <Legend />}
        <LiveSummary />
        <div className="share-actions">
          <CopyLink />
          <ShareButton />
        </div>
      </header>
      <div className="top-notes">
        {on('notices') && <Notices />}
        {on('lectures') && <SceneCaption />}
      </div>
      {on('notices') && <Notices live />}
      {on('controls') && <aside>
        {on('lectures') && <LectureMenu />}
        <Controls />
        <Playback />
        {on('runs') && <RunList />}
        {mlp && <MlpControls />}
        <SurfaceControls />
        {mlp ? (
          <p className="hint">
            The paths start at the seeded initial weights θ₀ (change the seed to start elsewhere). Drag the 3D view to orbit, scroll to zoom;
            click a weight in the network diagram to slice along it.
          </p>
        ) : (
          <p className="hint">
            Drag on the contour plot or the 3D surface to move the start ● (by touch: rest a finger first, or grab the ●). Drag the
            background of the 3D view (or right-drag) to orbit, scroll to zoom; focused, arrow keys orbit and + / − zoom. K plays and pauses.
          </p>
        )}
      </aside>}
      <main>
        {mlp && (
          <div className="slice-bar">
            <SliceCaption />
            <SurfaceProgress />
          </div>
        )}
        {layout === 'overlay' ? (
          <div className="panels overlay" data-count={Number(on('surface')) + Number(on('contour'))}>
            {on('surface') && <figure className="panel">
              <figcaption>{surfaceName}</figcaption>
              <Surface3D runs={opt} label={mlp ? "3D loss over the slice with the runs' projected paths" : "3D loss surface with the runs' paths; drag to move the start"} />
            </figure>}
            {on('contour') && <figure className="panel">
              <figcaption>Contours (log-spaced levels)</figcaption>
              <FitWindowButton />
              <ContourPlot runs={opt} label={mlp ? 'Contour plot of the loss over the slice with the projected paths' : 'Contour plot of the loss; press or drag to move the start, arrow keys nudge it'} />
            </figure>}
          </div>
        ) : (
          <div className="panels split" data-count={opt.length}>
            {opt.map((i) => (
              <SplitPanel key={i} i={i} name={runs[i] ? runLabel(runs[i]) : ''} optimizer={runs[i]?.optimizer ?? ''} mlp={mlp} surface={on('surface')} contour={on('contour')} />
            ))}
            {opt.length === 0 && <p className="empty">Show a run in the legend or add one to see its panel.</p>}
          </div>
        )}
        {on('steps') && (
          <div className="under-views">
            <StepBar />
            {!mlp && <GuessModeToggle />}
          </div>
        )}
        <div className={`panels lower${mlp ? ' mlp' : ''}`}>
          {!mlp && guessFirst && guessPanel}
          {mlp ? (
            <>
              {on('data') && <figure className="panel">
                <figcaption>Network output over the inputs, with the data</figcaption>
                <DecisionMap />
              </figure>}
              {on('network') && <figure className="panel">
                <figcaption>Network and off-plane distance</figcaption>
                <NetworkDiagram />
                <OffPlaneGauge />
              </figure>}
            </>
          ) : usesData && on('data') ? (
            <figure className="panel">
              <figcaption>Data and fitted sigmoid σ(w·x + b)</figcaption>
              <DataPlot />
            </figure>
          ) : null}
          {on('loss') && <figure className="panel">
            <figcaption>Loss per iteration</figcaption>
            <LossChart />
          </figure>}
          {mlp && on('layers') && (
            <figure className="panel layers-panel" aria-label="Gradients per layer">
              <figcaption>Gradients per layer ‖∂L/∂W_l‖ (biases excluded)</figcaption>
              <LayerGradients />
            </figure>
          )}
          {on('map') && <figure className="panel map-panel">
            <figcaption>(η, γ) convergence map</figcaption>
            <ConvergenceMap />
          </figure>}
          {on('equations') && <figure className="panel equations-panel" aria-label="The step, in equations">
            <figcaption>The step, in equations</figcaption>
            <EquationsPanel />
          </figure>}
          {on('theory') && <figure className="panel theory-panel" aria-label="Theory at the point">
            <figcaption>{mlp ? 'Theory at the point, on the slice plane' : 'Theory at the point'}</figcaption>
            <TheoryPanel />
          </figure>}
          {!mlp && !guessFirst && guessPanel}
        </div>
      </main>
    </div>
  );
}
