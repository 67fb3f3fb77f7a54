import type { DatasetKind } from '../engine/datasets';
import type { RunSpec } from '../engine/optimizers';
import type { Activation, LossKind } from '../engine/problems/mlpSpec';
import type { PlaneId, PlaneSettings } from '../engine/problems/plane/registry';
import type { DataPoint } from '../engine/problems/sigmoidNeuron';

export type { Activation, DataPoint, DatasetKind, LossKind, PlaneId, PlaneSettings, RunSpec };

/** How the paths are shown: all on one surface, or one panel per run. */
export type Layout = 'overlay' | 'split';

/**
 * Everything a share link of the 2-D lab reproduces: a surface over θ = (w, b) of the plane-problem
 * registry (engine/problems/plane), the sigmoid neuron first. Units: η and γ are dimensionless; `range`
 * is [wMin, wMax, bMin, bMax] in parameter units; `start` is [w, b].
 */
export interface Experiment {
  readonly problem: PlaneId;
  /** The surface's own settings (`curv`, `angle` of the quadratic), every declared key filled in. */
  readonly surface: PlaneSettings;
  /** The data points of a surface that fits data (the sigmoid neuron); the others keep them unused. */
  readonly data: readonly DataPoint[];
  readonly start: readonly [number, number];
  /** η, learning rate: the default of every run that does not set its own (Newton's defaults to 1). */
  readonly eta: number;
  /** γ, momentum coefficient: the default of every momentum or Nesterov run that does not set its own. */
  readonly gamma: number;
  /** Number of optimizer steps; a path has steps + 1 points. */
  readonly steps: number;
  /** The runs, in legend order (0 to MAX_RUNS); a run is identified by its position here everywhere. */
  readonly runs: readonly RunSpec[];
  readonly range: readonly [number, number, number, number];
  /** Surface grid resolution per side (the 3D mesh and the contours share it). */
  readonly grid: number;
}

/**
 * Which 2-D slice of the MLP's parameter space the surface shows (engine/slices.ts):
 * - 'params': two chosen parameters θ_i, θ_j (`pair`), the others at their start values; the axes are
 *   the absolute values of θ_i and θ_j.
 * - 'random': two random filter-normalized directions (Li et al. 2018), drawn from the seed's
 *   `directions` stream, centred at the start θ₀ or at the end of training (`center`).
 * - 'pca': the two principal directions of θ_t − θ_final, centred at θ_final.
 */
export type SliceMode = 'params' | 'random' | 'pca';

/** Where a 'random' slice is centred: the initial weights θ₀, or the last iterate of training. */
export type SliceCenter = 'start' | 'end';

/**
 * The MLP lab's experiment: a network trained full-batch on a generated data set, seen through a
 * 2-D slice of its parameter space. Everything random (the data, its noise, θ₀, the random slice
 * directions) comes from `seed`, so a link reproduces the exact run bit for bit.
 *
 * The flat parameter vector θ (what `pair` indexes, what the CLI prints) is laid out layer by layer:
 * for l = 1 … L, first W_l row-major [out][in], then b_l [out] (engine/problems/mlpSpec.ts MlpLayout);
 * for 2-8-8-1: W1 at 0–15, b1 at 16–23, W2 at 24–87, b2 at 88–95, W3 at 96–103, b3 at 104.
 *
 * The trajectory-dependent slices ('pca', and 'random' centred at 'end') are built from the FIRST
 * run of `runs` (with none, from θ₀ alone).
 */
export interface MlpExperiment {
  readonly problem: 'mlp';
  /**
   * [inputs, hidden₁, …, outputs], e.g. [2, 8, 8, 1]: 1 input for 'sine', 2 for the other data sets;
   * 0–4 hidden layers of 1–16 units; 1 or 2 outputs (2: one-hot classes, or sin and cos for 'sine').
   */
  readonly layers: readonly number[];
  /** f of every hidden layer. */
  readonly activation: Activation;
  /** f of the output layer. */
  readonly outputActivation: Activation;
  /** 'mse': (1/N) Σ_p Σ_k (o − d)²; 'bce': binary cross-entropy, same averaging (classification only). */
  readonly loss: LossKind;
  /** The generated data set (engine/datasets.ts); inputs lie on the scale [−1, 1]. */
  readonly dataset: DatasetKind;
  /** σ of the Gaussian noise on the inputs (classification) or the target (sine), 0 … 1. */
  readonly noise: number;
  /** Number of generated data points, 1 … 500. */
  readonly size: number;
  /**
   * The user's edits of the generated points (engine/datasets.ts editDataset): indices of generated
   * points removed (ascending; a dragged point is removed and added again), then points appended:
   * [x₁, x₂, class 0|1] for the 2-D sets, [x, y] for sine. The trained data set is the kept generated
   * points in order, then the added ones.
   */
  readonly drop: readonly number[];
  readonly add: readonly (readonly number[])[];
  /** Seed of the data, the noise, θ₀ and the random directions: an integer 0 … 2³¹ − 1. */
  readonly seed: number;
  /**
   * Scale of the initial weights, 0.01 … 100: θ₀'s weights are `init` times the seeded Glorot / He draw
   * (engine initParams); 1 is the unscaled draw, bit for bit.
   */
  readonly init: number;
  readonly slice: SliceMode;
  /** For 'params': the indices i ≠ j into θ of the two parameters on the axes (a = θ_i, b = θ_j). */
  readonly pair: readonly [number, number];
  /** For 'params': train only θ_i and θ_j (the others frozen), so the path lies exactly on the slice. */
  readonly trainOnly: boolean;
  /** For 'random': centre of the plane. */
  readonly center: SliceCenter;
  /**
   * Size of the slice window, > 0. 'params': half-width in parameter units around the start values
   * (θ₀_i ± extent, θ₀_j ± extent). 'random': a, b ∈ [−extent, extent] in filter-norm units (1 = one
   * filter norm, Li et al.'s usual window). 'pca': a factor on the window that fits the projected path
   * with a 25 % margin, scaled about θ_final (1 = that window).
   */
  readonly extent: number;
  /** η, learning rate: the default of every run that does not set its own (Newton's defaults to 1). */
  readonly eta: number;
  /** γ, momentum coefficient: the default of every run that does not set its own. */
  readonly gamma: number;
  /** Number of optimizer steps (full batch); a path has steps + 1 points. */
  readonly steps: number;
  /** The runs, in legend order; a run is identified by its position here everywhere. */
  readonly runs: readonly RunSpec[];
  /** Surface grid resolution per side. */
  readonly grid: number;
}

/** Either lab's experiment, told apart by `problem`. */
export type AnyExperiment = Experiment | MlpExperiment;

/** The models a link can describe. */
export type ProblemKind = AnyExperiment['problem'];

/** Camera of the 3D views: azimuth and elevation in degrees around the surface's centre, distance in scene units. */
export type CameraPose = readonly [azimuth: number, elevation: number, distance: number];

/** View state that a link also reproduces. `t` is the playback step (steps means "the end"). */
/** The step overlays, in the order a link writes them (url/overlayField.ts says what each draws). */
export const OVERLAYS = ['step', 'taylor', 'quad', 'zoom'] as const;
export type OverlayId = (typeof OVERLAYS)[number];

/**
 * Parts of the page a link can hide (link key `hide`, a list; a classroom link): `controls` the whole
 * column of controls (sliders, playback, run list, model and surface settings), `lectures` the Lectures
 * menu and the scene's caption, `runs` the run list, `legend` the legend in the header, `notices` the
 * link's notices, and the panels `surface` (3D), `contour`, `steps` (the step-overlay bar), `data` (the
 * data view; the MLP's decision maps), `network` (the MLP's diagram and gauge), `layers` (the MLP's gradients per layer), `loss`, `map`,
 * `equations`, `theory`. Hidden parts keep their state in the link.
 */
export const HIDE_PARTS = ['controls', 'lectures', 'runs', 'legend', 'notices', 'surface', 'contour', 'steps', 'data', 'network', 'layers', 'loss', 'map', 'equations', 'theory'] as const;
export type HidePart = (typeof HIDE_PARTS)[number];

/** The views a link can show alone, filling the frame (link key `embed`, for an iframe). */
export const EMBED_VIEWS = ['surface', 'contour', 'loss', 'data', 'map'] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];

/** A guess of the plane lab's guess mode: a point (w, b) the user tried, in parameter units. */
export type Guess = readonly [w: number, b: number];

export interface ViewSettings {
  readonly layout: Layout;
  /** Guess mode (link key `guess=1`): a press on the contour plot or the 3D surface adds a guess instead of moving the start. */
  readonly guess: boolean;
  /** The guesses tried, in order (link key `guesses`, w:b pairs); the plane lab's table and both views show them. */
  readonly guesses: readonly Guess[];
  /** Parts of the page hidden (link key `hide`), in HIDE_PARTS order. */
  readonly hide: readonly HidePart[];
  /** The one view shown alone, filling the frame (link key `embed`), null for the whole page. */
  readonly embed: EmbedView | null;
  /** The step overlays shown for the followed run (link key `show`). */
  readonly show: readonly OverlayId[];
  /** The lecture scene the page was opened as (its caption shows; link key `scene`), null for none. */
  readonly scene: string | null;
  /** Positions (0-based) of the runs hidden from every view (still computed; link key `off`, 1-based). */
  readonly off: readonly number[];
  /** Position (0-based) of the run the theory panel and the contour's eigen-axes follow (link key `theory`, 1-based). */
  readonly theory: number;
  readonly t: number;
  readonly camera: CameraPose;
}

/** The whole state behind a share link of the sigmoid lab (what the app runs today). */
export interface Shared {
  readonly experiment: Experiment;
  readonly view: ViewSettings;
}

/** The whole state behind a share link of either lab. */
export interface AnyShared {
  readonly experiment: AnyExperiment;
  readonly view: ViewSettings;
}
