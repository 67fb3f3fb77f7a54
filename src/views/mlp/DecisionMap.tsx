import { useEffect, useMemo, useRef, useState } from 'react';
import type { LiveData, LiveView } from '../../bridge/live';
import type { MlpExperiment } from '../../protocol/experiment';
import { runLabel } from '../../url/runCatalog';
import { useVisibleRuns } from '../useRuns';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { drawCurves, drawMap, drawPoints, EMPTY_VIEW, labelOf, pointAt, pointNear, type Drag, type Scratch } from './decisionDraw';
import { drawAxes, MARGIN, plotFrame, SMALL_MARGIN, ticks, type PlotFrame } from '../plotFrame';
import { canvasScale, frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { STREAM_GAP_MS, useLiveChanges, useViewChanges } from '../useLive';
import { PointTools, type Editing } from './PointTools';

/**
 * Where data point k of the trained set comes from: the kept generated points come first, in order
 * (generated index g), then the added ones (index a into `add`). See MlpExperiment drop/add.
 */
export function pointOrigin(e: Pick<MlpExperiment, 'size' | 'drop'>, k: number): { g: number } | { a: number } {
  const dropped = new Set(e.drop);
  let seen = 0;
  for (let g = 0; g < e.size; g++) {
    if (dropped.has(g)) continue;
    if (seen === k) return { g };
    seen++;
  }
  return { a: k - seen };
}

const round3 = (v: number) => Math.max(-3, Math.min(3, Math.round(v * 1000) / 1000)) || 0;

/** A run's label in its colour. */
function RunName({ run }: { run: number }) {
  const spec = useApp((s) => s.experiment.runs[run]);
  return <span style={{ color: runColor(run) }}>{spec ? runLabel(spec) : ''}</span>;
}

/** `shown`: the runs the legend shows (the curves of one input draw those). */
function MapCanvas({ id, index, editing, shown }: { id: number | null; index: number; editing: Editing; shown: readonly number[] }) {
  const { live, store, editor } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const scratch = useRef<Scratch>({ canvas: null, image: null, points: null });
  const drawn = useRef<{ view: string; data: LiveData | null; w: number; h: number; drag: string; shown: readonly number[]; scale: number } | null>(null);
  const caption = useRef<HTMLSpanElement>(null);
  const frame = useRef<PlotFrame | null>(null);
  const drag = useRef<(Drag & { moved: boolean }) | null>(null);
  /** The keyboard's cursor (input units), shown while the map has focus. */
  const cursor = useRef<{ x: number; y: number } | null>(null);
  const focused = useRef(false);
  const editingRef = useRef(editing);
  editingRef.current = editing;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const { width, height } = sizeRef.current;
        const v = live.view;
        const d = live.data;
        const el = canvas.current;
        if (!el || width === 0 || !d) return;
        const last = drawn.current;
        const dr = drag.current;
        const cur = focused.current ? cursor.current : null;
        const dragKey = `${dr ? `${dr.k}:${dr.x}:${dr.y}` : ''}|${cur ? `${cur.x}:${cur.y}` : ''}`;
        const shownNow = shownRef.current;
        // A view reply that leaves this map's network where it was (its run finished) does not redraw it.
        const viewKey = v ? `${v.runId}|${v.res}|${v.window.join(',')}|${d.inputs === 2 && id !== null ? `${id}:${v.runs.indexOf(id) >= 0 ? v.steps[v.runs.indexOf(id)] : -1}` : `${v.runs.join(',')}:${v.steps.join(',')}`}` : '';
        const scale = canvasScale();
        if (last && last.view === viewKey && last.data === d && last.w === width && last.h === height && last.drag === dragKey && last.shown === shownNow && last.scale === scale) return;
        drawn.current = { view: viewKey, data: d, w: width, h: height, drag: dragKey, shown: shownNow, scale };
        const ctx = prepareCanvas(el, width, height);
        if (!ctx) return;
        const w = v?.window ?? (d.inputs === 2 ? [-1.2, 1.2, -1.2, 1.2] : [-1.2, 1.2, -1.5, 1.5]);
        const f = plotFrame(width, height, w[0], w[1], w[2], w[3], d.inputs === 2 ? SMALL_MARGIN : MARGIN);
        frame.current = f;
        const k = v && id !== null ? v.runs.indexOf(id) : -1;
        if (d.inputs === 2) {
          const axes = (c: CanvasRenderingContext2D) => drawAxes(c, f, ticks(w[0], w[1], 3), ticks(w[2], w[3], 3), 'x₁', 'x₂');
          if (v && k >= 0) drawMap(ctx, v, k, d, f, scratch.current, dr, axes);
          else {
            drawPoints(ctx, d, f, dr);
            axes(ctx);
          }
        } else {
          drawCurves(ctx, v ?? { ...EMPTY_VIEW, window: w }, d, f, dr, shownNow);
          drawAxes(ctx, f, ticks(w[0], w[1]), ticks(w[2], w[3]), 'x', 'y');
        }
        if (cur) {
          // The keyboard cursor: a ring with a cross, dark on light and light on dark.
          ctx.save();
          ctx.strokeStyle = '#111827';
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.arc(f.px(cur.x), f.py(cur.y), 8, 0, 2 * Math.PI);
          ctx.moveTo(f.px(cur.x) - 12, f.py(cur.y));
          ctx.lineTo(f.px(cur.x) + 12, f.py(cur.y));
          ctx.moveTo(f.px(cur.x), f.py(cur.y) - 12);
          ctx.lineTo(f.px(cur.x), f.py(cur.y) + 12);
          ctx.stroke();
          ctx.restore();
        }
        if (caption.current) {
          const step = v && k >= 0 ? v.steps[k] : v && d.inputs === 1 && v.steps.length > 0 ? v.steps[0] : null;
          caption.current.textContent = step === null || step === undefined ? '' : `step ${step}`;
        }
      }),
    [live, id],
  );
  useEffect(draw, [draw, size, shown]);
  useLiveChanges(draw);
  useViewChanges(draw, STREAM_GAP_MS);

  /** Input coordinates under a pointer event, clamped to the plot and rounded (short links). */
  const at = (ev: { clientX: number; clientY: number }): { px: number; py: number; x: number; y: number } | null => {
    const f = frame.current;
    const el = canvas.current;
    if (!f || !el) return null;
    const r = el.getBoundingClientRect();
    const px = Math.max(f.left, Math.min(f.left + f.width, ev.clientX - r.left));
    const py = Math.max(f.top, Math.min(f.top + f.height, ev.clientY - r.top));
    return { px, py, x: round3(f.x(px)), y: round3(f.y(py)) };
  };
  const mlp = () => {
    const e = store.getState().experiment;
    return e.problem === 'mlp' ? e : null;
  };
  /** The edited point list with data point k at (x, y) (null: removed). */
  /** True while the points shown are the current run's (an edit made before they arrive would index the old set). */
  const current = () => live.data !== null && live.data.run === live.sentRun;
  const commit = (k: number, to: { x: number; y: number } | null) => {
    const e = mlp();
    const d = live.data;
    if (!e || !d || !editor || !current()) return;
    const label = d.inputs === 2 ? labelOf(d, k) : null;
    const point = to ? (label === null ? [to.x, to.y] : [to.x, to.y, label]) : null;
    const origin = pointOrigin(e, k);
    const drop = [...e.drop];
    const add = e.add.map((p) => [...p]);
    if ('g' in origin) {
      drop.push(origin.g);
      if (point) add.push(point);
    } else if (point) add[origin.a] = point;
    else add.splice(origin.a, 1);
    editor.editPoints(drop, add);
  };

  return (
    <div className="decision-map" data-run={id ?? 'all'} data-index={index}>
      <div className="decision-title">
        {id !== null ? <RunName run={id} /> : <span>Network output</span>} <span ref={caption} className="step" />
      </div>
      <div
        ref={box}
        className="decision-canvas"
        role="application"
        tabIndex={0}
        aria-label="Decision map: a press adds a point, or in the moves-a-point mode drag a point to move it and double-click it to remove it. With the keyboard: arrow keys move a cursor (Shift: finer), Enter adds a point at it or picks up the point under it and puts it down again, Delete removes the point under it, Escape drops a picked-up point where it was"
        onBlur={() => {
          focused.current = false;
          if (drag.current) drag.current = null;
          draw();
        }}
        onKeyDown={(ev) => {
          // The cursor shows from the first key on (a pointer user never sees it).
          if (!focused.current) {
            focused.current = true;
            const v = live.view;
            cursor.current ??= v ? { x: round3((v.window[0] + v.window[1]) / 2), y: round3((v.window[2] + v.window[3]) / 2) } : { x: 0, y: 0 };
            draw();
          }
          const d = live.data;
          const f = frame.current;
          const c = cursor.current;
          if (!d || !f || !c) return;
          const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[ev.key];
          if (dir) {
            ev.preventDefault();
            const w = live.view?.window ?? [-1.2, 1.2, -1.2, 1.2];
            const k = ev.shiftKey ? 0.01 : 0.05;
            c.x = round3(Math.max(w[0], Math.min(w[1], c.x + dir[0]! * k * (w[1] - w[0]))));
            c.y = round3(Math.max(w[2], Math.min(w[3], c.y + dir[1]! * k * (w[3] - w[2]))));
            const dr = drag.current;
            if (dr) {
              dr.x = c.x;
              dr.y = c.y;
              dr.moved = true;
            }
            draw();
            return;
          }
          const under = pointNear(d, f, f.px(c.x), f.py(c.y), 10);
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            const dr = drag.current;
            if (dr) {
              drag.current = null;
              if (dr.moved) commit(dr.k, { x: dr.x, y: dr.y });
              else draw();
            } else if (under >= 0) {
              const [x, y] = pointAt(d, under, null);
              drag.current = { k: under, x, y, moved: false };
              draw();
            } else {
              const e = mlp();
              if (!e || !editor || !current()) return;
              editor.editPoints(e.drop, [...e.add, d.inputs === 2 ? [c.x, c.y, editingRef.current.addClass] : [c.x, c.y]]);
            }
          } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
            ev.preventDefault();
            if (under >= 0 && !drag.current) commit(under, null);
          } else if (ev.key === 'Escape' && drag.current) {
            drag.current = null;
            draw();
          }
        }}
        onPointerDown={(ev) => {
          if (ev.button !== 0) return;
          const p = at(ev);
          const d = live.data;
          const f = frame.current;
          if (!p || !d || !f) return;
          if (editingRef.current.mode === 'move') {
            const k = pointNear(d, f, p.px, p.py);
            if (k < 0) return;
            ev.currentTarget.setPointerCapture(ev.pointerId);
            const [x, y] = pointAt(d, k, null);
            drag.current = { k, x, y, moved: false };
            draw();
            return;
          }
          // Empty space: a new point of the chosen class (2-D), or at (x, y) for the regression.
          const e = mlp();
          if (!e || !editor || !current()) return;
          const point = d.inputs === 2 ? [p.x, p.y, editingRef.current.addClass] : [p.x, p.y];
          editor.editPoints(e.drop, [...e.add, point]);
        }}
        onPointerMove={(ev) => {
          const dr = drag.current;
          if (!dr || !ev.currentTarget.hasPointerCapture(ev.pointerId)) return;
          const p = at(ev);
          if (!p) return;
          dr.x = p.x;
          dr.y = p.y;
          dr.moved = true;
          draw();
        }}
        onPointerUp={() => {
          const dr = drag.current;
          drag.current = null;
          if (dr?.moved) commit(dr.k, { x: dr.x, y: dr.y });
          else draw();
        }}
        onPointerCancel={() => {
          // A touch that turned into a scroll: the drag is abandoned, not committed later.
          drag.current = null;
          draw();
        }}
        onLostPointerCapture={() => {
          if (drag.current) {
            drag.current = null;
            draw();
          }
        }}
        onDoubleClick={(ev) => {
          const p = at(ev);
          const d = live.data;
          const f = frame.current;
          if (!p || !d || !f) return;
          const k = editingRef.current.mode === 'move' ? pointNear(d, f, p.px, p.py) : -1;
          if (k >= 0) commit(k, null);
        }}
      >
        <canvas ref={canvas} className="layer" />
      </div>
    </div>
  );
}

/**
 * What the network computes at the playback step, for each shown optimizer's parameters: with two
 * inputs a decision map per optimizer (output over the input plane, the points coloured by class, as in
 * TensorFlow Playground); with one input the data and one curve per optimizer.
 */
export function DecisionMap() {
  const opt = useVisibleRuns();
  const inputs = useApp((s) => (s.experiment.problem === 'mlp' ? (s.experiment.layers[0] ?? 1) : 1));
  const [editing, setEditing] = useState<Editing>({ mode: 'add', addClass: 1 });
  const tools = <PointTools inputs={inputs} editing={editing} onChange={setEditing} />;
  if (inputs === 1)
    return (
      <>
        {tools}
        <div className="decision-maps one">
          <MapCanvas id={null} index={0} editing={editing} shown={opt} />
        </div>
      </>
    );
  return (
    <>
      {tools}
      <div className="decision-maps" data-count={opt.length}>
        {opt.length === 0 ? <MapCanvas id={null} index={0} editing={editing} shown={opt} /> : opt.map((id, i) => <MapCanvas key={id} id={id} index={i} editing={editing} shown={opt} />)}
      </div>
    </>
  );
}
