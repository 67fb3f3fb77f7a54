import { Canvas, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { lossText } from '../colorBar';
import { CanvasErrorBoundary } from '../CanvasErrorBoundary';
import { useApp, useServices } from '../AppContext';
import { STREAM_GAP_MS, useLiveValue } from '../useLive';
import { domLabels } from './Axes3D';
import { ColorBarOverlay } from './ColorBarOverlay';
import { orbitByKey } from './keyOrbit';
import { AsyncPresent, isSoftwareGl } from './AsyncPresent';
import { BASE_FOV } from './FitFov';
import { markSurfaceShown } from '../firstPaint';
import { glViews } from './renderers';
import { Scene3D } from './Scene3D';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

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
 * The 3D view's box, whatever renders its scene: keyboard orbit, the axis labels (elements the scene
 * places, `labels`), the context-lost message and the colour bar. `children` is the canvas.
 */
export function Surface3DFrame({ label, className, ready, labels, lost, host, children }: { label: string; className: string; ready: boolean; labels: RefObject<(HTMLElement | null)[]>; lost: boolean; host: RefObject<HTMLDivElement | null>; children: ReactNode }) {
  const { store } = useServices();
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
        className={className}
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
        {children}
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
