/**
 * One figure printed by `npm run bench`. Every bench module (engine.ts, and later browser.ts)
 * returns an array of these; run.ts prints them as one table.
 */
export interface BenchRow {
  /** What was measured, e.g. "engine: 3 optimizers × 1000 steps". */
  readonly name: string;
  /** The measured figure (a median, unless the note says otherwise). */
  readonly value: number;
  /** Unit of `value` and `target`, e.g. "ms". */
  readonly unit: string;
  /** The budget `value` should stay within (same unit); informative only, the bench never fails on time. */
  readonly target?: number;
  /** value / the same figure of a peer implementation measured in the same run (< 1 means we are faster). */
  readonly ratio?: number;
  /** Anything a reader needs to interpret the figure: sample count, what the peer is. */
  readonly note?: string;
}
