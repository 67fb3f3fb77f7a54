import { useThree } from '@react-three/fiber';
import { useLayoutEffect } from 'react';
import type { PerspectiveCamera } from 'three';

/** The 3D views' vertical field of view (degrees) in a panel at least FIT_ASPECT wide per unit of height. */
export const BASE_FOV = 40;
/** Narrower than this (width / height), the view keeps this aspect's horizontal field of view. */
export const FIT_ASPECT = 1.15;

/**
 * The vertical field of view for a panel of this aspect: BASE_FOV down to FIT_ASPECT; in a narrower panel
 * (the 1024 × 768 projector's, 0.9) the one that keeps FIT_ASPECT's horizontal field, so the surface's
 * corners stay in the picture. The camera's pose (the link's `cam`) is the same at every size.
 */
export function fovFor(aspect: number): number {
  if (!(aspect > 0) || aspect >= FIT_ASPECT) return BASE_FOV;
  const half = Math.tan((BASE_FOV * Math.PI) / 360) * (FIT_ASPECT / aspect);
  return (Math.atan(half) * 360) / Math.PI;
}

/** Sets the camera's field of view for the canvas's size (fovFor) and tells `onFov` (the host's data-fov, read by the tests). */
export function FitFov({ onFov }: { onFov: (fov: number) => void }) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const { width, height } = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  useLayoutEffect(() => {
    const fov = fovFor(width / height);
    if (camera.fov !== fov) {
      camera.fov = fov;
      camera.updateProjectionMatrix();
      invalidate();
    }
    onFov(fov);
  }, [camera, width, height, invalidate, onFov]);
  return null;
}
