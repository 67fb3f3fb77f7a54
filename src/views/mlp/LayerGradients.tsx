import { useEffect, useMemo, useRef } from 'react';
import { SATURATION_SHARE } from '../../engine/problems/mlpLayers';
import { useApp, useServices } from '../AppContext';
import { RunSelect } from '../controls/RunSelect';
import { statusText } from '../legend/statusText';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { STREAM_GAP_MS, throttle, useLiveChanges, useViewChanges } from '../useLive';
import { useOnScreen } from '../useOnScreen';
import { drawLayerChart, layerAxis, layerColor, type LayerAxis } from './layerChart';

const fmt = (v: number) => (v === 0 ? '0' : v >= 0.01 && v < 1000 ? v.toPrecision(3) : v.toExponential(2));

/**
 * Gradients per layer (lecture 003): ‖∂L/∂W_l‖_F of every weight layer (biases excluded) over the steps
 * of the chosen run (the theory run, `theory=`), log y axis, layer 1 next to the inputs; and at the
 * playback step the share of saturated units of each hidden layer. The norms come from the worker
 * (live.layers, its own channel); drawing reads them in a frame callback, never through React state.
 */
export function LayerGradients() {
  const { live, store, bridge } = useServices();
  // Fields, not the experiment: an edit of η must not re-render the chart's DOM.
  const layerSizes = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.layers : null));
  const hiddenAct = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.activation : 'tanh'));
  const theory = useApp((s) => s.theory);
  const runCount = useApp((s) => s.experiment.runs.length);
  const chosen = Math.min(theory, Math.max(0, runCount - 1));
  // Only the divergence note is read from the summary: a string, so a running run's summaries do not re-render the chart.
  const diverged = useApp((s) => {
    const summary = s.runs[chosen];
    return summary?.status.kind === 'diverged' ? statusText(summary.status, summary, s.experiment.steps) : null;
  });
  const L = layerSizes ? layerSizes.length - 1 : 0;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const bars = useRef<(HTMLSpanElement | null)[]>([]);
  const values = useRef<(HTMLSpanElement | null)[]>([]);
  const size = useElementSize(box);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const chosenRef = useRef(chosen);
  chosenRef.current = chosen;
  const axisCache = useRef<{ version: number; axis: LayerAxis } | null>(null);

  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const { width, height } = sizeRef.current;
        const el = canvas.current;
        if (!el || width === 0) return;
        const ctx = prepareCanvas(el, width, height);
        if (!ctx) return;
        const { t, experiment } = store.getState();
        const data = live.layers && live.layers.run === chosenRef.current ? live.layers : null;
        const length = data?.length ?? 0;
        const layers = data?.layers ?? 0;
        // The axis scans every row received: once per chunk, not per playback step.
        if (!axisCache.current || axisCache.current.version !== live.layersVersion) {
          axisCache.current = { version: live.layersVersion, axis: data ? layerAxis(data.norms, length, layers) : layerAxis(new Float64Array(0), 0, 0) };
        }
        const axis = axisCache.current.axis;
        drawLayerChart(ctx, { width, height, steps: experiment.steps, norms: data?.norms ?? new Float64Array(0), length, layers, axis, t });
        if (box.current) {
          box.current.dataset.rows = String(length);
          box.current.dataset.layers = String(layers);
          box.current.dataset.decades = `${axis.lo},${axis.hi}`;
          box.current.dataset.done = String(data?.done ?? false);
        }
        if (readout.current) {
          if (!data || length === 0) readout.current.textContent = 'computing the gradients…';
          else {
            const k = Math.min(t, length - 1);
            const row = Array.from({ length: layers }, (_, l) => data.norms[k * layers + l]!);
            const first = row[0]!;
            const last = row[layers - 1]!;
            const ratio = layers > 1 && first > 0 && last > 0 ? `; layer ${layers} / layer 1 = ${fmt(last / first)}` : '';
            const more = data.done ? (data.stop === 'nonfinite' ? ` (gradient not finite from step ${length})` : '') : ` (computing… ${length}/${experiment.steps + 1})`;
            readout.current.textContent = `step ${k}: ${row.map((v, l) => `W${l + 1} ${fmt(v)}`).join(', ')}${ratio}${more}`;
          }
        }
      }),
    [live, store],
  );

  // Saturation at the playback step: from the worker's view reply, for the same run.
  const drawBars = useMemo(
    () => () => {
      const v = live.view;
      const sat = v && v.theoryRun === chosenRef.current ? (v.saturation ?? null) : null;
      bars.current.forEach((bar, l) => {
        const share = sat?.[l];
        if (bar) bar.style.width = share === undefined ? '0%' : `${(100 * share).toFixed(1)}%`;
        bar?.parentElement?.setAttribute('aria-valuenow', share === undefined ? '0' : (100 * share).toFixed(0));
        const text = values.current[l];
        if (text) text.textContent = share === undefined ? '…' : `${(100 * share).toFixed(share > 0 && share < 0.01 ? 1 : 0)} %`;
      });
    },
    [live],
  );

  useEffect(draw, [draw, size, chosen, L]);
  useEffect(drawBars, [drawBars, chosen, L]);
  useLiveChanges(draw);
  useViewChanges(drawBars, STREAM_GAP_MS);
  useEffect(() => live.subscribeLayers(throttle(draw, STREAM_GAP_MS)), [live, draw]);
  // The worker computes the norms (a gradient per step of the run) only while the chart is on screen.
  const hasChart = layerSizes !== null && runCount > 0;
  useOnScreen(box, (on) => bridge?.wantLayers(on), hasChart && !!bridge);

  if (!layerSizes) return null;
  if (runCount === 0) return <p className="empty">Add a run to see its gradients per layer.</p>;
  const hidden = Array.from({ length: Math.max(0, L - 1) }, (_, l) => l);
  const threshold =
    hiddenAct === 'sigmoid' ? 'σ′(z) < 0.0025' : hiddenAct === 'tanh' ? '1 − tanh²(z) < 0.01' : hiddenAct === 'relu' ? 'z ≤ 0 (dead ReLU)' : 'never (identity)';
  return (
    <div className="layer-gradients">
      <div className="layer-head">
        <RunSelect text="run" label="Run whose gradients per layer are shown" />
        <ol className="layer-legend" aria-label="Weight layers in the gradient chart">
          {Array.from({ length: L }, (_, l) => (
            <li key={l} data-layer={l + 1}>
              <span className="swatch" style={{ background: layerColor(l, L) }} aria-hidden="true" />
              layer {l + 1}
              {l === 0 ? ' (input side)' : l === L - 1 ? ' (output)' : ''}
            </li>
          ))}
        </ol>
      </div>
      <div ref={box} className="layer-chart">
        <canvas ref={canvas} className="layer" role="img" aria-label={`Gradient norm of each of the ${L} weight layers against the step, logarithmic axis`} />
      </div>
      {diverged && <p className="layer-diverged">{diverged}: the lines end at the last finite value.</p>}
      <p ref={readout} className="layer-readout" aria-live="off" />
      <div className="saturation" aria-label="Saturated units per hidden layer, at the step shown">
        <div className="saturation-title">
          Saturated units at the playback step: |f′(z)| below {SATURATION_SHARE * 100} % of its largest slope, here {threshold}
        </div>
        {hidden.length === 0 && <div className="saturation-none">No hidden layer.</div>}
        {hidden.map((l) => (
          <div className="saturation-row" key={l} data-layer={l + 1}>
            <span className="name">hidden {l + 1}</span>
            <span className="gauge" role="meter" aria-valuemin={0} aria-valuemax={100} aria-label={`hidden layer ${l + 1}: share of saturated units`}>
              <span className="fill" style={{ background: layerColor(l, L) }} ref={(el) => void (bars.current[l] = el)} />
            </span>
            <span className="value" ref={(el) => void (values.current[l] = el)}>
              …
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
