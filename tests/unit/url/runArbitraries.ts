import fc from 'fast-check';
import { OPTIMIZERS, runProblem, type RunSpec } from '../../../src/engine/optimizers';
import type { NumberSetting, SettingSpec } from '../../../src/engine/optimizers/settings';
import { MAX_RUNS } from '../../../src/url/runsField';
import { num } from './arbitraries';

/** A value inside a number setting's bounds (its open ends excluded), as the link would carry it. */
function numberIn(spec: NumberSetting): fc.Arbitrary<number> {
  const hi = Number.isFinite(spec.max) ? spec.max : 1e6;
  const base = spec.integer ? fc.integer({ min: Math.ceil(spec.min), max: Math.floor(hi) }) : num(spec.min, hi);
  return base.filter((v) => !(spec.minExclusive && v <= spec.min) && !(spec.maxExclusive && v >= spec.max));
}

const valueOf = (spec: SettingSpec): fc.Arbitrary<number | string> => (spec.kind === 'choice' ? fc.constantFrom(...spec.options) : numberIn(spec));

/** A run of any registered optimizer with a random subset of its settings, every one valid. */
export const validRun = (allow: (id: string) => boolean = () => true): fc.Arbitrary<RunSpec> =>
  fc
    .constantFrom(...OPTIMIZERS.filter((m) => allow(m.id)))
    .chain((m) =>
      fc.record(Object.fromEntries(m.settings.map((s) => [s.key, valueOf(s)])), { requiredKeys: [] }).map((raw): RunSpec => {
        const settings: Record<string, number | string> = {};
        for (const s of m.settings) {
          const v = (raw as Record<string, number | string | undefined>)[s.key];
          if (v === undefined) continue;
          if (s.kind === 'number' && s.when && raw[s.when.key as keyof typeof raw] !== s.when.value) continue;
          settings[s.key] = v;
        }
        return { optimizer: m.id, settings };
      }),
    )
    .filter((r) => runProblem(r) === null);

/** 0 to MAX_RUNS valid runs (duplicates allowed: two identical runs are two runs). */
export const validRuns = (allow?: (id: string) => boolean) => fc.array(validRun(allow), { maxLength: MAX_RUNS });

/** Every run is valid and there are at most MAX_RUNS of them. */
export const runsAreValid = (runs: readonly RunSpec[]) => runs.length <= MAX_RUNS && runs.every((r) => runProblem(r) === null);
