import { expect, inject, test } from 'vitest';
import { canvasStats, waitForRuns, watch, useBrowser } from './browser';
import { poll } from './app';

const browser = useBrowser();

const LINK = 'v=1&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6';

test('a shared link draws the surface, the contours and all three paths', async () => {
  const base = inject('baseUrl');
  const page = await browser().newPage({ viewport: { width: 1280, height: 800 } });
  const problems = watch(page, new URL(base).origin);
  await page.goto(`${base}#${LINK}`);
  await waitForRuns(page);
  // Without MSAA (3a1a758) the surface shows ~35 quantised colours; a blank canvas shows 1. The 3D view's
  // chunk loads after the first paint, so its first frame may come after the runs: poll with room for that.
  await poll(() => canvasStats(page, '.surface3d canvas').then((s) => s.distinct)).toBeGreaterThan(20);
  const colors = ['#D55E00', '#009E73', '#CC79A7'];
  await poll(async () => Math.min(...(await canvasStats(page, '.surface3d canvas', colors)).near)).toBeGreaterThan(30);
  const back = await canvasStats(page, '.contour canvas:nth-child(1)');
  expect(back.distinct).toBeGreaterThan(10);
  const front = await canvasStats(page, '.contour canvas:nth-child(2)', colors);
  for (const n of front.near) expect(n).toBeGreaterThan(30);
  expect(problems.errors).toEqual([]);
  await page.close();
});
