/**
 * Whether the 3D view renders in the worker (render3d.worker.tsx) instead of the page: opt-in while it
 * grows (the page's query `?render3d=worker`; not part of the experiment's link, which is the fragment),
 * and only where the browser can transfer a canvas's drawing to a worker.
 */
export function render3dInWorker(): boolean {
  if (typeof location === 'undefined' || typeof HTMLCanvasElement === 'undefined') return false;
  return new URLSearchParams(location.search).get('render3d') === 'worker' && typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function';
}
