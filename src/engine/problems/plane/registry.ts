import type { Problem } from '../../problem';
import type { DataPoint } from '../sigmoidNeuron';
import { himmelblauPlane } from './himmelblau';
import { planeDefaults, type PlaneProblemModule, type PlaneSettings } from './module';
import { plateauPlane } from './plateau';
import { quadraticPlane } from './quadratic';
import { rosenbrockPlane } from './rosenbrock';
import { sigmoidPlane } from './sigmoid';
import { wellsPlane } from './wells';

/**
 * THE list of plane problems (surfaces over θ = (w, b)), in the order the problem menu, the README and
 * the CLI's help show them. Adding a surface is its module plus one line here (and its tests): the
 * link's fields, the controls and the README rows are generated from the modules' declarations.
 */
export const PLANE_PROBLEMS = [sigmoidPlane, quadraticPlane, rosenbrockPlane, himmelblauPlane, wellsPlane, plateauPlane] as const;

/** The `problem=` values of the 2-D lab. */
export type PlaneId = (typeof PLANE_PROBLEMS)[number]['id'];

export const PLANE_IDS: readonly PlaneId[] = PLANE_PROBLEMS.map((m) => m.id);

const byId = new Map<string, PlaneProblemModule<PlaneId>>(PLANE_PROBLEMS.map((m) => [m.id, m as PlaneProblemModule<PlaneId>]));

/** The module registered under `id`, or undefined (a Map: prototype names are unknown). */
export function findPlane(id: string): PlaneProblemModule<PlaneId> | undefined {
  return byId.get(id);
}

/** The module for an id validated at a boundary; misuse throws. */
export function getPlane(id: string): PlaneProblemModule<PlaneId> {
  const m = byId.get(id);
  if (!m) throw new Error(`engine: unknown plane problem ${JSON.stringify(id)}`);
  return m;
}

/** The surface `id` with these settings (missing keys at their defaults) on these data points. */
export function createPlane(id: string, settings: PlaneSettings, data: readonly DataPoint[]): Problem {
  const m = getPlane(id);
  return m.create({ ...planeDefaults(m), ...settings }, data);
}

export { planeDefaults, type PlaneProblemModule, type PlaneSetting, type PlaneSettings, type PlanePoint, type PlaneDefaults } from './module';
