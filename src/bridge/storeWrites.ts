import type { AppStore, Progress, RunSummary } from '../state/store';

/** The shortest time between two progress reports that only count rows on (the bar's text is read, not watched). */
const PROGRESS_GAP_MS = 100;

/**
 * The bridge's writes of run summaries and of the progress bar to the store, batched: every store write
 * runs every subscriber's selector (and re-renders what changed), while the worker reports a chunk of
 * rows or a band of a surface many times a frame.
 *
 * - Summaries wait for the next frame (`schedule`), all runs' changes in one write.
 * - The progress bar: the newest stage report, written at most once per frame; a report that only counts
 *   on (same stage and size, not done) is kept but not written within PROGRESS_GAP_MS of the last write
 *   (the next report writes the newest). Stage changes and the end are written at once (issue 8, item 8).
 */
export function createStoreWrites({ store, now, schedule }: { store: AppStore; now: () => number; schedule: (fn: () => void) => void }) {
  /** Summaries waiting for the next frame, by run position (null: the run is gone). */
  const pendingRuns = new Map<number, RunSummary | null>();
  const flushRuns = () => {
    if (pendingRuns.size === 0) return;
    const patch = new Map(pendingRuns);
    pendingRuns.clear();
    store.getState().setSummaries(patch);
  };
  let progress: Progress | null = null;
  let progressQueued = false;
  let progressAt = -Infinity;
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
      const first = pendingRuns.size === 0;
      pendingRuns.set(run, summary);
      if (first) schedule(flushRuns);
    },
    setProgress(p: Progress | null) {
      progress = p;
      const shown = store.getState().progress;
      const countsOn = p !== null && shown !== null && p.stage === shown.stage && p.total === shown.total && p.done < p.total;
      if (progressQueued || (countsOn && now() - progressAt < PROGRESS_GAP_MS)) return;
      progressQueued = true;
      schedule(() => {
        progressQueued = false;
        progressAt = now();
        store.getState().setProgress(progress);
      });
    },
  };
}
