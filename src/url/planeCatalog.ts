/**
 * What the views know of the plane problems: the registry's declarations (names, formulas, lessons,
 * settings with their link fields), re-exported so views never import the engine and never retype a bound.
 */
import { PLANE_PROBLEMS, type PlaneId, type PlaneProblemModule } from '../engine/problems/plane/registry';
import { planeFieldsOf, type PlaneField } from './planeFields';
import type { PlaneSettings } from '../engine/problems/plane/module';

/** One surface as the problem menu and its caption show it. */
export interface PlaneEntry {
  readonly id: PlaneId;
  readonly name: string;
  readonly formula: string;
  readonly lesson: string;
  /** The lesson for the surface's settings shown (the module's lessonFor, else its lesson). */
  readonly lessonFor: (settings: PlaneSettings) => string;
  readonly usesData: boolean;
  /** Exactly quadratic: the theory panel's predictions are exact (PlaneProblemModule.quadratic). */
  readonly quadratic: boolean;
  /** Its settings' link fields (bounds, format), in declaration order. */
  readonly fields: readonly PlaneField[];
}

/** Every registered surface, in the registry's order. */
export const PLANE_CATALOG: readonly PlaneEntry[] = (PLANE_PROBLEMS as readonly PlaneProblemModule<PlaneId>[]).map((m) => ({
  id: m.id,
  name: m.name,
  formula: m.formula,
  lesson: m.lesson,
  lessonFor: (settings: PlaneSettings) => m.lessonFor?.(settings) ?? m.lesson,
  usesData: m.usesData === true,
  quadratic: m.quadratic === true,
  fields: planeFieldsOf(m.id),
}));

/** The entry of a surface (undefined for the MLP or an unknown id). */
export const planeEntryOf = (id: string): PlaneEntry | undefined => PLANE_CATALOG.find((e) => e.id === id);
