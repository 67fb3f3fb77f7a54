import { createBandHandler } from './bandHandler';
import type { FromBand, ToBand } from './bandMessages';

interface WorkerScope {
  postMessage(msg: FromBand, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToBand>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const handle = createBandHandler((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (e) => handle(e.data);
