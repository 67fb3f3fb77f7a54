import type { Experiment, OptimizerId } from '../protocol/experiment';
import type { FromWorker, ToWorker } from '../protocol/messages';
import type { AppStore } from '../state/store';
import type { Live, LivePath } from './live';

/** The part of a Worker the bridge uses (a fake in unit tests). */
export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface BridgeOptions {
  readonly store: AppStore;
  readonly live: Live;
  readonly spawn: () => WorkerLike;
  /** A run with no message for this long counts as hung (ms). */
  readonly hangMs?: number;
  /** At most this many restarts per minute; past that the page says so and stops restarting. */
  readonly maxRestartsPerMinute?: number;
  readonly now?: () => number;
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (id: unknown) => void;
}

export interface Bridge {
  /** Test hook used by the browser tests through window.__downhill: inject a fault into the real worker. */
  injectFault(kind: 'throw' | 'hang'): void;
  readonly restarts: number;
  dispose(): void;
}

const surfaceKey = (e: Experiment) => `${e.data.map((p) => `${p.x}:${p.y}`).join(',')}|${e.range.join(',')}|${e.grid}`;

/**
 * The only main-thread code that knows a Worker exists. Sends the experiment with a fresh runId on
 * every change, drops replies of older runs, writes paths into `live`, keeps run summaries in the
 * store, and restarts a worker that throws or stops answering, replaying the current experiment.
 */
export function createBridge(opts: BridgeOptions): Bridge {
  const { store, live } = opts;
  const now = opts.now ?? (() => performance.now());
  const hangMs = opts.hangMs ?? 2000;
  const maxRestarts = opts.maxRestartsPerMinute ?? 4;
  const setIntervalFn = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clearIntervalFn = opts.clearInterval ?? ((id) => clearInterval(id as ReturnType<typeof setInterval>));

  let worker: WorkerLike;
  let runId = 0;
  let lastSurface = '';
  let pendingSince: number | null = null;
  let restartTimes: number[] = [];
  let restarts = 0;
  let gaveUp = false;

  function pathFor(id: OptimizerId, rows: number): LivePath {
    let p = live.paths.get(id);
    if (!p || p.loss.length < rows) {
      p = { params: new Float64Array(rows * 2), loss: new Float64Array(rows), length: 0, status: { kind: 'running' } };
      live.paths.set(id, p);
    }
    return p;
  }

  function onMessage(msg: FromWorker) {
    if (msg.runId !== runId) return; // stale: a newer run was sent
    const e = store.getState().experiment;
    if (msg.type === 'error') {
      pendingSince = null;
      store.getState().notify({ source: 'engine', key: 'engine', message: `engine error: ${msg.message}` });
      return;
    }
    pendingSince = now();
    if (msg.type === 'surface') {
      live.surface = { values: msg.values, nx: msg.nx, ny: msg.ny, min: msg.min, max: msg.max, range: e.range };
      live.surfaceVersion++;
      live.emit();
      return;
    }
    const p = pathFor(msg.optimizer, e.steps + 1);
    if (msg.from === 0) p.length = 0;
    p.params.set(msg.params, msg.from * 2);
    p.loss.set(msg.loss, msg.from);
    p.length = msg.from + msg.loss.length;
    p.status = msg.status;
    if (e.opt.every((id) => (live.paths.get(id)?.status.kind ?? 'running') !== 'running')) pendingSince = null;
    live.emit();
    store.getState().setRun(msg.optimizer, {
      status: msg.status,
      length: p.length,
      finalLoss: p.length > 0 ? p.loss[p.length - 1]! : NaN,
    });
  }

  function send(withSurface: boolean) {
    const e = store.getState().experiment;
    runId++;
    for (const [id, p] of [...live.paths]) {
      if (!e.opt.includes(id)) live.paths.delete(id);
      else p.status = { kind: 'running' };
    }
    for (const id of ['gd', 'momentum', 'nesterov'] as const) if (!e.opt.includes(id)) store.getState().setRun(id, null);
    const key = surfaceKey(e);
    const surface = withSurface || key !== lastSurface;
    lastSurface = key;
    pendingSince = now();
    worker.postMessage({ type: 'run', runId, experiment: e, surface });
  }

  function start() {
    worker = opts.spawn();
    worker.onmessage = (ev) => onMessage(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      restart(`it crashed (${ev.message || 'error'})`);
    };
  }

  function restart(why: string) {
    worker.terminate();
    const t = now();
    restartTimes = restartTimes.filter((x) => t - x < 60_000);
    if (restartTimes.length >= maxRestarts) {
      gaveUp = true;
      pendingSince = null;
      store.getState().notify({ source: 'engine', key: 'engine', message: `The training engine failed ${maxRestarts} times in a minute (${why}); reload the page to try again.` });
      return;
    }
    restartTimes.push(t);
    restarts++;
    store.getState().notify({ source: 'engine', key: 'engine', message: `The training engine stopped because ${why} and was restarted with the current experiment.` });
    start();
    send(true);
  }

  const watchdog = setIntervalFn(() => {
    if (!gaveUp && pendingSince !== null && now() - pendingSince > hangMs) restart(`it did not answer for ${hangMs / 1000} s`);
  }, Math.max(50, hangMs / 4));

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment && !gaveUp) send(false);
  });

  start();
  send(true);

  return {
    injectFault(kind) {
      worker.postMessage({ type: 'fault', kind });
      send(false);
    },
    get restarts() {
      return restarts;
    },
    dispose() {
      unsubscribe();
      clearIntervalFn(watchdog);
      worker.terminate();
    },
  };
}
