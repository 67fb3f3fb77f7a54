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
