import type { Browser, BrowserContext, Page } from 'playwright-core';
import { scenePoint } from './scene';
import { expect, inject } from 'vitest';
import { PLOT_WITH_BAR as MARGIN } from '../../src/views/colorBar';
import { canvasStats, waitForRuns, watch, type DownhillHandle, type PageProblems } from './browser';

/**
 * expect.poll with room for a loaded 2-core machine: software WebGL frames take a few hundred ms each,
 * and the default one-second budget is too tight when other processes share the CPU.
 */
export function poll<T>(fn: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}

/** The lecture's run, written out in full. */
export const LINK = 'v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6';

/** The colours of runs 1–3 (src/views/colors.ts RUN_COLORS), which the default link's gd, momentum and nesterov are. */
export const COLOR = { gd: '#D55E00', momentum: '#009E73', nesterov: '#CC79A7' } as const;

export interface AppPage {
  readonly page: Page;
  readonly problems: PageProblems;
}

/**
 * Opens the app at `#hash` in a new page of `owner` and waits for the surface and every run. `init` runs in
 * the page before any of the app's scripts (page.addInitScript).
 */
export async function openApp(owner: Browser | BrowserContext, hash: string, viewport?: { width: number; height: number }, init?: () => void): Promise<AppPage> {
  const base = inject('baseUrl');
  const page = await owner.newPage({ viewport: viewport ?? { width: 1280, height: 800 } });
  // A context's newPage takes no options: its page has the context's viewport unless one is asked for here.
  if (viewport) await page.setViewportSize(viewport);
  const problems = watch(page, new URL(base).origin);
  if (init) await page.addInitScript(init);
  await page.goto(`${base}#${hash}`);
  await waitForRuns(page);
  await settled(page);
  return { page, problems };
}

/**
 * Waits until the surface is there, the 3D view (if shown) is loaded, and every selected optimizer's live path is complete. The bridge marks
 * live paths 'running' synchronously when the experiment changes, so this cannot see a previous run's result.
 * For the MLP lab also: the fine surface (not the coarse preview) with its progress bar at the end, the
 * run's data set, and the network view answered for the playback step with every row that has arrived.
 */
export async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      type Live = {
        surface: { coarse?: boolean } | null;
        sentRun: number;
        doneRun: number;
        paths: ({ status: { kind: string }; length: number; run?: number } | undefined)[];
        data: { run: number } | null;
        view: { runId: number; runs: number[]; steps: number[] } | null;
      };
      type State = ReturnType<DownhillHandle['store']['getState']> & { experiment: { problem: string }; progress: { done: number; total: number } | null };
      const d = (window as unknown as { __downhill: { store: { getState(): State }; live: Live } }).__downhill;
      const { live } = d;
      if (!live.surface || live.doneRun !== live.sentRun) return false;
      // The 3D view's chunk loads after the first paint (LazySurface3D.tsx): wait until every 3D view replaced its
      // placeholder and has its WebGL renderer (or shows why it has none).
      for (const v of document.querySelectorAll('.surface3d')) if (v.getAttribute('data-gl') !== 'ready' && !v.querySelector('.panel-error')) return false;
      const s = d.store.getState();
      const runsDone = s.experiment.runs.every((_, i) => {
        const p = live.paths[i];
        const r = s.runs[i];
        return p !== undefined && p.status.kind !== 'running' && r !== undefined && r !== null && r.status.kind !== 'running';
      });
      if (!runsDone || s.experiment.problem !== 'mlp') return runsDone;
      if (live.surface.coarse || !s.progress || s.progress.done !== s.progress.total || live.data?.run !== live.sentRun) return false;
      const v = live.view;
      return s.experiment.runs.every((_, i) => {
        const k = v && v.runId === live.sentRun ? v.runs.indexOf(i) : -1;
        return k >= 0 && v!.steps[k] === Math.min(s.t, live.paths[i]!.length - 1);
      });
    },
    null,
    { timeout },
  );
}

/**
 * Replaces the fragment (a same-document navigation: the app applies it on hashchange) and waits for the runs.
 * Pending URL writes are flushed first: a debounced replaceState that lands between the assignment and the
 * hashchange event would overwrite the new fragment and the app would ignore it (see the report on url/sync.ts).
 */
export async function setHash(page: Page, hash: string): Promise<void> {
  await page.evaluate(
    (h) =>
      new Promise<void>((resolve) => {
        (window as unknown as { __downhill: DownhillHandle }).__downhill.flushUrl();
        if (location.hash.slice(1) === h) return resolve();
        window.addEventListener('hashchange', () => resolve(), { once: true });
        location.hash = h;
      }),
    hash,
  );
  await settled(page);
}

/** The fragment's keys and values as the page currently shows them. */
export function hashParams(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const part of location.hash.slice(1).split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) out[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
    }
    return out;
  });
}

export interface StoreSnapshot {
  experiment: ReturnType<DownhillHandle['store']['getState']>['experiment'];
  layout: string;
  t: number;
  playing: boolean;
  camera: [number, number, number];
  off: number[];
  notices: { key: string; message: string; source: string }[];
}

/** A structured copy of the store's shared state. */
export function appState(page: Page): Promise<StoreSnapshot> {
  return page.evaluate(() => {
    const s = (window as unknown as { __downhill: DownhillHandle }).__downhill.store.getState() as ReturnType<DownhillHandle['store']['getState']> & { playing: boolean; camera: number[] };
    return JSON.parse(JSON.stringify({ experiment: s.experiment, layout: s.layout, t: s.t, playing: s.playing, camera: s.camera, off: s.off, notices: s.notices })) as StoreSnapshot;
  });
}

export const start = (page: Page) => appState(page).then((s) => s.experiment.start);

/** Length and last (w, b) of a run's live path (by position, or the first run of an optimizer id), or null when it has none. */
export function pathEnd(page: Page, id: string | number): Promise<{ length: number; w: number; b: number } | null> {
  return page.evaluate((id) => {
    const d = (window as unknown as { __downhill: DownhillHandle }).__downhill;
    const i = typeof id === 'number' ? id : d.store.getState().experiment.runs.findIndex((r) => r.optimizer === id);
    const p = d.live.paths[i];
    if (!p || p.length === 0) return null;
    return { length: p.length, w: p.params[2 * (p.length - 1)]!, b: p.params[2 * (p.length - 1) + 1]! };
  }, id);
}

/** A cheap fingerprint of a canvas's pixels (FNV-1a over the RGBA bytes), to see whether a redraw changed anything. */
export function canvasDigest(page: Page, selector: string): Promise<string> {
  return page.evaluate((selector) => {
    const src = document.querySelector(selector) as HTMLCanvasElement | null;
    if (!src) throw new Error(`no canvas ${selector}`);
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
    return `${c.width}x${c.height}:${(h >>> 0).toString(16)}`;
  }, selector);
}

/** How many pixels within `radius` CSS px of (x, y) (relative to the canvas box) are near `color`. */
export function pixelsNear(page: Page, selector: string, x: number, y: number, radius: number, color: string): Promise<number> {
  return page.evaluate(
    ({ selector, x, y, radius, color }) => {
      const c = document.querySelector(selector) as HTMLCanvasElement | null;
      if (!c) throw new Error(`no canvas ${selector}`);
      const k = c.width / c.getBoundingClientRect().width;
      const copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(c, 0, 0);
      const r = Math.ceil(radius * k);
      const x0 = Math.round(x * k) - r;
      const y0 = Math.round(y * k) - r;
      const { data } = ctx.getImageData(x0, y0, 2 * r + 1, 2 * r + 1);
      const t = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
      let n = 0;
      for (let j = 0; j <= 2 * r; j++) {
        for (let i = 0; i <= 2 * r; i++) {
          if ((i - r) ** 2 + (j - r) ** 2 > r * r) continue;
          const o = 4 * (j * (2 * r + 1) + i);
          if (data[o + 3] === 0) continue;
          if (Math.abs(data[o]! - t[0]!) + Math.abs(data[o + 1]! - t[1]!) + Math.abs(data[o + 2]! - t[2]!) < 60) n++;
        }
      }
      return n;
    },
    { selector, x, y, radius, color },
  );
}


export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page coordinates of (w, b) on a contour plot whose element box is `box`, for the window `range` (the app's own plot margins). */
export function contourPoint(box: Box, range: readonly number[], w: number, b: number): { x: number; y: number } {
  const pw = box.width - MARGIN.left - MARGIN.right;
  const ph = box.height - MARGIN.top - MARGIN.bottom;
  return {
    x: box.x + MARGIN.left + ((w - range[0]!) / (range[1]! - range[0]!)) * pw,
    y: box.y + MARGIN.top + (1 - (b - range[2]!) / (range[3]! - range[2]!)) * ph,
  };
}

/**
 * Page coordinates of the surface point above (w, b) (lifted by `lift` scene units) in a 3D view, as the camera
 * in the store's `camera` pose sees it (src/views/surface3d: the camera orbits the target (0, 0.25, 0) at
 * azimuth° from +z, elevation° and distance; vertical fov 40°; scene x = w and z = −b mapped onto [−1, 1];
 * height = normalised loss × 0.9). Valid while no orbit gesture is in progress.
 */
export async function surfacePoint(page: Page, selector: string, w: number, b: number, lift = 0): Promise<{ x: number; y: number }> {
  const p = await page.evaluate(
    ({ w, b, lift }) => {
      const s = (window as unknown as { __downhill: { live: { surface: { values: Float32Array; nx: number; ny: number; min: number; max: number; range: number[] } } } }).__downhill.live.surface;
      const [w0, w1, b0, b1] = s.range as [number, number, number, number];
      const fx = ((w - w0) / (w1 - w0)) * (s.nx - 1);
      const fy = ((b - b0) / (b1 - b0)) * (s.ny - 1);
      const i = Math.min(s.nx - 2, Math.floor(fx));
      const j = Math.min(s.ny - 2, Math.floor(fy));
      const tx = fx - i;
      const ty = fy - j;
      const v = (ii: number, jj: number) => s.values[jj * s.nx + ii]!;
      const L = (v(i, j) * (1 - tx) + v(i + 1, j) * tx) * (1 - ty) + (v(i, j + 1) * (1 - tx) + v(i + 1, j + 1) * tx) * ty;
      return [((w - w0) / (w1 - w0)) * 2 - 1, ((L - s.min) * 0.9) / (s.max - s.min) + lift, -(((b - b0) / (b1 - b0)) * 2 - 1)] as const;
    },
    { w, b, lift },
  );
  return scenePoint(page, selector, p);
}

/** Moves the mouse from `a` to `b` in `n` equal steps, calling `each` after every step. */
export async function dragPath(page: Page, a: { x: number; y: number }, b: { x: number; y: number }, n: number, each?: (k: number) => Promise<void>): Promise<void> {
  for (let k = 1; k <= n; k++) {
    await page.mouse.move(a.x + ((b.x - a.x) * k) / n, a.y + ((b.y - a.y) * k) / n);
    if (each) await each(k);
  }
}

/**
 * Whether a 3D canvas shows a surface, not just its background (#f8fafc): many colours (the loss colour
 * scale; at least 20 even without antialiasing) and at least 5% of the pixels away from the background.
 */
export async function surfaceDrawn(page: Page, selector: string): Promise<boolean> {
  const s = await canvasStats(page, selector, ['#f8fafc']);
  return s.distinct >= 20 && s.near[0]! < 0.95 * s.width * s.height;
}
