import { OrbitControls } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { lossText } from '../colorBar';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import type { CameraPose } from '../../protocol/experiment';
import { CanvasErrorBoundary } from '../CanvasErrorBoundary';
import { useApp, useServices } from '../AppContext';
import { STREAM_GAP_MS, useLiveValue } from '../useLive';
import { Axes3D } from './Axes3D';
import { ColorBarOverlay } from './ColorBarOverlay';
import { poseToPosition, positionToPose, sharedCamera, TARGET } from './cameraSync';
import { orbitByKey } from './keyOrbit';
import { Paths3D } from './Paths3D';
import { StartMarker3D } from './StartMarker3D';
import { Guesses3D } from './Guesses3D';
import { StepOverlay3D } from './StepOverlay3D';
import { AsyncPresent, isSoftwareGl } from './AsyncPresent';
import { BASE_FOV, FitFov } from './FitFov';
import { markSurfaceShown } from '../firstPaint';
import { glViews, renderers } from './renderers';
import { SurfaceMesh } from './SurfaceMesh';
import { WindowExits3D } from './WindowExits3D';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

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
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    renderers.add(gl);
    glViews.set(gl.domElement, { gl, scene, camera, invalidate });
    return () => {
      renderers.delete(gl);
      glViews.delete(gl.domElement);
    };
  }, [gl, scene, camera, invalidate]);
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
 * The 3D loss surface with the given runs' paths (positions). Rendering is on demand: the scene redraws
 * only when data, the playback step or the camera changes.
 */
export function Surface3D({ runs, label }: { runs: readonly number[]; label: string }) {
  const { store, live } = useServices();
  const sentRun = useCallback(() => live.sentRun, [live]);
  const host = useRef<HTMLDivElement>(null);
  const setFov = useCallback((fov: number) => void (host.current && (host.current.dataset.fov = String(fov))), []);
  const [lost, setLost] = useState(false);
  const labels = useRef<(HTMLElement | null)[]>([]);
  const shown = useRef<HTMLCanvasElement>(null);
  const empty = useLiveValue((live) => live.surface === null);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  // Only software WebGL is read back synchronously by the compositor; a GPU shows the WebGL canvas itself.
  const [soft, setSoft] = useState(false);
  // Set once the WebGL renderer exists (data-gl="ready"): the browser tests wait for it after a load.
  const [ready, setReady] = useState(false);
  const axes = useLiveValue((live) => {
    const s = live.surface;
    if (!s) return '';
    const [x, y] = s.slice?.labels ?? ['w', 'b'];
    const r = s.range;
    // Labels joined by '|' (no label contains one); the loss label has two lines: it stands by the view's edge.
    return `${x}: ${fmt(r[0])} … ${fmt(r[1])}|${y}: ${fmt(r[2])} … ${fmt(r[3])}|loss:\n${lossText(s.min)} … ${lossText(s.max)}`;
  });
  const texts = axes ? axes.split('|') : ['', '', 'loss'];
  return (
    <>
      <div
        className={soft ? 'surface3d async-present' : 'surface3d'}
        role="img"
        aria-label={`${label}; arrow keys orbit, + and − zoom`}
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown + -"
        data-gl={ready ? 'ready' : 'starting'}
        ref={host}
        tabIndex={0}
        onKeyDown={(e) => {
          const pose = orbitByKey(store.getState().camera, e.key, e.shiftKey);
          if (!pose || e.altKey || e.ctrlKey || e.metaKey) return;
          e.preventDefault();
          store.getState().setCamera(pose);
        }}
      >
        {soft && <canvas ref={shown} className="presented" />}
        <CanvasErrorBoundary what="3D surface">
          <Canvas
            className="gl-host"
            frameloop="demand"
            dpr={[1, 2]}
            camera={{ fov: BASE_FOV, near: 0.05, far: 50 }}
            gl={{ antialias: false, preserveDrawingBuffer: true }}
            onCreated={({ gl }) => {
              // Paths are clipped to the surface's window (Paths3D).
              gl.localClippingEnabled = true;
              const software = isSoftwareGl(gl.getContext());
              setSoft(software);
              // With a GPU the WebGL canvas itself is shown, from its first frame on.
              if (!software) markSurfaceShown();
              setReady(true);
            }}
          >
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
            <ContextWatch onLost={setLost} />
            <FitFov onFov={setFov} />
            {soft && <AsyncPresent target={shown} empty={empty} dataGapMs={mlp ? STREAM_GAP_MS : undefined} epoch={sentRun} />}
          </Canvas>
        </CanvasErrorBoundary>
        {texts.map((t, i) => (
          <span key={i} className={i === 2 ? 'axis-label loss' : 'axis-label'} ref={(el) => void (labels.current[i] = el)}>
            {t}
          </span>
        ))}
        {lost && (
          <div className="panel-error" role="alert">
            The graphics context was lost; waiting for the browser to restore it…
          </div>
        )}
      </div>
      {/* Beside the view's element, not in it: over its top-right corner, positioned in the panel. */}
      <ColorBarOverlay />
    </>
  );
}
