import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { COLOR_BAR, PLOT_WITH_BAR } from '../../src/views/colorBar';
import { colormap, lossScale } from '../../src/views/colors';
import { OVERLAY } from '../../src/views/surface3d/ColorBarOverlay';
import { screenPixels, useBrowser } from './browser';
import { type AppPage, LINK, openApp } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

/** RGBA of a column of CSS pixels x, rows y0..y1 of a canvas (device pixels scaled away). */
const column = (page: Page, selector: string, x: number, y0: number, y1: number) =>
  page.evaluate(
    ({ selector, x, y0, y1 }) => {
      const c = document.querySelector(selector) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const ctx = c.getContext('2d')!;
      const out: number[][] = [];
      for (let y = y0; y <= y1; y++) out.push([...ctx.getImageData(Math.round(x * k), Math.round((y + 0.5) * k), 1, 1).data]);
      return out;
    },
    { selector, x, y0, y1 },
  );

/** Dark (text) pixels of a canvas in the CSS-pixel rectangle [x0, x1] × [y0, y1]. */
const ink = (page: Page, selector: string, x0: number, x1: number, y0: number, y1: number) =>
  page.evaluate(
    ({ selector, x0, x1, y0, y1 }) => {
      const c = document.querySelector(selector) as HTMLCanvasElement;
      const k = c.width / c.getBoundingClientRect().width;
      const { data } = c.getContext('2d')!.getImageData(Math.round(x0 * k), Math.round(y0 * k), Math.round((x1 - x0) * k), Math.round((y1 - y0) * k));
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 128 && data[i]! + data[i + 1]! + data[i + 2]! < 400) n++;
      return n;
    },
    { selector, x0, x1, y0, y1 },
  );

const surfaceRange = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __downhill: { live: { surface: { min: number; max: number } } } }).__downhill.live.surface;
    return { min: s.min, max: s.max };
  });

/**
 * Checks that the bar drawn from `top` (highest loss) to `top + height` (lowest) at `x` shows the colour
 * map row by row, and that tick labels stand beside it where the colour scale puts loss values.
 */
async function expectBar(page: Page, selector: string, x: number, top: number, height: number) {
  const rows = await column(page, selector, x + COLOR_BAR.width / 2 + 2, Math.ceil(top) + 1, Math.floor(top + height) - 2);
  expect(rows.length).toBeGreaterThan(60);
  rows.forEach((px, j) => {
    const s = 1 - (Math.ceil(top) + 1 + j + 0.5 - top) / height;
    const want = colormap(s).map((v) => v * 255);
    const diff = Math.abs(px[0]! - want[0]!) + Math.abs(px[1]! - want[1]!) + Math.abs(px[2]! - want[2]!);
    expect(diff, `row ${j} (s = ${s.toFixed(3)}): ${px.join(',')} vs ${want.map(Math.round).join(',')}`).toBeLessThan(12);
  });
  // The bar runs from the pale valley colour at the bottom to the dark plateau colour at the top.
  expect(rows[0]![0]! + rows[0]![1]! + rows[0]![2]!).toBeLessThan(rows.at(-1)![0]! + rows.at(-1)![1]! + rows.at(-1)![2]! - 300);
  const { min, max } = await surfaceRange(page);
  const scale = lossScale(min, max);
  for (const L of [min, max]) {
    const y = top + (1 - scale(Number(L.toPrecision(2)))) * height;
    expect(await ink(page, selector, x + COLOR_BAR.width + 4, x + COLOR_BAR.width + 40, y - 5, y + 5), `label of ${L}`).toBeGreaterThan(5);
  }
}

test('the contour plot has a colour bar of the loss that follows the colour map, with labelled values', async () => {
  const { page, problems } = app;
  const box = (await page.locator('.contour').boundingBox())!;
  const frameWidth = box.width - PLOT_WITH_BAR.left - PLOT_WITH_BAR.right;
  const x = PLOT_WITH_BAR.left + frameWidth + COLOR_BAR.gap;
  await expectBar(page, '.contour canvas:nth-child(1)', x, PLOT_WITH_BAR.top, box.height - PLOT_WITH_BAR.top - PLOT_WITH_BAR.bottom);
  expect(problems.errors).toEqual([]);
});

/** RGB of the screen (a screenshot, so what is really shown, whatever covers what) along a vertical CSS-pixel line. */
async function screenColumn(page: Page, x: number, y0: number, y1: number): Promise<number[][]> {
  const { width, height, data } = await screenPixels(page, { x, y: y0, width: 1, height: y1 - y0 });
  const out: number[][] = [];
  for (let y = 0; y < height; y++) out.push([data[4 * y * width]!, data[4 * y * width + 1]!, data[4 * y * width + 2]!]);
  return out;
}

test('the 3D view has the same colour bar over its corner, and its loss axis label gives the loss range', async () => {
  const { page, problems } = app;
  await expectBar(page, '.panel > canvas.colorbar', COLOR_BAR.gap, OVERLAY.pad, OVERLAY.height - 2 * OVERLAY.pad);
  // On the screen too: nothing covers it (the software-WebGL frame is shown in a canvas over the view).
  const bar = (await page.locator('.panel > canvas.colorbar').boundingBox())!;
  const x = Math.round(bar.x + COLOR_BAR.gap + COLOR_BAR.width / 2);
  const top = Math.ceil(bar.y + OVERLAY.pad) + 2;
  const height = OVERLAY.height - 2 * OVERLAY.pad;
  const shown = await screenColumn(page, x, top, Math.floor(bar.y + OVERLAY.pad + height) - 2);
  shown.forEach((px, j) => {
    const s = 1 - (top + j + 0.5 - (bar.y + OVERLAY.pad)) / height;
    const want = colormap(s).map((v) => v * 255);
    const diff = Math.abs(px[0]! - want[0]!) + Math.abs(px[1]! - want[1]!) + Math.abs(px[2]! - want[2]!);
    expect(diff, `screen row ${j} (s = ${s.toFixed(3)}): ${px.join(',')} vs ${want.map(Math.round).join(',')}`).toBeLessThan(24);
  });
  const { min, max } = await surfaceRange(page);
  const label = await page.locator('.surface3d .axis-label').nth(2).textContent();
  expect(label).toBe(`loss:\n${min.toExponential(1)} … ${Number(max.toPrecision(2))}`);
  expect(problems.errors).toEqual([]);
});
