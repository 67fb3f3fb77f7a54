import type { AnyToWorker, FromWorker } from '../protocol/messages';
import type { AppStore } from '../state/store';
import type { Live } from './live';

type ViewMessage = Extract<FromWorker, { type: 'view' }>;

/** Samples per side of the MLP lab's decision map (or of its curve for one input). */
export const VIEW_RES = 48;

/**
 * While a run's paths still stream in, a new view is asked for at most this often (ms). Asked again as
 * soon as one came back, the worker computed a network view between every two training tasks (~20 a
 * slider tick), each redrawing the decision maps, the network diagram and the theory panel on the main
 * thread, and slowed the training itself. Once every path is in (playback, a new followed run) a view is
 * asked for at once.
 */
export const VIEW_STREAM_GAP_MS = 150;

export interface ViewRequestOptions {
  readonly live: Live;
  readonly store: AppStore;
  readonly post: (m: AnyToWorker) => void;
  readonly now: () => number;
  /** The current run id, and whether the bridge has given up on the worker (then nothing is asked). */
  readonly runId: () => number;
  readonly gaveUp: () => boolean;
  /** The gap while paths stream (VIEW_STREAM_GAP_MS on the page; 0 in unit tests: at once). */
  readonly streamGapMs: number;
  /** Whether the equations panel is on screen before it says so. */
  readonly equationsShown: boolean;
}

/**
 * The MLP view requests (the network at step t): one in flight at a time, the newest wish sent when it
 * returns, at most one per `streamGapMs` while the paths stream.
 */
export function createViewRequests(o: ViewRequestOptions) {
  const { live, store } = o;
  let inFlight = false;
  let wanted = false;
  /** Whether the view in flight (and so the newest reply) asked for the followed run's step. */
  let askedStep = false;
  let replyAskedStep = false;
  let equationsShown = o.equationsShown;
  let lastSent = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The followed run's step is asked for with the view while an overlay or the equations panel wants it,
   * once every path is in: the worker replays the run to trace it, which would double the work of training.
   */
  function wantStep(): boolean {
    const s = store.getState();
    return (s.show.length > 0 || (equationsShown && !s.hide.includes('equations'))) && live.doneRun === o.runId();
  }

  /** True when the view shown is not the network at step t with every row that has arrived. */
  function isBehind(): boolean {
    const v = live.view;
    const runId = o.runId();
    const t = store.getState().t;
    const runs = store.getState().experiment.runs;
    // Only rows of the current run count: until its first chunk, the paths shown are the older run's.
    const rowsOf = (i: number) => {
      const p = live.paths[i];
      return p && p.run === runId ? p.length : 0;
    };
    if (!v || v.runId !== runId) return runs.some((_, i) => rowsOf(i) > 0);
    // The step is wanted and not in it yet (not asked for, or the worker is still replaying towards it).
    if (wantStep() && (v.stepPending === true || (v.step === undefined && !replyAskedStep))) return true;
    // The theory panel follows another run than the view's theory is for.
    if (v.theoryRun !== Math.min(store.getState().theory, Math.max(0, runs.length - 1))) return true;
    return runs.some((_, i) => {
      const rows = rowsOf(i);
      if (rows === 0) return false;
      const k = v.runs.indexOf(i);
      return k < 0 || v.steps[k] !== Math.min(t, rows - 1);
    });
  }

  function send() {
    const s = store.getState();
    inFlight = true;
    askedStep = wantStep();
    lastSent = o.now();
    o.post({ type: 'view', runId: o.runId(), t: s.t, res: VIEW_RES, theory: s.theory, step: askedStep });
  }

  function request() {
    if (store.getState().experiment.problem !== 'mlp' || o.gaveUp()) return;
    if (inFlight) {
      wanted = true;
      return;
    }
    const runId = o.runId();
    // The first view of a run (its first rows are in) goes at once; later ones wait out the gap while paths stream.
    const streaming = live.doneRun !== runId && live.view?.runId === runId;
    const wait = streaming ? lastSent + o.streamGapMs - o.now() : 0;
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        if (isBehind()) send();
      }, wait);
      return;
    }
    if (timer !== null) clearTimeout(timer);
    timer = null;
    send();
  }

  return {
    request,
    isBehind,
    /** A view reply: shown (the caller writes it), and the next asked for when still behind. */
    onReply(msg: ViewMessage) {
      inFlight = false;
      replyAskedStep = askedStep;
      live.view = msg;
      return () => {
        if (wanted || isBehind()) {
          wanted = false;
          request();
        }
      };
    },
    /** The equations panel is on screen or not. */
    wantEquations(on: boolean): boolean {
      if (on === equationsShown) return false;
      equationsShown = on;
      return on;
    },
    /** Forgets what was asked (a restarted worker, a switch of labs). */
    reset() {
      inFlight = false;
      wanted = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
