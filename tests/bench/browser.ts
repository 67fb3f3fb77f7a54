/**
 * Browser figures for `npm run bench`, in headless Debian Chromium (SwiftShader, no GPU) against the
 * production build: latency from a learning-rate slider input to the animation frame that shows the
 * new paths, and main-thread JS time per interaction (CDP Performance.getMetrics ScriptDuration); then the
 * MLP lab's figures (browserMlp.ts).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import { launch } from '../e2e/browser';
import { benchMlpBrowser } from './browserMlp';
import type { BenchRow } from './types';

const MOVES = 50;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function benchBrowser(): Promise<BenchRow[]> {
  if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'ignore' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
  const base = server.resolvedUrls!.local[0]!;
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}#v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6`);
    await page.waitForFunction(() => {
      const d = (window as never as { __downhill?: { live: { surface: unknown }; store: { getState(): { runs: Record<string, { status: { kind: string } }> } } } }).__downhill;
      return !!d?.live.surface && Object.values(d.store.getState().runs).length === 3;
    });
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
      const out: number[] = [];
      for (let i = 0; i < moves; i++) {
        const v = -1 + (i % 25) * 0.05; // η from 0.1 to ~1.6 on the log slider
        await new Promise<void>((resolve) => {
          const t0 = performance.now();
          const unsub = d.live.subscribe(() => {
            // live.doneRun catches up with sentRun when every path of the newest run is complete.
            if (d.live.doneRun !== d.live.sentRun) return;
            unsub();
            // The app's views draw in the next animation frame; a callback queued now runs after theirs.
            requestAnimationFrame(() => {
              out.push(performance.now() - t0);
              setTimeout(resolve, 20);
            });
          });
          setValue.call(input, String(v === Number(input.value) ? v + 0.01 : v));
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
      }
      return out;
    }, MOVES);
    const after = await script();
    const jsPer = (after - before) / MOVES;
    await page.close();
    return [
      { name: 'browser: slider → frame with new paths, median', value: quantile(latencies, 0.5), unit: 'ms', note: `${MOVES} moves, headless SwiftShader` },
      { name: 'browser: slider → frame with new paths, p95', value: quantile(latencies, 0.95), unit: 'ms', target: 50 },
      { name: 'browser: main-thread JS per interaction', value: jsPer, unit: 'ms', target: 4, note: 'CDP ScriptDuration, includes React, drawing, bridge' },
      ...(await benchMlpBrowser(browser, base)),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
