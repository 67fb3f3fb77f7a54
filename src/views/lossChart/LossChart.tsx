import { useEffect, useMemo, useRef, useState } from 'react';
import type { LivePath } from '../../bridge/live';
import { useServices } from '../AppContext';
import { lightRun, runColor, runHalo } from '../colors';
import { useVisibleRuns } from '../useRuns';
import { drawAxes, MARGIN, plotFrame, ticks } from '../plotFrame';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';
import { lossAxis, type AxisMode } from './lossAxis';

/** Room for tick labels such as 1e-32 beside the rotated axis label. */
const CHART_MARGIN = { ...MARGIN, left: 60 };

/**
 * Loss against iteration for every shown run, with a cursor at the playback step. Log y axis
 * clipped to DECADES below its top (lossAxis), or every decade ("show all"), or linear.
 */
export function LossChart() {
  const { live, store } = useServices();
  const opt = useVisibleRuns();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const optRef = useRef(opt);
  optRef.current = opt;
  const [mode, setMode] = useState<AxisMode>({ linear: false, all: false });
  const modeRef = useRef(mode);
  modeRef.current = mode;

  const axisCache = useRef<{ key: { version: number; runs: readonly number[]; mode: typeof mode }; axis: ReturnType<typeof lossAxis> } | null>(null);
  const axesLayer = useRef<{ key: string; canvas: HTMLCanvasElement } | null>(null);
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const { width, height } = sizeRef.current;
        if (!canvas.current || width === 0) return;
        const ctx = prepareCanvas(canvas.current, width, height);
        if (!ctx) return;
        const { t, experiment } = store.getState();
        // The axis scans every loss row: only when the paths, the runs shown or the mode changed, not when
        // playback only moved the cursor.
        const key = { version: live.version, runs: optRef.current, mode: modeRef.current };
        const c = axisCache.current;
        if (!c || c.key.version !== key.version || c.key.runs !== key.runs || c.key.mode !== key.mode) {
          const shown = key.runs.map((i) => live.paths[i]).filter((p): p is LivePath => p !== undefined);
          axisCache.current = { key, axis: lossAxis(shown, key.mode) };
        }
        const axis = axisCache.current!.axis;
        const n = Math.max(1, experiment.steps);
        const f = plotFrame(width, height, 0, n, axis.lo, axis.hi, CHART_MARGIN);
        const yLabel = axis.clipped ? 'loss (clipped)' : axis.forcedLinear ? 'loss (linear: L < 0 here)' : 'loss';
        // The axes (frame, ticks, text) are drawn once into a layer of their own and copied in while they hold:
        // a new run mostly keeps its ticks, and text is the costly part of the chart to draw.
        const xs = ticks(0, n, 4);
        const axesKey = `${canvas.current.width}x${canvas.current.height}|${width}x${height}|${xs.join(',')}|${axis.lo}|${axis.hi}|${axis.ticks.map(axis.format).join(',')}|${axis.ticks.join(',')}|${yLabel}`;
        let layer = axesLayer.current;
        if (!layer || layer.key !== axesKey) {
          const c = layer?.canvas ?? document.createElement('canvas');
          const actx = prepareCanvas(c, width, height);
          if (actx) drawAxes(actx, f, xs, axis.ticks, 'step', yLabel, axis.format);
          layer = axesLayer.current = { key: axesKey, canvas: c };
        }
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.drawImage(layer.canvas, 0, 0);
        ctx.restore();
        const el = box.current;
        if (el) {
          el.dataset.scale = modeRef.current.linear || axis.forcedLinear ? 'linear' : 'log';
          el.dataset.lo = String(axis.lo);
          el.dataset.hi = String(axis.hi);
        }
        ctx.save();
        ctx.beginPath();
        ctx.rect(f.left, f.top, f.width, f.height);
        ctx.clip();
        for (const i of optRef.current) {
          const p = live.paths[i];
          if (!p || p.length === 0) continue;
          ctx.beginPath();
          // At most ~2 points per pixel column: long runs stay cheap to draw.
          const stride = Math.max(1, Math.floor(p.length / (2 * f.width)));
          for (let k = 0; k < p.length; k += stride) {
            const y = f.py(axis.y(p.loss[k]!));
            if (k === 0) ctx.moveTo(f.px(k), y);
            else ctx.lineTo(f.px(k), y);
          }
          ctx.lineTo(f.px(p.length - 1), f.py(axis.y(p.loss[p.length - 1]!)));
          // A light colour (the yellow) gets a dark edge to read on the white chart.
          if (lightRun(i)) {
            ctx.strokeStyle = runHalo(i);
            ctx.lineWidth = 3.4;
            ctx.stroke();
          }
          ctx.strokeStyle = runColor(i);
          ctx.lineWidth = 1.8;
          ctx.stroke();
        }
        ctx.strokeStyle = '#0f172a';
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(f.px(t), f.top);
        ctx.lineTo(f.px(t), f.top + f.height);
        ctx.stroke();
        ctx.restore();
      }),
    [live, store],
  );
  useEffect(draw, [draw, size, opt, mode]);
  useLiveChanges(draw);

  return (
    <div ref={box} className="losschart">
      <canvas ref={canvas} className="layer" role="img" aria-label={`Loss against iteration, ${mode.linear ? 'linear' : 'logarithmic'} loss axis`} />
      <div className="losschart-options">
        <label>
          <input type="checkbox" checked={mode.linear} onChange={(e) => setMode({ ...mode, linear: e.currentTarget.checked })} /> linear
        </label>
        <label>
          <input type="checkbox" checked={mode.all} disabled={mode.linear} onChange={(e) => setMode({ ...mode, all: e.currentTarget.checked })} /> show all
        </label>
      </div>
    </div>
  );
}
