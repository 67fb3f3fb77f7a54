import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, type RefObject } from 'react';
import * as THREE from 'three';
import { HEIGHT } from './sceneMap';
import { useSceneFrame } from './sceneFrame';

/** Scene anchors of the three axis labels, in the order Surface3D renders their elements. */
export const LABEL_ANCHORS: readonly [number, number, number][] = [
  [0, 0, 1.2],
  [1.25, 0, 0],
  [-1, HEIGHT + 0.08, 1],
];

/**
 * Where the three axis labels go: plain DOM elements owned by Surface3D on the main thread (domLabels), or
 * the main thread's elements written through messages when the scene renders in a worker (offscreen/).
 */
export interface LabelSink {
  /** The label's width in CSS px (0 until known). */
  width(i: number): number;
  /** Places label i (a CSS transform) and shows or hides it; called every drawn frame, so skip unchanged writes. */
  write(i: number, transform: string, visibility: 'visible' | 'hidden'): void;
  /** Calls `onResize` when a label's width changes; returns the unsubscribe. */
  watch(onResize: () => void): () => void;
}

/** The sink of DOM label elements (the main thread's 3D view). */
export function domLabels(labels: RefObject<(HTMLElement | null)[]>): LabelSink {
  // Label widths, from a ResizeObserver: reading offsetWidth after a label's text changed (every new surface
  // changes the loss and slice ranges) forced a layout of the whole page inside the frame (~4 ms each).
  const widths = new WeakMap<HTMLElement, number>();
  // The styles written last, so an unchanged label is not restyled every frame.
  const written = new WeakMap<HTMLElement, string>();
  return {
    width: (i) => {
      const el = labels.current?.[i];
      return el ? (widths.get(el) ?? 0) : 0;
    },
    write(i, transform, visibility) {
      const el = labels.current?.[i];
      if (!el || written.get(el) === transform + visibility) return;
      written.set(el, transform + visibility);
      el.style.transform = transform;
      el.style.visibility = visibility;
    },
    watch(onResize) {
      const ro = new ResizeObserver((entries) => {
        for (const en of entries) widths.set(en.target as HTMLElement, en.borderBoxSize[0]?.inlineSize ?? 0);
        onResize();
      });
      for (const el of labels.current ?? []) if (el) ro.observe(el);
      return () => ro.disconnect();
    },
  };
}

/** A base frame around the window and a vertical loss axis; keeps the axis labels over their anchors each frame. */
export function Axes3D({ labels }: { labels: LabelSink }) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const frame = useMemo(() => {
    const pts = [-1, 0, -1, 1, 0, -1, 1, 0, -1, 1, 0, 1, 1, 0, 1, -1, 0, 1, -1, 0, 1, -1, 0, -1, -1, 0, 1, -1, HEIGHT, 1];
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
    return g;
  }, []);
  useEffect(() => () => frame.dispose(), [frame]);
  const v = useMemo(() => new THREE.Vector3(), []);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => labels.watch(invalidate), [labels, invalidate]);
  useSceneFrame(() => {
    LABEL_ANCHORS.forEach((a, i) => {
      v.set(...a).project(camera);
      // Kept inside the view: the loss label's numbers would be cut at the left edge of a narrow panel.
      const half = labels.width(i) / 2;
      const x = Math.max(half, Math.min(size.width - half, ((v.x + 1) / 2) * size.width));
      const y = ((1 - v.y) / 2) * size.height;
      labels.write(i, `translate(-50%, -50%) translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`, v.z < 1 ? 'visible' : 'hidden');
    });
  });
  return (
    <lineSegments geometry={frame} raycast={() => {}}>
      <lineBasicMaterial color="#64748b" />
    </lineSegments>
  );
}
