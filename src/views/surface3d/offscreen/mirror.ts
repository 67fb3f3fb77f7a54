import type { Live, LivePath } from '../../../bridge/live';
import type { AppState, AppStore } from '../../../state/store';
import { markSurfaceShown } from '../../firstPaint';
import Render3dWorker from './render3d.worker.tsx?worker';
import { MIRRORED, type FromRender3d, type Mirrored, type PanelEvent, type PanelSize, type ToRender3d } from './messages';

/** What a panel on the page hears from its scene in the worker. */
export interface PanelCallbacks {
  ready(): void;
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

/**
 * The page's side of the 3D render worker (render3d.worker.tsx), one for all panels: mirrors the store's
 * fields the scene reads (messages.ts MIRRORED) and the live buffers at each write, runs the actions the
 * scene calls, and routes each panel's messages to it.
 */
export function render3dMirror(store: AppStore, live: Live): Render3dMirror {
  if (mirror) return mirror;
  const worker = new Render3dWorker();
  const post = (m: ToRender3d, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  const panels = new Map<number, PanelCallbacks>();
  let nextId = 1;
  let shown = false;

  post({ type: 'state', patch: mirrored(store.getState(), null)! });
  store.subscribe((s, prev) => {
    const patch = mirrored(s, prev);
    if (patch) post({ type: 'state', patch });
  });
  let sentSurface = -1;
  const sendLive = () => {
    const surface = live.surfaceVersion !== sentSurface ? live.surface : undefined;
    sentSurface = live.surfaceVersion;
    post({ type: 'live', version: live.version, surfaceVersion: live.surfaceVersion, surface, paths: live.paths.map(pathCopy), interim: live.interim, sentRun: live.sentRun, doneRun: live.doneRun });
  };
  sendLive();
  live.subscribe(sendLive);
  // The scene reads a view's step only (the step overlays, lab/stepView.ts), not its decision maps and weights.
  const slim = new Float32Array(0);
  live.subscribeView(() => post({ type: 'view', view: live.view && { ...live.view, maps: slim, thetas: new Float64Array(0) } }));

  worker.onmessage = (e: MessageEvent<FromRender3d>) => {
    const m = e.data;
    if (m.type === 'action') {
      const fn = (store.getState() as unknown as Record<string, (...a: unknown[]) => unknown>)[m.name];
      return void fn?.(...m.args);
    }
    const cb = panels.get(m.id);
    if (!cb) return;
    if (m.type === 'ready') cb.ready();
    else if (m.type === 'fov') cb.fov(m.fov);
    else if (m.type === 'labels') cb.labels(m.writes);
    else if (m.type === 'lost') cb.lost(m.lost);
    else if (m.type === 'error') cb.error(m.message);
    else if (m.type === 'drawn' && m.surface && !shown) {
      shown = true;
      markSurfaceShown();
    }
  };
  worker.onerror = (e) => {
    for (const cb of panels.values()) cb.error(e.message || 'the 3D render worker failed');
  };

  mirror = {
    mount(canvas, size, runs, cb) {
      const id = nextId++;
      panels.set(id, cb);
      post({ type: 'mount', id, canvas, size, runs }, [canvas]);
      return {
        setRuns: (runs) => post({ type: 'runs', id, runs }),
        setSize: (size) => post({ type: 'size', id, size }),
        setLabelWidths: (widths) => post({ type: 'labelWidths', id, widths }),
        event: (event) => post({ type: 'event', id, event }),
        unmount() {
          panels.delete(id);
          post({ type: 'unmount', id });
        },
      };
    },
  };
  return mirror;
}
