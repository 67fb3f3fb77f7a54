import type * as THREE from 'three';

/** What the PNG export needs of a 3D panel to draw it again at another resolution. */
export interface GlView {
  readonly gl: THREE.WebGLRenderer;
  readonly scene: THREE.Scene;
  readonly camera: THREE.Camera;
  readonly invalidate: () => void;
}

/** The 3D panels by their WebGL canvas (views/share/snapshot.ts finds a panel's canvas in the page). */
export const glViews = new Map<HTMLCanvasElement, GlView>();

/**
 * The 3D panels rendered in the worker (offscreen/), by their placeholder canvas: `picture` renders the
 * panel at `scale` device pixels per CSS pixel there and gives the frame back (the PNG export).
 */
export const offscreenViews = new Map<HTMLCanvasElement, { picture(scale: number): Promise<ImageBitmap> }>();

/**
 * The render workers' panels, for the browser tests: the frames drawn (what they draw is not the page's
 * WebGL), and a way to lose and restore their WebGL contexts (the page cannot reach them).
 */
export const worker3d = {
  frames: 0,
  contextFault: (lose: boolean): void => void lose,
};

/** Live WebGL renderers of the 3D panels, so the soak test can read geometry and texture counts. */
export const renderers = new Set<THREE.WebGLRenderer>();

/** Totals over all live renderers (three.js `renderer.info.memory`). */
export function rendererMemory(): { renderers: number; geometries: number; textures: number } {
  let geometries = 0;
  let textures = 0;
  for (const r of renderers) {
    geometries += r.info.memory.geometries;
    textures += r.info.memory.textures;
  }
  return { renderers: renderers.size, geometries, textures };
}
