import type { FromWorker } from '../protocol/messages';

type Post = (msg: FromWorker, transfer: Transferable[]) => void;
type Chunk = Extract<FromWorker, { type: 'chunk' }>;
type Progress = Extract<FromWorker, { type: 'progress' }>;

/**
 * The engine worker's posts to the page, at most every OUTBOX_GAP_MS while rows stream in. An MLP run
 * posts a chunk per run and a progress report after every task (10–40 ms) for about a second after each
 * change: some hundred messages per slider tick, each read, copied and handled on the page's main thread,
 * which draws them only ten times a second (bridge.ts STREAM_EMIT_MS). Here a running run's chunks that
 * follow on from each other are merged into one, and a progress report replaces the one held before it.
 */
export const OUTBOX_GAP_MS = 100;

/**
 * Wraps `post`. Held: a chunk of a run still running that continues one already sent or held (from > 0),
 * and progress reports short of the end. Everything held goes out, in order, when the gap since the last
 * send has passed (checked at every post, and by a timer), and before any other message: a run's first
 * rows, its end, a surface, the data, a view, an error, a map. Nothing is reordered against the messages
 * sent at once, and a held chunk never waits longer than the gap.
 */
export function createOutbox(
  post: Post,
  { gapMs = OUTBOX_GAP_MS, now = () => performance.now(), later = (fn: () => void, ms: number) => void setTimeout(fn, ms) }: { gapMs?: number; now?: () => number; later?: (fn: () => void, ms: number) => void } = {},
): Post {
  /** Held chunks, one per (runId, run), in the order they were first held; the newest held progress report. */
  const chunks = new Map<string, Chunk>();
  let progress: Progress | null = null;
  let sentAt = -Infinity;
  let timer = false;

  const flush = () => {
    sentAt = now();
    for (const c of chunks.values()) post(c, transferOf(c));
    chunks.clear();
    if (progress) post(progress, []);
    progress = null;
  };

  const hold = (msg: Chunk | Progress): boolean => {
    if (msg.type === 'progress') {
      if (msg.done >= msg.total) return false;
      // It replaces the report held before it: the bar shows the newest.
      progress = msg;
      return true;
    }
    if (msg.from === 0 || msg.status.kind !== 'running') return false;
    const key = `${msg.runId}:${msg.run}`;
    const held = chunks.get(key);
    if (!held) {
      chunks.set(key, msg);
      return true;
    }
    if (held.from + held.loss.length !== msg.from || held.interim !== msg.interim || (held.theta === undefined) !== (msg.theta === undefined)) return false;
    chunks.set(key, merged(held, msg));
    return true;
  };

  return (msg, transfer) => {
    if ((msg.type === 'chunk' || msg.type === 'progress') && hold(msg)) {
      const wait = sentAt + gapMs - now();
      if (wait <= 0) flush();
      else if (!timer) {
        timer = true;
        later(() => {
          timer = false;
          if (chunks.size > 0 || progress) flush();
        }, wait);
      }
      return;
    }
    if (chunks.size > 0 || progress) flush();
    if (msg.type === 'chunk') sentAt = now();
    post(msg, transfer);
  };
}

function transferOf(c: Chunk): Transferable[] {
  const out: Transferable[] = [c.params.buffer, c.loss.buffer];
  if (c.offPlane) out.push(c.offPlane.buffer);
  if (c.theta) out.push(c.theta.buffer);
  return out;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Chunk `a` followed by `b` (rows contiguous): their rows, `b`'s status, notes and time per step. */
function merged(a: Chunk, b: Chunk): Chunk {
  return {
    ...b,
    from: a.from,
    params: concat(a.params, b.params),
    loss: concat(a.loss, b.loss),
    ...(a.offPlane && b.offPlane ? { offPlane: concat(a.offPlane, b.offPlane) } : {}),
    ...(a.theta && b.theta ? { theta: concat(a.theta, b.theta) } : {}),
  };
}
