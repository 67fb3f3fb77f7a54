import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { LineMaterial } from 'three/examples/jsm/lines/LineMaterial.js';
import { LineSegments2 } from 'three/examples/jsm/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/examples/jsm/lines/LineSegmentsGeometry.js';
import { createStepFlash } from '../contour/stepFlash';
import { patchHalf, stepShapes, taylorPatch } from '../../lab/stepGeometry';
import type { StepView } from '../../lab/stepView';
import { useServices } from '../AppContext';
import { useViewChanges } from '../useLive';
import { runColor } from '../colors';
import { sceneMapOf } from './sceneMap';
import { createSegments, MAX_SEGMENTS, writeDistances, writePatch, writeStepSegments } from './stepSegments';
import { useSceneFrame } from './sceneFrame';

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

function lines(geometry: LineSegmentsGeometry, material: LineMaterial, order: number): LineSegments2 {
  const line = new LineSegments2(geometry, material);
  line.frustumCulled = false;
  line.renderOrder = order;
  line.raycast = noRaycast;
  return line;
}

function segmentGeometry(): LineSegmentsGeometry {
  const geometry = new LineSegmentsGeometry();
  geometry.setPositions(new Float32Array(MAX_SEGMENTS * 6));
  geometry.setColors(new Float32Array(MAX_SEGMENTS * 6));
  return geometry;
}

/** Copies segments into a geometry made by segmentGeometry. */
function upload(geometry: LineSegmentsGeometry, s: { positions: Float32Array; colors: Float32Array; count: number }): void {
  const pos = geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
  const col = geometry.getAttribute('instanceColorStart') as THREE.InterleavedBufferAttribute;
  (pos.data.array as Float32Array).set(s.positions);
  (col.data.array as Float32Array).set(s.colors);
  pos.data.needsUpdate = true;
  col.data.needsUpdate = true;
  geometry.instanceCount = s.count;
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
 * Rprop's Δ box sides along a flipped parameter are dashed red, and flash bold when the step shown
 * becomes such a step, with the contour plot's timing (contour/stepFlash.ts: a timer asks for the frames
 * at each change of emphasis only; no flash with prefers-reduced-motion).
 */
export function StepOverlay3D({ runs }: { runs: readonly number[] }) {
  const { live, store, steps } = useServices();
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  // The MLP lab's step comes with the worker's network view, which redraws nothing else in 3D.
  useViewChanges(() => {
    if (store.getState().show.length > 0) invalidate();
  });
  // fiber's invalidate is the same function for the canvas's life.
  const flash = useMemo(() => createStepFlash(() => invalidate()), [invalidate]);
  useEffect(() => flash.dispose, [flash]);
  const objects = useMemo(() => {
    const geometry = segmentGeometry();
    const material = new LineMaterial({ color: '#ffffff', vertexColors: true, linewidth: 3, depthTest: false, transparent: true });
    const line = lines(geometry, material, 14);
    // The flipped sides: one geometry, drawn dashed, or bold and solid while the flash is 'on'.
    const flipGeometry = segmentGeometry();
    const distances = new THREE.InstancedInterleavedBuffer(new Float32Array(MAX_SEGMENTS * 2), 2, 1);
    flipGeometry.setAttribute('instanceDistanceStart', new THREE.InterleavedBufferAttribute(distances, 1, 0));
    flipGeometry.setAttribute('instanceDistanceEnd', new THREE.InterleavedBufferAttribute(distances, 1, 1));
    const dashMaterial = new LineMaterial({ color: '#ffffff', vertexColors: true, linewidth: 3, depthTest: false, transparent: true, dashed: true, dashSize: 0.04, gapSize: 0.03 });
    const boldMaterial = new LineMaterial({ color: '#ffffff', vertexColors: true, linewidth: 7, depthTest: false, transparent: true });
    const flipDash = lines(flipGeometry, dashMaterial, 15);
    const flipBold = lines(flipGeometry, boldMaterial, 15);
    const group = new THREE.Group();
    const tangent = patchMesh('#F0E442');
    const quad = patchMesh('#E69F00');
    group.add(line, flipDash, flipBold, tangent, quad);
    return {
      group, line, geometry, material, flipGeometry, distances, dashMaterial, boldMaterial, flipDash, flipBold, tangent, quad,
      segments: createSegments(), flipped: createSegments(), drawn: { view: null as StepView | null, show: '', surface: -1 },
    };
  }, []);
  useEffect(
    () => () => {
      for (const x of [objects.geometry, objects.material, objects.flipGeometry, objects.dashMaterial, objects.boldMaterial]) x.dispose();
      for (const m of [objects.tangent, objects.quad]) {
        m.geometry.dispose();
        (m.material as THREE.Material).dispose();
      }
    },
    [objects],
  );

  useSceneFrame(() => {
    const st = store.getState();
    const s = live.surface;
    const view = s && st.show.length > 0 ? (steps?.at(st, live) ?? null) : null;
    const visible = view !== null && runs.includes(view.run);
    const o = objects;
    for (const m of [o.material, o.dashMaterial, o.boldMaterial]) m.resolution.set(size.width, size.height);
    const key = st.show.join(',');
    const arrows = visible && !!s && st.show.includes('step');
    const probe = view?.trace.probe;
    const emphasis = flash.emphasis(arrows ? view : null, probe?.kind === 'rprop' && (probe.undone[0] === 1 || probe.undone[1] === 1));
    o.flipBold.visible = arrows && emphasis === 'on' && o.flipped.count > 0;
    o.flipDash.visible = arrows && !o.flipBold.visible && o.flipped.count > 0;
    if (!visible || !s) {
      o.line.visible = o.flipDash.visible = o.flipBold.visible = o.tangent.visible = o.quad.visible = false;
      o.drawn.view = null;
      return;
    }
    if (o.drawn.view === view && o.drawn.show === key && o.drawn.surface === live.surfaceVersion) return;
    o.drawn = { view, show: key, surface: live.surfaceVersion };
    const map = sceneMapOf(s);
    const shapes = stepShapes(view);
    if (st.show.includes('step')) {
      writeStepSegments(o.segments, view, shapes, map, { run: rgb(runColor(view.run)), history: rgb('#334155'), undone: rgb('#b91c1c') }, o.flipped);
      upload(o.geometry, o.segments);
      upload(o.flipGeometry, o.flipped);
      writeDistances(o.distances.array as Float32Array, o.flipped);
      o.distances.needsUpdate = true;
      o.line.visible = o.segments.count > 0;
      o.flipBold.visible = emphasis === 'on' && o.flipped.count > 0;
      o.flipDash.visible = !o.flipBold.visible && o.flipped.count > 0;
    } else {
      o.line.visible = o.flipDash.visible = o.flipBold.visible = false;
      o.flipped.count = 0;
    }
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
