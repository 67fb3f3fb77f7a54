import { OrbitControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import type { CameraPose } from '../../protocol/experiment';
import { useServices } from '../AppContext';
import { Axes3D, type LabelSink } from './Axes3D';
import { poseToPosition, positionToPose, sharedCamera, TARGET } from './cameraSync';
import { FitFov } from './FitFov';
import { Guesses3D } from './Guesses3D';
import { Paths3D } from './Paths3D';
import { renderers } from './renderers';
import { StartMarker3D } from './StartMarker3D';
import { StepOverlay3D } from './StepOverlay3D';
import { SurfaceMesh } from './SurfaceMesh';
import { WindowExits3D } from './WindowExits3D';

function Controls() {
  const ref = useRef<OrbitControlsImpl>(null);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const { store } = useServices();
  const me = useRef({});
  useEffect(() => {
    const apply = (source: object) => {
      if (source === me.current || !ref.current) return;
      camera.position.copy(sharedCamera.position);
      ref.current.target.copy(TARGET);
      ref.current.update();
      invalidate();
    };
    sharedCamera.listeners.add(apply);
    apply({});
    return () => {
      sharedCamera.listeners.delete(apply);
    };
  }, [camera, invalidate]);
  useEffect(() => {
    // A pose from the link (on load or a pasted link) moves every panel; our own writes round-trip harmlessly.
    const fromStore = (pose: CameraPose) => {
      const p = poseToPosition(pose);
      if (p.distanceTo(sharedCamera.position) > 0.02) sharedCamera.publish({}, p);
    };
    fromStore(store.getState().camera);
    return store.subscribe((s, prev) => {
      if (s.camera !== prev.camera) fromStore(s.camera);
    });
  }, [store]);
  return (
    <OrbitControls
      ref={ref}
      makeDefault
      target={TARGET}
      enableDamping={false}
      enablePan={false}
      // Half the default: a drag across the whole view height turned the surface a full circle, too fast to aim.
      rotateSpeed={0.5}
      minDistance={0.8}
      maxDistance={8}
      mouseButtons={{ LEFT: THREE.MOUSE.ROTATE, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.ROTATE }}
      // Two fingers orbit (their midpoint) and zoom (their spread); the default, dolly and pan, did only the
      // zoom here (pan is off), so a two-finger turn did nothing.
      touches={{ ONE: THREE.TOUCH.ROTATE, TWO: THREE.TOUCH.DOLLY_ROTATE }}
      onChange={() => sharedCamera.publish(me.current, camera.position)}
      onEnd={() => store.getState().setCamera(positionToPose(camera.position))}
    />
  );
}

/** Watches for WebGL context loss and shows a message until the context comes back. */
function ContextWatch({ onLost }: { onLost: (lost: boolean) => void }) {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    renderers.add(gl);
    return () => void renderers.delete(gl);
  }, [gl]);
  useEffect(() => {
    const el = gl.domElement;
    const lost = (e: Event) => {
      e.preventDefault();
      onLost(true);
    };
    const restored = () => {
      onLost(false);
      invalidate();
    };
    el.addEventListener('webglcontextlost', lost);
    el.addEventListener('webglcontextrestored', restored);
    return () => {
      el.removeEventListener('webglcontextlost', lost);
      el.removeEventListener('webglcontextrestored', restored);
    };
  }, [gl, invalidate, onLost]);
  return null;
}

/**
 * The 3D view's scene, the same wherever it renders: in the page's own <Canvas> (Surface3D.tsx) or on an
 * OffscreenCanvas in the render worker (offscreen/render3d.worker.tsx).
 */
export function Scene3D({ runs, labels, onFov, onLost }: { runs: readonly number[]; labels: LabelSink; onFov: (fov: number) => void; onLost: (lost: boolean) => void }) {
  return (
    <>
      <color attach="background" args={['#f8fafc']} />
      <ambientLight intensity={1.6} />
      <directionalLight position={[2, 4, 3]} intensity={1.4} />
      <SurfaceMesh />
      <Paths3D runs={runs} />
      <WindowExits3D runs={runs} />
      <StepOverlay3D runs={runs} />
      <StartMarker3D />
      <Guesses3D />
      <Axes3D labels={labels} />
      <Controls />
      <ContextWatch onLost={onLost} />
      <FitFov onFov={onFov} />
    </>
  );
}
