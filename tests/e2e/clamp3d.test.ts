import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HEIGHT } from '../../src/views/surface3d/sceneMap';
import { LIFT } from '../../src/views/surface3d/pathSegments';
import { useBrowser } from './browser';
import { type AppPage, COLOR, openApp } from './app';
import { pixelsOutside, scenePoint } from './scene';

const browser = useBrowser();
const GL = '.surface3d canvas.offscreen-3d';

/** The page rectangle around the 3D box [−1, 1] × [0, HEIGHT] × [−1, 1], widened by `pad` px (line width, marker radius). */
async function boxOnScreen(page: Page, pad: number) {
  const corners = await Promise.all([-1, 1].flatMap((x) => [0, HEIGHT + LIFT].flatMap((y) => [-1, 1].map((z) => scenePoint(page, GL, [x, y, z])))));
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  return { x0: Math.min(...xs) - pad, x1: Math.max(...xs) + pad, y0: Math.min(...ys) - pad, y1: Math.max(...ys) + pad };
}

/** Whether a row of an optimizer's path inside the window (where it is drawn) has a loss outside the surface's loss range, so it must be clamped. */
const outOfRange = (page: Page, id: string) =>
  page.evaluate((id) => {
    type Path = { params: Float64Array; loss: Float64Array; length: number };
    const d = (window as unknown as { __downhill: { live: { surface: { min: number; max: number; range: number[] }; paths: (Path | undefined)[] }; store: { getState(): { experiment: { runs: { optimizer: string }[] } } } } }).__downhill;
    const p = d.live.paths[d.store.getState().experiment.runs.findIndex((r) => r.optimizer === id)]!;
    const { min, max, range: r } = d.live.surface;
    for (let k = 0; k < p.length; k++) {
      const a = p.params[2 * k]!;
      const b = p.params[2 * k + 1]!;
      if (a >= r[0]! && a <= r[1]! && b >= r[2]! && b <= r[3]! && (p.loss[k]! > max || p.loss[k]! < min)) return true;
    }
    return false;
  }, id);

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055);
/** The path colour mixed with white as Paths3D draws clamped segments: 40 % colour, mixed in three.js's linear colour space. */
const pale = (hex: string) =>
  `#${[1, 3, 5]
    .map((i) => Math.round(255 * toSrgb(0.4 * toLinear(parseInt(hex.slice(i, i + 2), 16) / 255) + 0.6)).toString(16).padStart(2, '0'))
    .join('')}`;
const EVERYWHERE = { x0: 0, x1: 0, y0: 0, y1: 0 };

describe.each([
  ['the spiral 2-12-12-1', 'problem=mlp&dataset=spiral&arch=2-12-12-1'],
  ['sine', 'problem=mlp&dataset=sine'],
])('in the MLP lab on %s', (_name, link) => {
  let app: AppPage;
  beforeAll(async () => {
    app = await openApp(browser(), link);
  }, 90_000);
  afterAll(async () => {
    await app.page.close();
  });

  test('paths drawn at their true loss stay inside the 3D box, and clamped parts are drawn pale', async () => {
    const { page, problems } = app;
    // The 3D view loads after the first paint and presents its frames a little later: wait for every path to be drawn.
    for (const id of ['gd', 'momentum', 'nesterov'] as const) {
      await expect.poll(() => pixelsOutside(page, GL, EVERYWHERE, COLOR[id]), { message: `${id} is drawn`, timeout: 10_000, interval: 50 }).toBeGreaterThan(20);
    }
    const box = await boxOnScreen(page, 9);
    for (const id of ['gd', 'momentum', 'nesterov'] as const) {
      expect(await pixelsOutside(page, GL, box, COLOR[id]), `${id} outside the box`).toBe(0);
    }
    // Orange and magenta mixed with white are told apart from the surface's colour scale (pale green is not).
    let clamped = 0;
    for (const id of ['gd', 'nesterov'] as const) {
      if (!(await outOfRange(page, id))) continue;
      clamped++;
      expect(await pixelsOutside(page, GL, EVERYWHERE, pale(COLOR[id])), `pale ${id}`).toBeGreaterThan(0);
    }
    expect(clamped).toBeGreaterThan(0);
    expect(problems.errors).toEqual([]);
  }, 60_000);
});
