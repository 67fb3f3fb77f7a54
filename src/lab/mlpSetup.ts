/**
 * An MLP experiment (protocol/experiment.ts) turned into engine objects, for the worker and the command
 * line alike, so both compute the same data, the same θ₀, the same runs and the same slice from a link.
 * Pure: no DOM, no clock, no Math.random; every random choice comes from the experiment's seed.
 */
import { editDataset, makeDataset, type Dataset } from '../engine/datasets';
import type { Problem } from '../engine/problem';
import { createMlp, initParams, paramLabel, type Mlp, type MlpSpec } from '../engine/problems/mlp';
import { trainOnly } from '../engine/problems/trainOnly';
import { createRng, RNG_STREAMS } from '../engine/rng';
import type { Trajectory } from '../engine/run';
import { pcaPlane, randomFilterNormalizedPlane, twoParamPlane } from '../engine/slices';
import type { Plane } from '../engine/surface';
import type { MlpExperiment } from '../protocol/experiment';
import type { SliceInfo } from '../protocol/messages';

/** Everything a run of an MLP experiment starts from. */
export interface MlpSetup {
  readonly spec: MlpSpec;
  readonly dataset: Dataset;
  readonly mlp: Mlp;
  /** θ₀: initParams(spec, ·, init) drawn from createRng(seed, RNG_STREAMS.init). */
  readonly theta0: Float64Array;
  /** What the optimizers minimise: the MLP, or for a 'params' slice with trainOnly, the MLP with all but the pair frozen. */
  readonly problem: Problem;
}

/** The network of an experiment: `activation` on every hidden layer, `outputActivation` on the last. */
export function specOf(e: MlpExperiment): MlpSpec {
  const L = e.layers.length - 1;
  return {
    layers: e.layers,
    activations: Array.from({ length: L }, (_, l) => (l === L - 1 ? e.outputActivation : e.activation)),
    loss: e.loss,
  };
}

/**
 * The data set (makeDataset with the link's kind, size, noise and seed; one output per network output;
 * then the user's edits, editDataset with drop and add),
 * the network and θ₀. Throws an engine error for an experiment the URL table would not produce (say,
 * inputs that do not match the data set).
 */
export function setupMlp(e: MlpExperiment): MlpSetup {
  const spec = specOf(e);
  const outputs = e.layers[e.layers.length - 1];
  const generated = makeDataset(e.dataset, { size: e.size, noise: e.noise, seed: e.seed, outputs: outputs === 2 ? 2 : 1 });
  // The user's point edits (drop, add) apply to the generated set; without edits it is used as is.
  const dataset = e.drop.length > 0 || e.add.length > 0 ? editDataset(e.dataset, generated, e.drop, e.add) : generated;
  const mlp = createMlp(spec, dataset);
  const theta0 = initParams(spec, createRng(e.seed, RNG_STREAMS.init), e.init);
  const problem = e.slice === 'params' && e.trainOnly ? trainOnly(mlp, e.pair) : mlp;
  return { spec, dataset, mlp, theta0, problem };
}

/** True when the slice is built from a trajectory ('pca', or 'random' centred at the end). */
export function sliceNeedsRun(e: MlpExperiment): boolean {
  return e.slice === 'pca' || (e.slice === 'random' && e.center === 'end');
}

/** A PCA window is never narrower on one side than this share of the other. */
export const MIN_ASPECT = 0.1;

/** [lo, hi] widened about its middle to at least `span` (unchanged if already as wide). */
function atLeast(lo: number, hi: number, span: number): [number, number] {
  if (!(hi - lo < span)) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - span / 2, mid + span / 2];
}

/** A slice plane and how the views describe it. */
export interface MlpSlice {
  readonly plane: Plane;
  readonly info: SliceInfo;
}

/**
 * The slice of the experiment (see SliceMode and `extent` in protocol/experiment.ts):
 * - 'params': twoParamPlane(θ₀, i, j, extent): (a, b) = (θ_i, θ_j), window θ₀_i ± extent, θ₀_j ± extent.
 * - 'random': randomFilterNormalizedPlane centred (and filter-normalized) at θ₀ or at the end of
 *   `first`, directions from createRng(seed, RNG_STREAMS.directions), a, b ∈ [−extent, extent].
 * - 'pca': pcaPlane of the rows of `first` about its last row, its window widened where one side is under
 *   MIN_ASPECT of the other, then scaled by extent about (0, 0).
 * `first` is the trajectory of the FIRST run of `runs`: the slice shows one plane for all paths,
 * and the first one listed is the one the user put first. Without it (no runs, or a run
 * that diverged at step 0) θ₀ stands in for the whole path.
 */
export function buildSlice(setup: MlpSetup, e: MlpExperiment, first: Trajectory | null): MlpSlice {
  const { spec, theta0 } = setup;
  const n = theta0.length;
  const rows = first && first.length > 0 ? first.params.subarray(0, first.length * n) : theta0;
  const last = rows.subarray(rows.length - n);
  const info = (plane: Plane, labels: readonly [string, string], explained: readonly [number, number] | null): MlpSlice => ({
    plane,
    info: { mode: e.slice, window: [plane.aMin, plane.aMax, plane.bMin, plane.bMax], labels, explained, paramCount: n },
  });
  if (e.slice === 'params') {
    const [i, j] = e.pair;
    return info(twoParamPlane(theta0, i, j, e.extent), [paramLabel(spec, i), paramLabel(spec, j)], null);
  }
  if (e.slice === 'random') {
    const centre = e.center === 'end' ? Float64Array.from(last) : theta0;
    return info(randomFilterNormalizedPlane(spec, centre, centre, createRng(e.seed, RNG_STREAMS.directions), e.extent), ['d1', 'd2'], null);
  }
  const p = pcaPlane(rows, Float64Array.from(last));
  const k = e.extent;
  // A path that runs along one direction (a short or straight run: pc2 explains ~0 %) would give a
  // window a million times wider than tall; keep each side at least MIN_ASPECT of the other, about its
  // middle, so the valley's cross-section stays visible.
  const [bMin, bMax] = atLeast(p.bMin, p.bMax, MIN_ASPECT * (p.aMax - p.aMin));
  const [aMin, aMax] = atLeast(p.aMin, p.aMax, MIN_ASPECT * (bMax - bMin));
  const plane: Plane = { origin: p.origin, u: p.u, v: p.v, aMin: aMin * k, aMax: aMax * k, bMin: bMin * k, bMax: bMax * k };
  return info(plane, ['pc1', 'pc2'], p.explained);
}
