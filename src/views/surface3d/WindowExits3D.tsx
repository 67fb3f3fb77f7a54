import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useServices } from '../AppContext';
import { runColor } from '../colors';
import { useLiveChanges } from '../useLive';
import { liveExit } from '../windowExit';
import { boxHeight } from './pathSegments';
import { sceneMapOf } from './sceneMap';
import { useSceneFrame } from './sceneFrame';

const noRaycast = () => {};

/**
 * Where a path has left the window by the playback step: a ring in its colour standing on the window's
 * border at the crossing, on the drawn path (whose heights are clamped into the box). The paths are clipped to the window, so without it a path would just vanish.
 * Rings are kept by the path's position in `runs`.
 */
export function WindowExits3D({ runs }: { runs: readonly number[] }) {
  const { live, store } = useServices();
  const invalidate = useThree((s) => s.invalidate);
  const ring = useMemo(() => new THREE.TorusGeometry(0.04, 0.012, 8, 24), []);
  const group = useMemo(() => new THREE.Group(), []);
  const rings = useMemo<THREE.Mesh<THREE.TorusGeometry, THREE.MeshBasicMaterial>[]>(() => [], []);
  useEffect(
    () => () => {
      for (const m of rings) m.material.dispose();
      ring.dispose();
    },
    [rings, ring],
  );
  useLiveChanges(invalidate);

  useSceneFrame(() => {
    const s = live.surface;
    const t = store.getState().t;
    while (rings.length < runs.length) {
      const m = new THREE.Mesh(ring, new THREE.MeshBasicMaterial({ depthTest: false }));
      m.renderOrder = 14;
      m.raycast = noRaycast;
      rings.push(m);
      group.add(m);
    }
    rings.forEach((m, i) => {
      const id = runs[i];
      const p = id === undefined ? undefined : live.paths[id];
      const exit = s && p ? liveExit(live, p) : null;
      m.visible = !!(s && p && exit && id !== undefined && exit.step > 0 && exit.step <= t);
      if (!m.visible || !s || !p || !exit || id === undefined) return;
      const map = sceneMapOf(s);
      const k = exit.step;
      // On the drawn segment: its heights are clamped into the box first, then interpolated.
      const y0 = boxHeight(map, p.loss[k - 1]!).y;
      const y1 = boxHeight(map, p.loss[k]!).y;
      // The colour follows the run the ring stands for; set (a hex parse) only when that changes.
      if (m.userData.run !== id) {
        m.material.color.set(runColor(id));
        m.userData.run = id;
      }
      m.position.set(map.x(exit.x), y0 + exit.f * (y1 - y0), map.z(exit.y));
      // Upright, facing out of the window across the border it crosses.
      const onSide = Math.abs(Math.abs(map.x(exit.x)) - 1) < 1e-6;
      m.rotation.set(0, onSide ? Math.PI / 2 : 0, 0);
    });
  });

  return <primitive object={group} />;
}
