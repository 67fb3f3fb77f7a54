import { useEffect, useMemo, useRef } from 'react';
import { useApp, useServices } from '../AppContext';
import { COLOR_BAR, drawColorBar, PLOT_WITH_BAR } from '../colorBar';
import { drawAxes, plotFrame, ticks, type PlotFrame } from '../plotFrame';
import { canvasScale, frameScheduler, prepareCanvas, useElementSize } from '../useCanvasSize';
import { roundParam } from '../roundParam';
import { startIsMovable, startPoint } from '../startPoint';
import { STREAM_GAP_MS, useLiveChanges, useViewChanges } from '../useLive';
import { drawBands, LEVELS, surfaceRings } from './contourBands';
import { markContourDrawn } from '../firstPaint';
import type { ContourRings } from '../../lab/contourRings';
import { contourEditing, contourTouchDown } from './contourTouch';
import { useContourReadout } from './readout';
import { drawEigenAxes, eigenLabelBoxes, eigenLineBoxes } from './drawEigenAxes';
import { drawExits } from './drawExits';
import { drawStepOverlay } from './drawStep';
import { createStepFlash } from './stepFlash';
import { drawPathsZoomed, drawZoomInset, zoomAttribute, zoomInset } from './drawZoom';
import { stepShapes } from '../../lab/stepGeometry';
import { runColor } from '../colors';
import { drawPaths2d, drawStart } from './drawPaths2d';
import { bruteRunOf } from '../guess/bruteRun';
import { drawBrute, drawBruteBest, drawGuesses } from '../guess/drawGuesses';
import { addGuessOrSay, guessTableReader } from '../guess/guessTable';

const START_LIMIT = 1000;

/**
 * Contour map of the loss over the (w, b) window with the paths on top. Press anywhere to move the
 * start there, drag to move it live (a finger: hold first, or grab the marker; contourTouch.ts); with focus, arrow keys nudge it (Shift: ten times further).
 * In guess mode the same press adds a guess there instead (a finger: after its long press), and drags nothing.
 * Brute force's cells (guess/bruteRun.ts) are drawn over the contours, under the paths; the guesses on top.
 */
export function ContourPlot({ runs, label }: { runs: readonly number[]; label: string }) {
  const { live, store, theory, steps } = useServices();
  const movable = useApp(startIsMovable);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  const box = useRef<HTMLDivElement>(null);
  const back = useRef<HTMLCanvasElement>(null);
  const front = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(box);
  const bands = useRef<{ version: number; bands: ContourRings } | null>(null);
  const drawnBack = useRef('');
  const frameRef = useRef<PlotFrame | null>(null);
  const brute = useMemo(() => bruteRunOf(store), [store]);
  const guessRowsOf = useMemo(() => guessTableReader(), []);
  const redraw = useRef(() => {});
  // Rprop's flipped box sides flash for a second when the step shown changes to one (not with reduced motion).
  const flash = useMemo(() => createStepFlash(() => redraw.current()), []);
  useEffect(() => flash.dispose, [flash]);

  // Urgent (useCanvasSize's frame budget): the paths a change waits for draw in the frame they arrive in.
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const s = live.surface;
        const { width, height } = sizeRef.current;
        if (width === 0 || !back.current || !front.current) return;
        if (!s) {
          // No surface yet for this experiment (another lab was just chosen): show nothing rather than the old one.
          prepareCanvas(back.current, width, height);
          prepareCanvas(front.current, width, height);
          drawnBack.current = '';
          return;
        }
        const f = plotFrame(width, height, s.range[0], s.range[1], s.range[2], s.range[3], PLOT_WITH_BAR);
        frameRef.current = f;
        const key = `${live.surfaceVersion}|${width}|${height}|${canvasScale()}`;
        if (drawnBack.current !== key) {
          if (bands.current?.version !== live.surfaceVersion) bands.current = { version: live.surfaceVersion, bands: surfaceRings(s) };
          const ctx = prepareCanvas(back.current, width, height);
          if (ctx) {
            drawBands(ctx, s, bands.current.bands, f);
            markContourDrawn();
            const [xName, yName] = s.slice?.labels ?? ['w', 'b'];
            drawAxes(ctx, f, ticks(s.range[0], s.range[1]), ticks(s.range[2], s.range[3]), xName, yName);
            drawColorBar(ctx, s.min, s.max, f.left + f.width + COLOR_BAR.gap, f.top, f.height, LEVELS);
          }
          drawnBack.current = key;
        }
        const ctx = prepareCanvas(front.current, width, height);
        if (!ctx) return;
        const st = store.getState();
        if (brute.current) drawBrute(ctx, brute.current, s.min, s.max, f);
        // The theory panel's point: H's eigen-axes through it, in the panels that show its run (under the paths, so its marker stays on top).
        const tv = theory?.at(st, live);
        const eigen = tv && optsRef.current.includes(tv.run) ? tv : null;
        if (eigen) drawEigenAxes(ctx, eigen, f);
        drawPaths2d(ctx, live, optsRef.current, st.t, f);
        drawExits(ctx, live, optsRef.current, st.t, f);
        // The followed run's step, part by part (link show=step), over its path; magnified in an inset (show=zoom).
        let zoomed: (() => void) | null = null;
        let zoomAttr = '';
        if (st.show.includes('step') || st.show.includes('zoom')) {
          const sv = steps?.at(st, live);
          // Its labels keep clear of the eigen-axes' 'λmin' and 'λmax'.
          const shapes = sv && optsRef.current.includes(sv.run) ? stepShapes(sv) : null;
          const emphasis = flash.emphasis(shapes ? sv! : null, shapes?.box?.undone.includes(true) ?? false);
          if (shapes && st.show.includes('step')) drawStepOverlay(ctx, shapes, f, runColor(sv!.run), eigen ? [...eigenLabelBoxes(eigen, f), ...eigenLineBoxes(eigen, f)] : [], emphasis);
          const inset = shapes && st.show.includes('zoom') ? zoomInset(shapes, f) : null;
          zoomAttr = inset ? zoomAttribute(inset) : '';
          if (inset) {
            zoomed = () =>
              drawZoomInset(ctx, inset, back.current, canvasScale(), (g) => {
                drawPathsZoomed(ctx, live.paths, optsRef.current, runColor, st.t, g);
                drawStepOverlay(ctx, shapes!, g, runColor(sv!.run), [], emphasis);
              });
          }
        }
        const start = startPoint(st, live);
        if (start) drawStart(ctx, start[0], start[1], f);
        if (st.guesses.length > 0 && st.experiment.problem !== 'mlp') drawGuesses(ctx, st.guesses, guessRowsOf(st).findIndex((r) => r.best), f);
        if (brute.current) drawBruteBest(ctx, brute.current, f);
        zoomed?.();
        // Where the inset is and what it magnifies (the browser tests read it).
        if (box.current && (box.current.dataset.zoom ?? '') !== zoomAttr) box.current.dataset.zoom = zoomAttr;
      }, true),
    [live, store, theory, steps, brute, guessRowsOf, flash],
  );
  redraw.current = draw;
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const optsRef = useRef(runs);
  optsRef.current = runs;
  useEffect(draw, [draw, size, runs]);
  // Streamed rows come at most every STREAM_EMIT_MS (the bridge), in the same emit for every view.
  useLiveChanges(draw);
  useEffect(() => brute.subscribe(draw), [brute, draw]);
  // The MLP lab's theory (and so the eigen-axes) arrives with the network view.
  useViewChanges(draw, mlp ? STREAM_GAP_MS : 0);
  const readout = useRef<HTMLOutputElement>(null);
  useContourReadout(box, readout, frameRef, live, store.getState);

  /** The (w, b) under a pointer, clamped to the window, to four decimals; null before the first frame. */
  const pointAt = (clientX: number, clientY: number): [number, number] | null => {
    const f = frameRef.current;
    const el = front.current;
    if (!f || !el) return null;
    const r = el.getBoundingClientRect();
    const clampX = Math.max(f.left, Math.min(f.left + f.width, clientX - r.left));
    const clampY = Math.max(f.top, Math.min(f.top + f.height, clientY - r.top));
    return [roundParam(f.x(clampX)), roundParam(f.y(clampY))];
  };
  const moveTo = (clientX: number, clientY: number) => {
    const p = startIsMovable(store.getState()) ? pointAt(clientX, clientY) : null;
    if (p) store.getState().setStart(p[0], p[1]);
  };
  const guessAt = (clientX: number, clientY: number) => {
    const p = pointAt(clientX, clientY);
    if (p) addGuessOrSay(store, p[0], p[1]);
  };

  return (
    <div
      ref={box}
      className="contour"
      role={movable ? 'application' : 'img'}
      aria-label={label}
      tabIndex={0}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.focus({ preventScroll: true });
        if (guessing(store.getState())) {
          // A press adds one guess: no capture, so moving the pointer afterwards edits nothing.
          if (e.pointerType === 'touch') contourTouchDown(e.currentTarget, e, frameRef.current, null, guessAt);
          else guessAt(e.clientX, e.clientY);
          return;
        }
        if (e.pointerType === 'touch') {
          // Where the start cannot move (the MLP's θ₀), a finger only scrolls.
          if (movable) contourTouchDown(e.currentTarget, e, frameRef.current, startPoint(store.getState(), live), moveTo);
          return;
        }
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e.clientX, e.clientY);
      }}
      onPointerMove={(e) => {
        if (!guessing(store.getState()) && contourEditing(e.currentTarget, e)) moveTo(e.clientX, e.clientY);
      }}
      onKeyDown={(e) => {
        const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
        const st = store.getState();
        const range = live.surface?.range;
        if (!dir || st.experiment.problem === 'mlp' || !range) return;
        e.preventDefault();
        const k = e.shiftKey ? 0.1 : 0.01;
        const [w, b] = st.experiment.start;
        const nw = clampStart(w + dir[0]! * k * (range[1] - range[0]));
        const nb = clampStart(b + dir[1]! * k * (range[3] - range[2]));
        store.getState().setStart(roundParam(nw), roundParam(nb));
      }}
    >
      <canvas ref={back} className="layer" />
      <canvas ref={front} className="layer" />
      <output ref={readout} className="contour-readout" hidden />
    </div>
  );
}

/** Guess mode is on and the surface is a plane (the MLP lab has no guess table). */
const guessing = (st: { guess: boolean; experiment: { problem: string } }) => st.guess && st.experiment.problem !== 'mlp';

const clampStart = (v: number) => Math.max(-START_LIMIT, Math.min(START_LIMIT, v));
