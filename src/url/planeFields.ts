import { PLANE_PROBLEMS, planeDefaults, type PlaneId, type PlaneProblemModule, type PlaneSetting, type PlaneSettings } from '../engine/problems/plane/registry';
import { bad, ok, parseNumber, type Field } from './fields';
import type { Values } from './values';

/**
 * The link fields of the plane problems' own settings (`curv`, `angle` of the quadratic), generated from
 * the modules' declarations: nothing here names a problem or a setting. A key belongs to the problems
 * that declare it; its bounds are the module's.
 */
export interface PlaneField extends Field<readonly number[]> {
  readonly key: string;
  readonly spec: PlaneSetting;
  readonly problem: PlaneId;
}

function fieldOf(m: PlaneProblemModule<PlaneId>, spec: PlaneSetting): PlaneField {
  const { count, min, max } = spec;
  return {
    key: spec.key,
    spec,
    problem: m.id,
    doc: `${m.id}: ${spec.doc}`,
    bounds: `${count === 1 ? 'a number' : `${count} numbers`} in [${min}, ${max}]${spec.unit ? ` (${spec.unit})` : ''}`,
    fallback: spec.default,
    parse(raw) {
      const parts = raw.split(',', count + 1);
      if (parts.length !== count) return bad(count === 1 ? 'needs one number' : `needs ${count} numbers`);
      const out: number[] = [];
      for (const p of parts) {
        const r = parseNumber(p, min, max);
        if (!r.ok) return bad(r.why);
        out.push(r.value);
      }
      return ok(out);
    },
    format: (v) => v.map(String).join(','),
  };
}

/** Every plane setting field, in registry then declaration order. */
export const PLANE_FIELDS: readonly PlaneField[] = PLANE_PROBLEMS.flatMap((m) => (m as PlaneProblemModule<PlaneId>).settings.map((s) => fieldOf(m as PlaneProblemModule<PlaneId>, s)));

/** The fields a link of `problem` carries, in declaration order (none for the MLP). */
export function planeFieldsOf(problem: string): readonly PlaneField[] {
  return PLANE_FIELDS.filter((f) => f.problem === problem);
}

/** The problems whose links carry key k (empty when no plane problem declares it). */
export function planeKeyUsers(key: string): readonly PlaneId[] {
  return PLANE_FIELDS.filter((f) => f.key === key).map((f) => f.problem);
}

/** The settings of `problem` at their defaults ({} for a problem without settings). */
export function surfaceDefaults(problem: PlaneId): PlaneSettings {
  const m = PLANE_PROBLEMS.find((p) => p.id === problem) as PlaneProblemModule<PlaneId> | undefined;
  return m ? planeDefaults(m) : {};
}

/**
 * The defaults that follow the surface, applied before a link's keys are read: its settings, start,
 * window, η, γ, steps and (when the module names them) runs. The sigmoid neuron's are the table's.
 */
export function planeDefaultsInto(values: Values, problem: string): void {
  const m = PLANE_PROBLEMS.find((p) => p.id === problem) as PlaneProblemModule<PlaneId> | undefined;
  if (!m) return;
  const d = m.defaults;
  values.surface = planeDefaults(m);
  values.start = [...d.start];
  values.range = [...d.range];
  values.eta = d.eta;
  values.gamma = d.gamma;
  values.steps = d.steps;
  if (d.runs) values.runs = d.runs;
}
