import { createHandler } from './handler';
import type { AnyToWorker, FromWorker } from '../protocol/messages';

interface WorkerScope {
  postMessage(msg: FromWorker, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<AnyToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const handle = createHandler(
  (msg, transfer) => scope.postMessage(msg, transfer),
  (fn) => setTimeout(fn, 0),
);
scope.onmessage = (e) => handle(e.data);
