import { useEffect, type RefObject } from 'react';
import type { Live } from '../../bridge/live';
import type { AppState } from '../../state/store';
import type { PlotFrame } from '../plotFrame';
import { startPoint } from '../startPoint';
import { gridSample } from '../surface3d/gridSample';
import { useLiveChanges } from '../useLive';

const num = (v: number) => String(Number(v.toPrecision(4)));
const loss = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(3) : num(v));

/**
 * Writes "w = …  b = …  L = …" into `out` for the point under the pointer on a contour plot, or, while
 * the plot has keyboard focus and the pointer is elsewhere, for the start point (which the arrow keys
 * move). L is the surface grid interpolated bilinearly at the point (the grid the bands are drawn
 * from), so the readout says what the colours say. The exact values are in data-w, data-b, data-loss.
 */
export function useContourReadout(
  box: RefObject<HTMLElement | null>,
  out: RefObject<HTMLOutputElement | null>,
  frame: RefObject<PlotFrame | null>,
  live: Live,
  state: () => AppState,
): void {
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const move = (e: PointerEvent) => {
      const f = frame.current;
      if (!f) return;
      const r = el.getBoundingClientRect();
      const px = e.clientX - r.left;
      const py = e.clientY - r.top;
      const inside = px >= f.left && px <= f.left + f.width && py >= f.top && py <= f.top + f.height;
      el.dataset.hover = inside ? `${f.x(px)},${f.y(py)}` : '';
      show();
    };
    const leave = () => {
      el.dataset.hover = '';
      show();
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerleave', leave);
    el.addEventListener('focus', show);
    el.addEventListener('blur', show);
    return () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener('focus', show);
      el.removeEventListener('blur', show);
    };
  }, [box, frame]);
  useLiveChanges(show);

  function show(): void {
    const el = box.current;
    const o = out.current;
    const s = live.surface;
    if (!el || !o) return;
    const hover = el.dataset.hover ? el.dataset.hover.split(',').map(Number) : null;
    const at = hover ?? (document.activeElement === el && s ? startPoint(state(), live) : null);
    if (!s || !at) {
      o.hidden = true;
      return;
    }
    const [w, b] = at as [number, number];
    const [w0, w1, b0, b1] = s.range;
    // Outside the window the grid has no value (gridSample would give the edge's).
    const L = w >= w0 && w <= w1 && b >= b0 && b <= b1 ? gridSample(s, w, b) : null;
    const [x, y] = s.slice?.labels ?? ['w', 'b'];
    o.hidden = false;
    o.textContent = `${x} = ${num(w)}   ${y} = ${num(b)}   ${L === null ? '(outside the window)' : `L = ${loss(L)}`}`;
    o.dataset.w = String(w);
    o.dataset.b = String(b);
    o.dataset.loss = L === null ? '' : String(L);
  }
}
