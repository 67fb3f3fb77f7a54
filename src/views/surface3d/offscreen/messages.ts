import type { LivePath, LiveSurface, LiveView } from '../../../bridge/live';
import type { AppState } from '../../../state/store';

/**
 * The messages between the page and the 3D render worker (render3d.worker.tsx), which draws the 3D view on
 * OffscreenCanvases: the page mirrors its store and live buffers into the worker, forwards the panels'
 * pointer events, and runs the actions the scene calls (a start drag, an orbit's end) on its own store.
 */

/** The store's fields the scene reads, mirrored into the worker (the rest stay on the page). */
export const MIRRORED = ['experiment', 'layout', 'guess', 'guesses', 'hide', 'embed', 'show', 'scene', 'camera', 't', 'off', 'theory'] as const satisfies readonly (keyof AppState)[];
export type Mirrored = Pick<AppState, (typeof MIRRORED)[number]>;

/** A pointer or wheel event as the scene's handlers read it (coordinates in the panel's CSS px). */
export interface PanelEvent {
  type: string;
  pointerId: number;
  pointerType: string;
  isPrimary: boolean;
  button: number;
  buttons: number;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  clientX: number;
  clientY: number;
  offsetX: number;
  offsetY: number;
  pageX: number;
  pageY: number;
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  timeStamp: number;
}

export interface PanelSize {
  width: number;
  height: number;
  dpr: number;
}

export type ToRender3d =
  | { type: 'mount'; id: number; canvas: OffscreenCanvas; size: PanelSize; runs: readonly number[]; reducedMotion: boolean }
  | { type: 'unmount'; id: number }
  | { type: 'size'; id: number; size: PanelSize }
  | { type: 'runs'; id: number; runs: readonly number[] }
  | { type: 'event'; id: number; event: PanelEvent }
  | { type: 'labelWidths'; id: number; widths: number[] }
  | { type: 'state'; patch: Partial<Mirrored> }
  | {
      type: 'live';
      version: number;
      surfaceVersion: number;
      /** Sent only when surfaceVersion changed since the last message. */
      surface?: LiveSurface | null;
      paths: (LivePath | null)[];
      interim: boolean;
      sentRun: number;
      doneRun: number;
    }
  | { type: 'view'; view: LiveView | null }
  /** The panel rendered at `scale` device pixels per CSS px, sent back as an ImageBitmap (the PNG export). */
  | { type: 'picture'; id: number; scale: number; req: number }
  /** The browser tests: every panel's WebGL context lost, or restored (WEBGL_lose_context). */
  | { type: 'contextFault'; lose: boolean };

export type FromRender3d =
  | { type: 'action'; name: string; args: unknown[] }
  | { type: 'ready'; id: number }
  | { type: 'fov'; id: number; fov: number }
  | { type: 'labels'; id: number; writes: [number, string, 'visible' | 'hidden'][] }
  | { type: 'lost'; id: number; lost: boolean }
  | { type: 'drawn'; id: number; surface: boolean }
  | { type: 'error'; id: number; message: string }
  | { type: 'picture'; id: number; req: number; bitmap: ImageBitmap | null };
