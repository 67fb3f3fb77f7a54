import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for Debian Chromium on a machine with no GPU and no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Everything a page did that a test should treat as a failure. */
export interface PageProblems {
  readonly errors: string[];
}

/**
 * Collects page errors, console errors, dialogs, Content-Security-Policy violations (reported by the
 * page as console errors) and requests to other origins. Call before page.goto.
 */
export function watch(page: Page, origin: string): PageProblems {
  const errors: string[] = [];
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) errors.push(`off-origin request: ${u}`);
  });
  return { errors };
}

/** Waits until the surface arrived, the 3D view (if shown) replaced its loading placeholder, and every selected optimizer's run finished. */
export async function waitForRuns(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const d = (window as unknown as { __downhill?: DownhillHandle }).__downhill;
    if (!d || !d.live.surface) return false;
    // The 3D view loads in a chunk of its own (LazySurface3D.tsx): every 3D view must have replaced its placeholder
    // and have its WebGL renderer (or show why it has none).
    for (const v of document.querySelectorAll('.surface3d')) if (v.getAttribute('data-gl') !== 'ready' && !v.querySelector('.panel-error')) return false;
    // The MLP lab's views load in a chunk of their own (views/mlp/lazy.tsx): none may still be a placeholder.
    if (document.querySelector('[data-loading="mlp"]')) return false;
    const s = d.store.getState();
    // doneRun catches up with sentRun when every path of the newest run is complete; the store's
    // run summaries follow one animation frame later.
    return (
      d.live.doneRun === d.live.sentRun &&
      s.experiment.runs.every((_, i) => {
        const r = s.runs[i];
        return r !== undefined && r !== null && r.status.kind !== 'running';
      })
    );
  });
}

/** The slice of window.__downhill the tests read (typed loosely: the tests run in Node). */
export interface DownhillHandle {
  store: {
    getState(): {
      experiment: { start: [number, number]; eta: number; gamma: number; steps: number; runs: { optimizer: string; settings: Record<string, number | string> }[]; data: { x: number; y: number }[]; range: number[] };
      runs: ({ status: { kind: string; step?: number }; length: number; finalLoss: number } | null | undefined)[];
      off: number[];
      t: number;
      layout: string;
      notices: { key: string; message: string; source: string }[];
    };
  };
  live: { surface: { values: Float32Array; min: number; max: number } | null; surfaceVersion: number; sentRun: number; doneRun: number; paths: ({ params: Float64Array; loss: Float64Array; length: number } | undefined)[] };
  bridge: { injectFault(kind: 'throw' | 'hang'): void; restarts: number };
  flushUrl(): string;
}

/**
 * Pixel statistics of a canvas (2D or WebGL with preserveDrawingBuffer), computed in the page:
 * how many distinct colours (quantised to 4 bits per channel) and how many pixels near each given colour.
 */
export async function canvasStats(page: Page, selector: string, colors: string[] = []): Promise<{ distinct: number; near: number[]; width: number; height: number }> {
  return page.evaluate(
    ({ selector, colors }) => {
      const src = document.querySelector(selector) as HTMLCanvasElement | null;
      if (!src) throw new Error(`no canvas ${selector}`);
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(src, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      const targets = colors.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]);
      const near = targets.map(() => 0);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
        targets.forEach((t, k) => {
          if (Math.abs(data[i]! - t[0]!) + Math.abs(data[i + 1]! - t[1]!) + Math.abs(data[i + 2]! - t[2]!) < 60) near[k]!++;
        });
      }
      return { distinct: seen.size, near, width: c.width, height: c.height };
    },
    { selector, colors },
  );
}

/** One Chromium per test file, launched before its tests and closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('e2e: the browser is not launched yet');
    return browser;
  };
}

/** The RGBA pixels of the screen inside `clip` (CSS px): a screenshot, so what is really shown, whatever covers what. */
export async function screenPixels(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<{ width: number; height: number; data: number[] }> {
  const png = await page.screenshot({ clip });
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    return { width: bmp.width, height: bmp.height, data: Array.from(ctx.getImageData(0, 0, bmp.width, bmp.height).data) };
  }, png.toString('base64'));
}
