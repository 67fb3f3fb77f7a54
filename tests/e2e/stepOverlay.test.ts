import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { canvasDigest, contourPoint, hashParams, openApp, pixelsNear, poll, surfaceDrawn } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();

const FRONT = '.contour canvas:nth-child(2)';
const SURFACE = '.surface3d canvas';
/** An eccentric bowl with a momentum run whose early steps are long enough to see. */
const BOWL = 'problem=quadratic&curv=1,10&start=-4,2&steps=200&range=-5,5,-5,5&runs=momentum(eta:0.05;gamma:0.8),gd(eta:0.15)&t=3';
/** The history arrow's slate (drawStep.ts): nothing else on the plot is that colour. */
const SLATE = '#334155';

/** The followed run's point at the playback step, in the contour canvas's own CSS pixels. */
async function pointOnPlot(page: Page): Promise<{ x: number; y: number }> {
  const [w, b, t] = await page.evaluate(() => {
    const d = (window as unknown as { __downhill: { live: { paths: { params: Float64Array }[] }; store: { getState(): { t: number } } } }).__downhill;
    const t = d.store.getState().t;
    const P = d.live.paths[0]!.params;
    return [P[2 * t]!, P[2 * t + 1]!, t];
  });
  expect(t).toBe(3);
  const box = (await page.locator(FRONT).first().boundingBox())!;
  return contourPoint({ x: 0, y: 0, width: box.width, height: box.height }, [-5, 5, -5, 5], w, b);
}

test('Step arrows, switched on by a real click, draw the momentum step\'s history and gradient term at the point, and go into the link', async () => {
  const { page, problems } = await openApp(browser(), BOWL);
  const at = await pointOnPlot(page);
  const before = await pixelsNear(page, FRONT, at.x, at.y, 70, SLATE);
  await page.getByLabel('Step arrows').click();
  await poll(async () => (await hashParams(page)).show).toBe('step');
  await poll(() => pixelsNear(page, FRONT, at.x, at.y, 70, SLATE)).toBeGreaterThan(before + 25);
  // The line under the views: this step, and the tangent plane's prediction against the actual change.
  // On a quadratic the second-order model is the surface: its prediction is the actual change.
  const line = (await page.locator('.step-line').textContent()) ?? '';
  const m = /^Step 3 → 4: ΔL predicted by the tangent plane (−?[\d.e]+), by the second-order model (−?[\d.e]+); actual (−?[\d.e]+)\.$/.exec(line);
  expect(m, line).not.toBeNull();
  expect(m![2]).toBe(m![3]);
  expect(m![1]).not.toBe(m![3]);
  // Another run followed: its step (plain GD, no history arrow) replaces it. The followed run's eigen-axes
  // move with it (their dark lines' antialiased edges come near slate), so GD's arrows are compared with
  // GD followed without arrows.
  const momentumDrawn = await canvasDigest(page, FRONT);
  await page.getByLabel('Run whose step is drawn').selectOption('1');
  await poll(() => canvasDigest(page, FRONT)).not.toBe(momentumDrawn);
  const gdArrows = await pixelsNear(page, FRONT, at.x, at.y, 70, SLATE);
  const gdDrawn = await canvasDigest(page, FRONT);
  await page.getByLabel('Step arrows').click();
  await poll(() => canvasDigest(page, FRONT)).not.toBe(gdDrawn);
  const gdPlain = await pixelsNear(page, FRONT, at.x, at.y, 70, SLATE);
  expect(Math.abs(gdArrows - gdPlain), `${gdArrows} vs ${gdPlain}`).toBeLessThanOrEqual(5);
  await page.getByLabel('Step arrows').click();
  await page.getByLabel('Run whose step is drawn').selectOption('0');
  await poll(() => pixelsNear(page, FRONT, at.x, at.y, 70, SLATE)).toBeGreaterThan(before + 25);
  await page.getByLabel('Step arrows').click();
  await poll(() => pixelsNear(page, FRONT, at.x, at.y, 70, SLATE)).toBeLessThanOrEqual(before + 5);
  await poll(async () => (await hashParams(page)).show).toBeUndefined();
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the arrows follow playback: a step later they are drawn at the next point', async () => {
  const { page, problems } = await openApp(browser(), `${BOWL}&show=step`);
  const drawn = await canvasDigest(page, FRONT);
  await page.evaluate(() => (window as unknown as { __downhill: { store: { getState(): { setT(t: number): void } } } }).__downhill.store.getState().setT(4));
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawn);
  await expect(page.locator('.step-line').textContent()).resolves.toMatch(/^Step 4 → 5/);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the tangent plane and the second-order patch change the 3D view and keep the surface drawn, with no error', async () => {
  const { page, problems } = await openApp(browser(), BOWL);
  await poll(() => surfaceDrawn(page, SURFACE)).toBe(true);
  const plain = await canvasDigest(page, SURFACE);
  await page.getByLabel('Tangent plane').click();
  await poll(() => canvasDigest(page, SURFACE)).not.toBe(plain);
  const withPlane = await canvasDigest(page, SURFACE);
  await page.getByLabel('Second-order patch').click();
  await poll(() => canvasDigest(page, SURFACE)).not.toBe(withPlane);
  await poll(async () => (await hashParams(page)).show).toBe('taylor,quad');
  expect(await surfaceDrawn(page, SURFACE)).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});
