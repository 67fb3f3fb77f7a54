import type * as THREE from 'three';
import type { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { HEIGHT, type SceneMap } from './sceneMap';

/** Lift of a path above the surface, in scene units (keeps it visible on the mesh). */
export const LIFT = 0.012;

/** Path points closer than this in scene units (about a pixel) are merged: fewer instanced segments to rasterise. */
const MIN_STEP = 0.004;

/** How much of the path's colour a clamped segment keeps (the rest is white): pale, so it reads as "not here". */
const CLAMPED_SHADE = 0.4;

/**
 * A row's height in the 3D box: its loss mapped like the surface, clamped into the box of the surface's
 * loss range [0, HEIGHT] (an MLP path at its true loss may lie above the slice's highest loss or below
 * its lowest). `clamped` says whether it had to be.
 */
export function boxHeight(map: SceneMap, L: number): { y: number; clamped: boolean } {
  const y = map.y(L);
  const c = Math.max(0, Math.min(HEIGHT, y));
  return { y: c + LIFT, clamped: c !== y };
}

export interface SegmentBuffers {
  geometry: LineSegmentsGeometry;
  capacity: number;
  /** segmentsUpTo[k]: how many drawn segments cover rows 0..k (rows closer than MIN_STEP are merged). */
  segmentsUpTo: Uint32Array;
}

/**
 * Writes the path as segments between points at least MIN_STEP apart, always ending at the last row,
 * heights clamped into the box (boxHeight). Segments touching a clamped row are drawn pale (their vertex
 * colour mixed with white), so a path pinned to the box's lid or floor is told from one drawn at its loss.
 */
export function writeSegments(p: SegmentBuffers, P: Float64Array, L: Float64Array, rows: number, map: SceneMap, color: THREE.Color): void {
  if (p.capacity < rows - 1 || p.capacity === 0) {
    p.capacity = Math.max(rows - 1, 1, p.capacity * 2);
    p.geometry.setPositions(new Float32Array(p.capacity * 6));
    p.geometry.setColors(new Float32Array(p.capacity * 6));
  }
  if (p.segmentsUpTo.length < rows) p.segmentsUpTo = new Uint32Array(Math.max(rows, p.segmentsUpTo.length * 2));
  const attr = p.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
  const colors = p.geometry.getAttribute('instanceColorStart') as THREE.InterleavedBufferAttribute;
  const arr = attr.data.array as Float32Array;
  const col = colors.data.array as Float32Array;
  const pale = [0, 1, 2].map((i) => CLAMPED_SHADE * [color.r, color.g, color.b][i]! + 1 - CLAMPED_SHADE);
  const paint = (o: number, clamped: boolean) => {
    col[o] = clamped ? pale[0]! : color.r;
    col[o + 1] = clamped ? pale[1]! : color.g;
    col[o + 2] = clamped ? pale[2]! : color.b;
  };
  let px = map.x(P[0]!);
  let { y: py, clamped: pc } = boxHeight(map, L[0]!);
  let pz = map.z(P[1]!);
  let n = 0;
  p.segmentsUpTo[0] = 0;
  for (let k = 1; k < rows; k++) {
    const x = map.x(P[2 * k]!);
    const { y, clamped } = boxHeight(map, L[k]!);
    const z = map.z(P[2 * k + 1]!);
    const far = Math.abs(x - px) + Math.abs(y - py) + Math.abs(z - pz) >= MIN_STEP;
    if (far || k === rows - 1) {
      const o = n * 6;
      arr[o] = px;
      arr[o + 1] = py;
      arr[o + 2] = pz;
      arr[o + 3] = x;
      arr[o + 4] = y;
      arr[o + 5] = z;
      paint(o, pc || clamped);
      paint(o + 3, pc || clamped);
      n++;
      px = x;
      py = y;
      pz = z;
      pc = clamped;
    }
    p.segmentsUpTo[k] = n;
  }
  attr.data.needsUpdate = true;
  colors.data.needsUpdate = true;
}
