import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, contourPoint, dragPath, hashParams, LINK, openApp, pathEnd, poll, setHash, settled, start } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

/** Half a plot pixel is about 0.01 of the 12-wide window; allow a few pixels for rounding of the element box. */
const TOL = 0.1;
const near = (p: readonly number[], w: number, b: number) => Math.abs(p[0]! - w) < TOL && Math.abs(p[1]! - b) < TOL;
const hashStart = (page: AppPage['page']) => hashParams(page).then((h) => (h.start ?? '').split(',').map(Number));

async function plot(a: AppPage) {
  const el = a.page.getByRole('application', { name: /contour/i });
  const box = (await el.boundingBox())!;
  const range = (await appState(a.page)).experiment.range;
  return { el, at: (w: number, b: number) => contourPoint(box, range, w, b) };
}

test('pressing on the contour plot moves the start under the pointer, reruns the paths and updates the URL', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const { at } = await plot(app);
  const before = await pathEnd(page, 'gd');
  const p = at(1, -1);
  await page.mouse.click(p.x, p.y);
  await poll(() => start(page).then((s) => near(s, 1, -1))).toBe(true);
  await poll(() => hashStart(page).then((s) => near(s, 1, -1))).toBe(true);
  expect(await hashStart(page)).toEqual(await start(page));
  await settled(page);
  const first = await page.evaluate(() => Array.from((window as unknown as { __downhill: { live: { paths: ({ params: Float64Array } | undefined)[] } } }).__downhill.live.paths[0]!.params.slice(0, 2)));
  expect(first).toEqual(await start(page));
  expect(await pathEnd(page, 'gd')).not.toEqual(before);

  const q = at(-4.5, 3.5);
  await page.mouse.click(q.x, q.y);
  await poll(() => start(page).then((s) => near(s, -4.5, 3.5))).toBe(true);
  await poll(() => hashStart(page).then((s) => near(s, -4.5, 3.5))).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('dragging on the contour plot moves the start live, before the button is released', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const { at } = await plot(app);
  const a = at(-3, 3);
  const b = at(3, -3);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await poll(() => start(page).then((s) => near(s, -3, 3))).toBe(true);
  const seen: (readonly number[])[] = [];
  await dragPath(page, a, b, 6, async (k) => {
    if (k === 3) {
      await poll(() => start(page).then((s) => near(s, 0, 0))).toBe(true);
      await page.waitForFunction(() => {
        const d = (window as unknown as { __downhill: { live: { paths: ({ params: Float64Array; length: number } | undefined)[] } } }).__downhill;
        const p = d.live.paths[0]!;
        return p.length > 0 && Math.abs(p.params[0]!) < 0.1 && Math.abs(p.params[1]!) < 0.1;
      });
      seen.push(await start(page));
    }
  });
  await page.mouse.up();
  await poll(() => start(page).then((s) => near(s, 3, -3))).toBe(true);
  expect(seen).toHaveLength(1);
  await poll(() => hashStart(page).then((s) => near(s, 3, -3))).toBe(true);

  await page.mouse.move(at(0, 4).x, at(0, 4).y);
  expect(near(await start(page), 3, -3)).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('dragging past the plot edge keeps the start on the window border', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const { at } = await plot(app);
  const a = at(4, 0);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await dragPath(page, a, { x: a.x + 400, y: a.y }, 4);
  await page.mouse.up();
  await poll(() => start(page).then((s) => near(s, 6, 0))).toBe(true);
  expect(problems.errors).toEqual([]);
});

test('with the contour plot focused, arrow keys nudge the start by 1% of the window', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const { el } = await plot(app);
  await el.focus();
  await el.press('ArrowRight');
  await poll(() => start(page)).toEqual([-1.88, -2]);
  await el.press('ArrowUp');
  await el.press('ArrowUp');
  await poll(() => start(page)).toEqual([-1.88, -1.76]);
  await el.press('Shift+ArrowLeft');
  await poll(() => start(page)).toEqual([-3.08, -1.76]);
  await poll(() => hashParams(page).then((h) => h.start)).toBe('-3.08,-1.76');
  await settled(page);
  expect((await pathEnd(page, 'gd'))?.length).toBe(1001);
  expect(problems.errors).toEqual([]);
});
