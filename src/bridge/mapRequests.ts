/**
 * The bridge's (η, γ) map requests (bridge.ts owns the worker and calls these): a new map of the theory
 * run on every change of the experiment or of that run, the old one cancelled at once; the new one sent
 * once the experiment has held still `settleMs` (a drag does not start a map per tick, whose cells would
 * take the cores from the runs) and, for the MLP, once `ready` says the run's paths and fine surface are
 * in (its cells share the band workers with that surface). Replies of older maps are dropped.
 */
import type { AnyExperiment } from '../protocol/experiment';
import type { AnyToWorker, FromMap } from '../protocol/messages';
import type { AppStore } from '../state/store';
import { applyMapMessage, askedMap, MAP_SIZES, MLP_MAP_SIZES } from './mapState';

/** How long the experiment must hold still before a new (η, γ) map starts (BridgeOptions.mapSettleMs). */
export const MAP_SETTLE_MS = 250;

export interface MapRequests {
  /** Cancels the current map and asks for the store's experiment's (after the settle delay). */
  send(): void;
  /** Sends the held map if it may go now (call when paths or the surface arrive). */
  flush(): void;
  onMessage(msg: FromMap): void;
  dispose(): void;
}

export interface MapRequestOptions {
  readonly store: AppStore;
  /** Posts to the current worker (it may have been restarted since). */
  readonly post: (msg: AnyToWorker) => void;
  readonly now: () => number;
  /** 0: at once (unit tests). */
  readonly settleMs: number;
  /** Whether an MLP map of `e` may start: its paths and fine surface are in. */
  readonly mlpReady: (e: AnyExperiment) => boolean;
}

export function createMapRequests({ store, post, now, settleMs, mlpReady }: MapRequestOptions): MapRequests {
  let mapId = 0;
  let held: Extract<AnyToWorker, { type: 'map' }> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    if (!held || timer !== null) return;
    if (held.experiment.problem === 'mlp' && !mlpReady(held.experiment)) return;
    const m = held;
    held = null;
    // Its times count from here, when the worker gets it (not from the change, which waited to settle).
    const shown = store.getState().map;
    if (shown?.id === m.mapId) store.getState().setMap({ ...shown, askedAt: now() });
    post(m);
  };
  return {
    send() {
      const s = store.getState();
      const e = s.experiment;
      if (mapId > 0) post({ type: 'map-cancel', mapId });
      mapId++;
      clear();
      held = null;
      if (e.runs.length === 0) {
        s.setMap(null);
        return;
      }
      const sizes = e.problem === 'mlp' ? MLP_MAP_SIZES : MAP_SIZES;
      const run = Math.min(s.theory, e.runs.length - 1);
      s.setMap(askedMap(mapId, run, sizes, now()));
      held = { type: 'map', mapId, experiment: e, run, sizes };
      if (settleMs > 0) {
        timer = setTimeout(() => {
          timer = null;
          flush();
        }, settleMs);
      }
      flush();
    },
    flush,
    onMessage(msg) {
      const m = store.getState().map;
      if (!m || msg.mapId !== mapId || m.id !== mapId) return; // stale: a newer map was asked for
      store.getState().setMap(applyMapMessage(m, msg, now()));
    },
    dispose: clear,
  };
}
