/**
 * The (η, γ) convergence map: how a run with the chosen optimizer ends, from the experiment's start on
 * the actual surface, for every η of a log-spaced window around the run's η and (for optimizers with a
 * γ setting) every γ from 0 to 0.99. Each cell is one ordinary run (runToEnd: the same steps, schedule,
 * clipping and status rules as the run itself), so a cell says what the run would do with that (η, γ).
 *
 * Grid of size N (2 ≤ N ≤ MAP_MAX_SIZE): columns c = 0 … N − 1 are η_c = 10^(lo + (hi − lo)·c/(N − 1)),
 * rows r = 0 … N − 1 are γ_r = 0.99·r/(N − 1) (one row, γ not set, for an optimizer without γ).
 * The η window is [η·10⁻², η·10^1.5] around the run's η (MAP_DECADES): two decades below, where runs
 * crawl, and one and a half above, so from an η anywhere above 2/λ_max·10⁻¹·⁵ the window reaches past
 * every stability edge of the theory (GD's 2/λ_max, momentum's (2 + 2γ)/λ_max < 4/λ_max). It is shifted,
 * not narrowed, to lie within the η setting's bounds (10⁻⁴ … 1000): it always spans 3.5 decades and
 * contains the run's η.
 *
 * Rows are computed in bands ([r0, r1), mapRows) so workers can split a map; the cells of a band are
 * row-major. Status of a cell, from the run's RunStatus (run.ts):
 *   converged → 'converged' (step: the step it settled from);
 *   diverged  → 'diverged' (step: the first unusable iterate);
 *   plateau   → 'plateau' (settled where nothing curves: stuck on a plateau; no step);
 *   saddle, finished (all steps without settling), stopped (Newton's H singular) → 'not-converged' (no step).
 * `loss` is L at the last finite iterate of the path (NaN when even the start is unusable).
 */
import type { Spectrum } from './optimizers/module';
import { getOptimizer } from './optimizers/registry';
import { resolveSettings, type RunGlobals, type RunSpec } from './optimizers/runs';
import { GAMMA, type NumberSetting } from './optimizers/settings';
import { engineError, type Problem } from './problem';
import { runToEnd, type RunStatus } from './run';
import { kindTolerance } from './theory';

/** What a cell can be; a band stores the index into this list. */
export const MAP_STATUSES = ['converged', 'diverged', 'plateau', 'not-converged'] as const;
export type MapStatus = (typeof MAP_STATUSES)[number];

/** The η window in decades around the run's η: [η·10^MAP_DECADES[0], η·10^MAP_DECADES[1]]. */
export const MAP_DECADES: readonly [number, number] = [-2, 1.5];
/** The largest γ of the map (the γ setting's bound). */
export const MAP_GAMMA_MAX = GAMMA.max;
/** Largest N of an N × N map. */
export const MAP_MAX_SIZE = 256;

/** A map to compute: the run (its optimizer and every setting but η and γ), the problem, start and length. */
export interface MapSpec {
  readonly problem: Problem;
  readonly run: RunSpec;
  readonly globals: RunGlobals;
  readonly start: ArrayLike<number>;
  readonly steps: number;
  /** N: N values of η, and N of γ when the optimizer has a γ setting. */
  readonly size: number;
}

/** The map's axes: `etas` per column; `gammas` per row, null (one row) for an optimizer without γ. */
export interface MapAxes {
  readonly optimizer: string;
  /** The run's own η, the window's centre (marked on the map). */
  readonly eta: number;
  /** The run's own γ, or null without a γ setting. */
  readonly gamma: number | null;
  readonly etas: Float64Array;
  readonly gammas: Float64Array | null;
  readonly rows: number;
  readonly cols: number;
}

/** Rows [r0, r1) of a map, cells row-major: cell (r, c) at (r − r0)·cols + c. */
export interface MapBand {
  readonly r0: number;
  readonly r1: number;
  readonly cols: number;
  /** Index into MAP_STATUSES. */
  readonly status: Uint8Array;
  /** The converged or diverged step, −1 for none. */
  readonly step: Int32Array;
  readonly loss: Float64Array;
}

/** One cell, as the CLI prints it. */
export interface MapCell {
  readonly eta: number;
  readonly gamma: number | null;
  readonly status: MapStatus;
  readonly step: number | null;
  readonly loss: number;
}

/** Why `run` has no map (its optimizer has no η setting, like Rprop), or null. */
export function mapRefusal(run: RunSpec): string | null {
  const m = getOptimizer(run.optimizer);
  return m.settings.some((s) => s.key === 'eta') ? null : `${m.id} has no η setting, so it has no (η, γ) map`;
}

/** The map's status and step for a run's final status (see the file's comment). */
export function mapCell(status: RunStatus): { status: MapStatus; step: number | null } {
  switch (status.kind) {
    case 'converged':
      return { status: 'converged', step: status.step };
    case 'diverged':
      return { status: 'diverged', step: status.step };
    case 'plateau':
      return { status: 'plateau', step: null };
    default:
      return { status: 'not-converged', step: null };
  }
}

/** The axes of an N × N map (N × 1 without γ) for `run` (see the file's comment for the window). */
export function mapAxes(run: RunSpec, globals: RunGlobals, size: number): MapAxes {
  if (!Number.isInteger(size) || size < 2 || size > MAP_MAX_SIZE) engineError(`map size must be an integer from 2 to ${MAP_MAX_SIZE}, got ${size}`);
  const why = mapRefusal(run);
  if (why) engineError(why);
  const m = getOptimizer(run.optimizer);
  const s = resolveSettings(m, run, globals);
  const etaSpec = m.settings.find((x) => x.key === 'eta') as NumberSetting;
  const eta = s.eta as number;
  const hasGamma = m.settings.some((x) => x.key === 'gamma');
  const lowest = Math.log10(etaSpec.min);
  const highest = Math.log10(etaSpec.max);
  let lo = Math.log10(eta) + MAP_DECADES[0];
  let hi = Math.log10(eta) + MAP_DECADES[1];
  if (lo < lowest) [lo, hi] = [lowest, hi + (lowest - lo)];
  if (hi > highest) [lo, hi] = [lo - (hi - highest), highest];
  const etas = Float64Array.from({ length: size }, (_, c) => (c === 0 ? 10 ** lo : c === size - 1 ? 10 ** hi : 10 ** (lo + ((hi - lo) * c) / (size - 1))));
  // Exact window ends within the setting's bounds (10 ** log10(1000) may round past 1000).
  etas[0] = Math.max(etaSpec.min, Math.min(etaSpec.max, etas[0]!));
  etas[size - 1] = Math.max(etaSpec.min, Math.min(etaSpec.max, etas[size - 1]!));
  const gammas = hasGamma ? Float64Array.from({ length: size }, (_, r) => (r / (size - 1)) * MAP_GAMMA_MAX) : null;
  return { optimizer: m.id, eta, gamma: hasGamma ? (s.gamma as number) : null, etas, gammas, rows: gammas ? size : 1, cols: size };
}

/** Rows [r0, r1) of the map of `spec` (0 ≤ r0 ≤ r1 ≤ rows), each cell one runToEnd. */
export function mapRows(spec: MapSpec, r0: number, r1: number, axes: MapAxes = mapAxes(spec.run, spec.globals, spec.size)): MapBand {
  if (!Number.isInteger(r0) || !Number.isInteger(r1) || r0 < 0 || r1 < r0 || r1 > axes.rows) engineError(`map rows [${r0}, ${r1}) are outside 0 … ${axes.rows}`);
  const { cols, etas, gammas } = axes;
  const cells = (r1 - r0) * cols;
  const band: MapBand = { r0, r1, cols, status: new Uint8Array(cells), step: new Int32Array(cells), loss: new Float64Array(cells) };
  for (let r = r0; r < r1; r++) {
    for (let c = 0; c < cols; c++) {
      const settings = gammas ? { ...spec.run.settings, eta: etas[c]!, gamma: gammas[r]! } : { ...spec.run.settings, eta: etas[c]! };
      const { status, trajectory: t } = runToEnd({ problem: spec.problem, run: { optimizer: spec.run.optimizer, settings }, globals: spec.globals, start: spec.start, steps: spec.steps });
      const cell = mapCell(status);
      const i = (r - r0) * cols + c;
      band.status[i] = MAP_STATUSES.indexOf(cell.status);
      band.step[i] = cell.step ?? -1;
      band.loss[i] = t.length > 0 ? t.loss[t.length - 1]! : NaN;
    }
  }
  return band;
}

/**
 * The theory's stability edge over the map: per row (per γ; one value without γ), the largest stable η
 * its module's theory gives for the spectrum `eig` (theoryAt at the start: { min, max } of its
 * eigenvalues) with the run's settings and that row's γ; null where the module has no theory or no bound,
 * or the run decays its η or clips its gradient (the bounds are for fixed-η raw-gradient steps), and every row null where λ_min < −τ (a saddle: no η converges to the point).
 * On a quadratic the map's diverged cells begin there.
 */
export function mapEdge(axes: MapAxes, run: RunSpec, globals: RunGlobals, eig: Spectrum): (number | null)[] {
  const m = getOptimizer(run.optimizer);
  const rows = axes.gammas ? Array.from(axes.gammas) : [null];
  // Where a direction curves down (a saddle) no η converges to the point: the bound of the upward
  // directions is not an edge between converging and diverging cells, so there is none to draw.
  const curvesDown = eig.min < -kindTolerance([eig.min, eig.max]);
  return rows.map((gamma) => {
    if (!m.theory || curvesDown) return null;
    const s = resolveSettings(m, gamma === null ? run : { optimizer: run.optimizer, settings: { ...run.settings, gamma } }, globals);
    // The bounds are for a fixed η on the raw gradient: a schedule or clipping changes the steps.
    if ((typeof s.decay === 'string' && s.decay !== 'none') || (typeof s.clip === 'number' && Number.isFinite(s.clip))) return null;
    return m.theory(eig, s).maxEta;
  });
}

/** The whole map in one go (CLI, tests). */
export function convergenceMap(spec: MapSpec): { axes: MapAxes; band: MapBand } {
  const axes = mapAxes(spec.run, spec.globals, spec.size);
  return { axes, band: mapRows(spec, 0, axes.rows, axes) };
}

/** The cells of a band as objects, row-major (γ rows, η columns). */
export function mapCells(axes: MapAxes, band: MapBand): MapCell[] {
  const out: MapCell[] = [];
  for (let r = band.r0; r < band.r1; r++) {
    for (let c = 0; c < band.cols; c++) {
      const i = (r - band.r0) * band.cols + c;
      const step = band.step[i]!;
      out.push({ eta: axes.etas[c]!, gamma: axes.gammas ? axes.gammas[r]! : null, status: MAP_STATUSES[band.status[i]!]!, step: step < 0 ? null : step, loss: band.loss[i]! });
    }
  }
  return out;
}

/**
 * Row bands [r0, r1) for `workers` band workers over `rows` rows: about four per worker (so a faster one
 * takes more), at least one row each. The coarse 16 × 16 then fine 64 × 64 maps are two such requests.
 */
export function mapBands(rows: number, workers: number): [number, number][] {
  const count = Math.max(1, Math.min(rows, 4 * Math.max(1, workers)));
  const out: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const r0 = Math.round((k * rows) / count);
    const r1 = Math.round(((k + 1) * rows) / count);
    if (r1 > r0) out.push([r0, r1]);
  }
  return out;
}
