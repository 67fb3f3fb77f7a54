import { useEffect, useMemo, useRef } from 'react';
import { useServices } from '../AppContext';
import { runColor } from '../colors';
import { useVisibleRuns } from '../useRuns';
import { drawAxes, plotFrame, ticks } from '../plotFrame';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';

/** Losses below this are drawn at it (momentum reaches ~1e-32 on the lecture run; float64 goes further). */
const FLOOR = 1e-40;

/** Loss against iteration for every shown run, log y axis, with a cursor at the playback step. */
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

  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const { width, height } = sizeRef.current;
        if (!canvas.current || width === 0) return;
        const ctx = prepareCanvas(canvas.current, width, height);
        if (!ctx) return;
        const { t, experiment } = store.getState();
        let lo = Infinity;
        let hi = -Infinity;
        for (const i of optRef.current) {
          const p = live.paths[i];
          if (!p) continue;
          for (let k = 0; k < p.length; k++) {
            const v = Math.log10(Math.max(FLOOR, p.loss[k]!));
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        if (!(hi >= lo)) {
          lo = -4;
          hi = 0;
        }
        lo = Math.floor(lo);
        hi = Math.max(lo + 1, Math.ceil(hi));
        const n = Math.max(1, experiment.steps);
        const f = plotFrame(width, height, 0, n, lo, hi);
        const yt: number[] = [];
        const every = Math.max(1, Math.ceil((hi - lo) / 5));
        for (let e = lo; e <= hi; e += every) yt.push(e);
        drawAxes(ctx, f, ticks(0, n, 4), yt, 'step', 'loss', (e) => `1e${e}`);
        ctx.save();
        ctx.beginPath();
        ctx.rect(f.left, f.top, f.width, f.height);
        ctx.clip();
        for (const i of optRef.current) {
          const p = live.paths[i];
          if (!p || p.length === 0) continue;
          ctx.strokeStyle = runColor(i);
          ctx.lineWidth = 1.8;
          ctx.beginPath();
          // At most ~2 points per pixel column: long runs stay cheap to draw.
          const stride = Math.max(1, Math.floor(p.length / (2 * f.width)));
          for (let k = 0; k < p.length; k += stride) {
            const y = f.py(Math.log10(Math.max(FLOOR, p.loss[k]!)));
            if (k === 0) ctx.moveTo(f.px(k), y);
            else ctx.lineTo(f.px(k), y);
          }
          ctx.lineTo(f.px(p.length - 1), f.py(Math.log10(Math.max(FLOOR, p.loss[p.length - 1]!))));
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
  useEffect(draw, [draw, size, opt]);
  useLiveChanges(draw);

  return (
    <div ref={box} className="losschart" role="img" aria-label="Loss against iteration, logarithmic loss axis">
      <canvas ref={canvas} className="layer" />
    </div>
  );
}
