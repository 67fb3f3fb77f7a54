import * as THREE from 'three';
import type { CameraPose } from '../../protocol/experiment';

type Listener = (source: object) => void;

/** The point every 3D view orbits around (panning is off, so a pose is three numbers). */
export const TARGET = new THREE.Vector3(0, 0.25, 0);
const DEG = Math.PI / 180;

/** Camera position for a pose: azimuth around the vertical axis from +z, elevation above the base plane. */
export function poseToPosition([az, el, dist]: CameraPose, out = new THREE.Vector3()): THREE.Vector3 {
  return out.set(Math.sin(az * DEG) * Math.cos(el * DEG), Math.sin(el * DEG), Math.cos(az * DEG) * Math.cos(el * DEG)).multiplyScalar(dist).add(TARGET);
}

/** The pose of a camera position, rounded to 0.1° and 0.01 units for the link. */
export function positionToPose(p: THREE.Vector3): CameraPose {
  const d = p.clone().sub(TARGET);
  const dist = d.length();
  const r = (v: number, k: number) => Math.round(v * k) / k || 0;
  return [r(Math.atan2(d.x, d.z) / DEG, 10), r(Math.asin(Math.max(-1, Math.min(1, d.y / dist))) / DEG, 10), r(dist, 100)];
}

/**
 * One camera shared by every 3D panel, so side-by-side panels look from the same place.
 * The panel that orbits publishes its position; the others copy it and redraw.
 */
export const sharedCamera = {
  position: poseToPosition([40, 25, 4.2]),
  listeners: new Set<Listener>(),
  publishing: false,
  publish(source: object, position: THREE.Vector3) {
    // A listener's controls.update() fires 'change' (and so publishes) before it records its own pose; without
    // this guard two panels would re-publish to each other forever ("Maximum call stack size exceeded").
    if (this.publishing) return;
    this.publishing = true;
    try {
      this.position.copy(position);
      for (const fn of this.listeners) fn(source);
    } finally {
      this.publishing = false;
    }
  },
};
