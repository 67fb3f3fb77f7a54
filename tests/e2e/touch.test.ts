import { expect, test } from 'vitest';
import { useBrowser } from './browser';
import { appState, LINK, poll, setHash, start, surfacePoint } from './app';
import { centre, gesture, onContour, openPhone as openKit, scrolled, swipeUp, touch, usePhone, watchRest } from './touchKit';

/** A phone: 390×844, touch events, mobile viewport rules. Touches go through CDP (Input.dispatchTouchEvent). */
const browser = useBrowser();
const phone = usePhone(browser);

const openPhone = (hash = LINK) => openKit(phone(), hash);

test('a vertical swipe that starts on the contours or on the 3D view scrolls the page and leaves the start alone', async () => {
  const { page, problems, cdp } = await openPhone();
  const rest = await watchRest(page);
  for (const [selector, from] of [
    ['.contour', () => onContour(page, 2, 2)],
    ['.surface3d', () => surfacePoint(page, '.surface3d', 1, 1)],
  ] as const) {
    await swipeUp(page, cdp, selector, from, rest, () => setHash(page, LINK));
    expect(await rest()).toBeLessThan(250);
    expect(await start(page)).toEqual([-2, -2]);
  }
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a finger that rests on the contours moves the start there and drags it, and the page does not scroll meanwhile', async () => {
  const { page, problems, cdp } = await openPhone();
  await centre(page, '.contour');
  const y0 = await scrolled(page);
  const p = await onContour(page, 2, 1);
  await touch(cdp, 'touchStart', [p]);
  // The long press fires after 300 ms: wait for its effect, not for a time.
  await poll(() => start(page).then(([w, b]) => Math.hypot(w - 2, b - 1))).toBeLessThan(0.1);
  const q = await onContour(page, -1, 4);
  for (let k = 1; k <= 8; k++) await touch(cdp, 'touchMove', [{ x: p.x + ((q.x - p.x) * k) / 8, y: p.y + ((q.y - p.y) * k) / 8 }]);
  await touch(cdp, 'touchEnd', []);
  await poll(() => start(page).then(([w, b]) => Math.hypot(w + 1, b - 4))).toBeLessThan(0.1);
  expect(await scrolled(page)).toBe(y0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a pinch on the surface zooms and does not move the start', async () => {
  const { page, problems, cdp } = await openPhone();
  await centre(page, '.surface3d');
  const [az, el, dist] = (await appState(page)).camera;
  const c = await surfacePoint(page, '.surface3d', 0, 0);
  await gesture(cdp, [{ x: c.x - 20, y: c.y }, { x: c.x + 20, y: c.y }], [{ x: c.x - 110, y: c.y }, { x: c.x + 110, y: c.y }], 10);
  await poll(() => appState(page).then((s) => s.camera[2])).toBeLessThan(dist - 0.3);
  const after = (await appState(page)).camera;
  expect([after[0], after[1]]).toEqual([az, el]);
  expect(await start(page)).toEqual([-2, -2]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('zoomed in until the surface fills the view, a one-finger drag orbits instead of moving the start', async () => {
  const { page, problems, cdp } = await openPhone(`${LINK}&cam=40,60,1`);
  await centre(page, '.surface3d');
  const box = (await page.locator('.surface3d').boundingBox())!;
  const p = { x: box.x + box.width * 0.8, y: box.y + box.height * 0.5 };
  // The point under the finger is on the surface (so today's code would move the start there).
  // (With software WebGL the drawn frame is a copy over a hidden WebGL canvas: the finger lands in the view either way.)
  expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.surface3d') !== null, p)).toBe(true);
  const rest = await watchRest(page);
  // As for the swipe: a try whose own touches reached the page later than the press delay is redone.
  for (let attempt = 0; ; attempt++) {
    await gesture(cdp, [p], [{ x: p.x - 160, y: p.y }]);
    await poll(() => appState(page).then((s) => s.camera[0])).not.toBe(40);
    if ((await rest()) < 250 || attempt === 4) break;
    await setHash(page, `${LINK}&cam=40,60,1`);
    await poll(() => appState(page).then((s) => s.camera[0])).toBe(40);
  }
  expect(await rest()).toBeLessThan(250);
  expect(await start(page)).toEqual([-2, -2]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a finger that rests on the 3D surface moves the start to the point under it', async () => {
  const { page, problems, cdp } = await openPhone();
  await centre(page, '.surface3d');
  const camera = (await appState(page)).camera;
  const p = await surfacePoint(page, '.surface3d', 1, 1);
  await touch(cdp, 'touchStart', [p]);
  await poll(() => start(page).then(([w, b]) => Math.hypot(w - 1, b - 1))).toBeLessThan(0.3);
  await touch(cdp, 'touchEnd', []);
  expect((await appState(page)).camera).toEqual(camera);
  expect(problems.errors).toEqual([]);
  await page.close();
});
