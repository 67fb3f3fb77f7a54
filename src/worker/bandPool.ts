import type { Plane } from '../engine/surface';
import type { CellBand } from '../lab/sliceSurface';
import type { MlpExperiment } from '../protocol/experiment';
import type { Schedule } from './handler';

/**
 * A grid × grid surface of an MLP slice to be sampled in bands of cells (lab/sliceSurface cellBands). Everything a band worker needs to
 * rebuild it deterministically: the experiment (setupMlp is a function of it) and the plane (a 'pca' or
 * end-centred plane depends on the trajectory, so its vectors travel). `inline` computes a band on
 * this thread: the fallback when no band worker can.
 */
export interface BandRequest {
  readonly runId: number;
  readonly experiment: MlpExperiment;
  readonly plane: Plane;
  readonly grid: number;
  /** [from, to) cell ranges, row-major. */
  readonly bands: readonly (readonly [number, number])[];
  readonly inline: (from: number, to: number) => CellBand;
}

/** Hands finished bands back, in any order; `onError` at most once, after which no band follows. */
export interface BandSink {
  onBand(band: CellBand): void;
  onError(err: unknown): void;
}

/**
 * Where the fine surface's bands are computed. `concurrent`: off this thread, so a job may start the
 * bands while it still trains. `sampleBands` returns a cancel function: after it, nothing of that
 * request reaches the sink. A newer request may start before an older one is cancelled.
 */
export interface BandPool {
  readonly concurrent: boolean;
  sampleBands(request: BandRequest, sink: BandSink): () => void;
}

/**
 * The pool of one: every band computed on this thread, one band per scheduled task (so a newer run, or
 * a view request, gets in between). Used by the unit tests and whenever band workers are unavailable.
 */
export function createInlinePool(schedule: Schedule): BandPool {
  return {
    concurrent: false,
    sampleBands(request, sink) {
      let next = 0;
      let cancelled = false;
      const task = () => {
        if (cancelled) return;
        const [from, to] = request.bands[next]!;
        let band: CellBand;
        try {
          band = request.inline(from, to);
        } catch (err) {
          cancelled = true;
          sink.onError(err);
          return;
        }
        next++;
        if (next < request.bands.length) schedule(task);
        sink.onBand(band);
      };
      if (request.bands.length > 0) schedule(task);
      return () => {
        cancelled = true;
      };
    },
  };
}
