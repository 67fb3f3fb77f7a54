/**
 * What the views know of the optimizers: the registry's declarations (names, settings with their bounds,
 * update rules) and the run's label and link text, re-exported so views never import the engine and
 * never retype a bound.
 */
import { findOptimizer, OPTIMIZERS } from '../engine/optimizers';
import { formatRun, runLabel, settingApplies, type RunSpec } from '../engine/optimizers/runs';
import type { SettingSpec } from '../engine/optimizers/settings';

export { formatRun, runLabel, settingApplies, type RunSpec, type SettingSpec };
export { rangeText } from '../engine/optimizers/settings';
export { MAX_RUNS } from './runsField';

/** One optimizer as the run list and the run editor show it. */
export interface OptimizerEntry {
  readonly id: string;
  readonly name: string;
  readonly rule: string;
  readonly settings: readonly SettingSpec[];
  readonly ignoresEta: boolean;
  readonly needsHessian: boolean;
}

/** Every registered optimizer, in the registry's order. */
export const CATALOG: readonly OptimizerEntry[] = OPTIMIZERS.map((m) => ({
  id: m.id,
  name: m.name,
  rule: m.rule,
  settings: m.settings,
  ignoresEta: m.ignoresEta === true,
  needsHessian: m.needsHessian === true,
}));

/** The entry of a run's optimizer (undefined for an id no module has). */
export const entryOf = (id: string): OptimizerEntry | undefined => CATALOG.find((e) => e.id === findOptimizer(id)?.id);

/** The (η, γ) map's cell statuses (index = a map band's status byte) and its η window in decades around the run's η. */
export { MAP_DECADES, MAP_STATUSES, type MapStatus } from '../engine/convergenceMap';
