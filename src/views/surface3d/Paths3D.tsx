import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { useServices } from '../AppContext';
import { runColor } from '../colors';
import { useLiveChanges } from '../useLive';
import { sceneMapOf, type SceneMap } from './sceneMap';

const LIFT = 0.012;
const noRaycast = () => {};

interface PathObjects {
  line: LineSegments2;
  geometry: LineSegmentsGeometry;
  material: LineMaterial;
  marker: THREE.Mesh;
  capacity: number;
  written: number;
  /** segmentsUpTo[k]: how many drawn segments cover rows 0..k (rows closer than MIN_STEP are merged). */
  segmentsUpTo: Uint32Array;
}

/** Path points closer than this in scene units (about a pixel) are merged: fewer instanced segments to rasterise. */
const MIN_STEP = 0.004;

/** Writes the path as segments between points at least MIN_STEP apart, always ending at the last row. */
function writeSegments(p: PathObjects, P: Float64Array, L: Float64Array, rows: number, map: SceneMap): void {
  if (p.capacity < rows - 1 || p.capacity === 0) {
    p.capacity = Math.max(rows - 1, 1, p.capacity * 2);
    p.geometry.setPositions(new Float32Array(p.capacity * 6));
  }
  if (p.segmentsUpTo.length < rows) p.segmentsUpTo = new Uint32Array(Math.max(rows, p.segmentsUpTo.length * 2));
  const attr = p.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
  const arr = attr.data.array as Float32Array;
  let px = map.x(P[0]!);
  let py = map.y(L[0]!) + LIFT;
  let pz = map.z(P[1]!);
  let n = 0;
  p.segmentsUpTo[0] = 0;
  for (let k = 1; k < rows; k++) {
    const x = map.x(P[2 * k]!);
    const y = map.y(L[k]!) + LIFT;
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
      n++;
      px = x;
      py = y;
      pz = z;
    }
    p.segmentsUpTo[k] = n;
  }
  attr.data.needsUpdate = true;
}

/**
 * The surface spans [−1, 1] in scene x and z: a path is drawn only over it (like the contour plot clips
 * to its window), so a path that leaves the window does not float beside the surface. A small margin
 * keeps the window's edge itself visible.
 */
const EDGE = 1.02;
const CLIP = [
  new THREE.Plane(new THREE.Vector3(1, 0, 0), EDGE),
  new THREE.Plane(new THREE.Vector3(-1, 0, 0), EDGE),
  new THREE.Plane(new THREE.Vector3(0, 0, 1), EDGE),
  new THREE.Plane(new THREE.Vector3(0, 0, -1), EDGE),
];

function createPath(i: number, sphere: THREE.SphereGeometry): PathObjects {
  const geometry = new LineSegmentsGeometry();
  const material = new LineMaterial({ color: runColor(i), linewidth: 3, depthTest: false, transparent: true, clippingPlanes: CLIP });
  const line = new LineSegments2(geometry, material);
  line.frustumCulled = false;
  line.renderOrder = 10;
  line.raycast = noRaycast;
  const marker = new THREE.Mesh(sphere, new THREE.MeshBasicMaterial({ color: runColor(i), depthTest: false, clippingPlanes: CLIP }));
  marker.renderOrder = 12;
  marker.raycast = noRaycast;
  return { line, geometry, material, marker, capacity: 0, written: -1, segmentsUpTo: new Uint32Array(1) };
}

/**
 * The runs' paths (`runs`: positions) up to the playback step, as fat lines drawn over the surface, with a marker at
 * each current point. Segment buffers are allocated once per capacity and rewritten in place.
 */
export function Paths3D({ runs }: { runs: readonly number[] }) {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const size = useThree((s) => s.size);
  const sphere = useMemo(() => new THREE.SphereGeometry(0.028, 16, 12), []);
  const group = useMemo(() => new THREE.Group(), []);
  const paths = useMemo(() => new Map<number, PathObjects>(), []);

  useEffect(
    () => () => {
      for (const p of paths.values()) {
        p.geometry.dispose();
        p.material.dispose();
        (p.marker.material as THREE.Material).dispose();
      }
      sphere.dispose();
    },
    [paths, sphere],
  );
  useLiveChanges(invalidate);

  useFrame(() => {
    const s = live.surface;
    const t = store.getState().t;
    for (const [i, p] of paths) {
      if (!runs.includes(i) || !live.paths[i]) {
        p.line.visible = false;
        p.marker.visible = false;
      }
    }
    if (!s) return;
    const map = sceneMapOf(s);
    for (const i of runs) {
      const data = live.paths[i];
      if (!data || data.length === 0) continue;
      let p = paths.get(i);
      if (!p) {
        p = createPath(i, sphere);
        paths.set(i, p);
        group.add(p.line, p.marker);
      }
      p.material.resolution.set(size.width, size.height);
      const P = data.params;
      const L = data.loss;
      if (p.written !== live.version) {
        p.written = live.version;
        writeSegments(p, data.params, data.loss, data.length, map);
      }
      const last = Math.min(data.length, t + 1) - 1;
      p.geometry.instanceCount = p.segmentsUpTo[last]!;
      p.line.visible = last > 0;
      p.marker.visible = true;
      p.marker.position.set(map.x(P[2 * last]!), map.y(L[last]!) + LIFT, map.z(P[2 * last + 1]!));
    }
  });

  return <primitive object={group} />;
}
