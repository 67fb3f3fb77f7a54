import { useEffect, useMemo, useRef } from 'react';
import { useServices } from '../AppContext';
import { COLOR_BAR, COLOR_BAR_ROOM, drawColorBar } from '../colorBar';
import { LEVELS } from '../contour/contourBands';
import { canvasScale, frameScheduler, prepareCanvas } from '../useCanvasSize';
import { useLiveChanges } from '../useLive';

/** CSS size of the overlay: the bar, its labels, and a few px above and below for the end labels. */
export const OVERLAY = { width: COLOR_BAR_ROOM, height: 150, pad: 8 } as const;

/**
 * The 3D view's colour bar: the loss colour scale of the surface (the same scale and labels as the
 * contour plot's bar), as a small 2D canvas over the top-right corner of the WebGL canvas (and over the
 * software-WebGL view's presented copy: z-index in styles.css). Redrawn when a new surface arrives, not per
 * frame, and at 2× for the PNG export, which draws it into the 3D view's picture (share/overlays.ts).
 */
export function ColorBarOverlay() {
  const { live } = useServices();
  const canvas = useRef<HTMLCanvasElement>(null);
  // The surface and the pixel ratio drawn last: the PNG export redraws every 2-D canvas at 2× (drawAllAt) and back.
  const drawn = useRef('');
  const draw = useMemo(
    () =>
      frameScheduler(() => {
        const s = live.surface;
        const c = canvas.current;
        const key = `${live.surfaceVersion}@${canvasScale()}`;
        if (!c || drawn.current === key) return;
        const ctx = prepareCanvas(c, OVERLAY.width, OVERLAY.height);
        if (!ctx) return;
        drawn.current = key;
        if (s) drawColorBar(ctx, s.min, s.max, COLOR_BAR.gap, OVERLAY.pad, OVERLAY.height - 2 * OVERLAY.pad, LEVELS);
      }),
    [live],
  );
  useEffect(draw, [draw]);
  useLiveChanges(draw);
  return <canvas ref={canvas} className="colorbar" aria-hidden="true" />;
}
