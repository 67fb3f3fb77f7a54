export { OPTIMIZERS, findOptimizer, getOptimizer } from './registry';
export type { OptimizerModule, OptimizerTheory, Spectrum, StepContext, StopReason } from './module';
export { runProblem, resolveSettings, runSettings, runLabel, formatRun, type RunSpec, type RunGlobals } from './runs';
export { ETA, GAMMA, CLIP, settingProblem, rangeText, type SettingSpec, type NumberSetting, type ChoiceSetting, type Settings } from './settings';
