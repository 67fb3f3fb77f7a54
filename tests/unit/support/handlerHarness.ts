import type { FromWorker } from '../../../src/protocol/messages';
import { createHandler } from '../../../src/worker/handler';

export type Chunk = Extract<FromWorker, { type: 'chunk' }>;
export type Surface = Extract<FromWorker, { type: 'surface' }>;

export interface HandlerHarnessOptions {
  /**
   * Milliseconds the injected clock moves on every reading (0 by default: a still clock, so runs are
   * reproducible bit for bit, msPerStep included). The worker reads it before and after each advance.
   */
  readonly msPerReading?: number;
}

/**
 * The worker handler wired to a recording `post`, a manual `schedule` queue (drained on demand) and a
 * fake clock (`clock.readings` counts how often the handler read it).
 */
export function handlerHarness({ msPerReading = 0 }: HandlerHarnessOptions = {}) {
  const posted: { msg: FromWorker; transfer: Transferable[] }[] = [];
  const queue: (() => void)[] = [];
  const clock = { t: 0, readings: 0 };
  const handle = createHandler(
    (msg, transfer) => posted.push({ msg, transfer }),
    (fn) => queue.push(fn),
    undefined,
    () => {
      clock.readings++;
      return (clock.t += msPerReading);
    },
  );
  const drain = () => {
    for (let guard = 0; queue.length > 0; guard++) {
      if (guard > 10_000) throw new Error('schedule queue never empties');
      queue.shift()!();
    }
  };
  const messages = () => posted.map((p) => p.msg);
  /** The chunks of `runId`, of every run or of the run at position `run`. */
  const chunks = (runId: number, run?: number) =>
    messages().filter((m): m is Chunk => m.type === 'chunk' && m.runId === runId && (run === undefined || m.run === run));
  const surfaces = (runId: number) => messages().filter((m): m is Surface => m.type === 'surface' && m.runId === runId);
  return { handle, posted, queue, drain, messages, chunks, surfaces, clock };
}
