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
/**
 * Resolves in the animation frame after the contour plot first drew a surface (so that frame is on screen),
 * or, on a page without a contour plot (an embedded 3D view, `hide=contour`), after the page mounted and the
 * first surface arrived; or after FALLBACK_MS.
 */
export const contourShown: Promise<void> = new Promise((r) => (contourDone = r));
const surfaceShown: Promise<void> = new Promise((r) => (surfaceDone = r));
/** Resolves when the 3D view has presented a frame with a surface (or there is no 3D view on the page), or after FALLBACK_MS more. */
export const viewsShown: Promise<void> = contourShown.then(() => {
  if (typeof document !== 'undefined' && !document.querySelector('.surface3d')) surfaceDone();
  return Promise.race([surfaceShown, new Promise<void>((r) => setTimeout(r, FALLBACK_MS))]);
});

let surfaceIn!: () => void;
/** Resolves when the first surface has arrived from the engine (the engine worker's heavy first task is over). */
export const surfaceArrived: Promise<void> = new Promise((r) => (surfaceIn = r));

/**
 * Fetches (and compiles, off the main thread) the chunk the built page names in its meta tag `name`
 * (vite.config.ts PRELOAD_LATER) without evaluating it: a later import() of it only evaluates. Once; a page
 * without the tag (the dev server) fetches nothing.
 */
export function fetchEarly(name: string): void {
  const href = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  if (!href || document.querySelector(`link[rel="modulepreload"][href="${href}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.crossOrigin = '';
  link.href = href;
  document.head.append(link);
}

const seen = { mounted: false, surface: false, drawn: false, done: false };

function check(): void {
  if (seen.done) return;
  if (seen.drawn || (seen.mounted && seen.surface && !document.querySelector('.contour'))) {
    seen.done = true;
    requestAnimationFrame(() => contourDone());
  }
}

/** Called by the contour plot each time it draws a surface's bands (only the first call counts). */
export function markContourDrawn(): void {
  if (seen.drawn) return;
  seen.drawn = true;
  check();
}

/** Called once React has committed the page (main.tsx). */
export function markPageMounted(): void {
  seen.mounted = true;
  check();
}

/** Called by the 3D view when it has shown a frame with the surface. */
export function markSurfaceShown(): void {
  surfaceDone();
}

/** Starts watching `live` for the first surface (main.tsx, before React renders). */
export function watchFirstPaint(live: Live): void {
  const fallback = setTimeout(() => {
    seen.done = true;
    contourDone();
  }, FALLBACK_MS);
  void contourShown.then(() => clearTimeout(fallback));
  const unsubscribe = live.subscribe(() => {
    if (!live.surface) return;
    unsubscribe();
    seen.surface = true;
    surfaceIn();
    check();
  });
}
