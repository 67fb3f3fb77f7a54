/**
 * Declarations of a run's settings. An optimizer module lists the settings it accepts; the link's
 * `runs` field, the run editor's controls, the CLI's validation and the README table are generated from
 * these declarations, so the bounds below are the only place they are written.
 */

/** A numeric setting, bounded, shown on a log or linear slider. */
export interface NumberSetting {
  readonly kind: 'number';
  /** Key in the link (`gd(eta:0.5)`) and in Settings. */
  readonly key: string;
  /** What the controls show, with the Greek letter the lectures use. */
  readonly label: string;
  /** One line for the README and tooltips. */
  readonly doc: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The bound itself is not allowed (α > 1, β in (0, 1)). */
  readonly minExclusive?: true;
  readonly maxExclusive?: true;
  readonly integer?: true;
  readonly scale: 'log' | 'linear';
  /** A run that does not set this takes the link's global value of that key (the page's global sliders). */
  readonly global?: 'eta' | 'gamma';
  /** Only meaningful when another setting has this value (beta with decay:exp); otherwise refused. */
  readonly when?: { readonly key: string; readonly value: string };
}

/** A setting with named values. */
export interface ChoiceSetting {
  readonly kind: 'choice';
  readonly key: string;
  readonly label: string;
  readonly doc: string;
  readonly default: string;
  readonly options: readonly string[];
}

export type SettingSpec = NumberSetting | ChoiceSetting;

/** A run's settings with every declared key filled in (numbers for NumberSetting, strings for ChoiceSetting). */
export type Settings = Readonly<Record<string, number | string>>;

/** Bounds of η: the link's global `eta` and every run's `eta` share them. */
export const ETA: NumberSetting = {
  kind: 'number', key: 'eta', label: 'learning rate η', doc: 'learning rate η (defaults to the link\'s eta)',
  default: 1, min: 1e-4, max: 1000, scale: 'log', global: 'eta',
};

/** Bounds of γ: the link's global `gamma` and every run's `gamma` share them. */
export const GAMMA: NumberSetting = {
  kind: 'number', key: 'gamma', label: 'momentum γ', doc: 'momentum γ (defaults to the link\'s gamma)',
  default: 0.9, min: 0, max: 0.99, scale: 'linear', global: 'gamma',
};

/**
 * Gradient clipping: g ← g·min(1, c/‖g‖₂). At least 10⁻³, above the settle test's gradient tolerance;
 * no upper bound (Infinity, the default, is no clipping; a link cannot write it, so it means "not set").
 */
export const CLIP: NumberSetting = {
  kind: 'number', key: 'clip', label: 'clip ‖∇L‖ at c', doc: 'clip every gradient to norm c: g·min(1, c/‖g‖₂) (none when not set)',
  default: Infinity, min: 1e-3, max: Infinity, scale: 'log',
};

/** Why a value is refused for a setting, in words that follow the setting's key, or null when it is allowed. */
export function settingProblem(spec: SettingSpec, value: number | string): string | null {
  if (spec.kind === 'choice') {
    return typeof value === 'string' && spec.options.includes(value) ? null : `must be one of ${spec.options.join(', ')}`;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) return 'must be a number';
  if (spec.integer && !Number.isInteger(value)) return 'must be an integer';
  const lo = spec.minExclusive ? value <= spec.min : value < spec.min;
  const hi = spec.maxExclusive ? value >= spec.max : value > spec.max;
  if (lo || hi) return `must be ${rangeText(spec)}`;
  return null;
}

/** "greater than 1 and at most 10", "from 0.0001 to 1000", … as the notices and the README say it. */
export function rangeText(spec: NumberSetting): string {
  const unbounded = spec.max === Infinity;
  if (spec.minExclusive && unbounded) return `greater than ${spec.min}`;
  if (unbounded) return `at least ${spec.min}`;
  if (spec.minExclusive && spec.maxExclusive) return `between ${spec.min} and ${spec.max} (exclusive)`;
  if (spec.minExclusive) return `greater than ${spec.min} and at most ${spec.max}`;
  if (spec.maxExclusive) return `at least ${spec.min} and less than ${spec.max}`;
  return `${spec.integer ? 'an integer ' : ''}from ${spec.min} to ${spec.max}`;
}
