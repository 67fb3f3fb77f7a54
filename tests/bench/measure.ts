/** Timing helpers shared by the bench modules. Not tests: nothing here asserts on time. */

export interface TimingOptions {
  /** Untimed calls of every function for at least this long first, so the JIT has settled (ms). */
  readonly warmupMs?: number;
  /** Stop sampling after this much wall time (ms)… */
  readonly budgetMs?: number;
  /** …but take at least this many samples per function… */
  readonly minSamples?: number;
  /** …and at most this many. */
  readonly maxSamples?: number;
}

export interface Timing {
  /** Median time of one call (ms). */
  readonly median: number;
  readonly samples: number;
}

let sink: unknown;
/** Keeps a result reachable so the optimizer cannot drop the work that produced it. */
export function consume(x: unknown): void {
  sink = x;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Times each function once per round, in turn (a, b, a, b, …), so clock drift, thermal throttling and
 * GC pressure hit all of them alike; returns the median per function, in the order given.
 */
export function timeInterleaved(fns: readonly (() => unknown)[], opts: TimingOptions = {}): Timing[] {
  const { warmupMs = 300, budgetMs = 1500, minSamples = 30, maxSamples = 2000 } = opts;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) for (const f of fns) consume(f());
  const times = fns.map(() => [] as number[]);
  const end = performance.now() + budgetMs;
  for (let round = 0; round < maxSamples; round++) {
    if (round >= minSamples && performance.now() > end) break;
    fns.forEach((f, i) => {
      const t0 = performance.now();
      consume(f());
      times[i]!.push(performance.now() - t0);
    });
  }
  return times.map((t) => ({ median: median(t), samples: t.length }));
}

/**
 * Waits for the page's own after-load work (KaTeX typeset, the offline copy's precaching: both wait for the
 * 3D view's first frame, src/views/firstPaint.ts), so measured moves do not share the cores with it.
 */
export async function steadyState(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.equations .katex') !== null, null, { timeout: 30_000, polling: 100 });
  await page.evaluate(() => ('serviceWorker' in navigator ? navigator.serviceWorker.ready.then(() => undefined) : undefined));
}
