/**
 * Browser figures for `npm run bench`, in headless Debian Chromium (SwiftShader, no GPU) against the
 * production build: the load figures (firstPaint.ts: initial JS, navigation → first contour plot and 3D
 * surface on screen), latency from a learning-rate slider input to the animation frame that shows the
 * new paths, and main-thread JS time per interaction (CDP Performance.getMetrics ScriptDuration); then the
 * MLP lab's figures (browserMlp.ts).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import { MAP_SETTLE_MS } from '../../src/bridge/mapRequests';
import { launch } from '../e2e/browser';
import { benchMlpBrowser } from './browserMlp';
import { steadyState } from './measure';
import { loadRows } from './firstPaint';
import type { BenchRow } from './types';

const MOVES = 50;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Eight runs of the optimizers that follow the global η (so every slider move reruns all eight). */
export const EIGHT_RUNS = 'gd,momentum,nesterov,gd(eta:0.5),momentum(gamma:0.5),nesterov(gamma:0.5),gd(clip:1),quickprop';

/**
 * Moves the η slider MOVES times on the page at `hash` with `runs` runs: latency from each input to the
 * frame after every path of the new run is complete, and CDP ScriptDuration per move.
 */
export async function sliderFigures(browser: import('playwright-core').Browser, base: string, hash: string, runs: number) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}#${hash}`);
  await page.waitForFunction((n) => {
    const d = (window as never as { __downhill?: { live: { surface: unknown }; store: { getState(): { runs: ({ status: { kind: string } } | null)[] } } } }).__downhill;
    return !!d?.live.surface && d.store.getState().runs.filter((r) => r && r.status.kind !== 'running').length === n;
  }, runs);
  await steadyState(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => {
    const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return m.metrics.find((x) => x.name === 'ScriptDuration')!.value * 1000;
  };
  const before = await script();
  const latencies: number[] = await page.evaluate(async (moves) => {
    type H = { live: { subscribe(fn: () => void): () => void; sentRun: number; doneRun: number } };
    const d = (window as never as { __downhill: H }).__downhill;
    const input = document.querySelector<HTMLInputElement>('.controls input[type=range]')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const lo = Number(input.min);
    const span = Number(input.max) - lo;
    const out: number[] = [];
    for (let i = 0; i < moves; i++) {
      // Positions on the slider's own scale (round values of η) around its middle, each different from the last.
      const v = Math.round(lo + span * (0.35 + 0.02 * (i % 20)));
      await new Promise<void>((resolve) => {
        const t0 = performance.now();
        // A move that starts no new run (or whose run never completes) must not hang the bench.
        const giveUp = setTimeout(() => {
          unsub();
          out.push(NaN);
          resolve();
        }, 5000);
        const unsub = d.live.subscribe(() => {
          // live.doneRun catches up with sentRun when every path of the newest run is complete.
          if (d.live.doneRun !== d.live.sentRun) return;
          unsub();
          clearTimeout(giveUp);
          // The app's views draw in the next animation frame; a callback queued now runs after theirs.
          requestAnimationFrame(() => {
            out.push(performance.now() - t0);
            setTimeout(resolve, 20);
          });
        });
        setValue.call(input, String(v === Number(input.value) ? v + 1 : v));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    }
    return out;
  }, MOVES);
  const jsPer = ((await script()) - before) / MOVES;
  await page.close();
  const done = latencies.filter((x) => !Number.isNaN(x));
  console.error(`bench: ${runs} runs: ${done.length} of ${MOVES} slider moves drew a new run within 5 s`);
  return { median: quantile(done, 0.5), p95: quantile(done, 0.95), jsPer };
}

/**
 * The (η, γ) map on the sigmoid neuron with 1000-step runs: from the page's map request (a switch of the
 * map's run between momentum and Nesterov, on a warm page) to the coarse 16 × 16 and the fine 64 × 64
 * map complete in the store (the bridge's own timestamps: MapState.ms), medians over `times` requests.
 */
export async function mapFigures(browser: import('playwright-core').Browser, base: string, times = 7) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}#v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6&theory=2`);
  type H = { store: { getState(): { map: { done: boolean; id: number; ms: Record<number, number> } | null; setTheory(i: number): void }; subscribe(fn: () => void): () => void } };
  await page.waitForFunction(() => (window as never as { __downhill?: H }).__downhill?.store.getState().map?.done === true, null, { timeout: 60_000 });
  const coarse: number[] = [];
  const fine: number[] = [];
  for (let k = 0; k < times; k++) {
    const ms = await page.evaluate(
      (run) =>
        new Promise<Record<number, number>>((resolve) => {
          const d = (window as never as { __downhill: H }).__downhill;
          const unsub = d.store.subscribe(() => {
            const m = d.store.getState().map;
            if (!m?.done) return;
            unsub();
            resolve(m.ms);
          });
          d.store.getState().setTheory(run);
        }),
      1 + (k % 2),
    );
    coarse.push(ms[16]!);
    fine.push(ms[64]!);
  }
  await page.close();
  return { coarse: quantile(coarse, 0.5), fine: quantile(fine, 0.5), coarseMax: Math.max(...coarse), fineMax: Math.max(...fine) };
}

export async function benchBrowser(): Promise<BenchRow[]> {
  if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'ignore' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  const base = server.resolvedUrls!.local[0]!;
  const browser = await launch();
  try {
    // First, on an idle page: the load figures (initial JS, navigation → first contour plot and 3D surface).
    const load = await loadRows(browser, `${base}#v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6`);
    const three = await sliderFigures(browser, base, 'v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6', 3);
    const eight = await sliderFigures(browser, base, `steps=1000&runs=${EIGHT_RUNS}`, 8);
    // The same with the 3D view rendered on the page (?render3d=page) instead of in its worker: same-run ratio.
    const eightPage = await sliderFigures(browser, `${base}?render3d=page`, `steps=1000&runs=${EIGHT_RUNS}`, 8);
    const map = await mapFigures(browser, base);
    return [
      ...load,
      { name: 'browser: (η, γ) map request → coarse 16 × 16 complete, median', value: map.coarse, unit: 'ms', target: 100, note: `from its post to the worker (after the ${MAP_SETTLE_MS} ms settle); sigmoid, momentum/Nesterov 1000-step cells, worst ${map.coarseMax.toFixed(0)} ms` },
      { name: 'browser: (η, γ) map request → fine 64 × 64 complete, median', value: map.fine, unit: 'ms', target: 1000, note: `band workers (one per core), worst ${map.fineMax.toFixed(0)} ms` },
      { name: 'browser: slider → frame with new paths, median (3 runs)', value: three.median, unit: 'ms', note: `${MOVES} moves, headless SwiftShader` },
      { name: 'browser: slider → frame with new paths, p95 (3 runs)', value: three.p95, unit: 'ms', target: 50 },
      { name: 'browser: main-thread JS per interaction (3 runs)', value: three.jsPer, unit: 'ms', target: 4, note: 'CDP ScriptDuration, includes React, drawing, bridge' },
      { name: 'browser: slider → frame with new paths, median (8 runs × 1000 steps)', value: eight.median, unit: 'ms', note: `${MOVES} moves` },
      { name: 'browser: slider → frame with new paths, p95 (8 runs × 1000 steps)', value: eight.p95, unit: 'ms', target: 50 },
      { name: 'browser: main-thread JS per interaction (8 runs)', value: eight.jsPer, unit: 'ms', target: 4, note: 'CDP ScriptDuration' },
      { name: 'browser: main-thread JS per interaction (8 runs), 3D view on the page', value: eightPage.jsPer, unit: 'ms', note: `?render3d=page; the 3D view in its worker does ${(eight.jsPer / eightPage.jsPer).toFixed(2)}× the main thread's JS (same run)` },
      ...(await benchMlpBrowser(browser, base)),
      ...(await benchMlpBrowser(browser, `${base}?render3d=page`, true)),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
