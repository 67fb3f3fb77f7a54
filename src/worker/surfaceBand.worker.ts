import { createBandHandler } from './bandHandler';
import type { FromBand, ToBandWorker } from './bandMessages';

interface WorkerScope {
  postMessage(msg: FromBand, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToBandWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
/** A new task after messages already queued (MessageChannel: setTimeout(0) is clamped once nested), so a map's rows let a cancel in. */
const schedule = (() => {
  if (typeof MessageChannel !== 'function') return (fn: () => void) => void setTimeout(fn, 0);
  const pending: (() => void)[] = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => pending.shift()?.();
  return (fn: () => void) => {
    pending.push(fn);
    channel.port2.postMessage(null);
  };
})();
const handle = createBandHandler((msg, transfer) => scope.postMessage(msg, transfer), schedule);
scope.onmessage = (e) => handle(e.data);
