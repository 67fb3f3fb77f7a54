import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { patchHalf, stepShapes, taylorPatch } from '../../lab/stepGeometry';
import type { StepView } from '../../lab/stepView';
import { useServices } from '../AppContext';
import { useViewChanges } from '../useLive';
import { runColor } from '../colors';
import { sceneMapOf } from './sceneMap';
import { createSegments, MAX_SEGMENTS, writePatch, writeStepSegments } from './stepSegments';

const noRaycast = () => {};
/** Vertices per side of a Taylor patch. */
const PATCH = 13;

function patchMesh(color: string): THREE.Mesh {
  const g = new THREE.PlaneGeometry(1, 1, PATCH - 1, PATCH - 1);
  g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(PATCH * PATCH * 3), 3));
  const m = new THREE.Mesh(g, new THREE.MeshBasicMaterial({ color, transparent: true, opacity: 0.55, side: THREE.DoubleSide, depthWrite: false, depthTest: false }));
  m.renderOrder = 8;
  m.frustumCulled = false;
  m.raycast = noRaycast;
  m.visible = false;
  return m;
}

const rgb = (css: string) => {
  const c = new THREE.Color(css);
  return [c.r, c.g, c.b] as const;
};

/**
 * The step overlays in 3D (link show=): the followed run's step parts lying on the tangent plane at θ_k
 * (stepSegments.ts), the tangent plane patch (`taylor`) and the second-order patch (`quad`, and with the
 * arrows of a Newton run: the model Newton minimises). Drawn only in views that show the followed run;
 * buffers are allocated once and rewritten when the step or the surface changes. The patches are drawn
 * over the surface (no depth test): a tangent plane lies under a convex surface and would be hidden.
 */
export function StepOverlay3D({ runs }: { runs: readonly number[] }) {
  const { live, store, steps } = useServices();
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  // The MLP lab's step comes with the worker's network view, which redraws nothing else in 3D.
  useViewChanges(() => {
    if (store.getState().show.length > 0) invalidate();
  });
  const objects = useMemo(() => {
    const geometry = new LineSegmentsGeometry();
    geometry.setPositions(new Float32Array(MAX_SEGMENTS * 6));
    geometry.setColors(new Float32Array(MAX_SEGMENTS * 6));
    const material = new LineMaterial({ color: '#ffffff', vertexColors: true, linewidth: 3, depthTest: false, transparent: true });
    const line = new LineSegments2(geometry, material);
    line.frustumCulled = false;
    line.renderOrder = 14;
    line.raycast = noRaycast;
    const group = new THREE.Group();
    const tangent = patchMesh('#F0E442');
    const quad = patchMesh('#E69F00');
    group.add(line, tangent, quad);
    return { group, line, geometry, material, tangent, quad, segments: createSegments(), drawn: { view: null as StepView | null, show: '', surface: -1 } };
  }, []);
  useEffect(
    () => () => {
      objects.geometry.dispose();
      objects.material.dispose();
      for (const m of [objects.tangent, objects.quad]) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
      }
    },
    [objects],
  );

  useFrame(() => {
    const st = store.getState();
    const s = live.surface;
    const view = s && st.show.length > 0 ? (steps?.at(st, live) ?? null) : null;
    const visible = view !== null && runs.includes(view.run);
    const o = objects;
    o.material.resolution.set(size.width, size.height);
    const key = st.show.join(',');
    if (!visible || !s) {
      o.line.visible = o.tangent.visible = o.quad.visible = false;
      o.drawn.view = null;
      return;
    }
    if (o.drawn.view === view && o.drawn.show === key && o.drawn.surface === live.surfaceVersion) return;
    o.drawn = { view, show: key, surface: live.surfaceVersion };
    const map = sceneMapOf(s);
    const shapes = stepShapes(view);
    if (st.show.includes('step')) {
      writeStepSegments(o.segments, view, shapes, map, { run: rgb(runColor(view.run)), history: rgb('#334155'), undone: rgb('#b91c1c') });
      const pos = o.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
      const col = o.geometry.getAttribute('instanceColorStart') as THREE.InterleavedBufferAttribute;
      (pos.data.array as Float32Array).set(o.segments.positions);
      (col.data.array as Float32Array).set(o.segments.colors);
      pos.data.needsUpdate = true;
      col.data.needsUpdate = true;
      o.geometry.instanceCount = o.segments.count;
      o.line.visible = o.segments.count > 0;
    } else o.line.visible = false;
    const half = patchHalf(view, s.range);
    const patch = (mesh: THREE.Mesh, on: boolean, order: 'linear' | 'quadratic') => {
      mesh.visible = on;
      if (!on) return;
      const attr = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
      writePatch(attr.array as Float32Array, taylorPatch(view, order, half, PATCH), PATCH, shapes.at, half, map);
      attr.needsUpdate = true;
    };
    patch(o.tangent, st.show.includes('taylor'), 'linear');
    patch(o.quad, st.show.includes('quad') || (st.show.includes('step') && view.trace.probe.kind === 'newton'), 'quadratic');
  });

  return <primitive object={objects.group} />;
}
