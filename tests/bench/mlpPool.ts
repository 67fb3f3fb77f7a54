/**
 * Browser figures for the MLP's band worker pool, in headless Chromium against a production build of
 * the engine worker: time from `run` to the coarse preview and to the grid² fine surface of a 128²
 * 'params' slice (2-8-8-1, 200 points, W1[0][0] × W1[0][1]), with every band on the engine worker
 * (?bands=0, the old way), one band worker (?bands=1) and the pool (one per core, at most 4). The page is
 * a same-origin static file of the build, so the app itself runs nothing meanwhile. The three are measured
 * in turn within each round (in alternating order), not one after the other: on a shared virtual machine
 * the same band took 8.7 ms for seconds, then 14 ms for seconds (Node shows it too, with no JIT event in
 * between), and measuring the three one after the other once made one band worker look 1.5 times slower
 * than none.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { build, preview } from 'vite';
import type { MlpExperiment } from '../../src/protocol/experiment';
import { decodeAny } from '../../src/url/codec';
import { launch } from '../e2e/browser';
import type { BenchRow } from './types';

const OUT = 'node_modules/.cache/bench-mlp-pool';
const RUNS = 9;
/** Few steps, so the time to the fine surface is the surface's, not the paths'. */
const LINK = 'problem=mlp&arch=2-8-8-1&size=200&slice=params&pair=0,1&grid=128&steps=100';

interface Timing {
  coarse: number[];
  fine: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchMlpPool(): Promise<BenchRow[]> {
  await build({ logLevel: 'error', build: { outDir: OUT, emptyOutDir: true } });
  const worker = readdirSync(`${OUT}/assets`).find((f) => /^engine\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error(`no engine worker in ${OUT}/assets`);
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, build: { outDir: OUT }, logLevel: 'error' });
  const base = server.resolvedUrls!.local[0]!;
  const experiment = decodeAny(LINK).shared.experiment as MlpExperiment;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${base}assets/${worker}`);
    // tsx (esbuild keepNames) wraps named functions in the evaluated code with __name.
    await page.evaluate('globalThis.__name = (f) => f');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const urls = [0, 1, null].map((bands) => `${base}assets/${worker}${bands === null ? '' : `?bands=${bands}`}`);
    const [inline, single, pool] = await page.evaluate(
      async ({ urls, experiment, runs }) => {
        const once = (w: Worker, runId: number) =>
          new Promise<{ coarse: number; fine: number }>((resolve, reject) => {
            const t0 = performance.now();
            let coarse = NaN;
            w.onmessage = (e: MessageEvent<{ type: string; runId: number; coarse?: boolean; message?: string }>) => {
              const m = e.data;
              if (m.runId !== runId) return;
              if (m.type === 'error') reject(new Error(m.message));
              if (m.type === 'surface' && m.coarse) coarse = performance.now() - t0;
              if (m.type === 'surface' && !m.coarse) resolve({ coarse, fine: performance.now() - t0 });
            };
            w.postMessage({ type: 'run', runId, experiment, surface: true });
          });
        const workers = urls.map((url) => new Worker(url, { type: 'module' }));
        // Warm-up: compiles the kernels and starts the band workers.
        for (const w of workers) await once(w, 0);
        const out = workers.map(() => ({ coarse: [] as number[], fine: [] as number[] }));
        for (let r = 1; r <= runs; r++) {
          const order = r % 2 === 1 ? [0, 1, 2] : [2, 1, 0];
          for (const k of order) {
            const t = await once(workers[k]!, r);
            out[k]!.coarse.push(t.coarse);
            out[k]!.fine.push(t.fine);
          }
        }
        for (const w of workers) w.terminate();
        return out as [Timing, Timing, Timing];
      },
      { urls, experiment, runs: RUNS },
    );
    const poolSize = Math.max(1, Math.min(4, cores));
    const note = `${RUNS} rounds of the three in turn, steps=100, ${cores} cores in the page, ${os.cpus().length} on the host`;
    return [
      { name: 'browser mlp: run → coarse 32² preview (pool)', value: median(pool.coarse), unit: 'ms', target: 50, note },
      { name: 'browser mlp: run → fine 128² surface, on the engine worker', value: median(inline.fine), unit: 'ms' },
      { name: 'browser mlp: run → fine 128² surface, 1 band worker', value: median(single.fine), unit: 'ms', ratio: median(single.fine) / median(inline.fine), note: 'ratio vs on the engine worker' },
      {
        name: `browser mlp: run → fine 128² surface, pool of ${poolSize}`,
        value: median(pool.fine),
        unit: 'ms',
        target: 300,
        ratio: median(pool.fine) / median(single.fine),
        note: 'ratio vs 1 band worker',
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchMlpPool().then(
    (rows) => {
      for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.ratio === undefined ? '' : ` (ratio ${r.ratio.toFixed(2)})`}${r.note ? `  [${r.note}]` : ''}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
