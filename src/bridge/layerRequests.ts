import type { AnyToWorker, FromWorker } from '../protocol/messages';
import type { Live } from './live';

type LayersMessage = Extract<FromWorker, { type: 'layers' }>;

/**
 * The MLP's per-layer gradient norms on the main thread: one request per run sent (and per change of
 * the followed run), the chunks copied into Live.layers, whose buffer is allocated once per run and
 * reused. Nothing here loops over more than a chunk.
 */
export function createLayerRequests({ live, post }: { live: Live; post: (m: AnyToWorker) => void }) {
  /** The run (position) the newest request asked for, and its runId. */
  let asked: { runId: number; run: number } | null = null;
  return {
    /** Asks for run `run` of run `runId`; a repeat of the newest request is not sent again. */
    request(runId: number, run: number) {
      if (asked?.runId === runId && asked.run === run) return;
      asked = { runId, run };
      post({ type: 'layers', runId, run });
    },
    /** Forgets the newest request (a restarted worker has none). */
    reset() {
      asked = null;
    },
    /** Writes a chunk of the newest request into live.layers (steps: the experiment's, for the buffer). */
    onMessage(msg: LayersMessage, steps: number) {
      if (!asked || msg.runId !== asked.runId || msg.run !== asked.run) return;
      const L = msg.layers;
      const rows = steps + 1;
      let cur = live.layers;
      if (msg.from === 0 || !cur || cur.runId !== msg.runId || cur.run !== msg.run) {
        const norms = cur && cur.norms.length >= rows * L ? cur.norms : new Float64Array(rows * L);
        cur = live.layers = { runId: msg.runId, run: msg.run, layers: L, length: 0, norms, done: false, stop: null };
      }
      const count = Math.min(msg.norms.length / L, rows - msg.from);
      if (count > 0) cur.norms.set(msg.norms.subarray(0, count * L), msg.from * L);
      cur.length = msg.from + Math.max(0, count);
      cur.done = msg.done;
      cur.stop = msg.stop;
      live.layersVersion++;
      live.emitLayers();
    },
  };
}
