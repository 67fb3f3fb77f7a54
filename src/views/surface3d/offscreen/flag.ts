/**
 * Whether the 3D view renders in the worker (render3d.worker.tsx) instead of the page: wherever the browser
 * can transfer a canvas's drawing to a worker, unless the page's query says `?render3d=page` (the bench's
 * same-run comparison; the query is not part of the experiment's link, which is the fragment).
 */
export function render3dInWorker(): boolean {
  if (typeof location === 'undefined' || typeof HTMLCanvasElement === 'undefined') return false;
  return new URLSearchParams(location.search).get('render3d') !== 'page' && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}
