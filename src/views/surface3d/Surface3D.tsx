import { Canvas, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CanvasErrorBoundary } from '../CanvasErrorBoundary';
import { useApp, useServices } from '../AppContext';
import { STREAM_GAP_MS, useLiveValue } from '../useLive';
import { domLabels } from './Axes3D';
import { AsyncPresent, isSoftwareGl } from './AsyncPresent';
import { BASE_FOV } from './FitFov';
import { markSurfaceShown } from '../firstPaint';
import { glViews } from './renderers';
import { Scene3D } from './Scene3D';
import { Surface3DFrame } from './Surface3DFrame';

/** Registers the panel for the PNG export (views/share/snapshot.ts draws its scene again). */
function GlViewEntry() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    glViews.set(gl.domElement, { gl, scene, camera, invalidate });
    return () => void glViews.delete(gl.domElement);
  }, [gl, scene, camera, invalidate]);
  return null;
}

/**
 * The 3D loss surface with the given runs' paths (positions). Rendering is on demand: the scene redraws
 * only when data, the playback step or the camera changes.
 */
export function Surface3D({ runs, label }: { runs: readonly number[]; label: string }) {
  const { live } = useServices();
  const sentRun = useCallback(() => live.sentRun, [live]);
  const host = useRef<HTMLDivElement>(null);
  const setFov = useCallback((fov: number) => void (host.current && (host.current.dataset.fov = String(fov))), []);
  const [lost, setLost] = useState(false);
  const labels = useRef<(HTMLElement | null)[]>([]);
  const sink = useMemo(() => domLabels(labels), []);
  const shown = useRef<HTMLCanvasElement>(null);
  const empty = useLiveValue((live) => live.surface === null);
  const mlp = useApp((s) => s.experiment.problem === 'mlp');
  // Only software WebGL is read back synchronously by the compositor; a GPU shows the WebGL canvas itself.
  const [soft, setSoft] = useState(false);
  // Set once the WebGL renderer exists (data-gl="ready"): the browser tests wait for it after a load.
  const [ready, setReady] = useState(false);
  return (
    <Surface3DFrame label={label} className={soft ? 'surface3d async-present' : 'surface3d'} ready={ready} labels={labels} lost={lost} host={host}>
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
          <Scene3D runs={runs} labels={sink} onFov={setFov} onLost={setLost} />
          <GlViewEntry />
          {soft && <AsyncPresent target={shown} empty={empty} dataGapMs={mlp ? STREAM_GAP_MS : undefined} epoch={sentRun} />}
        </Canvas>
      </CanvasErrorBoundary>
    </Surface3DFrame>
  );
}
