import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, canvasDigest, dragPath, hashParams, LINK, openApp, poll, setHash, settled, start, surfaceDrawn, surfacePoint } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const CANVAS = '.surface3d canvas.offscreen-3d';
/** A pixel on the 3D view spans up to ~0.05 in w or b; the mesh is piecewise linear where the projection is bilinear. */
const TOL = 0.35;
const near = (p: readonly number[], w: number, b: number) => Math.abs(p[0]! - w) < TOL && Math.abs(p[1]! - b) < TOL;

// surfacePoint projects with the store's camera pose, which the app applies to the view and writes after an orbit.

test('the 3D view has an accessible name and draws a non-blank surface', async () => {
  const { page, problems } = app;
  await expect(page.getByRole('img', { name: /surface/i }).count()).resolves.toBe(1);
  await poll(() => surfaceDrawn(page, CANVAS)).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('pressing on the 3D surface moves the start to the point under the pointer, and dragging keeps it there', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const p = await surfacePoint(page, CANVAS, 2, -2);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await poll(() => start(page).then((s) => near(s, 2, -2))).toBe(true);
  const q = await surfacePoint(page, CANVAS, 3, 0);
  await dragPath(page, p, q, 5);
  await poll(() => start(page).then((s) => near(s, 3, 0))).toBe(true);
  await page.mouse.up();
  const [w, b] = await start(page);
  const range = (await appState(page)).experiment.range;
  expect(w).toBeGreaterThanOrEqual(range[0]!);
  expect(w).toBeLessThanOrEqual(range[1]!);
  expect(b).toBeGreaterThanOrEqual(range[2]!);
  expect(b).toBeLessThanOrEqual(range[3]!);
  await poll(() => hashParams(page).then((h) => h.start)).toBe(`${w},${b}`);
  await settled(page);
  expect(problems.errors).toEqual([]);
});

test('the start marker can be grabbed and dragged over the surface without orbiting the camera', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const m = await surfacePoint(page, CANVAS, -2, -2, 0.02);
  const target = await surfacePoint(page, CANVAS, 1, -3);
  const before = await canvasDigest(page, CANVAS);
  await page.mouse.move(m.x, m.y);
  await page.mouse.down();
  let mid: readonly number[] = [];
  await dragPath(page, m, target, 6, async (k) => {
    if (k === 3) {
      await poll(() => start(page).then((s) => s[0]! > -1.5)).toBe(true);
      mid = await start(page);
    }
  });
  await page.mouse.up();
  expect(mid[0]).toBeLessThan(1);
  await poll(() => start(page).then((s) => near(s, 1, -3))).toBe(true);
  // The camera did not move: a projection with the same pose still lands on the point pressed.
  const again = await surfacePoint(page, CANVAS, -2, -2);
  await page.mouse.click(again.x, again.y);
  await poll(() => start(page).then((s) => near(s, -2, -2))).toBe(true);
  await settled(page);
  await poll(() => canvasDigest(page, CANVAS)).not.toBe(before);
  expect(problems.errors).toEqual([]);
});

test('a camera pose in the link places the 3D camera there', async () => {
  const { page, problems } = app;
  const drawn = await canvasDigest(page, CANVAS);
  await setHash(page, `${LINK}&cam=-50,35,3.6`);
  expect((await appState(page)).camera).toEqual([-50, 35, 3.6]);
  await poll(() => canvasDigest(page, CANVAS)).not.toBe(drawn);
  // Seen from this side, the plateau near (w, b) = (−4, −3) is in front (the valley behind it is hidden).
  const p = await surfacePoint(page, CANVAS, -4, -3);
  await page.mouse.click(p.x, p.y);
  await poll(() => start(page).then((s) => near(s, -4, -3))).toBe(true);
  await setHash(page, LINK);
  expect((await appState(page)).camera).toEqual([40, 25, 4.2]);
  expect(problems.errors).toEqual([]);
});

test('dragging the background of the 3D view orbits the camera, writes the pose to the link and leaves the start alone', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const box = (await page.locator(CANVAS).boundingBox())!;
  const before = await start(page);
  const drawn = await canvasDigest(page, CANVAS);
  const a = { x: box.x + 12, y: box.y + 12 };
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await dragPath(page, a, { x: a.x + 40, y: a.y + 10 }, 4);
  await page.mouse.up();
  await poll(() => canvasDigest(page, CANVAS)).not.toBe(drawn);
  expect(await start(page)).toEqual(before);
  expect((await hashParams(page)).start).toBe(before.join(','));
  // The orbit's end reaches the store from the render worker, a message later.
  await poll(() => appState(page).then((s) => s.camera[0])).not.toBe(40);
  const camera = (await appState(page)).camera;
  // At half OrbitControls' default speed: 40 px sideways turn the azimuth by 0.5 · 360° · 40 / the view's height.
  const turned = Math.abs(((camera[0]! - 40 + 540) % 360) - 180);
  expect(turned).toBeCloseTo((0.5 * 360 * 40) / box.height, 0);
  await poll(() => hashParams(page).then((h) => h.cam)).toBe(camera.join(','));
  // The written pose is the camera's: projecting with it still finds the surface point under the pointer.
  const p = await surfacePoint(page, CANVAS, 2, -2);
  await page.mouse.click(p.x, p.y);
  await poll(() => start(page).then((s) => near(s, 2, -2))).toBe(true);
  await poll(() => surfaceDrawn(page, CANVAS)).toBe(true);
  expect(problems.errors).toEqual([]);
});
