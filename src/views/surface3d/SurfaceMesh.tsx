import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useServices } from '../AppContext';
import { roundParam } from '../roundParam';
import { colormap, lossScale } from '../colors';
import { startIsMovable } from '../startPoint';
import { useLiveChanges } from '../useLive';
import { sceneMapOf } from './sceneMap';
import { dragState } from './dragState';
import { gridSample } from './gridSample';
import { touchPressOf } from '../touchPress';
import { addGuessOrSay } from '../guess/guessTable';
import { useSceneFrame } from './sceneFrame';

/** Largest mesh side in vertices. */
export const MESH_MAX = 72;

/** Two triangles per grid cell, row-major vertices. */
function gridIndex(nx: number, ny: number): Uint32Array {
  const index = new Uint32Array((nx - 1) * (ny - 1) * 6);
  let k = 0;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i;
      index[k++] = a;
      index[k++] = a + 1;
      index[k++] = a + nx;
      index[k++] = a + 1;
      index[k++] = a + nx + 1;
      index[k++] = a + nx;
    }
  }
  return index;
}

/**
 * The loss surface as a lit, vertex-coloured mesh, rebuilt in place when a new grid arrives.
 * Pressing on it moves the start point there; dragging keeps it under the pointer (in guess mode a press adds a guess instead). A finger must rest
 * first (touchPress.ts), so one-finger swipes orbit and two fingers zoom.
 */
export function SurfaceMesh() {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as { enabled: boolean } | null;
  const canvas = useThree((s) => s.gl.domElement);
  // Touches arrive where r3f listens (its wrapper): the WebGL canvas itself is hidden when frames are presented as copies.
  const touchTarget = useThree((s) => (s.events.connected as HTMLElement | undefined) ?? s.gl.domElement);
  const geometry = useMemo(() => new THREE.BufferGeometry(), []);
  const seen = useRef(-1);
  const mesh = useRef<THREE.Mesh>(null);

  useEffect(() => () => geometry.dispose(), [geometry]);
  useLiveChanges(() => {
    if (live.surfaceVersion !== seen.current) invalidate();
  });

  useSceneFrame(() => {
    const s = live.surface;
    if (mesh.current) mesh.current.visible = s !== null;
    if (!s || live.surfaceVersion === seen.current) return;
    seen.current = live.surfaceVersion;
    // The mesh is at most MESH_MAX per side, sampled bilinearly from the grid (the contours use the
    // full grid): software-rendered WebGL pays per triangle, and a finer mesh adds nothing visible.
    const nx = Math.min(s.nx, MESH_MAX);
    const ny = Math.min(s.ny, MESH_MAX);
    const count = nx * ny;
    let pos = geometry.getAttribute('position') as THREE.BufferAttribute | undefined;
    let col = geometry.getAttribute('color') as THREE.BufferAttribute | undefined;
    if (!pos || !col || pos.count !== count) {
      pos = new THREE.BufferAttribute(new Float32Array(count * 3), 3);
      col = new THREE.BufferAttribute(new Float32Array(count * 3), 3);
      geometry.setAttribute('position', pos);
      geometry.setAttribute('color', col);
      geometry.setIndex(new THREE.BufferAttribute(gridIndex(nx, ny), 1));
    }
    const map = sceneMapOf(s);
    const scale = lossScale(s.min, s.max);
    const [w0, w1, b0, b1] = s.range;
    const p = pos.array as Float32Array;
    const c = col.array as Float32Array;
    const rgb: [number, number, number] = [0, 0, 0];
    for (let j = 0; j < ny; j++) {
      const b = b0 + ((b1 - b0) * j) / (ny - 1);
      const z = map.z(b);
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i;
        const w = w0 + ((w1 - w0) * i) / (nx - 1);
        const L = nx === s.nx && ny === s.ny ? s.values[k]! : gridSample(s, w, b);
        p[3 * k] = map.x(w);
        p[3 * k + 1] = map.y(L);
        p[3 * k + 2] = z;
        colormap(scale(L), rgb);
        c[3 * k] = rgb[0];
        c[3 * k + 1] = rgb[1];
        c[3 * k + 2] = rgb[2];
      }
    }
    pos.needsUpdate = true;
    col.needsUpdate = true;
    geometry.computeVertexNormals();
    geometry.computeBoundingSphere();
  });

  const moveStartTo = (point: THREE.Vector3) => {
    const s = live.surface;
    if (!s) return;
    const map = sceneMapOf(s);
    store.getState().setStart(roundParam(map.w(point.x)), roundParam(map.b(point.z)));
  };
  const moveStart = (e: ThreeEvent<PointerEvent>) => moveStartTo(e.point);
  const guessAt = (point: THREE.Vector3) => {
    const s = live.surface;
    if (!s) return;
    const map = sceneMapOf(s);
    addGuessOrSay(store, roundParam(map.w(point.x)), roundParam(map.b(point.z)));
  };

  useEffect(() => {
    const up = () => dragState.release(canvas);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    return () => {
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
    };
  }, [canvas]);

  return (
    <mesh
      ref={mesh}
      geometry={geometry}
      name="loss-surface"
      onPointerDown={(e) => {
        // In the MLP lab the start is the seeded θ₀: pressing the surface orbits like the background.
        if (e.button !== 0 || !startIsMovable(store.getState())) return;
        if (store.getState().guess) {
          // Guess mode: the press adds a guess (a finger: after resting), nothing is dragged.
          const at = e.point.clone();
          if (e.pointerType === 'touch') touchPressOf(touchTarget).begin(e, () => guessAt(at));
          else {
            e.stopPropagation();
            guessAt(at);
          }
          return;
        }
        if (e.pointerType === 'touch') {
          // A finger orbits (one) or zooms (two) unless it rests first: then it moves the start (touchPress.ts).
          const at = e.point.clone();
          touchPressOf(touchTarget).begin(
            e,
            () => {
              dragState.grab(canvas, controls);
              moveStartTo(at);
            },
            () => dragState.release(canvas),
          );
          return;
        }
        e.stopPropagation();
        dragState.grab(canvas, controls);
        moveStart(e);
      }}
      onPointerMove={(e) => {
        if (dragState.owner !== canvas) return;
        e.stopPropagation();
        moveStart(e);
      }}
    >
      <meshLambertMaterial vertexColors side={THREE.DoubleSide} polygonOffset polygonOffsetFactor={1} polygonOffsetUnits={1} />
    </mesh>
  );
}
