import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { LIFT } from '../../src/views/surface3d/pathSegments';
import { HEIGHT } from '../../src/views/surface3d/sceneMap';
import { useBrowser } from './browser';
import { type AppPage, appState, COLOR, contourPoint, hashParams, openApp, pixelsNear, poll, settled } from './app';
import { scenePoint } from './scene';

const browser = useBrowser();
let app: AppPage;
/** Momentum and Nesterov are flung far out of the window to a saturated plateau; GD stays inside. */
const FLUNG = 'eta=19.1';
beforeAll(async () => {
  app = await openApp(browser(), FLUNG);
});

const FRONT = '.contour canvas:nth-child(2)';
const GL = '.surface3d canvas.offscreen-3d';

/** The first row of a path outside the window and the point where the step into it crosses the border, read from the live buffers. */
const exitOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    type Path = { params: Float64Array; loss: Float64Array; length: number };
    const d = (window as unknown as { __downhill: { live: { surface: { range: number[]; min: number; max: number }; paths: (Path | undefined)[] }; store: { getState(): { experiment: { runs: { optimizer: string }[] } } } } }).__downhill;
    const p = d.live.paths[d.store.getState().experiment.runs.findIndex((r) => r.optimizer === id)]!;
    const [w0, w1, b0, b1] = d.live.surface.range as [number, number, number, number];
    const inside = (k: number) => p.params[2 * k]! >= w0 && p.params[2 * k]! <= w1 && p.params[2 * k + 1]! >= b0 && p.params[2 * k + 1]! <= b1;
    for (let k = 1; k < p.length; k++) {
      if (inside(k)) continue;
      const [aw, ab, cw, cb] = [p.params[2 * k - 2]!, p.params[2 * k - 1]!, p.params[2 * k]!, p.params[2 * k + 1]!];
      const fs = [cw > w1 ? (w1 - aw) / (cw - aw) : 1, cw < w0 ? (w0 - aw) / (cw - aw) : 1, cb > b1 ? (b1 - ab) / (cb - ab) : 1, cb < b0 ? (b0 - ab) / (cb - ab) : 1];
      const f = Math.min(...fs);
      const { min, max } = d.live.surface;
      return { step: k, f, w: aw + f * (cw - aw), b: ab + f * (cb - ab), dw: cw - aw, db: cb - ab, range: [w0, w1, b0, b1], losses: [p.loss[k - 1]!, p.loss[k]!], min, max };
    }
    return null;
  }, id);

const setT = (page: Page, t: number) => page.evaluate((t) => (window as unknown as { __downhill: { store: { getState(): { setT(t: number): void } } } }).__downhill.store.getState().setT(t), t);

test('a path that leaves the window gets an edge marker where it crosses the border and a legend note with the step', async () => {
  const { page, problems } = app;
  const exit = (await exitOf(page, 'momentum'))!;
  expect(exit).not.toBeNull();
  expect(await exitOf(page, 'gd')).toBeNull();
  await poll(() => page.locator('.legend li[data-optimizer="momentum"] .window-note').textContent()).toBe(`left the window at step ${exit.step}`);
  expect(await page.locator('.legend li[data-optimizer="gd"] .window-note').count()).toBe(0);

  // Just outside the frame, on the way the path went: only the marker is drawn there (paths are clipped to the frame).
  const box = (await page.locator('.contour').boundingBox())!;
  const at = contourPoint(box, exit.range, exit.w, exit.b);
  const n = Math.hypot(exit.dw / (exit.range[1]! - exit.range[0]!), exit.db / (exit.range[3]! - exit.range[2]!));
  const out = { x: at.x - box.x + (5 * exit.dw) / (exit.range[1]! - exit.range[0]!) / n, y: at.y - box.y - (5 * exit.db) / (exit.range[3]! - exit.range[2]!) / n };
  await poll(() => pixelsNear(page, FRONT, out.x, out.y, 2, COLOR.momentum)).toBeGreaterThan(3);

  // In 3D, a ring on the border stands above and below the path where it crosses (the path's heights clamped into the box).
  const height = (L: number) => Math.max(0, Math.min(HEIGHT, ((L - exit.min) * HEIGHT) / (exit.max - exit.min))) + LIFT;
  const y = height(exit.losses[0]!) + exit.f * (height(exit.losses[1]!) - height(exit.losses[0]!));
  const gl = (await page.locator(GL).boundingBox())!;
  const sx = ((exit.w - exit.range[0]!) / (exit.range[1]! - exit.range[0]!)) * 2 - 1;
  const sz = -(((exit.b - exit.range[2]!) / (exit.range[3]! - exit.range[2]!)) * 2 - 1);
  const ringTop = await scenePoint(page, GL, [sx, y + 0.04, sz]);
  const ringInk = () => pixelsNear(page, GL, ringTop.x - gl.x, ringTop.y - gl.y, 3, COLOR.momentum);
  await poll(ringInk).toBeGreaterThan(0);

  // Before the step that leaves, there is no marker.
  await setT(page, exit.step - 1);
  await poll(() => pixelsNear(page, FRONT, out.x, out.y, 2, COLOR.momentum)).toBe(0);
  await poll(ringInk).toBe(0);
  await setT(page, (await appState(page)).experiment.steps);
  expect(problems.errors).toEqual([]);
});

test('"Fit the window to the paths" sets range in the link so that every path stays inside', async () => {
  const { page, problems } = app;
  await page.getByRole('button', { name: 'Fit the window to the paths' }).first().click();
  await poll(() => hashParams(page).then((h) => h.range)).not.toBe('-6,6,-6,6');
  await settled(page);
  for (const id of ['gd', 'momentum', 'nesterov']) expect(await exitOf(page, id), id).toBeNull();
  const range = (await hashParams(page)).range!.split(',').map(Number);
  expect((await appState(page)).experiment.range).toEqual(range);
  await poll(() => page.locator('.window-note').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Fit the window to the paths' }).count()).toBe(0);
  expect(problems.errors).toEqual([]);
});

test('a start outside the window is pinned to its border in both views and the legend says so', async () => {
  const { page, problems } = app;
  await page.evaluate(() => (window as unknown as { __downhill: { flushUrl(): string } }).__downhill.flushUrl());
  await page.evaluate(() => (location.hash = 'start=-8,-2&steps=50'));
  await settled(page);
  await poll(() => page.locator('.legend li[data-optimizer="gd"] .window-note').textContent()).toBe('starts outside the window');
  // Contours: a dark ring on the left border at b = −2; nothing drawn at w = −8 (beyond the frame).
  const box = (await page.locator('.contour').boundingBox())!;
  const edge = contourPoint(box, [-6, 6, -6, 6], -6, -2);
  // Polled: the views draw in the frames after the data is in (the 3D view's frame comes back asynchronously).
  await poll(() => pixelsNear(page, FRONT, edge.x - box.x + 6.5, edge.y - box.y, 1.5, '#1f2937')).toBeGreaterThan(0);
  // 3D: the marker stands on the surface's edge (x = −1), not out in the air at x = −1.33.
  const pinned = await scenePoint(page, GL, [-1, 0, 1 / 3]);
  const floating = await scenePoint(page, GL, [-8 / 6, 0, 1 / 3]);
  const gl = (await page.locator(GL).boundingBox())!;
  const darkNear = async (p: { x: number; y: number }) => {
    let n = 0;
    for (let dy = -HEIGHT * 200; dy <= 10; dy += 10) n += await pixelsNear(page, GL, p.x - gl.x, p.y - gl.y + dy, 6, '#1f2937');
    return n;
  };
  await poll(() => darkNear(pinned)).toBeGreaterThan(0);
  expect(await darkNear(floating)).toBe(0);
  expect(problems.errors).toEqual([]);
});
