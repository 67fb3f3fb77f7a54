import type { OptimizerId } from '../../../src/protocol/experiment';
import type { FromWorker } from '../../../src/protocol/messages';
import { createHandler } from '../../../src/worker/handler';

export type Chunk = Extract<FromWorker, { type: 'chunk' }>;
export type Surface = Extract<FromWorker, { type: 'surface' }>;

/** The worker handler wired to a recording `post` and a manual `schedule` queue (drained on demand). */
export function handlerHarness() {
  const posted: { msg: FromWorker; transfer: Transferable[] }[] = [];
  const queue: (() => void)[] = [];
  const handle = createHandler(
    (msg, transfer) => posted.push({ msg, transfer }),
    (fn) => queue.push(fn),
  );
  const drain = () => {
    for (let guard = 0; queue.length > 0; guard++) {
      if (guard > 10_000) throw new Error('schedule queue never empties');
      queue.shift()!();
    }
  };
  const messages = () => posted.map((p) => p.msg);
  const chunks = (runId: number, id?: OptimizerId) =>
    messages().filter((m): m is Chunk => m.type === 'chunk' && m.runId === runId && (id === undefined || m.optimizer === id));
  const surfaces = (runId: number) => messages().filter((m): m is Surface => m.type === 'surface' && m.runId === runId);
  return { handle, posted, queue, drain, messages, chunks, surfaces };
}
