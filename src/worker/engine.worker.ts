import { createHandler, type Schedule } from './handler';
import { createOutbox } from './outbox';
import type { FromBand } from './bandMessages';
import { createInlinePool, type BandPool } from './bandPool';
import { createInlineMapPool, type MapPool } from './mapPool';
import { createWorkerPool } from './workerPool';
import type { AnyToWorker, FromWorker } from '../protocol/messages';

interface WorkerScope {
  postMessage(msg: FromWorker, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<AnyToWorker>) => void) | null;
  readonly location: { readonly href: string };
  readonly navigator: { readonly hardwareConcurrency?: number };
}

const scope = self as unknown as WorkerScope;
/**
 * Runs `fn` as a new task, after messages already queued: a MessageChannel rather than setTimeout(0),
 * which browsers clamp to 4 ms once nested, and an MLP run is hundreds of chained tasks.
 */
const schedule: Schedule = (() => {
  if (typeof MessageChannel !== 'function') return (fn: () => void) => void setTimeout(fn, 0);
  const pending: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => pending.shift()?.();
  return (fn: () => void) => {
    pending.push(fn);
    channel.port2.postMessage(null);
  };
})();
const inline = createInlinePool(schedule);
const inlineMaps = createInlineMapPool(schedule);

/**
 * Band workers for the MLP's fine surface: one per core, 1 … 4. `?bands=k` on this worker's URL fixes
 * k (0 = none, every band on this thread), for the benchmark's single-worker baseline.
 */
function bandWorkers(): number {
  const forced = new URL(scope.location.href).searchParams.get('bands');
  if (forced !== null && /^[0-4]$/.test(forced)) return Number(forced);
  const cores = scope.navigator.hardwareConcurrency;
  return Math.max(1, Math.min(4, Number.isInteger(cores) ? cores! : 1));
}

/** One pool of band workers for the MLP's fine surface and every (η, γ) map (each falls back to this thread). */
function pool(): BandPool & MapPool {
  const size = bandWorkers();
  if (size === 0 || typeof Worker !== 'function') return { ...inline, workers: 1, mapBands: inlineMaps.mapBands };
  return createWorkerPool(
    size,
    (onMessage, onError) => {
      const w = new Worker(new URL('./surfaceBand.worker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (e: MessageEvent<FromBand>) => onMessage(e.data);
      w.onerror = (e) => {
        e.preventDefault();
        onError(e.message);
      };
      w.onmessageerror = () => onError('messageerror');
      return { post: (msg, transfer) => w.postMessage(msg, transfer), terminate: () => w.terminate() };
    },
    inline,
    inlineMaps,
  );
}

const pools = pool();
// Streamed rows and progress reports go out at most every OUTBOX_GAP_MS, merged (outbox.ts).
const handle = createHandler(createOutbox((msg, transfer) => scope.postMessage(msg, transfer)), schedule, pools, undefined, pools);
scope.onmessage = (e) => handle(e.data);
// Started: from here on the page's watchdog counts silence as a hang (bridge.ts startMs).
scope.postMessage({ type: 'ready' }, []);
