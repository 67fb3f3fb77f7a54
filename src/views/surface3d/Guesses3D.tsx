import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useApp, useServices } from '../AppContext';
import { BEST_FILL } from '../guess/drawGuesses';
import { guessTableReader } from '../guess/guessTable';
import { useLiveChanges } from '../useLive';
import { gridSample } from './gridSample';
import { HEIGHT, sceneMapOf } from './sceneMap';
import { useSceneFrame } from './sceneFrame';

/** A numbered disc as a texture (white, or gold for the best guess), drawn once per number and kind. */
function discTexture(label: string, best: boolean): THREE.Texture {
  // An OffscreenCanvas where there is no document (the scene rendered in a worker: offscreen/).
  const c = typeof document === 'undefined' ? new OffscreenCanvas(64, 64) : Object.assign(document.createElement('canvas'), { width: 64, height: 64 });
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.beginPath();
    ctx.arc(32, 32, 27, 0, 2 * Math.PI);
    ctx.fillStyle = best ? BEST_FILL : '#ffffff';
    ctx.fill();
    ctx.lineWidth = 5;
    ctx.strokeStyle = '#111827';
    ctx.stroke();
    ctx.fillStyle = '#111827';
    ctx.font = `bold ${label.length > 2 ? 24 : 30}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(label, 32, 34);
  }
  const t = new THREE.CanvasTexture(c);
  t.colorSpace = THREE.SRGBColorSpace;
  return t;
}

/** The guesses as numbered discs standing on the surface (always facing the camera, never hidden by it); those outside the window are not shown. */
export function Guesses3D() {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const guesses = useApp((s) => (s.experiment.problem === 'mlp' ? null : s.guesses));
  const rowsOf = useMemo(() => guessTableReader(), []);
  const best = useApp((s) => rowsOf(s).findIndex((r) => r.best));
  const textures = useRef(new Map<string, THREE.Texture>());
  const group = useRef<THREE.Group>(null);
  useLiveChanges(invalidate);
  useEffect(() => invalidate(), [guesses, best, invalidate]);
  useEffect(() => {
    const all = textures.current;
    return () => {
      for (const t of all.values()) t.dispose();
      all.clear();
    };
  }, []);
  const textureOf = (i: number) => {
    const key = `${i + 1}${i === best ? '*' : ''}`;
    let t = textures.current.get(key);
    if (!t) {
      t = discTexture(String(i + 1), i === best);
      textures.current.set(key, t);
    }
    return t;
  };

  useSceneFrame(() => {
    const g = group.current;
    const s = live.surface;
    const gs = store.getState().guesses;
    if (!g) return;
    g.visible = s !== null && guesses !== null;
    if (!s) return;
    const map = sceneMapOf(s);
    const [w0, w1, b0, b1] = s.range;
    g.children.forEach((child, i) => {
      const guess = gs[i];
      const inside = guess !== undefined && guess[0] >= w0 && guess[0] <= w1 && guess[1] >= b0 && guess[1] <= b1;
      child.visible = inside;
      if (!inside) return;
      const [w, b] = guess;
      child.position.set(map.x(w), Math.max(0, Math.min(HEIGHT, map.y(gridSample(s, w, b)))) + 0.05, map.z(b));
    });
  });

  return (
    <group ref={group}>
      {(guesses ?? []).map((_, i) => (
        <sprite key={i} scale={[0.04, 0.04, 1]} renderOrder={30}>
          <spriteMaterial map={textureOf(i)} depthTest={false} sizeAttenuation={false} transparent />
        </sprite>
      ))}
    </group>
  );
}
