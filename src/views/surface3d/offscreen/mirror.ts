import type { Live, LivePath } from '../../../bridge/live';
import type { AppState, AppStore } from '../../../state/store';
import { markSurfaceShown } from '../../firstPaint';
import { worker3d } from '../renderers';
import Render3dWorker from './render3d.worker.tsx?worker';
import { MIRRORED, type FromRender3d, type Mirrored, type PanelEvent, type PanelSize, type ToRender3d } from './messages';

/** What a panel on the page hears from its scene in the worker. */
export interface PanelCallbacks {
  /** A frame was drawn (its labels were placed just before). */
  drawn(): void;
  fov(fov: number): void;
  labels(writes: [number, string, 'visible' | 'hidden'][]): void;
  lost(lost: boolean): void;
  error(message: string): void;
}

export interface PanelHandle {
  setRuns(runs: readonly number[]): void;
  setSize(size: PanelSize): void;
  setLabelWidths(widths: number[]): void;
  event(e: PanelEvent): void;
  /** The panel rendered at `scale` (the PNG export). */
  picture(scale: number): Promise<ImageBitmap>;
  unmount(): void;
}

export interface Render3dMirror {
  mount(canvas: OffscreenCanvas, size: PanelSize, runs: readonly number[], cb: PanelCallbacks): PanelHandle;
}

function mirrored(s: AppState, prev: AppState | null): Partial<Mirrored> | null {
  let patch: Record<string, unknown> | null = null;
  for (const k of MIRRORED) if (!prev || s[k] !== prev[k]) (patch ??= {})[k] = s[k];
  return patch as Partial<Mirrored> | null;
}

/** A path's rows so far, copied (the page's buffers are written in place as rows stream in). */
function pathCopy(p: LivePath | undefined): LivePath | null {
  if (!p) return null;
  const n = p.length;
  return { params: p.params.slice(0, 2 * n), loss: p.loss.slice(0, n), offPlane: p.offPlane ? p.offPlane.slice(0, n) : null, length: n, status: p.status, run: p.run };
}

let mirror: Render3dMirror | null = null;

/** Chromium gives a worker at most 4 active WebGL contexts (one per panel): more panels, more workers. */
const PANELS_PER_WORKER = 4;

/**
 * The page's side of the 3D render workers (render3d.worker.tsx), one per PANELS_PER_WORKER panels: mirrors
 * the store's fields the scene reads (messages.ts MIRRORED) and the live buffers at each write into every
 * worker, runs the actions the scenes call, and routes each panel's messages to it.
 */
export function render3dMirror(store: AppStore, live: Live): Render3dMirror {
  if (mirror) return mirror;
  const hosts: { worker: Worker; panels: Set<number> }[] = [];
  const broadcast = (m: ToRender3d) => {
    for (const h of hosts) h.worker.postMessage(m);
  };
  const panels = new Map<number, PanelCallbacks>();
  let nextId = 1;
  let shown = false;
  let nextReq = 1;
  const pictures = new Map<number, { resolve(b: ImageBitmap): void; reject(e: Error): void }>();

  store.subscribe((s, prev) => {
    const patch = mirrored(s, prev);
    if (patch) broadcast({ type: 'state', patch });
  });
  const liveMessage = (withSurface: boolean): ToRender3d => ({
    type: 'live',
    version: live.version,
    surfaceVersion: live.surfaceVersion,
    surface: withSurface ? live.surface : undefined,
    paths: live.paths.map(pathCopy),
    interim: live.interim,
    sentRun: live.sentRun,
    doneRun: live.doneRun,
  });
  let sentSurface = live.surfaceVersion;
  live.subscribe(() => {
    broadcast(liveMessage(live.surfaceVersion !== sentSurface));
    sentSurface = live.surfaceVersion;
  });
  // The scene reads a view's step only (the step overlays, lab/stepView.ts), not its decision maps and weights.
  const slimView = (): ToRender3d => ({ type: 'view', view: live.view && { ...live.view, maps: new Float32Array(0), thetas: new Float64Array(0) } });
  live.subscribeView(() => broadcast(slimView()));
  worker3d.contextFault = (lose) => broadcast({ type: 'contextFault', lose });

  /** A worker with room for a panel (a new one starts with the store's fields and the live buffers as they are). */
  const hostFor = () => {
    const free = hosts.find((h) => h.panels.size < PANELS_PER_WORKER);
    if (free) return free;
    const worker = new Render3dWorker();
    worker.onmessage = onMessage;
    worker.onerror = (e) => {
      for (const cb of panels.values()) cb.error(e.message || 'the 3D render worker failed');
    };
    worker.postMessage({ type: 'state', patch: mirrored(store.getState(), null)! } satisfies ToRender3d);
    worker.postMessage(liveMessage(true));
    worker.postMessage(slimView());
    const h = { worker, panels: new Set<number>() };
    hosts.push(h);
    return h;
  };

  function onMessage(e: MessageEvent<FromRender3d>) {
    const m = e.data;
    if (m.type === 'action') {
      const fn = (store.getState() as unknown as Record<string, (...a: unknown[]) => unknown>)[m.name];
      return void fn?.(...m.args);
    }
    if (m.type === 'picture') {
      const p = pictures.get(m.req);
      pictures.delete(m.req);
      if (m.bitmap) p?.resolve(m.bitmap);
      else p?.reject(new Error('snapshot: the 3D view could not be rendered'));
      return;
    }
    const cb = panels.get(m.id);
    if (!cb) return;
    if (m.type === 'ready') return;
    if (m.type === 'fov') cb.fov(m.fov);
    else if (m.type === 'labels') cb.labels(m.writes);
    else if (m.type === 'lost') cb.lost(m.lost);
    else if (m.type === 'error') cb.error(m.message);
    else if (m.type === 'drawn') {
      worker3d.frames++;
      cb.drawn();
      if (m.surface && !shown) {
        shown = true;
        markSurfaceShown();
      }
    }
  }

  mirror = {
    mount(canvas, size, runs, cb) {
      const id = nextId++;
      panels.set(id, cb);
      const host = hostFor();
      host.panels.add(id);
      const post = (m: ToRender3d, transfer: Transferable[] = []) => host.worker.postMessage(m, transfer);
      const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
      post({ type: 'mount', id, canvas, size, runs, reducedMotion }, [canvas]);
      return {
        setRuns: (runs) => post({ type: 'runs', id, runs }),
        setSize: (size) => post({ type: 'size', id, size }),
        setLabelWidths: (widths) => post({ type: 'labelWidths', id, widths }),
        event: (event) => post({ type: 'event', id, event }),
        picture: (scale) =>
          new Promise<ImageBitmap>((resolve, reject) => {
            const req = nextReq++;
            pictures.set(req, { resolve, reject });
            post({ type: 'picture', id, scale, req });
          }),
        unmount() {
          panels.delete(id);
          host.panels.delete(id);
          post({ type: 'unmount', id });
        },
      };
    },
  };
  return mirror;
}
