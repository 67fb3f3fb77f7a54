import type { PlotFrame } from '../plotFrame';
import { touchPressOf } from '../touchPress';

/** A finger within this many CSS px of the start marker grabs it at once (a fingertip is ~40 px wide). */
const MARKER_GRAB = 22;

/**
 * A finger went down on the contour plot: on the start marker it grabs it, elsewhere the start moves
 * there only after a long press (touchPress.ts), so a swipe scrolls the page without editing.
 */
export function contourTouchDown(
  el: HTMLElement,
  e: { pointerId: number; clientX: number; clientY: number },
  f: PlotFrame | null,
  start: readonly [number, number] | null,
  moveTo: (clientX: number, clientY: number) => void,
): void {
  const tp = touchPressOf(el);
  const r = el.getBoundingClientRect();
  const onMarker = f && start && Math.hypot(e.clientX - r.left - f.px(start[0]), e.clientY - r.top - f.py(start[1])) <= MARKER_GRAB;
  if (onMarker) return tp.grab(e.pointerId);
  const { clientX, clientY } = e;
  tp.begin(e, () => moveTo(clientX, clientY));
}

/** True while this pointer edits: a touch after its long press or grab, a mouse or pen while captured. */
export function contourEditing(el: HTMLElement, e: { pointerId: number; pointerType: string }): boolean {
  return e.pointerType === 'touch' ? touchPressOf(el).editing(e.pointerId) : el.hasPointerCapture(e.pointerId);
}
