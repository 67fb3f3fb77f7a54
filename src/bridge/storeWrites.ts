import type { AppStore, Progress, RunSummary } from '../state/store';

/**
 * The shortest time between two progress reports that only count rows on (the bar's text is read, not watched).
 * Longer than the page's STREAM_EMIT_MS: while paths stream, each stream emit writes them first (flush).
 */
export const PROGRESS_GAP_MS = 150;
/** The shortest time between two writes of summaries that only count rows on (a running run's length and loss so far); as PROGRESS_GAP_MS. */
export const SUMMARY_GAP_MS = 150;

/**
 * The bridge's writes of run summaries and of the progress bar to the store, batched: every store write
 * runs every subscriber's selector (and re-renders what changed), while the worker reports a chunk of
 * rows or a band of a surface many times a frame.
 *
 * - Summaries wait for the next frame (`schedule`), all runs' changes in one write; while every change
 *   only counts a running run's rows on, at most one write per SUMMARY_GAP_MS (the MLP lab streams a chunk
 *   per run every few milliseconds for a second, and each write re-rendered the legend, the run menus and
 *   the per-layer chart); a new status, a new run or a removed one is written at the next frame.
 * - The progress bar: the newest stage report, written at most once per frame; a report that only counts
 *   on (same stage and size, not done) is kept but not written within PROGRESS_GAP_MS of the last write
 *   (the next report writes the newest). Stage changes and the end are written at once (issue 8, item 8).
 * - `flush` makes what is held due at the next frame: the bridge calls it as it tells the views of new rows,
 *   so the legend, the bar and the canvases change in the same frame instead of in three (every frame with a change costs
 *   the browser a style, layout, paint and commit of the page: an MLP move changed about 70 frames).
 */
export function createStoreWrites({ store, now, schedule, later = (fn, ms) => void setTimeout(fn, ms) }: { store: AppStore; now: () => number; schedule: (fn: () => void) => void; later?: (fn: () => void, ms: number) => void }) {
  /** Summaries waiting to be written, by run position (null: the run is gone). */
  const pendingRuns = new Map<number, RunSummary | null>();
  /** A write is queued for the next frame, or for when SUMMARY_GAP_MS has passed since the last. */
  let runsQueued: 'frame' | 'later' | null = null;
  let runsAt = -Infinity;
  /** Counts writes: a held timer set before the last write (a flush) finds it changed and leaves. */
  let runsWritten = 0;
  const flushRuns = () => {
    runsQueued = null;
    runsWritten++;
    if (pendingRuns.size === 0) return;
    const patch = new Map(pendingRuns);
    pendingRuns.clear();
    runsAt = now();
    store.getState().setSummaries(patch);
  };
  /** Whether writing `summary` for `run` would only count its rows on (same status, still running). */
  const countsOn = (run: number, summary: RunSummary | null) => {
    const shown = store.getState().runs[run] ?? null;
    return summary !== null && shown !== null && summary.status.kind === 'running' && shown.status.kind === 'running' && summary.length >= shown.length;
  };
  let progress: Progress | null = null;
  let progressQueued = false;
  let progressAt = -Infinity;
  const writeProgress = () => {
    progressQueued = false;
    if (progress === store.getState().progress) return;
    progressAt = now();
    store.getState().setProgress(progress);
  };
  return {
    /** The newest progress report (written or about to be). */
    get progress(): Progress | null {
      return progress;
    },
    /** Forgets the summaries not yet written (a lab switch clears them all at once). */
    dropRuns() {
      pendingRuns.clear();
    },
    queueRun(run: number, summary: RunSummary | null) {
      pendingRuns.set(run, summary);
      if (runsQueued === 'frame') return;
      const wait = runsAt + SUMMARY_GAP_MS - now();
      if (wait > 0 && [...pendingRuns].every(([i, x]) => countsOn(i, x))) {
        if (runsQueued === null) {
          runsQueued = 'later';
          const at = runsWritten;
          later(() => {
            if (runsQueued !== 'later' || runsWritten !== at) return;
            runsQueued = 'frame';
            schedule(flushRuns);
          }, wait);
        }
        return;
      }
      runsQueued = 'frame';
      schedule(flushRuns);
    },
    /**
     * Makes the held summaries and progress report due at the next frame, where the views draw the rows just
     * told them (the writes stay batched per frame); a held timer then finds nothing left to do.
     */
    flush() {
      if (pendingRuns.size > 0 && runsQueued !== 'frame') {
        runsQueued = 'frame';
        schedule(flushRuns);
      }
      if (!progressQueued && progress !== store.getState().progress) {
        progressQueued = true;
        schedule(writeProgress);
      }
    },
    setProgress(p: Progress | null) {
      progress = p;
      const shown = store.getState().progress;
      const countsOn = p !== null && shown !== null && p.stage === shown.stage && p.total === shown.total && p.done < p.total;
      if (progressQueued || (countsOn && now() - progressAt < PROGRESS_GAP_MS)) return;
      progressQueued = true;
      schedule(writeProgress);
    },
  };
}
