/**
 * The long-session soak: drags the start point over the contour plot and moves the η and γ sliders at
 * about 60 Hz for a while, then checks that the page holds steady — three.js geometry and texture counts
 * unchanged, one worker alive, JS heap + ArrayBuffer backing stores grown by less than 2 MB (the smaller of
 * the two halves' growth, doubled) after
 * warm-up (both measured through CDP after a forced GC), and the URL rewritten at most twice a second.
 */
import type { Page } from 'playwright-core';

export interface SoakFigures {
  readonly seconds: number;
  readonly interactions: number;
  readonly rateHz: number;
  readonly heapGrowthBytes: number;
  readonly arrayBufferGrowthBytes: number;
  readonly geometries: [before: number, after: number];
  readonly textures: [before: number, after: number];
  readonly workers: number;
  readonly maxUrlWritesPerSecond: number;
  readonly errors: string[];
}

export const GROWTH_LIMIT = 2 * 1024 * 1024;

interface Handle {
  rendererMemory(): { geometries: number; textures: number };
}

async function memory(page: Page): Promise<{ heap: number; buffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number; embedderHeapUsedSize?: number };
  await cdp.detach();
  return { heap: u.usedSize, buffers: u.backingStorageSize ?? u.embedderHeapUsedSize ?? 0 };
}

/** Installs the replaceState counter; call before page.goto. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __urlWrites: number[] };
    w.__urlWrites = [];
    const orig = history.replaceState.bind(history);
    history.replaceState = (...args: Parameters<History['replaceState']>) => {
      w.__urlWrites.push(performance.now());
      return orig(...args);
    };
  });
}

/**
 * Drives the page from inside at 60 inputs per second of wall time for `ms`: every tick moves the start point around a circle (the
 * same store action the contour drag calls) and, every other tick, the η and γ sliders through real
 * input events; every two seconds the layout switches between overlay and side by side. Returns the number of ticks. Page-side pacing keeps the rate at 60 Hz even when a
 * software-rendered frame takes longer than that (input is then coalesced, as in a real browser).
 */
async function interact(page: Page, ms: number, tick: { n: number }): Promise<void> {
  tick.n += await page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        type H = { store: { getState(): { setStart(w: number, b: number): void; setLayout(l: 'overlay' | 'split'): void } } };
        const d = (window as unknown as { __downhill: H }).__downhill;
        const inputs = document.querySelectorAll<HTMLInputElement>('.controls input[type=range]');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        let k = 0;
        const t0 = performance.now();
        const end = t0 + ms;
        const id = setInterval(() => {
          const now = performance.now();
          if (now >= end) {
            clearInterval(id);
            d.store.getState().setLayout('overlay');
            resolve(k);
            return;
          }
          // 60 inputs per second of wall time: when a software-rendered frame held the thread, the inputs
          // that fell due meanwhile arrive together, as coalesced pointer events do in a browser.
          const due = Math.floor((now - t0) / (1000 / 60));
          // (inline, not a named helper: tsx would wrap a named function in __name(), which the page lacks)
          while (k < due) {
            // Every two seconds the layout flips, so panels (canvases, geometries, listeners) mount and unmount.
            if (k % 120 === 119) d.store.getState().setLayout(k % 240 === 119 ? 'split' : 'overlay');
            const a = (k / 60) * 2 * Math.PI;
            d.store.getState().setStart(Math.round((-1 + 2 * Math.cos(a)) * 1e4) / 1e4, Math.round((-1 + 2 * Math.sin(a)) * 1e4) / 1e4);
            if (k % 2 === 0) {
              setValue.call(inputs[0]!, String(-1.5 + ((k % 80) / 80) * 1.6));
              inputs[0]!.dispatchEvent(new Event('input', { bubbles: true }));
              setValue.call(inputs[1]!, String(0.5 + ((k % 60) / 60) * 0.45));
              inputs[1]!.dispatchEvent(new Event('input', { bubbles: true }));
            }
            k++;
          }
        }, 1000 / 60);
      }),
    ms,
  );
}

/** Runs the soak on an already loaded page for `seconds` (after `warmupSeconds` of the same load). */
export async function soak(page: Page, seconds: number, warmupSeconds: number): Promise<SoakFigures> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const tick = { n: 0 };
  await interact(page, warmupSeconds * 1000, tick);
  await page.waitForFunction(() => {
    const d = (window as unknown as { __downhill: { live: { sentRun: number; doneRun: number } } }).__downhill;
    return d.live.doneRun === d.live.sentRun;
  });
  const mem0 = await memory(page);
  const gl0 = await page.evaluate(() => (window as unknown as { __downhill: Handle }).__downhill.rendererMemory());
  const n0 = tick.n;
  const t0 = Date.now();
  const quiet = () =>
    page.waitForFunction(() => {
      const d = (window as unknown as { __downhill: { live: { sentRun: number; doneRun: number } } }).__downhill;
      return d.live.doneRun === d.live.sentRun && document.querySelectorAll('.surface3d .gl-host canvas').length === 1;
    });
  // Two halves, memory read after each: a leak grows in both, a one-off allocation (a frame-sized pixel
  // buffer the browser makes on its own schedule) in one. Growth is the smaller half, doubled.
  await interact(page, (seconds * 1000) / 2, tick);
  await quiet();
  const memHalf = await memory(page);
  await interact(page, (seconds * 1000) / 2, tick);
  const elapsed = (Date.now() - t0) / 1000;
  await quiet();
  const mem2 = await memory(page);
  const grew = (k: 'heap' | 'buffers') => 2 * Math.min(memHalf[k] - mem0[k], mem2[k] - memHalf[k]);
  const mem1 = { heap: mem0.heap + grew('heap'), buffers: mem0.buffers + grew('buffers') };
  const gl1 = await page.evaluate(() => (window as unknown as { __downhill: Handle }).__downhill.rendererMemory());
  const writes = await page.evaluate(() => (window as unknown as { __urlWrites: number[] }).__urlWrites);
  let maxPerSecond = 0;
  for (let i = 0, j = 0; i < writes.length; i++) {
    while (writes[i]! - writes[j]! >= 1000) j++;
    maxPerSecond = Math.max(maxPerSecond, i - j + 1);
  }
  return {
    seconds: elapsed,
    interactions: tick.n - n0,
    rateHz: (tick.n - n0) / elapsed,
    heapGrowthBytes: mem1.heap - mem0.heap,
    arrayBufferGrowthBytes: mem1.buffers - mem0.buffers,
    geometries: [gl0.geometries, gl1.geometries],
    textures: [gl0.textures, gl1.textures],
    workers: page.workers().length,
    maxUrlWritesPerSecond: maxPerSecond,
    errors,
  };
}

/** What is wrong with a soak's figures (empty when it held). */
export function soakProblems(f: SoakFigures): string[] {
  const out: string[] = [];
  if (f.heapGrowthBytes + f.arrayBufferGrowthBytes >= GROWTH_LIMIT) out.push(`memory grew ${(f.heapGrowthBytes + f.arrayBufferGrowthBytes) / 1024} KiB`);
  if (f.geometries[0] !== f.geometries[1]) out.push(`geometries ${f.geometries[0]} → ${f.geometries[1]}`);
  if (f.textures[0] !== f.textures[1]) out.push(`textures ${f.textures[0]} → ${f.textures[1]}`);
  // The engine worker and its band workers (1 … 4, spawned for the (η, γ) map in every lab): more is a leak.
  if (f.workers < 1 || f.workers > 5) out.push(`${f.workers} workers alive`);
  if (f.maxUrlWritesPerSecond > 2) out.push(`URL rewritten ${f.maxUrlWritesPerSecond} times in one second`);
  if (f.errors.length) out.push(`errors: ${f.errors.join('; ')}`);
  return out;
}
