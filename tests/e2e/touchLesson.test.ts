import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { appState, hashParams, LINK, poll, setHash, start, surfacePoint } from './app';
import { centre, gesture, onContour, openPhone, scrolled, touch, watchRest } from './touchKit';

/**
 * A lesson on a phone (390×844, touch), one finger and two, as one sequence on one page: a swipe over the
 * contours scrolls and leaves the start alone; a finger that rests there moves the start, in the link too,
 * and the page stands still while it drags; two fingers on the 3D view zoom (the camera, in the store and
 * the link) and leave the start where the finger put it. touch.test.ts covers each gesture on its own.
 */
const browser = useBrowser();
let context: BrowserContext;
beforeAll(async () => {
  context = await browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
});
afterAll(async () => {
  await context.close();
});

const linkStart = async (page: Parameters<typeof hashParams>[0]) => (await hashParams(page)).start;

test('a touch lesson: swipe to scroll past the contours, rest a finger to move the start, pinch and turn the 3D view with two fingers', async () => {
  const { page, problems, cdp } = await openPhone(context, LINK);
  expect(await linkStart(page)).toBe('-2,-2');
  const rest = await watchRest(page);

  // 1. A vertical swipe that starts on the contours scrolls the page; the start stays.
  // (A swipe is a finger that moves within the press delay, 300 ms; on a loaded machine the test's own
  // touches can reach the page later than that, which by the rule is a press: such a try is redone.)
  for (let attempt = 0; ; attempt++) {
    await centre(page, '.contour');
    const y0 = await scrolled(page);
    const p = await onContour(page, 2, 2);
    await gesture(cdp, [p], [{ x: p.x, y: p.y - 220 }]);
    await poll(() => scrolled(page)).toBeGreaterThan(y0 + 50);
    if ((await rest()) < 250 || attempt === 4) break;
    await page.evaluate(() => window.scrollTo(0, 0));
    await setHash(page, LINK);
  }
  expect(await rest()).toBeLessThan(250);
  expect(await start(page)).toEqual([-2, -2]);
  expect(await linkStart(page)).toBe('-2,-2');

  // 2. One finger resting on the contours moves the start under it, then drags it; the page does not
  // scroll at any move of the drag, and the link follows.
  await centre(page, '.contour');
  const y1 = await scrolled(page);
  const p = await onContour(page, 2, 1);
  await touch(cdp, 'touchStart', [p]);
  await poll(() => start(page).then(([w, b]) => Math.hypot(w - 2, b - 1))).toBeLessThan(0.1);
  const q = await onContour(page, -1, 3);
  for (let k = 1; k <= 8; k++) {
    await touch(cdp, 'touchMove', [{ x: p.x + ((q.x - p.x) * k) / 8, y: p.y + ((q.y - p.y) * k) / 8 }]);
    expect(await scrolled(page), `scrolled at move ${k} of the drag`).toBe(y1);
  }
  await touch(cdp, 'touchEnd', []);
  await poll(() => start(page).then(([w, b]) => Math.hypot(w + 1, b - 3))).toBeLessThan(0.1);
  const moved = await start(page);
  await poll(() => linkStart(page)).toBe(moved.join(','));
  expect(await scrolled(page)).toBe(y1);

  // 3. Two fingers on the 3D view zoom: the camera comes closer, in the store and the link; the start
  // stays where the finger put it.
  await centre(page, '.surface3d');
  const [az, el, dist] = (await appState(page)).camera;
  const c = await surfacePoint(page, '.surface3d', 0, 0);
  await gesture(cdp, [{ x: c.x - 20, y: c.y }, { x: c.x + 20, y: c.y }], [{ x: c.x - 110, y: c.y }, { x: c.x + 110, y: c.y }], 10);
  await poll(() => appState(page).then((s) => s.camera[2])).toBeLessThan(dist - 0.3);
  const after = (await appState(page)).camera;
  expect([after[0], after[1]]).toEqual([az, el]);
  await poll(async () => Number((await hashParams(page)).cam?.split(',')[2])).toBeLessThan(dist - 0.3);
  expect(await start(page)).toEqual(moved);
  expect(await linkStart(page)).toBe(moved.join(','));

  // 4. Two fingers that move together sideways orbit (README: "two fingers orbit and zoom"): the azimuth
  // turns, in the store and the link; the start stays.
  const d = await surfacePoint(page, '.surface3d', 0, 0);
  await gesture(cdp, [{ x: d.x - 40, y: d.y }, { x: d.x + 40, y: d.y }], [{ x: d.x - 140, y: d.y }, { x: d.x - 60, y: d.y }], 10);
  await poll(() => appState(page).then((s) => Math.abs(s.camera[0] - after[0]!))).toBeGreaterThan(5);
  const turned = (await appState(page)).camera;
  await poll(async () => Number((await hashParams(page)).cam?.split(',')[0])).toBe(turned[0]);
  expect(await start(page)).toEqual(moved);

  expect((await appState(page)).notices).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
}, 120_000);
