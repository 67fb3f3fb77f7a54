import { useThree } from '@react-three/fiber';
import { useRef } from 'react';
import type * as THREE from 'three';
import { useServices } from '../AppContext';
import { startIsMovable, startPoint } from '../startPoint';
import { useLiveChanges } from '../useLive';
import { dragState } from './dragState';
import { gridSample } from './gridSample';
import { touchPressOf } from '../touchPress';
import { HEIGHT, sceneMapOf } from './sceneMap';
import { useSceneFrame } from './sceneFrame';

/** The start point: a white ball with a dark ring; grab it to drag the start over the surface. */
export function StartMarker3D() {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as { enabled: boolean } | null;
  const canvas = useThree((s) => s.gl.domElement);
  // Touches arrive where r3f listens (its wrapper): the WebGL canvas itself is hidden when frames are presented as copies.
  const touchTarget = useThree((s) => (s.events.connected as HTMLElement | undefined) ?? s.gl.domElement);
  const ref = useRef<THREE.Group>(null);
  const core = useRef<THREE.Mesh>(null);
  useLiveChanges(invalidate);

  useSceneFrame(() => {
    const g = ref.current;
    const s = live.surface;
    if (!g) return;
    const start = s ? startPoint(store.getState(), live) : null;
    g.visible = start !== null;
    if (!s || !start) return;
    const [w, b] = start;
    const map = sceneMapOf(s);
    // A start outside the window is pinned to its border (on the surface's edge, not in the air), drawn dark (no white core).
    const x = Math.max(-1, Math.min(1, map.x(w)));
    const z = Math.max(-1, Math.min(1, map.z(b)));
    g.position.set(x, Math.max(0, Math.min(HEIGHT, map.y(gridSample(s, w, b)))) + 0.02, z);
    if (core.current) core.current.visible = x === map.x(w) && z === map.z(b);
  });

  return (
    <group
      ref={ref}
      onPointerDown={(e) => {
        // In guess mode the press goes on to the surface under the marker, which adds a guess.
        if (e.button !== 0 || !startIsMovable(store.getState()) || store.getState().guess) return;
        e.stopPropagation();
        dragState.grab(canvas, controls);
        // A finger on the marker drags it at once; the page must not scroll meanwhile.
        if (e.pointerType === 'touch') touchPressOf(touchTarget).grab(e.pointerId, () => dragState.release(canvas));
      }}
    >
      <mesh ref={core} renderOrder={20}>
        <sphereGeometry args={[0.045, 20, 16]} />
        <meshBasicMaterial color="#ffffff" depthTest={false} />
      </mesh>
      <mesh renderOrder={19}>
        <sphereGeometry args={[0.06, 20, 16]} />
        <meshBasicMaterial color="#1f2937" depthTest={false} />
      </mesh>
    </group>
  );
}
