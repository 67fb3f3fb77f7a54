import type { Live } from '../bridge/live';

/**
 * The order of a page load: what the first screen needs comes first, the rest after it. The contour plot
 * is drawn from the first surface the engine sends (in the animation frame after it arrives); the 3D view's
 * chunk (three.js, fiber, drei) and KaTeX's are only imported once it has been (`contourShown`), so their
 * evaluation does not hold the main thread while the surface is on its way in; the service worker's
 * registration, whose precaching downloads and compiles the whole build, waits for the 3D view's first
 * frame too (`viewsShown`). Neither waits forever: without a surface in FALLBACK_MS (a hidden contour
 * plot still gets one; an engine that fails does not), they go ahead.
 */
export const FALLBACK_MS = 3000;

let contourDone!: () => void;
let surfaceDone!: () => void;
/** Resolves two animation frames after the first surface arrived (the contour plot has drawn it), or after FALLBACK_MS. */
export const contourShown: Promise<void> = new Promise((r) => (contourDone = r));
const surfaceShown: Promise<void> = new Promise((r) => (surfaceDone = r));
/** Resolves when the 3D view has presented a frame with a surface (or there is no 3D view on the page), or after FALLBACK_MS more. */
export const viewsShown: Promise<void> = contourShown.then(() => {
  if (typeof document !== 'undefined' && !document.querySelector('.surface3d')) surfaceDone();
  return Promise.race([surfaceShown, new Promise<void>((r) => setTimeout(r, FALLBACK_MS))]);
});

/** Called by the 3D view when it has shown a frame with the surface. */
export function markSurfaceShown(): void {
  surfaceDone();
}

/** Starts watching `live` for the first surface (main.tsx, before React renders). */
export function watchFirstPaint(live: Live): void {
  let started = false;
  const fallback = setTimeout(contourDone, FALLBACK_MS);
  const afterTwoFrames = () => {
    if (started) return;
    started = true;
    unsubscribe();
    clearTimeout(fallback);
    requestAnimationFrame(() => requestAnimationFrame(() => contourDone()));
  };
  const unsubscribe = live.subscribe(() => {
    if (live.surface) afterTwoFrames();
  });
}
