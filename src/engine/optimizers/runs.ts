import type { OptimizerModule } from './module';
import { findOptimizer, getOptimizer } from './registry';
import { ETA, GAMMA, settingProblem, type SettingSpec, type Settings } from './settings';

/**
 * A run: an optimizer plus the settings it sets explicitly (everything else takes its default, or for
 * `eta` and `gamma` the experiment's global value). Runs are identified by their position in the list.
 */
export interface RunSpec {
  readonly optimizer: string;
  readonly settings: Readonly<Record<string, number | string>>;
}

/** The experiment-wide values that runs fall back to (the page's global η and γ sliders). */
export interface RunGlobals {
  readonly eta: number;
  readonly gamma: number;
}

/** Whether `spec` applies given a run's explicit settings (beta only with decay:exp, …). */
export function settingApplies(spec: SettingSpec, explicit: Readonly<Record<string, number | string>>): boolean {
  return spec.kind !== 'number' || !spec.when || explicit[spec.when.key] === spec.when.value;
}

/**
 * Why a run is refused, as a phrase naming the setting ("up must be greater than 1", "gamma does not apply
 * to gd"), or null when every explicit setting is known to its optimizer, applies, and is in bounds.
 */
export function runProblem(run: RunSpec): string | null {
  const m = findOptimizer(run.optimizer);
  if (!m) return `"${run.optimizer}" is not an optimizer`;
  for (const key of Object.keys(run.settings)) {
    const spec = m.settings.find((s) => s.key === key);
    if (!spec) return `${key} does not apply to ${m.id}`;
    if (spec.kind === 'number' && spec.when && !settingApplies(spec, run.settings)) return `${key} applies only with ${spec.when.key}:${spec.when.value}`;
    const why = settingProblem(spec, run.settings[key]!);
    if (why) return `${key} ${why}`;
  }
  // Cross-setting checks never read η or γ (Rprop's step bounds), so any globals do.
  return m.check?.(resolveSettings(m, run, { eta: ETA.default, gamma: GAMMA.default })) ?? null;
}

/** Every setting of `m` for `run`: explicit values, then the globals for eta/gamma, then the defaults. */
export function resolveSettings(m: OptimizerModule<never>, run: RunSpec, globals: RunGlobals): Settings {
  const out: Record<string, number | string> = {};
  for (const spec of m.settings) {
    const own = run.settings[spec.key];
    if (own !== undefined) out[spec.key] = own;
    else if (spec.kind === 'number' && spec.global) out[spec.key] = globals[spec.global];
    else out[spec.key] = spec.default;
  }
  return out;
}

/** The resolved settings of a validated run (throws for a run runProblem would refuse). */
export function runSettings(run: RunSpec, globals: RunGlobals): Settings {
  return resolveSettings(getOptimizer(run.optimizer), run, globals);
}

const SHORT: Readonly<Record<string, string>> = { eta: 'η', gamma: 'γ', beta: 'β', drop: 'α', patience: 'p', step: 'Δ₀', up: 'α', down: 'β', max: 'Δmax', min: 'Δmin', mu: 'μ' };

/**
 * The run's label: its optimizer's short name plus what it sets explicitly, e.g. "GD η = 0.5",
 * "Momentum γ = 0.5, clip 1", "GD decay exp, β = 0.005".
 */
export function runLabel(run: RunSpec): string {
  const m = findOptimizer(run.optimizer);
  if (!m) return run.optimizer;
  const parts: string[] = [];
  for (const spec of m.settings) {
    const v = run.settings[spec.key];
    if (v === undefined) continue;
    if (spec.key === 'clip') parts.push(`clip ${v}`);
    else if (spec.kind === 'choice') parts.push(`${spec.key} ${v}`);
    else parts.push(`${SHORT[spec.key] ?? spec.key} = ${v}`);
  }
  const name = m.short ?? m.name;
  return parts.length ? `${name} ${parts.join(', ')}` : name;
}

/** The run as the link writes it: `gd`, `gd(eta:0.5;clip:1)` (settings in declaration order). */
export function formatRun(run: RunSpec): string {
  const m = findOptimizer(run.optimizer);
  const keys = m ? m.settings.map((s) => s.key).filter((k) => run.settings[k] !== undefined) : Object.keys(run.settings);
  if (keys.length === 0) return run.optimizer;
  return `${run.optimizer}(${keys.map((k) => `${k}:${run.settings[k]}`).join(';')})`;
}
