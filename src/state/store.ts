import { createStore, type StoreApi } from 'zustand/vanilla';
import { OVERLAYS, type AnyExperiment, type AnyShared, type CameraPose, type DataPoint, type EmbedView, type Experiment, type Guess, type HidePart, type Layout, type MlpExperiment, type OverlayId, type RunSpec, type ViewSettings } from '../protocol/experiment';
import type { RunNotes, RunStatus } from '../protocol/messages';
import type { Notice } from '../url/codec';
import { MAX_GUESSES } from '../url/guessFields';

/** What the legend shows of one run. */
export interface RunSummary {
  readonly status: RunStatus;
  readonly notes: RunNotes;
  /** Milliseconds per optimizer step, measured by the worker (0 before any step). */
  readonly msPerStep: number;
  /** Rows computed so far (steps + 1 when complete, fewer while streaming or after divergence). */
  readonly length: number;
  readonly finalLoss: number;
  /** L(θ₀), to tell a run that settled in a valley from one that never left a flat start. */
  readonly startLoss: number;
}

/** A message for the user: link repairs ("url") or engine trouble ("engine"). */
export interface AppNotice extends Notice {
  readonly source: 'url' | 'engine' | 'input';
}

/**
 * A change to the experiment of the lab on show: fields of either lab's experiment except `problem`
 * (switch labs with replaceExperiment). Fields the current lab does not have are ignored.
 */
export type ExperimentPatch = Partial<Omit<Experiment, 'problem'>> & Partial<Omit<MlpExperiment, 'problem'>>;

/** What a lab showed beside its experiment, kept while the other lab is open (url/edit.ts switchLab). */
export interface LabView {
  readonly t: number;
  readonly off: readonly number[];
  readonly theory: number;
}

/** How far a long worker stage has got (the MLP lab's surface progress bar). */
export interface Progress {
  readonly stage: 'training' | 'surface';
  readonly done: number;
  readonly total: number;
}

/** One stage (size) of the (η, γ) map as the page holds it: the axes, and the cells filled so far. */
export interface MapLayer {
  readonly size: number;
  readonly rows: number;
  readonly cols: number;
  /** η per column (ascending, log-spaced), γ per row from 0 up (null: one row, no γ). */
  readonly etas: Float64Array;
  readonly gammas: Float64Array | null;
  /** The theory's stability edge per row (η), null where it has none. */
  readonly edge: readonly (number | null)[];
  /** rows × cols, row-major: index into MAP_STATUSES, the converged or diverged step (−1 none), the last loss. */
  readonly status: Uint8Array;
  readonly step: Int32Array;
  readonly loss: Float64Array;
  /** Per row: 1 once its cells arrived. */
  readonly filled: Uint8Array;
  readonly done: boolean;
}

/** The (η, γ) convergence map of run `run` (store.theory when it was asked for). */
export interface MapState {
  readonly id: number;
  readonly run: number;
  readonly optimizer: string;
  /** The run's own η and γ (γ null without one): where the map's marker goes. */
  readonly eta: number;
  readonly gamma: number | null;
  readonly steps: number;
  /** The sizes asked for, coarse first. */
  readonly sizes: readonly number[];
  /** The stages received so far, coarse first. */
  readonly layers: readonly MapLayer[];
  /** Cells received over cells asked (all stages), 0 … 1. */
  readonly progress: number;
  /** Every stage complete. */
  readonly done: boolean;
  readonly error: string | null;
  /** performance.now() when it was sent to the worker (after the bridge's settle delay), and milliseconds from then to each stage's completion (by size). */
  readonly askedAt: number;
  readonly ms: Readonly<Record<number, number>>;
  /** Bumps on every change of the cells (views redraw on it). */
  readonly version: number;
}

export interface AppState {
  readonly experiment: AnyExperiment;
  readonly layout: Layout;
  /** Guess mode: a press on the views adds a guess instead of moving the start; in the link as `guess`. */
  readonly guess: boolean;
  /** The guesses tried, in order (at most MAX_GUESSES); in the link as `guesses`. */
  readonly guesses: readonly Guess[];
  /** Parts of the page hidden (a classroom link); in the link as `hide`. */
  readonly hide: readonly HidePart[];
  /** The one view shown alone (an embed link), null for the whole page; in the link as `embed`. */
  readonly embed: EmbedView | null;
  /** The step overlays shown for the followed run; in the link as `show`. */
  readonly show: readonly OverlayId[];
  /** The lecture scene the page was opened as (its caption shows); in the link as `scene`. */
  readonly scene: string | null;
  /** The 3D camera, written when an orbit gesture ends (not per frame). */
  readonly camera: CameraPose;
  /** Playback step shown in every view; per frame while playing, so views read it with subscribe/getState. */
  readonly t: number;
  readonly playing: boolean;
  /** Playback speed in steps per second. */
  readonly speed: number;
  /** Summaries by run position (null until a run's first chunk). */
  readonly runs: readonly (RunSummary | null)[];
  /** Positions of the runs hidden from the views (still computed); in the link as `off`. */
  readonly off: readonly number[];
  /** Position of the run the theory panel follows; in the link as `theory` (1-based). */
  readonly theory: number;
  readonly notices: readonly AppNotice[];
  /** The MLP lab's surface computation: null when nothing is pending (and always for the sigmoid lab). */
  readonly progress: Progress | null;
  /** The (η, γ) map being computed or shown (null before the first is asked for). */
  readonly map: MapState | null;
}

export interface Actions {
  /** Replace parts of the experiment; keeps t at the end if it was there, clamps it otherwise. */
  setExperiment(patch: ExperimentPatch): void;
  /** Show another experiment, possibly of the other lab (t goes to its end). */
  /**
   * Switches labs: the other lab's experiment, with the playback step, hidden runs and followed run it
   * had (`keep`: a lab returned to), or at the end, all shown, following run 1.
   */
  replaceExperiment(experiment: AnyExperiment, keep?: LabView): void;
  /** Sigmoid lab only (ignored in the MLP lab, whose start is the seeded θ₀). */
  setStart(w: number, b: number): void;
  setData(data: readonly DataPoint[]): void;
  /** Shows or hides run i in every view. */
  toggleRun(i: number): void;
  /** Replaces the run list (the run editor goes through the URL table first: url/edit.ts). */
  setRuns(runs: readonly RunSpec[]): void;
  /** Which runs are hidden (positions), e.g. after the run list removed or duplicated one. */
  setOff(off: readonly number[]): void;
  /** Which run the theory panel follows (a position past the runs falls back to the first). */
  setTheory(i: number): void;
  setLayout(layout: Layout): void;
  /** Turns guess mode on or off (the plane lab; the guesses stay). */
  setGuessMode(on: boolean): void;
  /** Appends a guess; false (and no change) when it is not finite or the table already holds MAX_GUESSES. */
  addGuess(w: number, b: number): boolean;
  /** Removes guess i (0-based); other positions are ignored. */
  removeGuess(i: number): void;
  /** Empties the guess table. */
  clearGuesses(): void;
  /** Turns one step overlay on or off (kept in the link's order). */
  toggleOverlay(id: OverlayId, on: boolean): void;
  /** Closes the scene's caption (the state stays as it is). */
  closeScene(): void;
  setCamera(camera: CameraPose): void;
  setT(t: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  /** Several run summaries in one update (null removes one): one re-render per batch. */
  setSummaries(patch: ReadonlyMap<number, RunSummary | null>): void;
  setProgress(progress: Progress | null): void;
  setMap(map: MapState | null): void;
  notify(notice: AppNotice): void;
  dismissNotices(source?: AppNotice['source']): void;
}

export type AppStore = StoreApi<AppState & Actions>;

/**
 * Equality of experiment fields: numbers, strings, plain objects ({x, y} points, runs and their
 * settings) and arrays of these or of arrays (the MLP's added points are number tuples), compared deeply.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const p = a as Record<string, unknown>;
    const q = b as Record<string, unknown>;
    const keys = Object.keys(p);
    return keys.length === Object.keys(q).length && keys.every((k) => Object.hasOwn(q, k) && sameValue(p[k], q[k]));
  }
  return false;
}

/** Keeps t at the end if it was there, clamps it otherwise. */
function clampT(t: number, steps: number, nextSteps: number): { t: number } {
  return { t: t >= steps ? nextSteps : Math.min(t, nextSteps) };
}

/** The view settings a link holds, as the store has them. */
export const viewOfState = (s: AppState): ViewSettings => ({ layout: s.layout, guess: s.guess, guesses: s.guesses, hide: s.hide, embed: s.embed, show: s.show, scene: s.scene, off: s.off, theory: s.theory, t: s.t, camera: s.camera });

/** The one store: vanilla (no React), so the bridge, URL sync and tests use it directly. */
export function createAppStore(initial: AnyShared, notices: readonly AppNotice[] = []): AppStore {
  return createStore<AppState & Actions>()((set, get) => ({
    experiment: initial.experiment,
    layout: initial.view.layout,
    guess: initial.view.guess,
    guesses: initial.view.guesses,
    hide: initial.view.hide,
    embed: initial.view.embed,
    show: initial.view.show,
    scene: initial.view.scene,
    camera: initial.view.camera,
    t: initial.view.t,
    playing: false,
    speed: 100,
    runs: [],
    off: initial.view.off,
    theory: initial.view.theory,
    notices,
    progress: null,
    map: null,
    setExperiment(patch) {
      const { experiment, t } = get();
      const own = experiment as unknown as Record<string, unknown>;
      const keys = Object.keys(patch).filter((k) => k !== 'problem' && k in own) as (keyof ExperimentPatch)[];
      // Range inputs fire both input and change for one keypress: an unchanged patch must not start a run.
      if (keys.every((k) => sameValue(own[k], patch[k]))) return;
      const next = { ...experiment } as Record<string, unknown>;
      // A field equal to the one shown keeps its identity (edits arrive as a whole decoded experiment), so
      // components that select it (the run list, the legend, the views' run lists) do not re-render.
      for (const k of keys) if (!sameValue(own[k], patch[k])) next[k] = patch[k];
      set({ experiment: next as unknown as AnyExperiment, ...clampT(t, experiment.steps, next.steps as number) });
    },
    replaceExperiment(experiment, keep) {
      set({ experiment, t: keep?.t ?? experiment.steps, playing: false, off: keep?.off ?? [], theory: keep?.theory ?? 0 });
    },
    setStart(w, b) {
      if (get().experiment.problem !== 'mlp') get().setExperiment({ start: [w, b] });
    },
    setData(data) {
      if (get().experiment.problem === 'sigmoid') get().setExperiment({ data });
    },
    toggleRun(i) {
      const off = get().off;
      set({ off: off.includes(i) ? off.filter((j) => j !== i) : [...off, i].sort((a, b) => a - b) });
    },
    setOff(off) {
      set({ off: off.filter((i) => i < get().experiment.runs.length) });
    },
    setRuns(runs) {
      get().setExperiment({ runs });
      if (get().off.some((i) => i >= runs.length)) get().setOff(get().off);
      if (get().theory >= runs.length) set({ theory: 0 });
    },
    setTheory(i) {
      set({ theory: Number.isInteger(i) && i >= 0 && i < get().experiment.runs.length ? i : 0 });
    },
    setLayout(layout) {
      set({ layout });
    },
    setGuessMode(on) {
      if (get().guess !== on) set({ guess: on });
    },
    addGuess(w, b) {
      const guesses = get().guesses;
      if (!Number.isFinite(w) || !Number.isFinite(b) || guesses.length >= MAX_GUESSES) return false;
      set({ guesses: [...guesses, [w + 0, b + 0]] });
      return true;
    },
    removeGuess(i) {
      const guesses = get().guesses;
      if (Number.isInteger(i) && i >= 0 && i < guesses.length) set({ guesses: guesses.filter((_, j) => j !== i) });
    },
    clearGuesses() {
      if (get().guesses.length > 0) set({ guesses: [] });
    },
    closeScene() {
      set({ scene: null });
    },
    toggleOverlay(id, on) {
      const show = get().show;
      if (show.includes(id) === on) return;
      set({ show: OVERLAYS.filter((o) => (o === id ? on : show.includes(o))) });
    },
    setCamera(camera) {
      set({ camera });
    },
    setT(t) {
      const steps = get().experiment.steps;
      set({ t: Math.max(0, Math.min(steps, Math.round(t))) });
    },
    setPlaying(playing) {
      set({ playing });
    },
    setSpeed(speed) {
      set({ speed });
    },
    setSummaries(patch) {
      const runs = [...get().runs];
      for (const [i, summary] of patch) runs[i] = summary;
      while (runs.length > 0 && runs[runs.length - 1] === null) runs.pop();
      set({ runs: Array.from(runs, (r) => r ?? null) });
    },
    setProgress(progress) {
      set({ progress });
    },
    setMap(map) {
      set({ map });
    },
    notify(notice) {
      const rest = get().notices.filter((n) => !(n.source === notice.source && n.key === notice.key));
      set({ notices: [...rest, notice] });
    },
    dismissNotices(source) {
      const notices = get().notices;
      // Nothing to dismiss (every slider tick asks): no update, so the notices do not re-render.
      if (!notices.some((n) => !source || n.source === source)) return;
      set({ notices: source ? notices.filter((n) => n.source !== source) : [] });
    },
  }));
}
