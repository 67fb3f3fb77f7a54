import { useFrame, useThree, type RootState } from '@react-three/fiber';
import { useRef } from 'react';
import type * as THREE from 'three';

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
