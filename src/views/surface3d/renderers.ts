import type * as THREE from 'three';

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
