import { useFrame, useThree, type RootState } from '@react-three/fiber';
import { useRef } from 'react';
import type * as THREE from 'three';
import { FRAME_BUDGET_MS } from '../useCanvasSize';

/** Per renderer: whether the frame being run will be drawn (AsyncPresent decides first, sceneFrameGate). */
const gates = new WeakMap<THREE.WebGLRenderer, { skip: boolean }>();

/** The gate of this canvas's renderer: AsyncPresent sets `skip` when it will not draw this frame. */
export function gateOf(gl: THREE.WebGLRenderer): { skip: boolean } {
  let g = gates.get(gl);
  if (!g) gates.set(gl, (g = { skip: false }));
  return g;
}

/**
 * The priority at which AsyncPresent decides whether this frame is drawn: after OrbitControls' update
 * (drei's, at −1: the camera has moved by then) and before the scene's own callbacks (at 0).
 */
export const GATE_PRIORITY = -0.5;

/** Frames in a row the 3D render may give up because the 2-D views filled the frame before it. */
export const MAX_YIELDS = 2;

/**
 * Whether the 3D render waits for the next frame: this one has run `elapsed` ms already (the 2-D views
 * drew first; a new surface redraws them all) past FRAME_BUDGET_MS, and the render has given up fewer
 * than MAX_YIELDS frames in a row (`yields`). Otherwise the two added up to one long task.
 */
export function yieldsFrame(yields: number, elapsed: number): boolean {
  return yields < MAX_YIELDS && elapsed > FRAME_BUDGET_MS;
}

/**
 * useFrame for the scene's objects: `cb` runs only in frames that are drawn. With software WebGL the
 * 3D view draws at most once per AsyncPresent gap while data streams in, but every message asks for a
 * frame (the MLP lab: ~30 a slider tick); rewriting the paths' buffers in the frames that are not drawn
 * was wasted work. A skipped frame leaves the callback's own "changed since" checks (data versions) as
 * they were, so the frame that is drawn catches up.
 */
export function useSceneFrame(cb: (state: RootState, delta: number) => void): void {
  const gl = useThree((s) => s.gl);
  const gate = gateOf(gl);
  const fn = useRef(cb);
  fn.current = cb;
  useFrame((state, delta) => {
    if (!gate.skip) fn.current(state, delta);
  });
}
