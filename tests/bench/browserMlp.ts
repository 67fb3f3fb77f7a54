/**
 * MLP-lab figures for `npm run bench` (issue 8, item 8), in the same headless Chromium as browser.ts:
 * slider → first frame with the new run's paths, main-thread JS per interaction (CDP ScriptDuration),
 * long tasks (PerformanceObserver 'longtask') over single interactions and over ten quick key ticks.
 */
import type { Browser } from 'playwright-core';
import { installProbe, mainThreadGpuWait, type Probe, type TraceEvent } from '../e2e/probe';
import { steadyState } from './measure';
import type { BenchRow } from './types';

const MOVES = 20;
const HASH = 'problem=mlp';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** Runs in the page: nothing pending, the fine surface in and its bar at the end. */
function settledInPage(): boolean {
  type S = { progress: { done: number; total: number } | null };
  const d = (window as never as { __downhill?: { live: { surface: { coarse: boolean } | null; sentRun: number; doneRun: number }; store: { getState(): S } } }).__downhill;
  if (!d?.live.surface || d.live.surface.coarse || d.live.doneRun !== d.live.sentRun) return false;
  const p = d.store.getState().progress;
  return p !== null && p.done === p.total;
}

/**
 * The MLP lab's figures at `base`; `pageGl`: only main-thread JS per interaction, named as the 3D view
 * rendered on the page (base ends in ?render3d=page), the comparison with its worker.
 */
export async function benchMlpBrowser(browser: Browser, base: string, pageGl = false): Promise<BenchRow[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(installProbe);
  await page.goto(`${base}#${HASH}`);
  await page.waitForFunction(settledInPage, null, { timeout: 60_000 });
  await steadyState(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => {
    const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return m.metrics.find((x) => x.name === 'ScriptDuration')!.value * 1000;
  };
  const reset = () => page.evaluate(() => void ((window as never as { __probe: Probe }).__probe = { longTasks: [], inputDelays: [], events: [] }));
  const probe = () => page.evaluate(() => (window as never as { __probe: Probe }).__probe);

  // One slider input at a time, each waited for to the end (fine surface in): latency to the first frame with new paths.
  await reset();
  const latencies: number[] = [];
  let js = 0;
  for (let i = 0; i < MOVES; i++) {
    const before = await script();
    latencies.push(
      await page.evaluate((i) => {
        type H = { live: { subscribe(fn: () => void): () => void; sentRun: number; paths: ({ run: number; length: number } | undefined)[] } };
        const d = (window as never as { __downhill: H }).__downhill;
        const input = document.querySelector<HTMLInputElement>('.controls input[type=range]')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        return new Promise<number>((resolve) => {
          const t0 = performance.now();
          const unsub = d.live.subscribe(() => {
            if (!d.live.paths.some((p) => p !== undefined && p.run === d.live.sentRun && p.length > 0)) return;
            unsub();
            // The views draw in the next animation frame; a callback queued now runs after theirs.
            requestAnimationFrame(() => resolve(performance.now() - t0));
          });
          // Positions on the slider's own scale (round values of η), each different from the last.
          const lo = Number(input.min);
          const span = Number(input.max) - lo;
          const v = Math.round(lo + span * (0.3 + 0.02 * (i % 10)));
          setValue.call(input, String(v === Number(input.value) ? v + 1 : v));
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
      }, i),
    );
    // Polled every 100 ms, not every frame: the bench's own predicate must not count as the page's JS.
    await page.waitForFunction(settledInPage, null, { timeout: 60_000, polling: 100 });
    js += (await script()) - before;
  }
  const single = await probe();
  if (pageGl) {
    await page.close();
    return [{ name: 'browser MLP: main-thread JS per interaction, 3D view on the page', value: js / MOVES, unit: 'ms', note: '?render3d=page (the default renders it in its worker)' }];
  }

  // Ten ArrowRight presses 40 ms apart on the η slider, as a person holding the key, traced to see how long
  // the main thread waits for pixels from the GPU process (GLES2::ReadPixels).
  await page.locator('.controls input[type=range]').first().focus();
  await reset();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', 'gpu', 'cc'] });
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(40);
  }
  await page.waitForFunction(settledInPage, null, { timeout: 60_000 });
  const readback = mainThreadGpuWait(JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] });
  const ticks = await probe();
  await page.close();
  const note = `${HASH}, ${MOVES} inputs, each to the fine surface`;
  return [
    { name: 'browser MLP: slider → frame with first new paths, median', value: quantile(latencies, 0.5), unit: 'ms', note },
    { name: 'browser MLP: slider → frame with first new paths, p95', value: quantile(latencies, 0.95), unit: 'ms', target: 100 },
    { name: 'browser MLP: main-thread JS per interaction', value: js / MOVES, unit: 'ms', target: 8, note: 'CDP ScriptDuration, to the fine surface' },
    { name: 'browser MLP: longest task, single inputs', value: Math.max(0, ...single.longTasks), unit: 'ms', target: 50, note: `${single.longTasks.length} long tasks in ${MOVES} inputs` },
    { name: 'browser MLP: longest task, 10 key ticks 40 ms apart', value: Math.max(0, ...ticks.longTasks), unit: 'ms', target: 50, note: `${ticks.longTasks.length} long tasks` },
    { name: 'browser MLP: main thread waiting for GPU pixels, 10 ticks', value: readback, unit: 'ms', note: 'trace: GLES2::ReadPixels on CrRendererMain' },
    { name: 'browser MLP: longest key-press wait, 10 ticks', value: Math.max(0, ...ticks.inputDelays), unit: 'ms', target: 50, note: 'keydown handler start − event time' },
    { name: 'browser MLP: longest press → next paint, 10 ticks', value: Math.max(0, ...ticks.events.map((e) => e.duration)), unit: 'ms', note: `Event Timing duration (as INP), ${ticks.events.length} events ≥ 16 ms` },
    { name: 'browser MLP: longest JS of one press, 10 ticks', value: Math.max(0, ...ticks.events.map((e) => e.processing)), unit: 'ms', target: 8, note: 'Event Timing processingEnd − processingStart: the handlers of one key press (the JS per interaction above runs to the fine surface)' },
  ];
}
