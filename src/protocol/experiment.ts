import type { DataPoint } from '../engine/problems/sigmoidNeuron';
import type { OptimizerId } from '../engine/optimizers';

export type { DataPoint, OptimizerId };

/** How the paths are shown: all on one surface, or one panel per optimizer. */
export type Layout = 'overlay' | 'split';

/**
 * Everything a share link reproduces. Units: η and γ are dimensionless; `range` is
 * [wMin, wMax, bMin, bMax] in parameter units; `start` is [w, b].
 */
export interface Experiment {
  readonly problem: 'sigmoid';
  readonly data: readonly DataPoint[];
  readonly start: readonly [number, number];
  /** η, learning rate. */
  readonly eta: number;
  /** γ, momentum coefficient (used by momentum and Nesterov). */
  readonly gamma: number;
  /** Number of optimizer steps; a path has steps + 1 points. */
  readonly steps: number;
  /** Optimizers shown, in legend order, no duplicates. */
  readonly opt: readonly OptimizerId[];
  readonly range: readonly [number, number, number, number];
  /** Surface grid resolution per side (the 3D mesh and the contours share it). */
  readonly grid: number;
}

/** Camera of the 3D views: azimuth and elevation in degrees around the surface's centre, distance in scene units. */
export type CameraPose = readonly [azimuth: number, elevation: number, distance: number];

/** View state that a link also reproduces. `t` is the playback step (steps means "the end"). */
export interface ViewSettings {
  readonly layout: Layout;
  readonly t: number;
  readonly camera: CameraPose;
}

/** The whole state behind a share link. */
export interface Shared {
  readonly experiment: Experiment;
  readonly view: ViewSettings;
}
