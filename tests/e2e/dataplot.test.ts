import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, canvasDigest, dragPath, hashParams, LINK, openApp, poll, setHash, settled } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const surfaceVersion = (page: Page) => page.evaluate(() => (window as unknown as { __downhill: { live: { surfaceVersion: number } } }).__downhill.live.surfaceVersion);
const centre = async (page: Page, name: RegExp) => {
  const b = (await page.getByRole('button', { name }).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};

test('dragging a data point follows the pointer and recomputes the surface, the contours and the URL', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const version = await surfaceVersion(page);
  const contour = await canvasDigest(page, '.contour canvas:nth-child(1)');
  const a = await centre(page, /^data point 1:/);
  // Towards the left edge: a mapping that ignores the letterboxing of the viewBox is off by tens of pixels there.
  const b = { x: a.x - 70, y: a.y - 70 };
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await dragPath(page, a, b, 5);
  await poll(() => surfaceVersion(page)).toBeGreaterThan(version);
  // While dragging, the circle stays under the pointer (on release the x axis may widen to fit it).
  const c = await centre(page, /^data point 1:/);
  expect(Math.abs(c.x - b.x)).toBeLessThan(3);
  expect(Math.abs(c.y - b.y)).toBeLessThan(3);
  await page.mouse.up();
  const data = (await appState(page)).experiment.data;
  expect(data).toHaveLength(2);
  expect(data[0]!.x).toBeLessThan(0.5);
  expect(data[0]!.y).toBeGreaterThan(0.2);
  expect(data[1]).toEqual({ x: 2.5, y: 0.9 });
  await poll(() => hashParams(page).then((h) => h.data)).toBe(`${data[0]!.x}:${data[0]!.y},2.5:0.9`);
  await settled(page);
  await poll(() => canvasDigest(page, '.contour canvas:nth-child(1)')).not.toBe(contour);
  expect(problems.errors).toEqual([]);
});

test('pressing empty space in the data view adds a point there, and double-clicking a point removes it', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const version = await surfaceVersion(page);
  const box = (await page.locator('svg.dataplot').boundingBox())!;
  const p1 = await centre(page, /^data point 1:/);
  const p2 = await centre(page, /^data point 2:/);
  // Right of the second point, low in the plot: empty space away from the grid lines.
  const spot = { x: p2.x + (p2.x - p1.x) / 2, y: box.y + box.height * 0.62 };
  await page.mouse.click(spot.x, spot.y);
  await poll(() => appState(page).then((s) => s.experiment.data.length)).toBe(3);
  await poll(() => surfaceVersion(page)).toBeGreaterThan(version);
  await poll(() => hashParams(page).then((h) => (h.data ?? '').split(',').length)).toBe(3);
  const added = (await appState(page)).experiment.data[2]!;
  expect(added.x).toBeGreaterThan(2.5);
  expect(added.x).toBeLessThan(4);
  const c = await centre(page, /^data point 3:/);
  expect(Math.abs(c.x - spot.x)).toBeLessThan(3);
  expect(Math.abs(c.y - spot.y)).toBeLessThan(3);

  const v3 = await surfaceVersion(page);
  await page.getByRole('button', { name: /^data point 1:/ }).dblclick();
  await poll(() => appState(page).then((s) => s.experiment.data)).toEqual([{ x: 2.5, y: 0.9 }, added]);
  await poll(() => surfaceVersion(page)).toBeGreaterThan(v3);
  await poll(() => hashParams(page).then((h) => h.data)).toBe(`2.5:0.9,${added.x}:${added.y}`);
  await expect(page.getByRole('button', { name: /^data point \d+:/ }).count()).resolves.toBe(2);
  await settled(page);
  expect(problems.errors).toEqual([]);
});

test('a focused data point moves with the arrow keys and is removed with Delete, but the last one stays', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const point = page.getByRole('button', { name: /^data point 2:/ });
  await point.focus();
  await point.press('ArrowUp');
  await poll(() => appState(page).then((s) => s.experiment.data[1])).toEqual({ x: 2.5, y: 0.91 });
  await point.press('Delete');
  await poll(() => appState(page).then((s) => s.experiment.data)).toEqual([{ x: 0.5, y: 0.2 }]);
  await page.getByRole('button', { name: /^data point 1:/ }).press('Delete');
  await settled(page);
  expect((await appState(page)).experiment.data).toEqual([{ x: 0.5, y: 0.2 }]);
  expect(problems.errors).toEqual([]);
});
