import { gd } from './gd';
import { momentum } from './momentum';
import { nesterov } from './nesterov';
import type { Optimizer } from './optimizer';

/** The optimizers the lab races, in legend order. */
export const OPTIMIZER_IDS = ['gd', 'momentum', 'nesterov'] as const;
/** One of OPTIMIZER_IDS. */
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

const table = new Map<OptimizerId, Optimizer>([
  ['gd', gd],
  ['momentum', momentum],
  ['nesterov', nesterov],
]);

/** The optimizer for an id (ids are validated at the URL boundary; misuse throws). */
export function getOptimizer(id: OptimizerId): Optimizer {
  const o = table.get(id);
  if (!o) throw new Error(`engine: unknown optimizer ${String(id)}`);
  return o;
}

export type { Optimizer, Hyper, OptimizerState } from './optimizer';
export { createOptimizerState } from './optimizer';
