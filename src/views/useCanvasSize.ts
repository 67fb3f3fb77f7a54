import { useEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/**
 * CSS size of an element, tracked with a ResizeObserver. The new size is rendered at once (flushSync): an
 * update from an observer is otherwise default-priority work that waits for its own task, and while it
 * waits every store change (each a synchronous render, dozens a second during a drag) counts as one more
 * nested update; React 19 throws "Maximum update depth exceeded" (#185) after 50 (seen in the soak right
 * after a layout switch mounted the side-by-side panels).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      const next = { width: Math.round(r.width), height: Math.round(r.height) };
      flushSync(() => setSize((s) => (s.width === next.width && s.height === next.height ? s : next)));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

let scaleOverride: number | null = null;
/** Every 2-D view's draw function (held weakly: an unmounted view's goes with it). */
const drawers = new Set<WeakRef<() => void>>();

/** Backing-store pixels per CSS pixel of the 2-D views: the device's (at most 2), or the export's. */
export function canvasScale(): number {
  return scaleOverride ?? Math.min(2, window.devicePixelRatio || 1);
}

/**
 * Redraws every mounted 2-D view now, synchronously, at `scale` backing pixels per CSS pixel (null: the
 * device's again). The PNG export draws at 2×, copies the canvases and draws back in the same task, so
 * the page never paints the 2× frame.
 */
export function drawAllAt(scale: number | null): void {
  scaleOverride = scale;
  for (const ref of drawers) {
    const draw = ref.deref();
    if (draw) draw();
    else drawers.delete(ref);
  }
}

/** Sizes a canvas's backing store for the device pixel ratio and returns a context scaled to CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = canvasScale();
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

/**
 * Past this much of a frame (since it began: the animation frame's timestamp, so the animation-frame
 * callbacks that ran before this queue's, such as the 3D view's render, count), the 2-D views still
 * queued wait for the next frame. When a new surface arrives every view redraws, and in one frame their
 * JS added to the MLP lab's long tasks (the rest of those is the browser's own layerizing and painting).
 */
export const FRAME_BUDGET_MS = 12;

/**
 * How long ago (ms) the animation frame being run began, or 0 outside one: document.timeline's time is
 * the frame's timestamp during its callbacks. The 3D view's gate reads it, so a frame the 2-D views
 * have already filled does not also take the 3D render.
 */
export function frameElapsed(): number {
  const t = typeof document === 'undefined' ? null : document.timeline?.currentTime;
  return typeof t === 'number' ? Math.max(0, performance.now() - t) : 0;
}

interface Queued {
  readonly draw: () => void;
  readonly urgent: boolean;
  queued: boolean;
}

const queue: Queued[] = [];
let frame = 0;

function flush(frameStart: number): void {
  frame = 0;
  const items = queue.splice(0);
  // The urgent ones first (the contour plot: the paths a change is waited for), then the others while the frame has time.
  items.sort((a, b) => Number(b.urgent) - Number(a.urgent));
  let ran = 0;
  for (let i = 0; i < items.length; i++) {
    const q = items[i]!;
    if (!q.urgent && ran > 0 && performance.now() - frameStart > FRAME_BUDGET_MS) {
      queue.unshift(...items.slice(i));
      // A draw above may have asked for the next frame already (it queued itself again): one flush per frame.
      frame ||= requestAnimationFrame(flush);
      return;
    }
    q.queued = false;
    if (!q.urgent) ran++;
    q.draw();
  }
}

/**
 * Coalesces redraw requests into one per animation frame. The views share one queue: an `urgent` view
 * draws in the frame it asked for; the others too unless the frame is over FRAME_BUDGET_MS, then in the
 * next (at least one of them per frame).
 */
export function frameScheduler(draw: () => void, urgent = false): () => void {
  drawers.add(new WeakRef(draw));
  const q: Queued = { draw, urgent, queued: false };
  return () => {
    if (q.queued) return;
    q.queued = true;
    queue.push(q);
    frame ||= requestAnimationFrame(flush);
  };
}
