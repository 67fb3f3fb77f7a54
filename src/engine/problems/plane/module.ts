import type { RunSpec } from '../../optimizers/runs';
import type { Problem } from '../../problem';
import type { DataPoint } from '../sigmoidNeuron';

/**
 * A setting of a plane problem: `count` numbers, each bounded (`curv=1,10` is one setting of count 2).
 * The link's field, the page's controls and the README rows are generated from these declarations.
 */
export interface PlaneSetting {
  /** Key in the link (`curv`, `angle`) and in PlaneSettings. */
  readonly key: string;
  /** What the controls show ("curvatures λ₁, λ₂"). */
  readonly label: string;
  /** One line for the README and tooltips. */
  readonly doc: string;
  /** How many numbers the setting holds (1: a plain number in the link; 2: "a,b"). */
  readonly count: number;
  readonly default: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly scale: 'log' | 'linear';
  /** Unit shown after the value in the controls ("°"). */
  readonly unit?: string;
}

/** A plane problem's settings with every declared key filled in. */
export type PlaneSettings = Readonly<Record<string, readonly number[]>>;

/** A known stationary point of a surface, for the README, the tests and the theory panel. */
export interface PlanePoint {
  readonly w: number;
  readonly b: number;
  readonly loss: number;
  /** 'global': lowest loss of the surface; 'local': a worse minimum; 'saddle'. */
  readonly kind: 'global' | 'local' | 'saddle';
}

/** What a link of this problem holds when it does not say otherwise: chosen to show the lesson. */
export interface PlaneDefaults {
  readonly start: readonly [number, number];
  /** [wMin, wMax, bMin, bMax]. */
  readonly range: readonly [number, number, number, number];
  readonly eta: number;
  readonly gamma: number;
  readonly steps: number;
  /** The runs of a link that names none (absent: one plain GD, momentum and Nesterov run). */
  readonly runs?: readonly RunSpec[];
}

/**
 * One surface over two parameters θ = (w, b): its formula, its exact gradient and Hessian (through the
 * Problem it creates), its settings, its defaults and its known stationary points. The 2-D lab runs every
 * registered entry with every optimizer; adding one is its module plus one line in registry.ts.
 */
export interface PlaneProblemModule<Id extends string = string> {
  /** The link's `problem=` value. */
  readonly id: Id;
  /** Name in the problem menu and the README ("Rosenbrock's valley"). */
  readonly name: string;
  /** The loss in one line of plain text (README, caption). */
  readonly formula: string;
  /** What the surface teaches, one sentence (caption, README), for its default settings. */
  readonly lesson: string;
  /** The sentence for other settings, where they change what it teaches (a quadratic's curvatures: bowl, round bowl, saddle). */
  readonly lessonFor?: (settings: PlaneSettings) => string;
  readonly settings: readonly PlaneSetting[];
  /** The loss depends on the link's data points (the sigmoid neuron): the data view and `data=` apply. */
  readonly usesData?: true;
  /**
   * The loss is exactly quadratic (its Hessian is the same everywhere): the theory's predictions at any
   * point hold for the whole surface, and the theory panel says they are exact. Absent: they are those
   * of the quadratic model at the point.
   */
  readonly quadratic?: true;
  readonly defaults: PlaneDefaults;
  /** Cross-setting checks, after each setting passed its own bounds; null when fine. */
  check?(s: PlaneSettings): string | null;
  /** The surface as a Problem with paramCount 2 and an exact `hessian`. */
  create(s: PlaneSettings, data: readonly DataPoint[]): Problem;
  /** Its known minima (and saddles where the lesson needs them), lowest loss first. */
  points(s: PlaneSettings, data: readonly DataPoint[]): readonly PlanePoint[];
}

/** Declares a module keeping its id's literal type (so the registry's ids form a type). */
export function planeProblem<const Id extends string>(m: PlaneProblemModule<Id>): PlaneProblemModule<Id> {
  return m;
}

/** Every declared setting at its default. */
export function planeDefaults(m: PlaneProblemModule): PlaneSettings {
  const out: Record<string, readonly number[]> = {};
  for (const s of m.settings) out[s.key] = s.default;
  return out;
}
