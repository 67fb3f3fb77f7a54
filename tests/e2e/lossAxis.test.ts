import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { MARGIN } from '../../src/views/plotFrame';
import { useBrowser } from './browser';
import { type AppPage, LINK, openApp, poll } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const axis = (page: Page) =>
  page.locator('.losschart').evaluate((el: HTMLElement) => ({ scale: el.dataset.scale, lo: Number(el.dataset.lo), hi: Number(el.dataset.hi) }));

/** Smallest and largest loss of the shown paths, from the live buffers. */
const losses = (page: Page) =>
  page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: { paths: ({ loss: Float64Array; length: number } | undefined)[] } } }).__downhill;
    let min = Infinity;
    let max = -Infinity;
    for (const p of d.live.paths) if (p) for (let k = 0; k < p.length; k++) (min = Math.min(min, p.loss[k]!)), (max = Math.max(max, p.loss[k]!));
    return { min, max };
  });

/** Dark (text) pixels of the loss chart's canvas inside the CSS-pixel rectangle [x0, x1] × [y0, y1]. */
const ink = (page: Page, x0: number, x1: number, y0: number, y1: number) =>
  page.evaluate(
    ({ x0, x1, y0, y1 }) => {
      const c = document.querySelector('.losschart canvas') as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const { data } = c.getContext('2d')!.getImageData(Math.round(x0 * k), Math.round(y0 * k), Math.round((x1 - x0) * k), Math.round((y1 - y0) * k));
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 128 && data[i]! + data[i + 1]! + data[i + 2]! < 400) n++;
      return n;
    },
    { x0, x1, y0, y1 },
  );

test('the log loss axis is clipped a few decades below its top, and "show all" shows every decade', async () => {
  const { page, problems } = app;
  const { min, max } = await losses(page);
  expect(min).toBeLessThan(1e-20);
  const a = await axis(page);
  expect(a.scale).toBe('log');
  expect(a.hi).toBe(Math.ceil(Math.log10(max)) || 0);
  expect(a.lo).toBeGreaterThanOrEqual(a.hi - 6);
  expect(a.lo).toBeGreaterThan(Math.log10(min));
  await page.getByRole('checkbox', { name: 'show all' }).check();
  await poll(() => axis(page).then((x) => x.lo)).toBe(Math.floor(Math.log10(min)));
  await page.getByRole('checkbox', { name: 'show all' }).uncheck();
  await poll(() => axis(page).then((x) => x.lo)).toBe(a.lo);
  expect(problems.errors).toEqual([]);
});

test('the top tick is labelled and the rotated axis label keeps clear of the tick labels', async () => {
  const { page } = app;
  const { height } = (await page.locator('.losschart').boundingBox())!;
  // Tick labels end 6 px left of the frame, centred on their tick; the top tick sits on the frame's top edge.
  await poll(() => ink(page, 20, 50, MARGIN.top - 5, MARGIN.top + 5)).toBeGreaterThan(10);
  // Between the rotated label (centred 9 px from the left edge) and the tick labels, a clear column.
  expect(await ink(page, 16, 24, 0, height - MARGIN.bottom)).toBe(0);
});

test('the linear axis runs from 0 to the largest loss', async () => {
  const { page, problems } = app;
  const { max } = await losses(page);
  await page.getByRole('checkbox', { name: 'linear' }).check();
  await poll(() => axis(page).then((x) => x.scale)).toBe('linear');
  const a = await axis(page);
  expect(a.lo).toBe(0);
  expect(a.hi).toBe(max);
  await page.getByRole('checkbox', { name: 'linear' }).uncheck();
  await poll(() => axis(page).then((x) => x.scale)).toBe('log');
  expect(problems.errors).toEqual([]);
});
