import type * as THREE from 'three';

type Listener = (source: object) => void;

/**
 * One camera pose shared by every 3D panel, so side-by-side panels look from the same place.
 * The panel that orbits publishes its pose; the others copy it and redraw.
 */
export const sharedCamera = {
  position: [2.5, 2.0, 2.9] as [number, number, number],
  target: [0, 0.25, 0] as [number, number, number],
  listeners: new Set<Listener>(),
  publish(source: object, camera: THREE.Camera, target: THREE.Vector3) {
    this.position = [camera.position.x, camera.position.y, camera.position.z];
    this.target = [target.x, target.y, target.z];
    for (const fn of this.listeners) fn(source);
  },
};
