import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { SMALL_MARGIN } from '../../src/views/plotFrame';
import { useBrowser } from './browser';
import { hashParams, openApp, poll, settled } from './app';

const browser = useBrowser();
/** The default data (200 circle points), on a coarse grid to keep the runs short. */
const LINK = 'problem=mlp&steps=100&grid=32';

const added = (page: Page) => hashParams(page).then((h) => (h.add ? h.add.split(',').length : 0));

test('with the default 200 points every press on a decision map adds a point; grabbing one is its own mode', async () => {
  const { page, problems } = await openApp(browser(), LINK, { width: 1400, height: 1000 });
  const box = (await page.locator('.decision-map[data-index="0"] .decision-canvas').boundingBox())!;
  const fw = box.width - SMALL_MARGIN.left - SMALL_MARGIN.right;
  const fh = box.height - SMALL_MARGIN.top - SMALL_MARGIN.bottom;
  // Presses spread over the middle of the map, where the points are densest.
  const spots = [0.35, 0.45, 0.55, 0.65].flatMap((u) => [0.4, 0.6].map((v) => ({ x: box.x + SMALL_MARGIN.left + u * fw, y: box.y + SMALL_MARGIN.top + v * fh })));
  for (const [i, p] of spots.entries()) {
    await page.mouse.click(p.x, p.y);
    await poll(() => added(page)).toBe(i + 1);
    await settled(page);
  }
  expect((await hashParams(page)).drop).toBeUndefined();
  // In the 'moves a point' mode a press near a point drags it (a generated one is dropped and added again).
  await page.getByRole('radio', { name: 'moves a point' }).check();
  // The mode's longer hint must not move the maps: the map is where it was measured at the start.
  expect((await page.locator('.decision-map[data-index="0"] .decision-canvas').boundingBox())!.y).toBe(box.y);
  const p0 = await page.evaluate(() => Array.from((window as unknown as { __downhill: { live: { data: { x: Float64Array } } } }).__downhill.live.data.x.subarray(0, 2)));
  const w = await page.evaluate(() => (window as unknown as { __downhill: { live: { view: { window: number[] } } } }).__downhill.live.view.window);
  const from = { x: box.x + SMALL_MARGIN.left + ((p0[0]! - w[0]!) / (w[1]! - w[0]!)) * fw, y: box.y + SMALL_MARGIN.top + (1 - (p0[1]! - w[2]!) / (w[3]! - w[2]!)) * fh };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(box.x + SMALL_MARGIN.left + 2, box.y + SMALL_MARGIN.top + 2, { steps: 5 });
  await page.mouse.up();
  await poll(() => hashParams(page).then((h) => h.drop !== undefined)).toBe(true);
  expect(await added(page)).toBe(spots.length + 1);
  expect(problems.errors).toEqual([]);
  await page.close();
});
