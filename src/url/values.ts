/** The link's keys on one side, the experiment types on the other: the codec's mapping between them. */
import type { AnyShared, Experiment, MlpExperiment, PlaneSettings, Shared, ViewSettings } from '../protocol/experiment';
import { legacyOpt, runsOfOpt } from './runsField';
import { FIELDS, STATE_KEYS, URL_VERSION, type StateKey } from './table';

/**
 * Every state key's value while a link is read (all keys, whatever the problem), and the plane
 * problem's own settings (planeFields.ts: keys generated from the registry, held apart from the table).
 */
export type Values = { -readonly [K in StateKey]: (typeof FIELDS)[K]['fallback'] } & { surface: PlaneSettings };

/** Every state key at its table default (the sigmoid neuron's). */
export function defaults(): Values {
  const out = {} as Record<string, unknown>;
  for (const k of STATE_KEYS) out[k] = FIELDS[k].fallback;
  out.surface = {};
  return out as Values;
}

const viewOf = (v: Values): ViewSettings => ({ layout: v.layout, guess: v.guess, guesses: v.guesses, hide: v.hide, embed: v.embed, show: v.show, scene: v.scene, off: v.off, theory: v.theory - 1, t: v.t, camera: v.cam });

/** The runs of a link: `runs` when given, else one plain run per optimizer of `opt`. */
const runsOf = (v: Values) => v.runs ?? runsOfOpt(v.opt ?? []);

/** The 2-D lab's experiment and view of a link's values (the sigmoid neuron for an MLP link). */
export function toShared(v: Values): Shared {
  const experiment: Experiment = {
    problem: v.problem === 'mlp' ? 'sigmoid' : v.problem,
    surface: v.problem === 'mlp' ? {} : v.surface,
    data: v.data,
    start: [v.start[0]!, v.start[1]!],
    eta: v.eta,
    gamma: v.gamma,
    steps: v.steps,
    runs: runsOf(v),
    range: [v.range[0]!, v.range[1]!, v.range[2]!, v.range[3]!],
    grid: v.grid,
  };
  return { experiment, view: viewOf(v) };
}

/** The MLP experiment and view of a link's values. */
export function toMlpShared(v: Values): AnyShared {
  const experiment: MlpExperiment = {
    problem: 'mlp',
    layers: v.arch,
    activation: v.act,
    outputActivation: v.outact,
    loss: v.loss,
    dataset: v.dataset,
    noise: v.noise,
    size: v.size,
    drop: v.drop,
    add: v.add,
    seed: v.seed,
    init: v.init,
    slice: v.slice,
    pair: [v.pair[0], v.pair[1]],
    trainOnly: v.train,
    center: v.center,
    extent: v.extent,
    eta: v.eta,
    gamma: v.gamma,
    steps: v.steps,
    runs: runsOf(v),
    grid: v.grid,
  };
  return { experiment, view: viewOf(v) };
}

/** The link's values of every state key its problem uses. */
export function valuesOf(shared: AnyShared): Partial<Values> {
  const e = shared.experiment;
  const view = { v: URL_VERSION, layout: shared.view.layout, guess: shared.view.guess, guesses: shared.view.guesses, hide: shared.view.hide, embed: shared.view.embed, show: shared.view.show, scene: shared.view.scene, off: shared.view.off, theory: shared.view.theory + 1, t: shared.view.t, cam: shared.view.camera };
  const opt = legacyOpt(e.runs);
  const run = { problem: e.problem, eta: e.eta, gamma: e.gamma, steps: e.steps, opt, runs: opt ? null : e.runs, grid: e.grid };
  if (e.problem !== 'mlp') return { ...view, ...run, surface: e.surface, data: e.data, start: [...e.start], range: [...e.range] };
  return {
    ...view,
    ...run,
    arch: e.layers,
    act: e.activation,
    outact: e.outputActivation,
    loss: e.loss,
    dataset: e.dataset,
    noise: e.noise,
    size: e.size,
    drop: e.drop,
    add: e.add,
    seed: e.seed,
    init: e.init,
    slice: e.slice,
    pair: e.pair,
    train: e.trainOnly,
    center: e.center,
    extent: e.extent,
  };
}

