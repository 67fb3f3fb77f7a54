import { useEffect, useMemo, useRef, useState } from 'react';
import type { DataPoint } from '../../protocol/experiment';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { useVisibleRuns } from '../useRuns';
import { useLiveChanges } from '../useLive';
import { frameScheduler } from '../useCanvasSize';
import { dataDomain, yTicks, type DataDomain } from './dataDomain';

const W = 360;
const H = 220;
const M = { left: 34, right: 10, top: 10, bottom: 26 };
const MAX_POINTS = 100;

/** σ, written out here because views do not import engine code (DESIGN.md layers). */
const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const round = (v: number) => Math.round(v * 1000) / 1000 || 0;

/**
 * The data points and each run's sigmoid σ(w·x + b) at the playback step. Press on empty space
 * to add a point, drag a point to move it, double-click (or focus and press Delete) to remove it.
 */
const NO_POINTS: readonly DataPoint[] = [];

export function DataPlot() {
  const { live, store } = useServices();
  const data = useApp((s) => (s.experiment.problem === 'sigmoid' ? s.experiment.data : NO_POINTS));
  const opt = useVisibleRuns();
  const [{ x: dom, y: [Y0, Y1] }, setDom] = useState<DataDomain>(() => dataDomain(data));
  const dragging = useRef<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  /** A point added from the keyboard, to focus once drawn. */
  const focusNew = useRef<number | null>(null);
  const curves = useRef(new Map<number, SVGPathElement | null>());

  useEffect(() => {
    if (dragging.current === null) setDom(dataDomain(data));
    const k = focusNew.current;
    focusNew.current = null;
    if (k !== null) svg.current?.querySelectorAll<SVGCircleElement>('circle.datapoint')[k]?.focus();
  }, [data]);

  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const px = (x: number) => M.left + ((x - dom[0]) / (dom[1] - dom[0])) * pw;
  const py = (y: number) => M.top + (1 - (y - Y0) / (Y1 - Y0)) * ph;

  // One scheduler per domain, not per render: a drag re-renders this component at pointer rate.
  const redraw = useMemo(
    () =>
      frameScheduler(() => {
    const t = store.getState().t;
    for (const [id, el] of curves.current) {
      const p = live.paths[id];
      if (!el) continue;
      if (!p || p.length === 0) {
        el.setAttribute('d', '');
        continue;
      }
      const k = Math.min(p.length, t + 1) - 1;
      const w = p.params[2 * k]!;
      const b = p.params[2 * k + 1]!;
      let d = '';
      for (let i = 0; i <= 120; i++) {
        const x = dom[0] + ((dom[1] - dom[0]) * i) / 120;
        d += `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(sig(w * x + b)).toFixed(1)}`;
      }
      el.setAttribute('d', d);
    }
  }),
    // px and py are derived from the domain alone.
    [dom, Y0, Y1, live, store],
  );
  useLiveChanges(redraw);
  useEffect(redraw, [opt, redraw]);

  const toData = (e: { clientX: number; clientY: number }) => {
    // The viewBox is letterboxed inside a wider element (preserveAspectRatio meet), so map through the
    // screen transform rather than the element's box.
    const m = svg.current!.getScreenCTM();
    if (!m) return null;
    const { x: sx, y: sy } = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    const x = dom[0] + ((sx - M.left) / pw) * (dom[1] - dom[0]);
    const y = Y0 + (1 - (sy - M.top) / ph) * (Y1 - Y0);
    return { x: round(Math.max(-20, Math.min(20, x))), y: round(Math.max(-1, Math.min(2, y))) };
  };
  const setPoint = (i: number, p: DataPoint) => store.getState().setData(data.map((q, k) => (k === i ? p : q)));
  const remove = (i: number) => {
    const st = store.getState();
    if (data.length > 1) st.setData(data.filter((_, k) => k !== i));
    else st.notify({ source: 'input', key: 'data', message: 'data: the last point cannot be removed; the loss needs at least one data point (move it instead)' });
  };

  const xt: number[] = [];
  const every = Math.max(1, Math.ceil((dom[1] - dom[0]) / 10));
  for (let x = Math.ceil(dom[0] / every) * every; x <= dom[1]; x += every) xt.push(x);

  return (
    <svg
      ref={svg}
      className="dataplot"
      viewBox={`0 0 ${W} ${H}`}
      role="application"
      aria-label="Data points and the fitted sigmoid of each optimizer; press to add a point, drag to move, double-click to remove; with the plot focused, Enter or + adds a point"
      aria-keyshortcuts="Enter +"
      tabIndex={0}
      onKeyDown={(e) => {
        // The keyboard's way to add: a point mid-plot, focused, so the arrow keys place it.
        if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== '+') || data.length >= MAX_POINTS) return;
        e.preventDefault();
        focusNew.current = data.length;
        store.getState().setData([...data, { x: round((dom[0] + dom[1]) / 2), y: 0.5 }]);
      }}
      onClick={(e) => {
        // A click, not a pointerdown: a touch swipe that scrolls the page must not add a point.
        if (e.button !== 0 || e.target !== e.currentTarget || data.length >= MAX_POINTS) return;
        const p = toData(e);
        if (p) store.getState().setData([...data, p]);
      }}
    >
      <rect x={M.left} y={M.top} width={pw} height={ph} className="frame" pointerEvents="none" />
      {xt.map((x) => (
        <text key={x} x={px(x)} y={H - 10} className="tick" textAnchor="middle">
          {x}
        </text>
      ))}
      {yTicks([Y0, Y1]).map((y) => (
        <g key={y}>
          <line x1={M.left} x2={M.left + pw} y1={py(y)} y2={py(y)} className="grid" />
          <text x={M.left - 5} y={py(y) + 4} className="tick" textAnchor="end">
            {y}
          </text>
        </g>
      ))}
      <text x={W - M.right} y={H - 1} className="tick" textAnchor="end">
        x
      </text>
      {opt.map((i) => (
        <path key={i} ref={(el) => void curves.current.set(i, el)} stroke={runColor(i)} className="curve" pointerEvents="none" />
      ))}
      {data.map((p, i) => (
        <circle
          key={i}
          cx={px(p.x)}
          cy={py(p.y)}
          r={7}
          className="datapoint"
          tabIndex={0}
          role="button"
          aria-label={`data point ${i + 1}: x ${p.x}, y ${p.y}; drag to move, Delete to remove`}
          onPointerDown={(e) => {
            e.stopPropagation();
            e.currentTarget.setPointerCapture(e.pointerId);
            dragging.current = i;
          }}
          onPointerMove={(e) => {
            const q = dragging.current === i ? toData(e) : null;
            if (q) setPoint(i, q);
          }}
          onPointerUp={() => {
            dragging.current = null;
            const e = store.getState().experiment;
            if (e.problem === 'sigmoid') setDom(dataDomain(e.data));
          }}
          onDoubleClick={() => remove(i)}
          onKeyDown={(e) => {
            const step = e.shiftKey ? 0.1 : 0.01;
            const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[e.key];
            if (e.key === 'Delete' || e.key === 'Backspace') remove(i);
            else if (d) {
              e.preventDefault();
              setPoint(i, { x: round(Math.max(-20, Math.min(20, p.x + d[0]!))), y: round(Math.max(-1, Math.min(2, p.y + d[1]!))) });
            }
          }}
        />
      ))}
    </svg>
  );
}
