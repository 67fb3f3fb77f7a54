import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { afterEach, expect, test } from 'vitest';
import { SCENES } from '../../src/url/scenes';
import { LINK, appState, poll, settled, surfaceDrawn } from './app';
import { useBrowser, watch, type PageProblems } from './browser';

/**
 * Offline after the first visit (src/pwa.ts, the VitePWA settings in vite.config.ts). Each test has a server of
 * its own, on its own port (so its own origin and a service worker of its own), and a fresh browser context:
 * the offline test stops its server before it goes offline, so nothing it loads after can come from the network.
 */

const browser = useBrowser();
const EQUATIONS = 'problem=quadratic&curv=1,10&start=-4,2&steps=200&range=-5,5,-5,5&runs=momentum(eta:0.05;gamma:0.8),rprop&t=3';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** `vite preview` of a build folder, without the project's config (nothing but the folder's files); `stop` may be called early. */
async function serve(outDir: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = await preview({ configFile: false, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('offline test: preview server has no address');
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= server.close());
  cleanup.push(stop);
  return { base, stop };
}

async function freshContext(): Promise<BrowserContext> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  return context;
}

async function open(context: BrowserContext, base: string, hash: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems = watch(page, new URL(base).origin);
  // A request the page itself dropped (a reload, a worker replaced) is aborted; offline, a file missing from
  // the precache fails with a network error instead.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') problems.errors.push(`request failed: ${r.url()} ${why}`);
  });
  await page.goto(`${base}#${hash}`);
  await settled(page);
  return { page, problems };
}

/**
 * The page's notices. None is tolerated, the watchdog's restart neither: a worker's start, which offline
 * is the service worker's answer plus the script's compilation and could take seconds on a loaded machine,
 * is not counted as silence (the engine worker says when it is ready: bridge.ts startMs).
 */
async function notices(page: Page): Promise<{ key: string; message: string }[]> {
  return (await appState(page)).notices;
}

/** Waits for the first visit's service worker to control the page and for the page to say the copy is ready. */
async function untilOfflineReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await poll(() => page.locator('.offline-toast').getAttribute('data-offline')).toBe('offline-ready');
}

/** Every URL in the page's caches, origin stripped, search (workbox's revision) kept off. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
}

test('after the first visit everything works with no network: the page, its workers, every scene, the MLP lab and KaTeX\'s fonts', async () => {
  const { base, stop } = await serve('dist');
  const context = await freshContext();
  const first = await open(context, base, LINK);
  await untilOfflineReady(first.page);
  const toast = first.page.locator('.offline-toast');
  await expect(toast.innerText()).resolves.toBe('Ready to work offline');
  // Out of the flow and never in a pointer's way (and over no control: the next test).
  await expect(toast.evaluate((e) => [getComputedStyle(e).position, getComputedStyle(e).pointerEvents])).resolves.toEqual(['fixed', 'none']);

  const paths = await cachedPaths(first.page);
  for (const want of [/^\/index\.html$/, /^\/assets\/index-[\w-]+\.js$/, /^\/assets\/engine\.worker-[\w-]+\.js$/, /^\/assets\/surfaceBand\.worker-[\w-]+\.js$/, /^\/assets\/KaTeX_Main-Regular-[\w-]+\.woff2$/, /^\/assets\/index-[\w-]+\.css$/, /^\/favicon\.svg$/, /^\/manifest\.webmanifest$/, /^\/icon-192\.png$/, /^\/icon-512\.png$/, /^\/icon-maskable-512\.png$/]) {
    expect(paths.some((p) => want.test(p)), `${want} precached (have ${paths.join(' ')})`).toBe(true);
  }
  expect(paths.some((p) => p.startsWith('/readme/')), 'the README pictures are not precached').toBe(false);
  expect(first.problems.errors).toEqual([]);

  await stop();
  await context.setOffline(true);
  await first.page.reload();
  await settled(first.page);
  await poll(() => surfaceDrawn(first.page, '.surface3d canvas')).toBe(true);
  expect(await first.page.evaluate(() => navigator.onLine)).toBe(false);
  await poll(() => toast.getAttribute('data-offline')).toBe('offline');
  const kinds = await first.page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: { paths: { status: { kind: string } }[] } } }).__downhill;
    return d.live.paths.map((p) => p.status.kind);
  });
  expect(kinds).toEqual(['converged', 'converged', 'converged']);
  expect(first.problems.errors).toEqual([]);
  await first.page.close();

  for (const scene of SCENES) {
    const { page, problems } = await open(context, base, `scene=${scene.id}`);
    expect(await notices(page), scene.id).toEqual([]);
    await expect(page.getByRole('region', { name: 'Lecture scene' }).textContent()).resolves.toContain(scene.title);
    expect(problems.errors, scene.id).toEqual([]);
    await page.close();
  }

  // The MLP lab: the fine surface comes from the band workers (settled waits for it).
  const mlp = await open(context, base, 'problem=mlp');
  await poll(() => surfaceDrawn(mlp.page, '.surface3d canvas')).toBe(true);
  expect(mlp.page.workers().some((w) => /surfaceBand\.worker-/.test(w.url())), mlp.page.workers().map((w) => w.url()).join(' ')).toBe(true);
  expect(await notices(mlp.page)).toEqual([]);
  expect(mlp.problems.errors).toEqual([]);
  await mlp.page.close();

  const eq = await open(context, base, EQUATIONS);
  const panel = eq.page.getByRole('figure', { name: 'The step, in equations' });
  await panel.scrollIntoViewIfNeeded();
  await poll(() => panel.locator('[data-equations-step] .katex').count()).toBeGreaterThan(2);
  await poll(() => eq.page.evaluate(() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded'))).toBe(true);
  expect(await eq.page.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').map((f) => f.family))).toEqual([]);
  expect(eq.problems.errors).toEqual([]);
}, 300_000);

/**
 * Every control on the page whose box meets the toast's, at each scroll position from the top of the page
 * to its end (half a screen at a time): none may, for as long as the toast shows.
 */
function controlsUnderToast(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const toast = document.querySelector('.offline-toast')!;
    const out: string[] = [];
    const end = document.documentElement.scrollHeight - innerHeight;
    for (let y = 0; ; y = Math.min(end, y + innerHeight / 2)) {
      scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
      const t = toast.getBoundingClientRect();
      for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top) out.push(`at scroll ${Math.round(scrollY)}: ${el.getAttribute('aria-label') ?? el.textContent?.trim()}`);
      }
      if (y >= end) break;
    }
    scrollTo(0, 0);
    return out;
  });
}

test.each([
  ['a phone', { width: 390, height: 844 }, 'absolute'],
  ['a narrow phone', { width: 360, height: 740 }, 'absolute'],
  ['a desktop', { width: 1280, height: 800 }, 'fixed'],
])('on %s the "Ready to work offline" toast lies over no button or field, wherever the page is scrolled, nor over the title', async (_, viewport, position) => {
  const { base } = await serve('dist');
  const context = await browser().newContext({ viewport });
  cleanup.push(() => context.close());
  const { page, problems } = await open(context, base, LINK);
  await untilOfflineReady(page);
  const toast = page.locator('.offline-toast');
  const box = await toast.boundingBox();
  expect(box && box.width > 50 && box.height > 10, 'the toast is shown').toBe(true);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  await expect(toast.evaluate((e) => [getComputedStyle(e).position, getComputedStyle(e).pointerEvents])).resolves.toEqual([position, 'none']);
  // Nor over the title's words (on a phone it sits on the title's line).
  const underTitle = await page.evaluate(() => {
    const t = document.querySelector('.offline-toast')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('header h1')!);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top).length;
  });
  expect(underTitle, 'title text under the toast').toBe(0);
  // Still shown while the page is scrolled through (it shows for 8 s).
  expect(await controlsUnderToast(page)).toEqual([]);
  expect(await toast.getAttribute('class')).toContain('shown');
  expect(problems.errors).toEqual([]);
});

test('a new build replaces the old one on the next visit, the link\'s state kept, and the page says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-offline-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  cpSync('dist', dir, { recursive: true });
  const { base } = await serve(dir);
  const context = await freshContext();
  const hash = `${LINK}&layout=split`;
  const { page, problems } = await open(context, base, hash);
  await untilOfflineReady(page);
  const before = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  const link = page.url();
  const experiment = (await appState(page)).experiment;

  // The next build: index.html changed, and so its revision in the worker's precache manifest (the worker's
  // bytes differ, which is what makes the browser install it).
  const swPath = join(dir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const entry = /(url:"index\.html",revision:")([0-9a-f]+)"|(revision:")([0-9a-f]+)(",url:"index\.html")/;
  expect(sw, 'sw.js lists index.html with a revision').toMatch(entry);
  writeFileSync(swPath, sw.replace(entry, (m, a, _r, b, _r2, c) => (a ? `${a}0000next"` : `${b}0000next${c}`)));
  writeFileSync(join(dir, 'index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('<head>', '<head><meta name="downhill-build" content="next">'));
  // The worker takes over at once (skipWaiting, clientsClaim) and the page reloads into the new build.
  expect(sw).toMatch(/skipWaiting\(\)/);
  expect(sw).toMatch(/clientsClaim\(\)/);

  // The browser checks the worker's script for a change on each visit (a navigation); the page asks for the
  // same check here, once it is loaded, so that the check cannot finish before the page's listeners are set.
  // Not awaited in the page: the reload may come before update()'s promise settles.
  await page.evaluate(() => {
    void navigator.serviceWorker.getRegistration().then((r) => r?.update());
  });
  await poll(() => page.locator('meta[name="downhill-build"]').count(), 30_000).toBe(1);
  await poll(() => page.locator('.offline-toast').getAttribute('data-offline')).toBe('updated');
  await expect(page.locator('.offline-toast').innerText()).resolves.toBe('Updated to a new version');
  await settled(page);
  expect(page.url()).toBe(link);
  expect((await appState(page)).experiment).toEqual(experiment);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(before);
  // The precache holds the new page only.
  const cachedIndex = await page.evaluate(async () => {
    const texts: string[] = [];
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      for (const r of await c.keys()) if (new URL(r.url).pathname === '/index.html') texts.push(await (await c.match(r))!.text());
    }
    return texts;
  });
  expect(cachedIndex).toHaveLength(1);
  expect(cachedIndex[0]).toContain('downhill-build');
  expect(problems.errors).toEqual([]);
}, 120_000);
