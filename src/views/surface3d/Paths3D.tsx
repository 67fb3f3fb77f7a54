import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import type { OptimizerId } from '../../protocol/experiment';
import { useServices } from '../AppContext';
import { OPT_COLOR } from '../colors';
import { useLiveChanges } from '../useLive';
import { sceneMap } from './sceneMap';

const LIFT = 0.012;
const noRaycast = () => {};

interface PathObjects {
  line: LineSegments2;
  geometry: LineSegmentsGeometry;
  material: LineMaterial;
  marker: THREE.Mesh;
  capacity: number;
  written: number;
}

function createPath(id: OptimizerId, sphere: THREE.SphereGeometry): PathObjects {
  const geometry = new LineSegmentsGeometry();
  const material = new LineMaterial({ color: OPT_COLOR[id], linewidth: 3, depthTest: false, transparent: true });
  const line = new LineSegments2(geometry, material);
  line.frustumCulled = false;
  line.renderOrder = 10;
  line.raycast = noRaycast;
  const marker = new THREE.Mesh(sphere, new THREE.MeshBasicMaterial({ color: OPT_COLOR[id], depthTest: false }));
  marker.renderOrder = 12;
  marker.raycast = noRaycast;
  return { line, geometry, material, marker, capacity: 0, written: -1 };
}

/**
 * The optimizers' paths up to the playback step, as fat lines drawn over the surface, with a marker at
 * each current point. Segment buffers are allocated once per capacity and rewritten in place.
 */
export function Paths3D({ optimizers }: { optimizers: readonly OptimizerId[] }) {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const size = useThree((s) => s.size);
  const sphere = useMemo(() => new THREE.SphereGeometry(0.028, 16, 12), []);
  const group = useMemo(() => new THREE.Group(), []);
  const paths = useMemo(() => new Map<OptimizerId, PathObjects>(), []);

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
    for (const [id, p] of paths) {
      if (!optimizers.includes(id) || !live.paths.has(id)) {
        p.line.visible = false;
        p.marker.visible = false;
      }
    }
    if (!s) return;
    const map = sceneMap(s);
    for (const id of optimizers) {
      const data = live.paths.get(id);
      if (!data || data.length === 0) continue;
      let p = paths.get(id);
      if (!p) {
        p = createPath(id, sphere);
        paths.set(id, p);
        group.add(p.line, p.marker);
      }
      p.material.resolution.set(size.width, size.height);
      const P = data.params;
      const L = data.loss;
      if (p.written !== live.version) {
        p.written = live.version;
        const segments = data.length - 1;
        if (p.capacity < segments || p.capacity === 0) {
          p.capacity = Math.max(segments, 1, p.capacity * 2);
          p.geometry.setPositions(new Float32Array(p.capacity * 6));
        }
        const attr = p.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
        const arr = attr.data.array as Float32Array;
        let px = map.x(P[0]!);
        let py = map.y(L[0]!) + LIFT;
        let pz = map.z(P[1]!);
        for (let k = 1; k < data.length; k++) {
          const x = map.x(P[2 * k]!);
          const y = map.y(L[k]!) + LIFT;
          const z = map.z(P[2 * k + 1]!);
          const o = (k - 1) * 6;
          arr[o] = px;
          arr[o + 1] = py;
          arr[o + 2] = pz;
          arr[o + 3] = x;
          arr[o + 4] = y;
          arr[o + 5] = z;
          px = x;
          py = y;
          pz = z;
        }
        attr.data.needsUpdate = true;
      }
      const last = Math.min(data.length, t + 1) - 1;
      p.geometry.instanceCount = last;
      p.line.visible = last > 0;
      p.marker.visible = true;
      p.marker.position.set(map.x(P[2 * last]!), map.y(L[last]!) + LIFT, map.z(P[2 * last + 1]!));
    }
  });

  return <primitive object={group} />;
}
