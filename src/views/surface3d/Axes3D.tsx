import { Html } from '@react-three/drei';
import { useMemo } from 'react';
import * as THREE from 'three';
import { useApp } from '../AppContext';
import { HEIGHT } from './sceneMap';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** A base frame around the window with the w and b extents and a vertical loss axis, labelled in HTML. */
export function Axes3D() {
  const range = useApp((s) => s.experiment.range);
  const frame = useMemo(() => {
    const pts = [-1, 0, -1, 1, 0, -1, 1, 0, -1, 1, 0, 1, 1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, -1, -1, 0, 1, -1, HEIGHT, 1];
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
    return g;
  }, []);
  const label = 'axis-label';
  return (
    <group>
      <lineSegments geometry={frame} raycast={() => {}}>
        <lineBasicMaterial color="#64748b" />
      </lineSegments>
      <Html position={[0, 0, 1.18]} center className={label}>
        w: {fmt(range[0])} … {fmt(range[1])}
      </Html>
      <Html position={[1.25, 0, 0]} center className={label}>
        b: {fmt(range[2])} … {fmt(range[3])}
      </Html>
      <Html position={[-1.08, HEIGHT + 0.06, 1]} center className={label}>
        loss
      </Html>
    </group>
  );
}
