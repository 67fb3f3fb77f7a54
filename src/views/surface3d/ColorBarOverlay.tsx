import { useEffect, useMemo, useRef } from 'react';
import { useServices } from '../AppContext';
import { COLOR_BAR, COLOR_BAR_ROOM, drawColorBar } from '../colorBar';
import { LEVELS } from '../contour/contourBands';
import { frameScheduler, prepareCanvas } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';

/** CSS size of the overlay: the bar, its labels, and a few px above and below for the end labels. */
export const OVERLAY = { width: COLOR_BAR_ROOM, height: 150, pad: 8 } as const;

/**
 * The 3D view's colour bar: the loss colour scale of the surface (the same scale and labels as the
 * contour plot's bar), as a small 2D canvas over the top-right corner of the WebGL canvas. Redrawn when
 * a new surface arrives, not per frame.
 */
export function ColorBarOverlay() {
  const { live } = useServices();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(-1);
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const s = live.surface;
        const c = canvas.current;
        if (!c || drawn.current === live.surfaceVersion) return;
        const ctx = prepareCanvas(c, OVERLAY.width, OVERLAY.height);
        if (!ctx) return;
        drawn.current = live.surfaceVersion;
        if (s) drawColorBar(ctx, s.min, s.max, COLOR_BAR.gap, OVERLAY.pad, OVERLAY.height - 2 * OVERLAY.pad, LEVELS);
      }),
    [live],
  );
  useEffect(draw, [draw]);
  useLiveChanges(draw);
  return <canvas ref={canvas} className="colorbar" aria-hidden="true" />;
}
