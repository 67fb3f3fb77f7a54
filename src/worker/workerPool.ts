import type { CellBand } from '../lab/sliceSurface';
import type { BandInit, FromBand, ToBandWorker } from './bandMessages';
import type { BandPool, BandRequest, BandSink } from './bandPool';
import type { MapPool, MapPoolRequest, MapSink } from './mapPool';

/** A band worker as the pool sees it (engine.worker.ts wraps a nested Worker; tests wrap a handler). */
export interface BandPort {
  post(msg: ToBandWorker, transfer: Transferable[]): void;
  terminate(): void;
}

/** Starts a band worker whose replies go to `onMessage`, and whose death (a load or script error) to `onError`. */
export type SpawnBand = (onMessage: (msg: FromBand) => void, onError: (reason: unknown) => void) => BandPort;

interface Slot {
  port: BandPort | null;
  /** The job this worker was last given an init for. */
  job: number;
  /** The bands posted to it and not yet answered, oldest first (it answers in order), and for which job. */
  readonly busy: { job: number; band: readonly [number, number] }[];
  /** The same for map bands (a worker answers its map bands in order, apart from its surface bands). */
  mapJob: number;
  readonly mapBusy: { job: number; band: readonly [number, number] }[];
}

interface MapActive {
  readonly id: number;
  readonly request: MapPoolRequest;
  readonly sink: MapSink;
  readonly queue: (readonly [number, number])[];
  cancelled: boolean;
  cancelFallback: (() => void) | null;
}

/**
 * Bands a worker may hold at once: the one it computes and the next, so it starts that one as soon as it
 * posts a reply instead of idling until this thread, which may be in a training task of 10–40 ms, reads
 * the reply and answers (measured: about 1 ms per band when idle, up to 26 ms while training). The price: a
 * newer job's first band on a worker may wait for two older ones (about 45 ms on 2 cores), most of it
 * hidden behind the newer job's coarse preview, which this thread computes first.
 */
const DEPTH = 2;

interface Active {
  readonly id: number;
  readonly request: BandRequest;
  readonly sink: BandSink;
  readonly queue: (readonly [number, number])[];
  cancelled: boolean;
  cancelFallback: (() => void) | null;
}

/**
 * `size` band workers (spawned on the first request) that take a request's bands DEPTH at a time each, so
 * faster workers take more; a newer request, or cancel, drops the rest (replies of an older job are
 * ignored when they arrive). Never hangs on a broken worker: a worker that cannot be spawned or dies is
 * dropped and its band handed to another; with none left, `fallback` (inline) computes the rest. A band
 * whose computation fails in a worker is recomputed inline, and only if that fails too is the error
 * reported.
 */
export function createWorkerPool(size: number, spawn: SpawnBand, fallback: BandPool, mapFallback?: MapPool): BandPool & MapPool {
  const slots: Slot[] = [];
  let spawned = false;
  let jobs = 0;
  let active: Active | null = null;
  let mapJobs = 0;
  let mapActive: MapActive | null = null;

  /** Like dispatch, for the active map's row bands (bandMessages.ts `map`), with `mapFallback` when no worker is left. */
  function dispatchMap(): void {
    const a = mapActive;
    if (!a || a.cancelled || a.queue.length === 0) return;
    const live = slots.filter((s) => s.port);
    if (live.length === 0 || !mapFallback) {
      if (mapFallback) a.cancelFallback = mapFallback.mapBands({ ...a.request, bands: a.queue.splice(0) }, a.sink);
      else {
        a.cancelled = true;
        a.queue.length = 0;
        a.sink.onError(new Error('no band worker left for the map'));
      }
      return;
    }
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const slot of live) {
        if (a.queue.length === 0 || (depth > 1 && a.queue.length < live.length)) return;
        if (!slot.port || slot.mapBusy.length >= depth) continue;
        const band = a.queue.shift()!;
        const first = slot.mapJob !== a.id ? a.request.init : undefined;
        slot.mapBusy.push({ job: a.id, band });
        try {
          slot.port.post({ type: 'map', job: a.id, r0: band[0], r1: band[1], init: first }, []);
          slot.mapJob = a.id;
        } catch {
          requeue(slot);
          dispatchMap();
          dispatch();
          return;
        }
      }
    }
  }

  function onMapMessage(slot: Slot, msg: Extract<FromBand, { type: 'map' | 'map-dropped' | 'map-error' }>): void {
    const k = slot.mapBusy.findIndex((b) => b.job === msg.job && b.band[0] === msg.r0 && b.band[1] === msg.r1);
    const busy = k >= 0 ? slot.mapBusy.splice(k, 1)[0] : undefined;
    const a = mapActive;
    if (a && !a.cancelled && busy?.job === a.id) {
      if (msg.type === 'map') a.sink.onBand({ r0: msg.r0, r1: msg.r1, cols: msg.cols, status: msg.status, step: msg.step, loss: msg.loss });
      else if (msg.type === 'map-dropped') a.queue.unshift(busy.band);
      else {
        a.cancelled = true;
        a.queue.length = 0;
        a.sink.onError(new Error(msg.message));
        return;
      }
    }
    dispatchMap();
  }

  const kill = (slot: Slot) => {
    try {
      slot.port?.terminate();
    } catch {
      // already gone
    }
    slot.port = null;
  };

  const init = (r: BandRequest): BandInit => ({
    experiment: r.experiment,
    grid: r.grid,
    origin: Float64Array.from(r.plane.origin),
    u: Float64Array.from(r.plane.u),
    v: Float64Array.from(r.plane.v),
    window: [r.plane.aMin, r.plane.aMax, r.plane.bMin, r.plane.bMax],
  });

  const fail = (a: Active, err: unknown) => {
    a.cancelled = true;
    a.queue.length = 0;
    a.sink.onError(err);
  };

  function dispatch(): void {
    const a = active;
    if (!a || a.cancelled || a.queue.length === 0) return;
    const live = slots.filter((s) => s.port);
    if (live.length === 0) {
      a.cancelFallback = fallback.sampleBands({ ...a.request, bands: a.queue.splice(0) }, a.sink);
      return;
    }
    // Fill every worker's first place before any second one, and give out second places only while
    // bands remain for every worker, so the last bands are not queued behind a busy worker while another idles.
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const slot of live) {
        if (a.queue.length === 0 || (depth > 1 && a.queue.length < live.length)) return;
        if (!slot.port || slot.busy.length >= depth) continue;
        const band = a.queue.shift()!;
        const first = slot.job !== a.id ? init(a.request) : undefined;
        slot.busy.push({ job: a.id, band });
        try {
          slot.port.post({ type: 'band', job: a.id, from: band[0], to: band[1], init: first }, first ? [first.origin.buffer, first.u.buffer, first.v.buffer] : []);
          slot.job = a.id;
        } catch {
          requeue(slot);
          dispatch();
          return;
        }
      }
    }
  }

  /** Kills a broken worker and puts its unanswered bands of the active job back at the queue's front. */
  function requeue(slot: Slot): void {
    kill(slot);
    const a = active;
    const mine = slot.busy.splice(0).filter((b) => a && !a.cancelled && b.job === a.id);
    if (a) a.queue.unshift(...mine.map((b) => b.band));
    const m = mapActive;
    const maps = slot.mapBusy.splice(0).filter((b) => m && !m.cancelled && b.job === m.id);
    if (m) m.queue.unshift(...maps.map((b) => b.band));
  }

  function onMessage(slot: Slot, msg: FromBand): void {
    // Map replies (bandMessages.ts) belong to whoever asked for the map, not to the surface's bands.
    if (msg.type !== 'band' && msg.type !== 'error') return onMapMessage(slot, msg);
    const k = slot.busy.findIndex((b) => b.job === msg.job && b.band[0] === msg.from && b.band[1] === msg.to);
    const busy = k >= 0 ? slot.busy.splice(k, 1)[0] : undefined;
    const a = active;
    if (a && !a.cancelled && busy?.job === a.id && msg.job === a.id) {
      let band: CellBand;
      if (msg.type === 'band') band = { from: msg.from, to: msg.to, values: msg.values, min: msg.min, max: msg.max };
      else {
        try {
          band = a.request.inline(msg.from, msg.to);
        } catch (err) {
          fail(a, err);
          return;
        }
      }
      a.sink.onBand(band);
    }
    dispatch();
  }

  function onError(slot: Slot): void {
    if (!slot.port) return;
    requeue(slot);
    dispatch();
    dispatchMap();
  }

  function spawnAll() {
    spawned = true;
    for (let k = 0; k < size; k++) {
      const slot: Slot = { port: null, job: -1, busy: [], mapJob: -1, mapBusy: [] };
      slots.push(slot);
      try {
        slot.port = spawn(
          (msg) => onMessage(slot, msg),
          () => onError(slot),
        );
      } catch {
        slot.port = null;
      }
    }
  }

  const cancelMap = (a: MapActive) => {
    if (a.cancelled) return;
    a.cancelled = true;
    a.queue.length = 0;
    a.cancelFallback?.();
    for (const slot of slots) {
      if (!slot.port || !slot.mapBusy.some((b) => b.job === a.id)) continue;
      // The worker answers the dropped bands with map-dropped; they are no longer ours to wait for.
      slot.mapBusy.splice(0, slot.mapBusy.length, ...slot.mapBusy.filter((b) => b.job !== a.id));
      try {
        slot.port.post({ type: 'map-cancel', job: a.id }, []);
      } catch {
        requeue(slot);
      }
    }
  };

  return {
    concurrent: true,
    workers: size,
    mapBands(request, sink) {
      if (!spawned) spawnAll();
      if (mapActive) cancelMap(mapActive);
      const a: MapActive = { id: ++mapJobs, request, sink, queue: request.bands.slice(), cancelled: false, cancelFallback: null };
      mapActive = a;
      dispatchMap();
      return () => cancelMap(a);
    },
    sampleBands(request, sink) {
      if (!spawned) spawnAll();
      if (active) {
        active.cancelled = true;
        active.cancelFallback?.();
      }
      const a: Active = { id: ++jobs, request, sink, queue: request.bands.slice(), cancelled: false, cancelFallback: null };
      active = a;
      dispatch();
      return () => {
        a.cancelled = true;
        a.queue.length = 0;
        a.cancelFallback?.();
      };
    },
  };
}
