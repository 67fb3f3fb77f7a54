import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { createSigmoidNeuron, LECTURE_DATA } from '../../src/engine/problems/sigmoidNeuron';
import { useBrowser } from './browser';
import { type AppPage, contourPoint, LINK, openApp, poll, settled } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const RANGE = [-6, 6, -6, 6];
const readout = (page: Page) =>
  page.locator('.contour-readout').evaluate((el: HTMLOutputElement) => ({
    hidden: el.hidden,
    text: el.textContent ?? '',
    w: Number(el.dataset.w),
    b: Number(el.dataset.b),
    loss: el.dataset.loss === '' ? null : Number(el.dataset.loss),
  }));

const lossAt = (w: number, b: number) => createSigmoidNeuron(LECTURE_DATA).loss(Float64Array.of(w, b));

test('hovering the contour plot reads out (w, b, L) of the point under the pointer, L as the engine computes it', async () => {
  const { page, problems } = app;
  const box = (await page.locator('.contour').boundingBox())!;
  const pixel = 12 / box.width;
  for (const [w, b] of [
    [1, -1],
    [3.5, -4],
    [-4, 4],
  ] as const) {
    const p = contourPoint(box, RANGE, w, b);
    await page.mouse.move(p.x, p.y);
    await poll(() => readout(page).then((r) => !r.hidden && Math.abs(r.w - w) < pixel && Math.abs(r.b - b) < pixel)).toBe(true);
    const r = await readout(page);
    // The grid is bilinear between samples 12/127 apart: within a percent of the exact loss.
    const exact = lossAt(r.w, r.b);
    expect(Math.abs(r.loss! - exact) / exact, `L at (${r.w}, ${r.b})`).toBeLessThan(0.01);
    expect(r.text).toBe(`w = ${Number(r.w.toPrecision(4))}   b = ${Number(r.b.toPrecision(4))}   L = ${r.loss! < 1e-3 ? r.loss!.toExponential(3) : Number(r.loss!.toPrecision(4))}`);
  }
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  await poll(() => readout(page).then((r) => r.hidden)).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('with keyboard focus the readout follows the start, and its L matches the CLI’s step 0 for the same link', async () => {
  const { page, problems } = app;
  await page.mouse.move(1, 1);
  await page.locator('.contour').focus();
  await poll(() => readout(page).then((r) => !r.hidden && r.w === -2 && r.b === -2)).toBe(true);
  const cli = JSON.parse(runCli([`#${LINK}`, '--format', 'json']).stdout) as { runs: { steps: { loss: number }[] }[] };
  const start = cli.runs[0]!.steps[0]!.loss;
  expect(Math.abs((await readout(page)).loss! - start) / start).toBeLessThan(0.01);
  await page.keyboard.press('ArrowRight');
  await settled(page);
  await poll(() => readout(page).then((r) => r.w)).toBeCloseTo(-1.88, 6);
  const r = await readout(page);
  expect(Math.abs(r.loss! - lossAt(r.w, r.b)) / lossAt(r.w, r.b)).toBeLessThan(0.01);
  await page.locator('.contour').blur();
  await poll(() => readout(page).then((x) => x.hidden)).toBe(true);
  expect(problems.errors).toEqual([]);
});
