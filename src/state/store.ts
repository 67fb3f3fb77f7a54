import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CameraPose, DataPoint, Experiment, Layout, OptimizerId, Shared } from '../protocol/experiment';
import type { RunStatus } from '../protocol/messages';
import type { Notice } from '../url/codec';

/** What the legend shows of one optimizer's run. */
export interface RunSummary {
  readonly status: RunStatus;
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

export interface AppState {
  readonly experiment: Experiment;
  readonly layout: Layout;
  /** The 3D camera, written when an orbit gesture ends (not per frame). */
  readonly camera: CameraPose;
  /** Playback step shown in every view; per frame while playing, so views read it with subscribe/getState. */
  readonly t: number;
  readonly playing: boolean;
  /** Playback speed in steps per second. */
  readonly speed: number;
  readonly runs: Partial<Record<OptimizerId, RunSummary>>;
  readonly notices: readonly AppNotice[];
}

export interface Actions {
  /** Replace parts of the experiment; keeps t at the end if it was there, clamps it otherwise. */
  setExperiment(patch: Partial<Experiment>): void;
  setStart(w: number, b: number): void;
  setData(data: readonly DataPoint[]): void;
  toggleOptimizer(id: OptimizerId): void;
  setLayout(layout: Layout): void;
  setCamera(camera: CameraPose): void;
  setT(t: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  /** Several run summaries in one update (null removes one): one re-render per batch. */
  setRuns(patch: ReadonlyMap<OptimizerId, RunSummary | null>): void;
  notify(notice: AppNotice): void;
  dismissNotices(source?: AppNotice['source']): void;
}

export type AppStore = StoreApi<AppState & Actions>;

/** Equality of experiment fields: numbers, strings, and arrays of numbers, strings or {x, y} points. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((v, i) => {
    const w: unknown = b[i];
    if (typeof v === 'object' && v !== null && typeof w === 'object' && w !== null) {
      const p = v as { x: unknown; y: unknown };
      const q = w as { x: unknown; y: unknown };
      return Object.is(p.x, q.x) && Object.is(p.y, q.y);
    }
    return Object.is(v, w);
  });
}

/** The one store: vanilla (no React), so the bridge, URL sync and tests use it directly. */
export function createAppStore(initial: Shared, notices: readonly AppNotice[] = []): AppStore {
  return createStore<AppState & Actions>()((set, get) => ({
    experiment: initial.experiment,
    layout: initial.view.layout,
    camera: initial.view.camera,
    t: initial.view.t,
    playing: false,
    speed: 100,
    runs: {},
    notices,
    setExperiment(patch) {
      const { experiment, t } = get();
      // Range inputs fire both input and change for one keypress: an unchanged patch must not start a run.
      if ((Object.keys(patch) as (keyof Experiment)[]).every((k) => sameValue(experiment[k], patch[k]))) return;
      const next = { ...experiment, ...patch };
      const atEnd = t >= experiment.steps;
      set({ experiment: next, t: atEnd ? next.steps : Math.min(t, next.steps) });
    },
    setStart(w, b) {
      get().setExperiment({ start: [w, b] });
    },
    setData(data) {
      get().setExperiment({ data });
    },
    toggleOptimizer(id) {
      const opt = get().experiment.opt;
      const next = opt.includes(id) ? opt.filter((o) => o !== id) : (['gd', 'momentum', 'nesterov'] as const).filter((o) => o === id || opt.includes(o));
      get().setExperiment({ opt: next });
    },
    setLayout(layout) {
      set({ layout });
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
    setRuns(patch) {
      const runs = { ...get().runs };
      for (const [id, summary] of patch) {
        if (summary) runs[id] = summary;
        else delete runs[id];
      }
      set({ runs });
    },
    notify(notice) {
      const rest = get().notices.filter((n) => !(n.source === notice.source && n.key === notice.key));
      set({ notices: [...rest, notice] });
    },
    dismissNotices(source) {
      set({ notices: source ? get().notices.filter((n) => n.source !== source) : [] });
    },
  }));
}
