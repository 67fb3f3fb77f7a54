import { CanvasErrorBoundary } from '../CanvasErrorBoundary';
import { useEffect } from 'react';
import { contourShown, fetchEarly, surfaceArrived } from '../firstPaint';
import { lazyView } from '../lazyView';
import { render3dInWorker } from './offscreen/flag';

/**
 * Where the 3D view will be while its chunk loads: the same box (class `surface3d`, so every layout's
 * height rule applies) with a line of text, so nothing moves when the view replaces it.
 */
function Loading() {
  // The chunk is fetched and compiled as soon as the first surface is in, evaluated once the contours are drawn.
  useEffect(() => void surfaceArrived.then(() => fetchEarly('downhill:chunk-3d')), []);
  return (
    <div className="surface3d surface3d-loading" role="status" data-loading="surface3d">
      Loading the 3D view…
    </div>
  );
}

/**
 * three.js, @react-three/fiber and drei (about 60 % of the app's JavaScript) load in their own chunk, fetched
 * once the first surface is in and imported (evaluated) once the contour plot has drawn it (firstPaint.ts):
 * its evaluation would otherwise hold the main thread while that surface comes in.
 */
const Surface3DView = lazyView(
  () => contourShown.then(() => (render3dInWorker() ? import('./offscreen/OffscreenSurface3D').then((m) => m.OffscreenSurface3D) : import('./Surface3D').then((m) => m.Surface3D))),
  () => <Loading />,
);

/** The 3D loss surface (Surface3D.tsx), loaded on first use; a failed load shows a message in its place. */
export function Surface3D(props: { runs: readonly number[]; label: string }) {
  return (
    <CanvasErrorBoundary what="3D view">
      <Surface3DView {...props} />
    </CanvasErrorBoundary>
  );
}
