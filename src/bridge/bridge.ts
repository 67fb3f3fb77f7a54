import type { AnyExperiment } from '../protocol/experiment';
import type { AnyToWorker, FaultKind, FromWorker } from '../protocol/messages';
import { createLayerRequests } from './layerRequests';
import { createMapRequests, MAP_SETTLE_MS } from './mapRequests';
import type { AppStore } from '../state/store';
import { createStoreWrites } from './storeWrites';
import { createViewRequests } from './viewRequests';
import { sameData, type Live, type LivePath } from './live';

/** The part of a Worker the bridge uses (a fake in unit tests). */
export interface WorkerLike {
  postMessage(msg: AnyToWorker): void;
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
  /**
   * Schedules the store update with run summaries; the default batches them per animation frame so
   * the legend re-renders once per frame, not once per chunk. Without rAF (Node) updates are immediate.
   */
  readonly scheduleSummary?: (fn: () => void) => void;
  /**
   * A new (η, γ) map starts only after the experiment has held still this long (ms; default
   * MAP_SETTLE_MS): a slider drag or a start drag cancels the old map at once but does not start one
   * per tick, whose cells would compete with the runs for the cores. 0: at once (unit tests).
   */
  readonly mapSettleMs?: number;
  /**
   * Whether the per-layer gradient norms are wanted before a view says so (default true; the page starts
   * with false and the per-layer chart asks while it is on screen: each norm costs the worker a gradient).
   */
  readonly layersWanted?: boolean;
  /** Whether the equations panel counts as shown before it says so (default true; the page starts with false). */
  readonly equationsShown?: boolean;
  /** While paths stream, MLP views are asked for at most this often (ms; default 0: at once; the page: VIEW_STREAM_GAP_MS). */
  readonly viewStreamGapMs?: number;
  /**
   * While paths stream, the views are told of new rows at most this often (ms; default 0: after every
   * pump; the page: STREAM_EMIT_MS). A run's first rows, its end and every surface are told at once.
   */
  readonly streamEmitMs?: number;
  /** For a worker that posts 'ready' once its script ran: its start (fetch, compilation) is no silence, but must take under startMs. */
  readonly startMs?: number;
}

export interface Bridge {
  /** Test hook used by the browser tests through window.__downhill: inject a fault into the real worker. */
  injectFault(kind: FaultKind): void;
  readonly restarts: number;
  /** The per-layer chart is on screen (true) or not: norms are computed only while wanted (MLP lab). */
  wantLayers(on: boolean): void;
  /** The equations panel is on screen or not: without an overlay, the MLP step is traced only while it is. */
  wantEquations(on: boolean): void;
  dispose(): void;
}

export { VIEW_RES } from './viewRequests';

/**
 * The page's streamEmitMs. The MLP lab streams rows for about a second after a change, and each MLP view
 * throttled them on its own clock, so their draws fell in different frames. Now every view is told at
 * once, about ten times a second, and they draw in the same frame (the paths still grow visibly).
 */
export const STREAM_EMIT_MS = 100;

/** What a surface depends on: equal keys mean the surface shown still holds. */
function surfaceKey(e: AnyExperiment): string {
  if (e.problem !== 'mlp') return `${e.problem}|${JSON.stringify(e.surface)}|${e.data.map((p) => `${p.x}:${p.y}`).join(',')}|${e.range.join(',')}|${e.grid}`;
  // The worker re-posts trajectory-built slices ('pca', 'random' at the end) on every run anyway.
  const { layers, activation, outputActivation, loss, dataset, noise, size, drop, add, seed, slice, pair, center, extent, grid } = e;
  return `mlp|${JSON.stringify([layers, activation, outputActivation, loss, dataset, noise, size, drop, add, seed, slice, pair, center, extent, grid])}`;
}

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
  /** The surface key (data, range, grid) of the surface shown now, and of the one the newest run asked for. */
  let shownSurface = '';
  let askedSurface = '';
  let pendingSince: number | null = null;
  let [spawnedAt, ready] = [0, true]; // when the worker was spawned, whether it said it is ready (opts.startMs)
  let restartTimes: number[] = [];
  let restarts = 0;
  let gaveUp = false;
  const scheduleSummary =
    opts.scheduleSummary ?? (typeof requestAnimationFrame === 'function' ? (fn: () => void) => requestAnimationFrame(fn) : (fn: () => void) => fn());
  const writes = createStoreWrites({ store, now, schedule: scheduleSummary });
  const { queueRun, setProgress } = writes;

  // MLP view requests (the network at step t): viewRequests.ts.
  const views = createViewRequests({
    live,
    store,
    post: (m) => worker.postMessage(m),
    now,
    runId: () => runId,
    gaveUp: () => gaveUp,
    streamGapMs: opts.viewStreamGapMs ?? 0,
    equationsShown: opts.equationsShown ?? true,
  });
  const requestView = views.request;

  // Stream emits (opts.streamEmitMs): the run whose first rows were told, when the views were last told, a timer that tells them later.
  const streamEmitMs = opts.streamEmitMs ?? 0;
  let [emittedRun, emittedAt] = [0, -Infinity];
  let emitTimer: ReturnType<typeof setTimeout> | null = null;
  /** Tells the views now (a surface, a run's first rows or its end), dropping a deferred stream emit. */
  function emitNow() {
    if (emitTimer !== null) clearTimeout(emitTimer);
    emitTimer = null;
    emittedAt = now();
    // The summaries and progress held back are written in the frame the views draw these rows in: one frame of changes, not three.
    writes.flush();
    live.emit();
  }
  /** Tells the views of new rows: at once for a run's first rows and its end, else at most once per streamEmitMs. */
  function emitRows(done: boolean) {
    const wait = emittedAt + streamEmitMs - now();
    if (done || emittedRun !== runId || wait <= 0) {
      emittedRun = runId;
      return emitNow();
    }
    emitTimer ??= setTimeout(emitNow, wait);
  }
  const viewIsBehind = views.isBehind;

  function pathFor(i: number, rows: number, mlp: boolean): LivePath {
    let p = live.paths[i];
    if (!p || p.loss.length < rows || (mlp && (!p.offPlane || p.offPlane.length < rows))) {
      p = { params: new Float64Array(rows * 2), loss: new Float64Array(rows), length: 0, status: { kind: 'running' }, offPlane: mlp ? new Float64Array(rows) : null, run: 0 };
      live.paths[i] = p;
    }
    return p;
  }

  /** True when every run has a final status (also when there are none: nothing more will come). */
  function allDone(e: AnyExperiment): boolean {
    return e.runs.every((_, i) => (live.paths[i]?.status.kind ?? 'running') !== 'running');
  }

  /** True when a run after position `run` has not finished: its chunk of the same pump is still to come. */
  function laterRunPosts(e: AnyExperiment, run: number): boolean {
    for (let j = run + 1; j < e.runs.length; j++) if ((live.paths[j]?.status.kind ?? 'running') === 'running') return true;
    return false;
  }

  const maps = createMapRequests({
    store,
    post: (m) => worker.postMessage(m),
    now,
    settleMs: opts.mapSettleMs ?? MAP_SETTLE_MS,
    mlpReady: (e) => !surfacePending && allDone(e) && live.doneRun === runId,
  });

  const layerRequests = createLayerRequests({ live, post: (m) => worker.postMessage(m) });
  /** The per-layer gradient norms of the run the theory panel follows (MLP only). */
  let layersWanted = opts.layersWanted ?? true;
  function requestLayers() {
    const s = store.getState();
    if (s.experiment.problem !== 'mlp' || gaveUp || !layersWanted) return;
    layerRequests.request(runId, Math.min(s.theory, Math.max(0, s.experiment.runs.length - 1)));
  }

  function onMessage(msg: FromWorker) {
    if ('mapId' in msg) return maps.onMessage(msg);
    if (msg.type === 'ready') return void ((ready = true), pendingSince !== null && (pendingSince = now()));
    if (msg.runId !== runId) return; // stale: a newer run was sent
    const e = store.getState().experiment;
    if (msg.type === 'layers') return layerRequests.onMessage(msg, e.steps);
    if (msg.type === 'error') {
      // The engine refused this experiment; nothing more will come for it, so stop waiting and clear the legend.
      pendingSince = null;
      surfacePending = false;
      setProgress(null);
      live.doneRun = runId;
      live.paths.length = 0;
      e.runs.forEach((_, i) => queueRun(i, null));
      emitNow();
      store.getState().notify({ source: 'engine', key: 'engine', message: `engine error: ${msg.message}` });
      return;
    }
    if (msg.type === 'view') {
      const next = views.onReply(msg);
      live.emitView();
      next();
      return;
    }
    // Any message is a heartbeat while work is outstanding; one that trails the end of a run (the last
    // progress report after the fine surface) must not re-arm the watchdog, or a quiet, finished worker
    // would be "restarted" two seconds later.
    if (pendingSince !== null) pendingSince = now();
    if (msg.type === 'progress') {
      setProgress({ stage: msg.stage, done: msg.done, total: msg.total });
      return;
    }
    if (msg.type === 'data') {
      if (sameData(live.data, msg.inputs, msg.outputs, msg.x, msg.y)) live.data.run = msg.runId;
      else live.data = { run: msg.runId, inputs: msg.inputs, outputs: msg.outputs, x: msg.x, y: msg.y };
      live.emit();
      return;
    }
    if (msg.type === 'surface') {
      const coarse = msg.coarse === true;
      // Until the fine surface is in, the worker still has work (its bands), so keep the watchdog on.
      if (allDone(e) && !coarse) pendingSince = null;
      const range = e.problem !== 'mlp' ? e.range : (msg.slice?.window ?? [-1, 1, -1, 1]);
      live.interim = false;
      live.surface = { values: msg.values, nx: msg.nx, ny: msg.ny, min: msg.min, max: msg.max, range, slice: msg.slice ?? null, coarse, rings: msg.rings ?? null };
      if (!coarse) {
        shownSurface = askedSurface;
        surfacePending = false;
      }
      if (e.problem === 'mlp') setProgress(coarse ? { stage: 'surface', done: 0, total: e.grid } : { stage: 'surface', done: msg.ny, total: msg.ny });
      live.surfaceVersion++;
      emitNow();
      maps.flush();
      return;
    }
    live.interim = msg.interim === true;
    const p = pathFor(msg.run, e.steps + 1, e.problem === 'mlp');
    if (msg.from === 0) p.length = 0;
    p.run = msg.runId;
    p.params.set(msg.params, msg.from * 2);
    p.loss.set(msg.loss, msg.from);
    if (msg.offPlane && p.offPlane) p.offPlane.set(msg.offPlane, msg.from);
    p.length = msg.from + msg.loss.length;
    p.status = msg.status;
    const done = allDone(e);
    if (done) {
      // An MLP run still computes its fine surface after the paths (the bar says how far).
      if (e.problem !== 'mlp' || !surfacePending) pendingSince = null;
      live.doneRun = runId;
    }
    // Queued before the emit, which makes it due with the rows (storeWrites.flush).
    queueRun(msg.run, {
      status: msg.status,
      notes: msg.notes,
      msPerStep: msg.msPerStep,
      length: p.length,
      finalLoss: p.length > 0 ? p.loss[p.length - 1]! : NaN,
      startLoss: p.length > 0 ? p.loss[0]! : NaN,
    });
    // The worker posts one chunk per unfinished run per pump, in run order: the views redraw once per
    // pump, after its last chunk (a later run still running posts after this one), not once per run.
    if (!laterRunPosts(e, msg.run)) emitRows(done);
    maps.flush();
    if (e.problem === 'mlp' && viewIsBehind()) requestView();
  }

  /** True while the newest MLP run still owes its fine surface. */
  let surfacePending = false;
  let lastProblem: AnyExperiment['problem'] | null = null;

  function send(withSurface: boolean) {
    const e = store.getState().experiment;
    runId++;
    views.reset();
    const labChanged = lastProblem !== null && e.problem !== lastProblem;
    if (labChanged) {
      // Another lab: nothing shown so far belongs to it. The legend is cleared now, in the same render as
      // the switch, and the views are told at once (below), so no frame shows the other lab's results.
      live.surface = null;
      live.data = null;
      live.view = null;
      live.layers = null;
      live.paths.length = 0;
      shownSurface = '';
      live.surfaceVersion++;
      writes.dropRuns();
      store.getState().setSummaries(new Map(store.getState().runs.map((_, i) => [i, null])));
    }
    lastProblem = e.problem;
    if (live.paths.length > e.runs.length) live.paths.length = e.runs.length;
    for (const p of live.paths) if (p) p.status = { kind: 'running' };
    const shown = store.getState().runs;
    for (let i = e.runs.length; i < shown.length; i++) if (shown[i]) queueRun(i, null);
    // Until a surface for the current data arrives, every run asks again: a reply superseded by a quick
    // second change is dropped as stale, and the surface must not be lost with it.
    askedSurface = surfaceKey(e);
    const surface = withSurface || askedSurface !== shownSurface;
    surfacePending = e.problem === 'mlp' && (surface || e.slice === 'pca' || (e.slice === 'random' && e.center === 'end'));
    // A run that keeps the surface shown keeps its bar ("ready") too.
    if (e.problem === 'mlp' && surfacePending) setProgress({ stage: 'surface', done: 0, total: e.grid });
    else if (e.problem !== 'mlp' && writes.progress !== null) setProgress(null);
    // An experiment with no runs and no surface gets no reply at all, so there is nothing to wait for.
    pendingSince = surface || e.runs.length > 0 ? now() : null;
    live.sentRun = runId;
    if (e.runs.length === 0) live.doneRun = runId;
    // Views redraw on live emits only; a run that gets no reply still has to show its new start point.
    if (pendingSince === null || labChanged) emitNow();
    worker.postMessage({ type: 'run', runId, experiment: e, surface });
    requestLayers();
  }

  function start() {
    layerRequests.reset();
    worker = opts.spawn();
    [spawnedAt, ready] = [now(), opts.startMs === undefined];
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
      surfacePending = false;
      setProgress(null);
      store.getState().notify({ source: 'engine', key: 'engine', message: `The training engine failed ${maxRestarts} times in a minute (${why}); reload the page to try again.` });
      return;
    }
    restartTimes.push(t);
    restarts++;
    store.getState().notify({ source: 'engine', key: 'engine', message: `The training engine stopped because ${why} and was restarted with the current experiment.` });
    start();
    send(true);
    maps.send();
  }

  const watchdog = setIntervalFn(() => {
    if (!gaveUp && !ready && now() - spawnedAt > opts.startMs!) restart(`it did not start in ${opts.startMs! / 1000} s`);
    else if (!gaveUp && ready && pendingSince !== null && now() - pendingSince > hangMs) restart(`it did not answer for ${hangMs / 1000} s`);
  }, Math.max(50, hangMs / 4));

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experiment !== prev.experiment && !gaveUp) {
      send(false);
      maps.send();
    } else {
      if (s.theory !== prev.theory && !gaveUp) {
        maps.send();
        requestLayers();
      }
      if ((s.t !== prev.t || s.theory !== prev.theory || s.show !== prev.show || s.hide !== prev.hide) && viewIsBehind()) requestView();
    }
  });

  start();
  send(true);
  maps.send();

  return {
    injectFault(kind) {
      worker.postMessage({ type: 'fault', kind });
      send(false);
      maps.send();
    },
    get restarts() {
      return restarts;
    },
    wantEquations(on) {
      if (views.wantEquations(on) && store.getState().experiment.problem === 'mlp' && viewIsBehind()) requestView();
    },
    wantLayers(on) {
      if (on === layersWanted) return;
      layersWanted = on;
      if (on) requestLayers();
    },
    dispose() {
      unsubscribe();
      if (emitTimer !== null) clearTimeout(emitTimer);
      clearIntervalFn(watchdog);
      maps.dispose();
      views.reset();
      worker.terminate();
    },
  };
}
