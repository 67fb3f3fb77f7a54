import { expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { RECORD_FIRST_PAINT } from '../bench/firstPaint';
import { LINK, poll } from './app';
import { waitForRuns, watch, useBrowser } from './browser';

/**
 * The order of a load (src/views/firstPaint.ts): the first screen's work first, the rest after it. The
 * first-paint recorder of the bench (window.__firstPaint: when the contour plot and the 3D view first show
 * colours, a frame late at most) and, set up here, the time the page received the engine's first surface.
 */
const browser = useBrowser();

/** Records performance.now() when the first 'surface' message of an engine worker reaches the page (before the app's handler runs). */
const RECORD_SURFACE = `(() => {
  window.__surfaceAt = null;
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (window.__surfaceAt === null && e.data && e.data.type === 'surface') window.__surfaceAt = performance.now();
      });
    }
  };
})();`;

interface Timeline {
  surfaceAt: number;
  contour: number;
  surface: number;
  /** Start and end of each script request of the page (not the service worker's), by file name. */
  scripts: { name: string; start: number; end: number }[];
}

async function timeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => {
    const w = window as unknown as { __surfaceAt: number; __firstPaint: { contour: number; surface: number } };
    const scripts = performance
      .getEntriesByType('resource')
      .filter((r) => /\.js$/.test(r.name))
      .map((r) => ({ name: r.name.replace(/^.*\//, ''), start: r.startTime, end: (r as PerformanceResourceTiming).responseEnd }));
    return { surfaceAt: w.__surfaceAt, contour: w.__firstPaint.contour, surface: w.__firstPaint.surface, scripts };
  });
}

const chunk = (t: Timeline, re: RegExp) => t.scripts.find((s) => re.test(s.name));

async function openRecorded(hash: string): Promise<{ page: Page; errors: string[] }> {
  const base = inject('baseUrl');
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(RECORD_SURFACE);
  await context.addInitScript(RECORD_FIRST_PAINT);
  const page = await context.newPage();
  const { errors } = watch(page, new URL(base).origin);
  await page.goto(`${base}#${hash}`);
  return { page, errors };
}

test('the 3D chunk is fetched after the first surface, KaTeX and the service worker come after the first paints, the MLP views and the share dialog not at all', async () => {
  const { page, errors } = await openRecorded(LINK);
  await waitForRuns(page);
  await page.waitForFunction(() => {
    const fp = (window as unknown as { __firstPaint: { contour: number | null; surface: number | null } }).__firstPaint;
    return fp.contour !== null && fp.surface !== null;
  });
  // The service worker's registration imports workbox-window; KaTeX is imported at the same moment (both wait
  // for the 3D view's first frame, in either order): wait for both requests to be on record.
  await poll(async () => {
    const t = await timeline(page);
    return chunk(t, /^workbox-window/) !== undefined && chunk(t, /^katexModule-/) !== undefined;
  }).toBe(true);
  const t = await timeline(page);
  const three = chunk(t, /^Surface3D-/)!;
  const katex = chunk(t, /^katexModule-/);
  const workbox = chunk(t, /^workbox-window/)!;
  expect(t.surfaceAt).toBeGreaterThan(0);
  expect(t.contour).toBeGreaterThan(t.surfaceAt);
  expect(three.start).toBeGreaterThanOrEqual(t.surfaceAt);
  // The 3D view cannot show before its chunk is in; the registration waits for its first frame.
  expect(three.end).toBeLessThan(t.surface);
  expect(workbox.start).toBeGreaterThan(three.end);
  expect(workbox.start).toBeGreaterThan(t.contour);
  // KaTeX waits for the 3D view's first frame as well (the equations panel is below the first screen).
  expect(katex).toBeDefined();
  expect(katex!.start).toBeGreaterThan(three.end);
  expect(chunk(t, /^views-/)).toBeUndefined();
  expect(chunk(t, /^ShareDialog-/)).toBeUndefined();
  // The share dialog's chunk comes with the first press, and the dialog opens.
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('dialog').waitFor();
  expect(chunk(await timeline(page), /^ShareDialog-/)).toBeDefined();
  expect(errors).toEqual([]);
  await page.context().close();
});

test('an MLP link loads the MLP views before its first surface, and the 3D view still loads after it', async () => {
  const { page, errors } = await openRecorded('problem=mlp&dataset=circle&arch=2-4-1&steps=200');
  await waitForRuns(page);
  await page.waitForFunction(() => (window as unknown as { __firstPaint: { surface: number | null } }).__firstPaint.surface !== null);
  const t = await timeline(page);
  const views = chunk(t, /^views-/);
  expect(views).toBeDefined();
  expect(views!.start).toBeLessThan(t.surfaceAt);
  expect(chunk(t, /^Surface3D-/)!.start).toBeGreaterThanOrEqual(t.surfaceAt);
  expect(await page.locator('[data-loading]').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});
