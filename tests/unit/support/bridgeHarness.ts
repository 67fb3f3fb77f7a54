/** The bridge's test harness: a fake worker that records what it is sent and replies on demand. */
import { createBridge, type Bridge, type BridgeOptions, type WorkerLike } from '../../../src/bridge/bridge';
import { createLive } from '../../../src/bridge/live';
import type { AnyShared } from '../../../src/protocol/experiment';
import type { AnyToWorker, FromWorker, RunNotes, RunStatus } from '../../../src/protocol/messages';
import { createAppStore } from '../../../src/state/store';
import { defaultShared } from '../../../src/url/codec';

export type RunMsg = Extract<AnyToWorker, { type: 'run' }>;

export type MapMsg = Extract<AnyToWorker, { type: 'map' | 'map-cancel' }>;

export class FakeWorker implements WorkerLike {
  /** Everything but the (η, γ) map's requests, which go to `maps`. */
  readonly sent: AnyToWorker[] = [];
  readonly maps: MapMsg[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(msg: AnyToWorker) {
    if (msg.type === 'map' || msg.type === 'map-cancel') this.maps.push(msg);
    else this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
  crash(message: string) {
    let prevented = false;
    this.onerror?.({ message, preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    return prevented;
  }
  runs(): RunMsg[] {
    return this.sent.filter((m): m is RunMsg => m.type === 'run');
  }
  lastRun(): RunMsg {
    const r = this.runs().at(-1);
    if (!r) throw new Error('no run sent');
    return r;
  }
}

export const HANG_MS = 2000;
const made: Bridge[] = [];
/** Disposes every bridge harness() made (call in afterEach). */
export function disposeBridges(): void {
  for (const b of made.splice(0)) b.dispose();
}

export function harness(opts: Partial<BridgeOptions> = {}, initial: AnyShared = defaultShared()) {
  const store = createAppStore(initial);
  const live = createLive();
  const workers: FakeWorker[] = [];
  const clock = { t: 0 };
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const bridge = createBridge({
    store,
    live,
    spawn: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    hangMs: HANG_MS,
    now: () => clock.t,
    setInterval: (fn, ms) => {
      intervals.push({ fn, ms, cleared: false });
      return intervals.length - 1;
    },
    clearInterval: (id) => {
      intervals[id as number]!.cleared = true;
    },
    // Maps start at once here; the settle delay has its own test.
    mapSettleMs: 0,
    ...opts,
  });
  made.push(bridge);
  const worker = () => workers.at(-1)!;
  /** Advances the injected clock and fires the watchdog interval once. */
  const tick = (t: number) => {
    clock.t = t;
    for (const i of intervals) if (!i.cleared) i.fn();
  };
  return { store, live, workers, worker, clock, intervals, bridge, tick };
}

/** What a chunk says beside its rows (defaults: no notes, no time measured). */
export interface ChunkExtras {
  readonly notes?: RunNotes;
  readonly msPerStep?: number;
}

/** A chunk of run position `run`: row k holds params (2k, 2k + 1) and loss 1 / (k + 1). */
export function chunk(runId: number, run: number, from: number, rows: number, status: RunStatus, extras: ChunkExtras = {}): FromWorker {
  return {
    type: 'chunk',
    runId,
    run,
    from,
    params: Float64Array.from({ length: 2 * rows }, (_, i) => from * 2 + i),
    loss: Float64Array.from({ length: rows }, (_, i) => 1 / (from + i + 1)),
    status,
    notes: extras.notes ?? { indefiniteFrom: null },
    msPerStep: extras.msPerStep ?? 0,
  };
}

/** Replies to the latest run with one complete, finished path per run position. */
export function finishRun(w: FakeWorker) {
  const { runId, experiment } = w.lastRun();
  experiment.runs.forEach((_, i) => w.reply(chunk(runId, i, 0, experiment.steps + 1, { kind: 'finished' })));
}
