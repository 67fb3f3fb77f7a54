/**
 * Load figures for `npm run bench`: the JavaScript the page loads before its first paint (gzip level 9),
 * and the time from navigation to the first contour plot and the first 3D surface on screen, measured in
 * the page (performance.now() is relative to the navigation's start, performance.timeOrigin).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BenchRow } from './types';

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => bytes / 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Chunk keys reachable from `from` through static imports (the keys themselves included). */
function closure(manifest: Record<string, ManifestChunk>, from: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  from.forEach(visit);
  return seen;
}

export interface InitialJs {
  /** Gzipped bytes of the entry chunk and everything it imports statically. */
  readonly initial: number;
  readonly files: readonly string[];
  /** Gzipped bytes of the chunks loaded later by import() (the 3D view, KaTeX), beyond the initial ones. */
  readonly lazy: number;
  readonly lazyFiles: readonly string[];
}

/**
 * The page's initial JavaScript: the entry chunk of dist/index.html and its static imports, from Vite's
 * manifest (dist/.vite/manifest.json, build.manifest); without one, the module script and the modulepreload
 * links of dist/index.html. Workers are not counted: they are separate chunks the page starts itself.
 */
export function initialJs(dist = 'dist'): InitialJs {
  const manifestFile = join(dist, '.vite', 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
    const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry && k.endsWith('.html'));
    const first = closure(manifest, entries);
    const dynamic = [...first].flatMap((k) => manifest[k]!.dynamicImports ?? []);
    const later = [...closure(manifest, dynamic)].filter((k) => !first.has(k));
    const files = [...first].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
    const lazyFiles = later.map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
    const sum = (fs: string[]) => fs.reduce((n, f) => n + gz(join(dist, f)), 0);
    return { initial: sum(files), files, lazy: sum(lazyFiles), lazyFiles };
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
  return { initial: files.reduce((n, f) => n + gz(join(dist, f)), 0), files, lazy: NaN, lazyFiles: [] };
}

/** What the page records (init script): performance.now() at the first frame showing each view drawn, or null. */
interface FirstPaint {
  contour: number | null;
  surface: number | null;
  /** Whether a service worker controlled the page when it loaded (navigator.serviceWorker.controller). */
  controlled: boolean;
}

/**
 * Runs before the app's scripts: in every animation frame until both are seen, a 48 × 32 copy of the contour
 * plot's band canvas and of the 3D view's shown canvas (the 2-D `.presented` one with software WebGL, else the
 * WebGL canvas, drawn with preserveDrawingBuffer) is read back. The contours are on screen once the band
 * canvas has 10 or more colours (it is transparent until the surface arrives); the 3D surface once its canvas
 * has 20 or more colours and 5 % of its pixels away from the background #f8fafc (tests/e2e/app.ts
 * surfaceDrawn). A view drawn in a frame is seen in the next one: the times are late by a frame at most.
 * Plain JavaScript in a string: tsx compiles functions with keepNames, whose __name helper the page lacks.
 */
export const RECORD_FIRST_PAINT = `(() => {
  const out = { contour: null, surface: null, controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller) };
  window.__firstPaint = out;
  const W = 48, H = 32;
  let ctx = null;
  const stats = (src) => {
    if (!ctx) {
      const probe = document.createElement('canvas');
      probe.width = W;
      probe.height = H;
      ctx = probe.getContext('2d', { willReadFrequently: true });
    }
    ctx.clearRect(0, 0, W, H);
    ctx.drawImage(src, 0, 0, W, H);
    const d = ctx.getImageData(0, 0, W, H).data;
    const seen = new Set();
    let away = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      seen.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
      if (Math.abs(d[i] - 0xf8) + Math.abs(d[i + 1] - 0xfa) + Math.abs(d[i + 2] - 0xfc) >= 60) away++;
    }
    return { distinct: seen.size, away };
  };
  const ready = (c) => c !== null && c.width > 0 && c.height > 0;
  const tick = () => {
    const now = performance.now();
    if (out.contour === null) {
      const c = document.querySelector('.contour canvas');
      if (ready(c) && stats(c).distinct >= 10) out.contour = now;
    }
    if (out.surface === null) {
      const c = document.querySelector('.surface3d canvas.presented') ?? document.querySelector('.surface3d .gl-host canvas');
      if (ready(c)) {
        const s = stats(c);
        if (s.distinct >= 20 && s.away >= 0.05 * W * H) out.surface = now;
      }
    }
    if (out.contour === null || out.surface === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface OneLoad {
  contour: number;
  surface: number;
  controlled: boolean;
}

/** One load of `url` in a new page of `context`: the two first-paint times (NaN for one not seen in 30 s). */
async function oneLoad(context: BrowserContext, url: string): Promise<OneLoad> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page
      .waitForFunction(() => {
        const fp = (window as unknown as { __firstPaint?: FirstPaint }).__firstPaint;
        return !!fp && fp.contour !== null && fp.surface !== null;
      }, null, { timeout: 30_000, polling: 100 })
      .catch(() => {});
    const fp = await page.evaluate(() => (window as unknown as { __firstPaint: FirstPaint }).__firstPaint);
    return { contour: fp.contour ?? NaN, surface: fp.surface ?? NaN, controlled: fp.controlled };
  } finally {
    await page.close();
  }
}

/** Waits (at most 30 s) until the service worker the page registered is active and controls the page. */
async function untilControlled(context: BrowserContext, url: string): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    return await page
      .waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30_000, polling: 100 })
      .then(() => true, () => false);
  } finally {
    await page.close();
  }
}

export interface Times {
  contour: number;
  surface: number;
}

export interface FirstPaintFigures {
  cold: Times;
  /** HTTP cache and V8's code cache warm, no service worker (blocked in that context). */
  warm: Times;
  /** A later visit with the service worker installed and controlling: every file from its precache. */
  warmSw: Times;
  loads: number;
  /** How many of the warm-service-worker loads the worker did control (should be all of them). */
  controlled: number;
}

const VIEWPORT = { width: 1280, height: 800 };

/** A new context that records first paints; `block` keeps service workers out of it. */
async function recordingContext(browser: Browser, block = false): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: block ? 'block' : 'allow' });
  await context.addInitScript(RECORD_FIRST_PAINT);
  return context;
}

/**
 * One sample of each kind of load of `url`: cold (a new browser context: empty HTTP cache, no compiled
 * code kept, no service worker; it registers one during the load, as a first visit does), warm (a new page
 * of a context, with service workers blocked, that loaded the page once before) and warm with a service
 * worker (a new page of a context whose first visit installed the worker and which it now controls).
 */
export async function loadSample(browser: Browser, url: string): Promise<{ cold: OneLoad; warm: OneLoad; warmSw: OneLoad }> {
  const c = await recordingContext(browser);
  const cold = await oneLoad(c, url);
  await c.close();
  const w = await recordingContext(browser, true);
  await oneLoad(w, url);
  const warm = await oneLoad(w, url);
  await w.close();
  const s = await recordingContext(browser);
  await untilControlled(s, url);
  const warmSw = await oneLoad(s, url);
  await s.close();
  return { cold, warm, warmSw };
}

/** Medians over `loads` samples of each kind (loadSample), the kinds interleaved so a noisy spell hits them alike. */
export async function firstPaintFigures(browser: Browser, url: string, loads = 5): Promise<FirstPaintFigures> {
  const samples = [];
  for (let k = 0; k < loads; k++) samples.push(await loadSample(browser, url));
  const pick = (xs: OneLoad[]): Times => ({ contour: median(xs.map((x) => x.contour)), surface: median(xs.map((x) => x.surface)) });
  const all = samples.flatMap((s) => [s.cold, s.warm, s.warmSw]);
  const missed = all.filter((x) => !Number.isFinite(x.contour) || !Number.isFinite(x.surface)).length;
  if (missed) console.error(`bench: ${missed} of ${all.length} loads did not show both views within 30 s`);
  const controlled = samples.filter((s) => s.warmSw.controlled).length;
  if (controlled < loads) console.error(`bench: the service worker controlled ${controlled} of ${loads} warm-service-worker loads`);
  return { cold: pick(samples.map((s) => s.cold)), warm: pick(samples.map((s) => s.warm)), warmSw: pick(samples.map((s) => s.warmSw)), loads, controlled };
}

/** The load figures as bench rows (`dist`: the build `url` serves, for the initial-JS figure). */
export async function loadRows(browser: Browser, url: string, dist = 'dist'): Promise<BenchRow[]> {
  const js = initialJs(dist);
  const fp = await firstPaintFigures(browser, url);
  const n = `median of ${fp.loads}`;
  return [
    { name: 'load: initial JavaScript, gzip -9', value: kb(js.initial), unit: 'KB', target: 150, note: `${js.files.length} chunk(s) before the first paint; ${kb(js.lazy).toFixed(0)} KB more loaded later (${js.lazyFiles.length} lazy chunks: 3D view, KaTeX, …); workers apart` },
    { name: 'load: navigation → contour plot on screen, cold', value: fp.cold.contour, unit: 'ms', target: 800, note: `${n} loads, each in a new context (empty cache; registers the service worker); vite preview on loopback` },
    { name: 'load: navigation → contour plot on screen, warm', value: fp.warm.contour, unit: 'ms', target: 800, note: `${n} second loads in a context with service workers blocked (HTTP and code cache warm)` },
    { name: 'load: navigation → contour plot on screen, warm service worker', value: fp.warmSw.contour, unit: 'ms', target: 800, note: `${n} later visits, the service worker installed and controlling (${fp.controlled} of ${fp.loads} controlled)` },
    { name: 'load: navigation → 3D surface on screen, cold', value: fp.cold.surface, unit: 'ms', target: 1500, note: `${n}; headless SwiftShader, first presented frame with the surface` },
    { name: 'load: navigation → 3D surface on screen, warm', value: fp.warm.surface, unit: 'ms', target: 1500, note: `${n}, service workers blocked` },
    { name: 'load: navigation → 3D surface on screen, warm service worker', value: fp.warmSw.surface, unit: 'ms', target: 1500, note: `${n}, from the service worker's precache` },
  ];
}
