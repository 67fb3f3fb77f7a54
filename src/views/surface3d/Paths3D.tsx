import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { useServices } from '../AppContext';
import { runColor } from '../colors';
import { useLiveChanges } from '../useLive';
import { boxHeight, writeSegments, type SegmentBuffers } from './pathSegments';
import { sceneMapOf } from './sceneMap';
import { useSceneFrame } from './sceneFrame';

const noRaycast = () => {};

interface PathObjects extends SegmentBuffers {
  line: LineSegments2;
  material: LineMaterial;
  marker: THREE.Mesh;
  color: THREE.Color;
  written: number;
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
  // White times the vertex colours (pathSegments.writeSegments: the path's colour, paler where clamped).
  const material = new LineMaterial({ color: '#ffffff', vertexColors: true, linewidth: 3, depthTest: false, transparent: true, clippingPlanes: CLIP });
  const line = new LineSegments2(geometry, material);
  line.frustumCulled = false;
  line.renderOrder = 10;
  line.raycast = noRaycast;
  const marker = new THREE.Mesh(sphere, new THREE.MeshBasicMaterial({ color: runColor(i), depthTest: false, clippingPlanes: CLIP }));
  marker.renderOrder = 12;
  marker.raycast = noRaycast;
  return { line, geometry, material, marker, color: new THREE.Color(runColor(i)), capacity: 0, written: -1, segmentsUpTo: new Uint32Array(1) };
}

/**
 * The runs' paths (`runs`: positions) up to the playback step, as fat lines drawn over the surface and inside the box
 * of its loss range, with a marker at each current point. Segment buffers are allocated once per capacity and rewritten in place.
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

  useSceneFrame(() => {
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
        writeSegments(p, data.params, data.loss, data.length, map, p.color);
      }
      const last = Math.min(data.length, t + 1) - 1;
      p.geometry.instanceCount = p.segmentsUpTo[last]!;
      p.line.visible = last > 0;
      p.marker.visible = true;
      const h = boxHeight(map, L[last]!);
      p.marker.position.set(map.x(P[2 * last]!), h.y, map.z(P[2 * last + 1]!));
      // A current point clamped into the box is a flat disc on its lid or floor instead of a ball.
      if (h.clamped) p.marker.scale.set(1.5, 0.3, 1.5);
      else p.marker.scale.set(1, 1, 1);
    }
  });

  return <primitive object={group} />;
}
