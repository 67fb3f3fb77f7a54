import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { afterEach, expect, inject, test } from 'vitest';
import { LINK, poll } from './app';
import { CHROMIUM, CHROMIUM_ARGS, watch } from './browser';

/**
 * The built page is installable (vite.config.ts MANIFEST, public/icon-*.png): its manifest is served and
 * parses, its icons are the PNGs of the sizes it says, and Chromium's own installability check
 * (CDP Page.getInstallabilityErrors, what decides whether the browser offers "Install") finds nothing
 * missing. The same check on a copy of the build without its icons must fail, so the check is one that can.
 * Each test has a Chromium of its own with a profile on disk: a context of browser.newContext() is an
 * off-the-record one, which Chromium never offers to install (the check says "in-incognito").
 */

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A fresh context (its own service worker and caches) with a page of the app at `base`. */
async function openAt(base: string): Promise<{ page: Page; errors: string[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'downhill-profile-'));
  cleanup.push(async () => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  const { errors } = watch(page, new URL(base).origin);
  await page.goto(`${base}#${LINK}`);
  return { page, errors };
}

async function installabilityErrors(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string; errorArguments: { name: string; value: string }[] }[] };
  return installabilityErrors.map((e) => [e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' '));
}

interface Manifest {
  name: string;
  short_name: string;
  description: string;
  start_url: string;
  scope: string;
  display: string;
  background_color: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('the built page links a manifest that parses, its icons load at their sizes, and Chromium finds it installable', async () => {
  const base = inject('baseUrl');
  const { page, errors } = await openAt(base);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url()).href;
  const res = await page.request.get(manifestUrl);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const m = (await res.json()) as Manifest;
  expect(m.name).toBe('Downhill — loss-surface lab');
  expect(m.short_name.length).toBeGreaterThan(0);
  expect(m.short_name.length).toBeLessThanOrEqual(12);
  expect(m.description.length).toBeGreaterThan(20);
  expect(m.display).toBe('standalone');
  // Relative: under any base path they resolve to the folder the page and manifest are served from.
  for (const u of [m.start_url, m.scope, ...m.icons.map((i) => i.src)]) expect(u, u).not.toMatch(/^(\/|[a-z]+:)/i);
  expect(new URL(m.start_url, manifestUrl).href).toBe(new URL('./', manifestUrl).href);
  // The page's own background colour (src/styles.css :root), and the theme-color meta agrees with the manifest.
  const pageBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const hexToRgb = (h: string) => `rgb(${parseInt(h.slice(1, 3), 16)}, ${parseInt(h.slice(3, 5), 16)}, ${parseInt(h.slice(5, 7), 16)})`;
  expect(hexToRgb(m.background_color)).toBe(pageBackground);
  expect(hexToRgb(m.theme_color)).toBe(pageBackground);
  expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(m.theme_color);

  // Chromium's parse of the manifest: no errors, and the fields it read.
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string };
  expect(parsed.url).toBe(manifestUrl);
  expect(parsed.errors).toEqual([]);

  // Every icon: served as a PNG, decoded to the size it claims; a 192 px and a 512 px one, and a maskable one.
  const icons = await page.evaluate(
    async ({ icons, manifestUrl }) =>
      Promise.all(
        icons.map(async (i) => {
          const r = await fetch(new URL(i.src, manifestUrl));
          const blob = await r.blob();
          const head = [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())];
          const bmp = await createImageBitmap(blob);
          // Maskable: every pixel outside the safe circle (radius 0.4 × size) is opaque, so a mask of any shape shows no hole;
          // the picture itself (non-background pixels) lies inside the circle.
          const c = new OffscreenCanvas(bmp.width, bmp.height);
          const ctx = c.getContext('2d')!;
          ctx.drawImage(bmp, 0, 0);
          const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
          const bg = [data[0]!, data[1]!, data[2]!];
          let clearOutside = 0;
          let markOutside = 0;
          let markInside = 0;
          const r0 = 0.4 * bmp.width;
          for (let y = 0; y < bmp.height; y++) {
            for (let x = 0; x < bmp.width; x++) {
              const o = 4 * (y * bmp.width + x);
              const inside = Math.hypot(x + 0.5 - bmp.width / 2, y + 0.5 - bmp.height / 2) <= r0;
              const mark = Math.abs(data[o]! - bg[0]!) + Math.abs(data[o + 1]! - bg[1]!) + Math.abs(data[o + 2]! - bg[2]!) > 30;
              if (!inside && data[o + 3]! < 255) clearOutside++;
              if (mark && data[o + 3]! > 0) {
                if (inside) markInside++;
                else markOutside++;
              }
            }
          }
          return { ...i, status: r.status, type: r.headers.get('content-type'), head, width: bmp.width, height: bmp.height, clearOutside, markOutside, markInside };
        }),
      ),
    { icons: m.icons, manifestUrl },
  );
  for (const i of icons) {
    expect(i.status, i.src).toBe(200);
    expect(i.type, i.src).toBe('image/png');
    expect(i.head, `${i.src}: PNG signature`).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(`${i.width}x${i.height}`, i.src).toBe(i.sizes);
    expect(i.markInside, `${i.src}: the picture`).toBeGreaterThan(i.width * i.height * 0.03);
  }
  expect(icons.some((i) => i.sizes === '192x192' && i.purpose !== 'maskable')).toBe(true);
  expect(icons.some((i) => i.sizes === '512x512' && i.purpose !== 'maskable')).toBe(true);
  const maskable = icons.filter((i) => i.purpose?.split(' ').includes('maskable'));
  expect(maskable.length).toBeGreaterThan(0);
  for (const i of maskable) {
    expect(i.clearOutside, `${i.src}: transparent pixels outside the safe zone`).toBe(0);
    expect(i.markOutside, `${i.src}: picture outside the safe zone`).toBe(0);
  }

  // The browser's own check: what it needs to offer installing (manifest fields, icons, secure origin: 127.0.0.1 is one).
  await poll(() => installabilityErrors(page), 20_000).toEqual([]);

  // Installed means offline too: the manifest and its icons are in the service worker's precache.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await poll(async () => {
    const paths = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
      return out;
    });
    return ['/manifest.webmanifest', ...m.icons.map((i) => `/${i.src}`)].filter((p) => !paths.includes(p));
  }, 30_000).toEqual([]);
  expect(errors).toEqual([]);
});

test('the installability check fails on a copy of the build without its icons (so the test above can fail)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-install-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  cpSync('dist', dir, { recursive: true });
  for (const f of ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png']) unlinkSync(join(dir, f));
  const server = await preview({ configFile: false, build: { outDir: dir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'error' });
  cleanup.push(() => server.close());
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('install test: preview server has no address');
  const { page } = await openAt(base);
  await page.waitForLoadState('load');
  const found = await installabilityErrors(page);
  expect(found.length, 'Chromium names what is missing').toBeGreaterThan(0);
  expect(found.join('\n')).toMatch(/icon/i);
});
