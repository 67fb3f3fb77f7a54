import { gd } from './gd';
import type { OptimizerModule } from './module';
import { momentum } from './momentum';
import { nesterov } from './nesterov';
import { newton } from './newton';
import { quickprop } from './quickprop';
import { rprop } from './rprop';

/**
 * THE list of optimizers, in the order the "Add run" menu, the README and the CLI's help show them.
 * Adding an optimizer is its module plus one line here (and its tests): the link's `runs` field, the run
 * editor, the CLI's validation and the README table are generated from the modules' declarations.
 */
export const OPTIMIZERS: readonly OptimizerModule<never>[] = [
  gd,
  momentum,
  nesterov,
  newton,
  rprop,
  quickprop,
] as unknown as readonly OptimizerModule<never>[];

const byId = new Map<string, OptimizerModule<never>>(OPTIMIZERS.map((m) => [m.id, m]));

/** The module registered under `id`, or undefined (a Map: prototype names like `constructor` are unknown). */
export function findOptimizer(id: string): OptimizerModule<never> | undefined {
  return byId.get(id);
}

/** The module for an id that was validated at a boundary; misuse throws. */
export function getOptimizer(id: string): OptimizerModule<never> {
  const m = byId.get(id);
  if (!m) throw new Error(`engine: unknown optimizer ${JSON.stringify(id)}`);
  return m;
}
