import { beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenPixels, useBrowser, waitForRuns, watch, type PageProblems } from './browser';
import { appState, dragPath, LINK, poll, settled, start, surfacePoint } from './app';

/**
 * The 3D view rendered in a worker (?render3d=worker, src/views/surface3d/offscreen/): the scene is drawn
 * on an OffscreenCanvas by the render worker, not by a WebGL renderer on the page, and the page's pointer
 * events reach its orbit controls and its start drag through messages.
 */
const browser = useBrowser();
let page: Page;
let problems: PageProblems;
const CANVAS = '.surface3d canvas.offscreen-3d';

beforeAll(async () => {
  page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  problems = watch(page, new URL(inject('baseUrl')).origin);
  await page.goto(`${inject('baseUrl')}?render3d=worker#${LINK}`);
  await waitForRuns(page);
  await settled(page);
  await page.waitForSelector('.surface3d[data-gl=ready]');
});

/** Colours seen in a screenshot of the 3D view: distinct (4 bits a channel) and the share near its background #f8fafc. */
async function shotStats(): Promise<{ distinct: number; background: number }> {
  const { data } = await screenPixels(page, (await page.locator(CANVAS).boundingBox())!);
  const seen = new Set<number>();
  let background = 0;
  for (let i = 0; i < data.length; i += 4) {
    seen.add(((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4));
    if (Math.abs(data[i]! - 0xf8) + Math.abs(data[i + 1]! - 0xfa) + Math.abs(data[i + 2]! - 0xfc) < 30) background++;
  }
  return { distinct: seen.size, background: background / (data.length / 4) };
}

test('the worker draws the surface on the page: no WebGL renderer on the main thread, a surface in the picture', async () => {
  // The page's own three.js renderers (the soak test's counter): none, the scene is in the worker.
  expect(await page.evaluate(() => (window as never as { __downhill: { rendererMemory(): { renderers: number } } }).__downhill.rendererMemory().renderers)).toBe(0);
  // One canvas, the worker's: no hidden WebGL canvas with a 2-D copy of its frames.
  expect(await page.locator('.surface3d canvas').count()).toBe(1);
  expect(await page.locator(CANVAS).count()).toBe(1);
  await poll(() => shotStats().then((s) => s.distinct >= 20 && s.background < 0.9)).toBe(true);
  // The axis labels are placed by the worker's frames (not left at the view's corner).
  const label = await page.locator('.surface3d .axis-label').first().evaluate((el) => (el as HTMLElement).style.transform);
  expect(label).toMatch(/translate\(-50%, -50%\) translate\([\d.]+px, [\d.]+px\)/);
  expect(problems.errors).toEqual([]);
});

test('a mouse drag on the background orbits: the camera moves in the store and in the picture', async () => {
  const before = (await appState(page)).camera;
  const box = (await page.locator(CANVAS).boundingBox())!;
  const still = await page.locator(CANVAS).screenshot();
  await page.mouse.move(box.x + 15, box.y + 15);
  await page.mouse.down();
  await dragPath(page, { x: box.x + 15, y: box.y + 15 }, { x: box.x + 135, y: box.y + 45 }, 6);
  await page.mouse.up();
  await poll(() => appState(page).then((s) => s.camera[0] !== before[0])).toBe(true);
  await poll(async () => !(await page.locator(CANVAS).screenshot()).equals(still)).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('pressing on the surface moves the start to the point under the pointer, through the worker', async () => {
  const p = await surfacePoint(page, CANVAS, 2, -2);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await poll(() => start(page).then(([w, b]) => Math.abs(w! - 2) < 0.35 && Math.abs(b! - -2) < 0.35)).toBe(true);
  const q = await surfacePoint(page, CANVAS, 3, 0);
  await dragPath(page, p, q, 5);
  await page.mouse.up();
  await poll(() => start(page).then(([w, b]) => Math.abs(w! - 3) < 0.35 && Math.abs(b!) < 0.35)).toBe(true);
  expect(problems.errors).toEqual([]);
});
