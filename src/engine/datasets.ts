import { cosTurns, sinTurns } from './exactMath';
import { engineError } from './problem';
import { createRng, RNG_STREAMS, type Rng } from './rng';

/**
 * A training set of n points: x is n × inputDim and y is n × outputDim, both row-major
 * (point k's inputs are x[k·inputDim … k·inputDim + inputDim − 1]).
 */
export interface Dataset {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** One point as plain arrays, for the point editor and the CLI: x has inputDim values, y outputDim. */
export interface LabeledPoint {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** 2-D classification (label 0 or 1): circle, xor, gaussians, spiral; 1-D regression: sine. */
export const DATASET_KINDS = ['circle', 'xor', 'gaussians', 'spiral', 'sine'] as const;
/** One of DATASET_KINDS. */
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** size: number of points (integer, 1 … 100 000); noise σ ≥ 0 (≤ 1); seed: a safe integer. */
export interface DatasetOptions {
  readonly size: number;
  readonly noise: number;
  readonly seed: number;
  /** 1 (default) or 2: a class label becomes the one-hot pair [1 − label, label]; sine adds cos(πx₁). */
  readonly outputs?: 1 | 2;
}

/** The noise-free point of point k (half the points per class, alternating) and its label or value. */
type Generator = (k: number, n: number, rng: Rng, p: Float64Array) => number;

const pick = (rng: Rng): number => (rng.next() < 0.5 ? -1 : 1);

const generators = new Map<DatasetKind, Generator>([
  // Class 1 fills the disc r ≤ 0.45, class 0 the ring 0.65 ≤ r ≤ 1, both uniformly by area.
  ['circle', (k, _n, rng, p) => {
    const label = k % 2;
    const r = label ? 0.45 * Math.sqrt(rng.next()) : Math.sqrt(0.4225 + 0.5775 * rng.next());
    const t = rng.next();
    p[0] = r * cosTurns(t);
    p[1] = r * sinTurns(t);
    return label;
  }],
  // Label 1 in quadrants I and III, 0 in II and IV; coordinates 0.05 ≤ |xᵢ| ≤ 1, clear of the axes.
  ['xor', (k, _n, rng, p) => {
    const label = k % 2;
    const s = pick(rng);
    p[0] = s * (0.05 + 0.95 * rng.next());
    p[1] = (label ? s : -s) * (0.05 + 0.95 * rng.next());
    return label;
  }],
  // Two normal blobs of standard deviation 0.2: class 1 around (0.5, 0.5), class 0 around (−0.5, −0.5).
  ['gaussians', (k, _n, rng, p) => {
    const label = k % 2;
    const c = label ? 0.5 : -0.5;
    p[0] = c + 0.2 * rng.normal();
    p[1] = c + 0.2 * rng.normal();
    return label;
  }],
  // Two interleaved arms r = 0.05 + 0.9s, angle 1.25s turns (+½ turn for class 0), s evenly spaced in [0, 1).
  ['spiral', (k, n, _rng, p) => {
    const label = k % 2;
    const s = Math.floor(k / 2) / Math.ceil(n / 2);
    const r = 0.05 + 0.9 * s;
    const t = 1.25 * s + (label ? 0 : 0.5);
    p[0] = r * cosTurns(t);
    p[1] = r * sinTurns(t);
    return label;
  }],
  // x uniform on [−1, 1), y = sin(πx).
  ['sine', (_k, _n, rng, p) => {
    p[0] = 2 * rng.next() - 1;
    return sinTurns(p[0] / 2);
  }],
]);

/**
 * A reproducible dataset. Inputs are on the scale [−1, 1]: before noise, circle, xor, spiral and sine lie
 * inside it and the gaussian blobs (σ = 0.2 around ±0.5) leave it only in their tails. Noise adds N(0, σ²) to each input coordinate for classification (labels keep their clean class, so
 * noisy points can cross the boundary) and to the target for sine. The clean points come from Rng stream
 * `data` of the seed and the noise from stream `noise`, so the noise level scales one fixed jitter pattern
 * of the same points. Same kind and options → bit-identical arrays on every platform.
 */
export function makeDataset(kind: DatasetKind, options: DatasetOptions): Dataset {
  const gen = typeof kind === 'string' ? generators.get(kind) : undefined;
  if (!gen) engineError(`unknown dataset kind ${String(kind)}`);
  const { size: n, noise, seed, outputs = 1 } = options;
  if (!Number.isInteger(n) || n < 1 || n > 100_000) engineError(`dataset size must be an integer in 1 … 100000, got ${n}`);
  if (!(noise >= 0 && noise <= 1)) engineError(`dataset noise must be in [0, 1], got ${noise}`);
  if (outputs !== 1 && outputs !== 2) engineError(`dataset outputs must be 1 or 2, got ${String(outputs)}`);
  const rng = createRng(seed, RNG_STREAMS.data);
  const jitter = createRng(seed, RNG_STREAMS.noise);
  const regression = kind === 'sine';
  const inputDim = regression ? 1 : 2;
  const x = new Float64Array(n * inputDim);
  const y = new Float64Array(n * outputs);
  const p = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    const v = gen(k, n, rng, p);
    for (let d = 0; d < inputDim; d++) x[k * inputDim + d] = regression ? p[d]! : p[d]! + noise * jitter.normal();
    if (regression) {
      y[k * outputs] = v + noise * jitter.normal();
      if (outputs === 2) y[k * 2 + 1] = cosTurns(p[0]! / 2) + noise * jitter.normal();
    } else if (outputs === 2) {
      y[k * 2] = 1 - v;
      y[k * 2 + 1] = v;
    } else y[k] = v;
  }
  return { inputDim, outputDim: outputs, n, x, y };
}

/**
 * A dataset from edited points (the user adds, drags, removes). Dimensions are explicit so an empty
 * set is valid (n = 0). Throws an engine error if a point has the wrong length or a non-finite value.
 */
export function datasetFromPoints(inputDim: number, outputDim: number, points: readonly LabeledPoint[]): Dataset {
  if (!Number.isInteger(inputDim) || inputDim < 1) engineError(`inputDim must be a positive integer, got ${inputDim}`);
  if (!Number.isInteger(outputDim) || outputDim < 1) engineError(`outputDim must be a positive integer, got ${outputDim}`);
  const n = points.length;
  const x = new Float64Array(n * inputDim);
  const y = new Float64Array(n * outputDim);
  points.forEach((pt, k) => {
    if (pt.x.length !== inputDim || pt.y.length !== outputDim) {
      engineError(`point ${k} has ${pt.x.length} inputs and ${pt.y.length} outputs, expected ${inputDim} and ${outputDim}`);
    }
    if (![...pt.x, ...pt.y].every(Number.isFinite)) engineError(`point ${k} has a non-finite value`);
    x.set(pt.x, k * inputDim);
    y.set(pt.y, k * outputDim);
  });
  return { inputDim, outputDim, n, x, y };
}

/**
 * A generated dataset after the user's edits: the points whose indices are in `drop` removed (the
 * others keep their order), then the points of `add` appended. An added point is [x₁, x₂, class] for
 * the 2-D classification sets (class 0 or 1) and [x, y] for the sine regression; its targets follow the
 * dataset's rules (one-hot for 2 outputs; for sine with 2 outputs the second target is cos(πx), noise
 * free). Throws an engine error for a drop index outside the dataset or a point of the wrong shape.
 */
export function editDataset(kind: DatasetKind, ds: Dataset, drop: readonly number[], add: readonly (readonly number[])[]): Dataset {
  const regression = kind === 'sine';
  const removed = new Set<number>();
  for (const i of drop) {
    if (!(Number.isInteger(i) && i >= 0 && i < ds.n)) engineError(`drop index ${i} is outside the ${ds.n} points`);
    removed.add(i);
  }
  const n = ds.n - removed.size + add.length;
  const x = new Float64Array(n * ds.inputDim);
  const y = new Float64Array(n * ds.outputDim);
  let k = 0;
  for (let i = 0; i < ds.n; i++) {
    if (removed.has(i)) continue;
    x.set(ds.x.subarray(i * ds.inputDim, (i + 1) * ds.inputDim), k * ds.inputDim);
    y.set(ds.y.subarray(i * ds.outputDim, (i + 1) * ds.outputDim), k * ds.outputDim);
    k++;
  }
  for (const p of add) {
    if (p.length !== ds.inputDim + 1 || !p.every(Number.isFinite)) engineError(`an added point needs ${ds.inputDim + 1} finite numbers, got [${p.join(', ')}]`);
    const v = p[ds.inputDim]!;
    if (!regression && v !== 0 && v !== 1) engineError(`an added point's class must be 0 or 1, got ${v}`);
    for (let d = 0; d < ds.inputDim; d++) x[k * ds.inputDim + d] = p[d]!;
    if (regression) {
      y[k * ds.outputDim] = v;
      if (ds.outputDim === 2) y[k * 2 + 1] = cosTurns(p[0]! / 2);
    } else if (ds.outputDim === 2) {
      y[k * 2] = 1 - v;
      y[k * 2 + 1] = v;
    } else y[k] = v;
    k++;
  }
  return { inputDim: ds.inputDim, outputDim: ds.outputDim, n, x, y };
}

/** The points of a dataset as plain arrays (inverse of datasetFromPoints). */
export function datasetPoints(ds: Dataset): LabeledPoint[] {
  return Array.from({ length: ds.n }, (_, k) => ({
    x: Array.from(ds.x.subarray(k * ds.inputDim, (k + 1) * ds.inputDim)),
    y: Array.from(ds.y.subarray(k * ds.outputDim, (k + 1) * ds.outputDim)),
  }));
}
