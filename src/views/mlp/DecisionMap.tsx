import { useEffect, useMemo, useRef, useState } from 'react';
import type { LiveData, LiveView } from '../../bridge/live';
import type { MlpExperiment } from '../../protocol/experiment';
import { runLabel } from '../../url/runCatalog';
import { useVisibleRuns } from '../useRuns';
import { useApp, useServices } from '../AppContext';
import { runColor } from '../colors';
import { drawAxes, MARGIN, plotFrame, SMALL_MARGIN, ticks, type PlotFrame } from '../plotFrame';
import { frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { useLiveChanges, useViewChanges } from '../useLive';

/** Class 0 orange, class 1 blue, white at the 0.5 boundary (TensorFlow Playground's palette). */
const CLASS0: readonly [number, number, number] = [245, 147, 34];
const CLASS1: readonly [number, number, number] = [8, 119, 189];

/** The colour of a network output v for labels 0/1: orange below 0.5, blue above, paler near 0.5. */
function classColor(v: number, out: Uint8ClampedArray, at: number): void {
  const s = Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5;
  const [c, k] = s < 0.5 ? [CLASS0, (0.5 - s) * 2] : [CLASS1, (s - 0.5) * 2];
  // Blend from white (k = 0) to 75 % of the class colour (k = 1), so the points stay readable on top.
  const a = 0.75 * k;
  out[at] = 255 + (c[0] - 255) * a;
  out[at + 1] = 255 + (c[1] - 255) * a;
  out[at + 2] = 255 + (c[2] - 255) * a;
  out[at + 3] = 255;
}

/** A data point's class: the label (1 output) or the index of the larger one-hot value (2 outputs). */
function labelOf(d: LiveData, k: number): number {
  if (d.outputs === 1) return d.y[k]! >= 0.5 ? 1 : 0;
  return d.y[2 * k + 1]! >= d.y[2 * k]! ? 1 : 0;
}

/** A point being dragged: data index k shown at (x, y) in input (and for sine, target) units. */
interface Drag {
  k: number;
  x: number;
  y: number;
}

/** (x, y) of data point k as drawn: (x₁, x₂) with 2 inputs, (x, first target) with 1. */
function pointAt(d: LiveData, k: number, drag: Drag | null): [number, number] {
  if (drag && drag.k === k) return [drag.x, drag.y];
  return d.inputs === 2 ? [d.x[2 * k]!, d.x[2 * k + 1]!] : [d.x[k]!, d.y[k * d.outputs]!];
}

function drawPoints(ctx: CanvasRenderingContext2D, d: LiveData, f: PlotFrame, drag: Drag | null): void {
  ctx.save();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#ffffff';
  const n = d.x.length / d.inputs;
  for (let k = 0; k < n; k++) {
    const c = labelOf(d, k) ? CLASS1 : CLASS0;
    const [x, y] = pointAt(d, k, drag);
    ctx.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    ctx.lineWidth = drag?.k === k ? 2 : 1;
    ctx.strokeStyle = drag?.k === k ? '#111827' : '#ffffff';
    ctx.beginPath();
    ctx.arc(f.px(x), f.py(y), drag?.k === k ? 4.5 : 3.2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** The data point under the pointer (within `radius` px), nearest first; −1 if none. */
function pointNear(d: LiveData, f: PlotFrame, px: number, py: number, radius = 7): number {
  let best = -1;
  let bestD = radius * radius;
  for (let k = 0; k < d.x.length / d.inputs; k++) {
    const [x, y] = pointAt(d, k, null);
    const dd = (f.px(x) - px) ** 2 + (f.py(y) - py) ** 2;
    if (dd <= bestD) {
      best = k;
      bestD = dd;
    }
  }
  return best;
}

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

/** No network to draw yet (or no optimizer shown): the curves view then shows the data alone. */
const EMPTY_VIEW: LiveView = { runId: 0, t: 0, res: 2, window: [-1.2, 1.2, -1.5, 1.5], runs: [], steps: [], thetas: new Float64Array(0), maps: new Float32Array(0) };

const round3 = (v: number) => Math.max(-3, Math.min(3, Math.round(v * 1000) / 1000)) || 0;

/** One optimizer's decision map: the network's output over the input plane, the points on top. */
/** An offscreen canvas and its pixels, reused from one playback frame to the next. */
interface Scratch {
  canvas: HTMLCanvasElement | null;
  image: ImageData | null;
}

function drawMap(ctx: CanvasRenderingContext2D, v: LiveView, k: number, d: LiveData, f: PlotFrame, scratch: Scratch, drag: Drag | null): void {
  const res = v.res;
  const cells = res * res;
  scratch.canvas ??= document.createElement('canvas');
  const img = scratch.canvas;
  if (img.width !== res) img.width = res;
  if (img.height !== res) img.height = res;
  const ictx = img.getContext('2d');
  if (!ictx) return;
  if (scratch.image?.width !== res) scratch.image = ictx.createImageData(res, res);
  const data = scratch.image;
  for (let r = 0; r < res; r++) {
    // Row r of the map is x₂ = window[2] + r·…: the bottom of the picture is row 0.
    for (let c = 0; c < res; c++) classColor(v.maps[k * cells + r * res + c]!, data.data, 4 * ((res - 1 - r) * res + c));
  }
  ictx.putImageData(data, 0, 0);
  ctx.imageSmoothingEnabled = true;
  const [x0, x1, y0, y1] = v.window;
  // Samples sit on the window's edges: each covers half a cell beyond them.
  const hx = (f.px(x1) - f.px(x0)) / (res - 1) / 2;
  const hy = (f.py(y0) - f.py(y1)) / (res - 1) / 2;
  ctx.drawImage(img, f.px(x0) - hx, f.py(y1) - hy, f.px(x1) - f.px(x0) + 2 * hx, f.py(y0) - f.py(y1) + 2 * hy);
  drawPoints(ctx, d, f, drag);
}

/** One input: the data (x, y) and each optimizer's curve(s); a second output is dashed. */
function drawCurves(ctx: CanvasRenderingContext2D, v: LiveView, d: LiveData, f: PlotFrame, drag: Drag | null, hidden: readonly number[]): void {
  const res = v.res;
  const outs = d.outputs;
  const [x0, x1] = v.window;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  ctx.fillStyle = '#0f172a';
  for (let k = 0; k < d.x.length; k++) {
    for (let o = 0; o < outs; o++) {
      ctx.globalAlpha = o === 0 ? 0.85 : 0.35;
      const [x, y] = o === 0 ? pointAt(d, k, drag) : [d.x[k]!, d.y[k * outs + o]!];
      ctx.beginPath();
      ctx.arc(f.px(x), f.py(y), drag?.k === k && o === 0 ? 4.5 : 2.4, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2.2;
  v.runs.forEach((id, k) => {
    if (hidden.includes(id)) return;
    ctx.strokeStyle = runColor(id);
    for (let o = 0; o < outs; o++) {
      ctx.setLineDash(o === 0 ? [] : [6, 4]);
      ctx.beginPath();
      for (let s = 0; s < res; s++) {
        const x = x0 + ((x1 - x0) * s) / (res - 1);
        const y = v.maps[(k * res + s) * outs + o]!;
        if (s === 0) ctx.moveTo(f.px(x), f.py(y));
        else ctx.lineTo(f.px(x), f.py(y));
      }
      ctx.stroke();
    }
  });
  ctx.restore();
}

/** A run's label in its colour. */
function RunName({ run }: { run: number }) {
  const spec = useApp((s) => s.experiment.runs[run]);
  return <span style={{ color: runColor(run) }}>{spec ? runLabel(spec) : ''}</span>;
}

interface Editing {
  /** The class a click adds (2-D sets). */
  readonly addClass: 0 | 1;
}

function MapCanvas({ id, index, editing }: { id: number | null; index: number; editing: Editing }) {
  const { live, store, editor } = useServices();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const scratch = useRef<Scratch>({ canvas: null, image: null });
  const drawn = useRef<{ view: LiveView | null; data: LiveData | null; w: number; h: number; drag: string } | null>(null);
  const caption = useRef<HTMLSpanElement>(null);
  const frame = useRef<PlotFrame | null>(null);
  const drag = useRef<(Drag & { moved: boolean }) | null>(null);
  /** The keyboard's cursor (input units), shown while the map has focus. */
  const cursor = useRef<{ x: number; y: number } | null>(null);
  const focused = useRef(false);
  const editingRef = useRef(editing);
  editingRef.current = editing;
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
        if (last && last.view === v && last.data === d && last.w === width && last.h === height && last.drag === dragKey) return;
        drawn.current = { view: v, data: d, w: width, h: height, drag: dragKey };
        const ctx = prepareCanvas(el, width, height);
        if (!ctx) return;
        const w = v?.window ?? (d.inputs === 2 ? [-1.2, 1.2, -1.2, 1.2] : [-1.2, 1.2, -1.5, 1.5]);
        const f = plotFrame(width, height, w[0], w[1], w[2], w[3], d.inputs === 2 ? SMALL_MARGIN : MARGIN);
        frame.current = f;
        const k = v && id !== null ? v.runs.indexOf(id) : -1;
        if (d.inputs === 2) {
          if (v && k >= 0) drawMap(ctx, v, k, d, f, scratch.current, dr);
          else drawPoints(ctx, d, f, dr);
          drawAxes(ctx, f, ticks(w[0], w[1], 3), ticks(w[2], w[3], 3), 'x₁', 'x₂');
        } else {
          if (v) drawCurves(ctx, v, d, f, dr, store.getState().off);
          else drawCurves(ctx, { ...EMPTY_VIEW, window: w }, d, f, dr, []);
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
  useEffect(draw, [draw, size]);
  useLiveChanges(draw);
  useViewChanges(draw);

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
        aria-label="Decision map: press on empty space to add a point, drag a point to move it, double-click a point to remove it. With the keyboard: arrow keys move a cursor (Shift: finer), Enter adds a point at it or picks up the point under it and puts it down again, Delete removes the point under it, Escape drops a picked-up point where it was"
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
          const k = pointNear(d, f, p.px, p.py);
          if (k >= 0) {
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
          const k = pointNear(d, f, p.px, p.py);
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
  const inputs = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.layers[0] : 1));
  const edits = useApp((s) => (s.experiment.problem === 'mlp' ? s.experiment.drop.length + s.experiment.add.length : 0));
  const { editor } = useServices();
  const [addClass, setAddClass] = useState<0 | 1>(1);
  const editing = useMemo(() => ({ addClass }), [addClass]);
  const tools = (
    <div className="point-tools">
      {inputs === 2 && (
        <span role="radiogroup" aria-label="A click adds">
          A click adds:
          {([0, 1] as const).map((c) => (
            <label key={c} className={`class-${c}`}>
              <input type="radio" name="add-class" checked={addClass === c} onChange={() => setAddClass(c)} />
              class {c}
            </label>
          ))}
        </span>
      )}
      <span className="hint">drag a point to move it, double-click to remove it</span>
      {/* Always there (disabled without edits), so the maps below never shift under the pointer. */}
      <button type="button" disabled={edits === 0} onClick={() => editor?.editPoints([], [])}>
        Restore the generated points
      </button>
    </div>
  );
  if (inputs === 1)
    return (
      <>
        {tools}
        <div className="decision-maps one">
          <MapCanvas id={null} index={0} editing={editing} />
        </div>
      </>
    );
  return (
    <>
      {tools}
      <div className="decision-maps" data-count={opt.length}>
        {opt.length === 0 ? <MapCanvas id={null} index={0} editing={editing} /> : opt.map((id, i) => <MapCanvas key={id} id={id} index={i} editing={editing} />)}
      </div>
    </>
  );
}
