import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, canvasDigest, hashParams, LINK, openApp, poll, setHash } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const eta = (page: Page) => appState(page).then((s) => s.experiment.eta);
const inputNotices = (page: Page) => appState(page).then((s) => s.notices.filter((n) => n.source === 'input').map((n) => n.key));
/** Types into a number field and applies it with Enter. */
async function type(page: Page, name: string | RegExp, text: string): Promise<void> {
  const field = page.getByRole('textbox', { name });
  await field.fill(text);
  await field.press('Enter');
}

test('the learning-rate slider stops on round values: 0.5, 3 and 5 are reachable with the arrow keys', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const slider = page.getByRole('slider', { name: /learning rate/i });
  const seen: number[] = [];
  const walk = async (key: 'ArrowLeft' | 'ArrowRight', until: (v: number) => boolean) => {
    await slider.focus();
    let last = await eta(page);
    while (!until(last)) {
      await slider.press(key);
      await poll(() => eta(page)).not.toBe(last);
      last = await eta(page);
      seen.push(last);
    }
  };
  await walk('ArrowLeft', (v) => v <= 0.45);
  await setHash(page, LINK);
  await walk('ArrowRight', (v) => v >= 5.5);
  for (const v of [0.5, 3, 5]) expect(seen).toContain(v);
  // Two significant digits at most: every value is round.
  for (const v of seen) expect(Number(v.toPrecision(2))).toBe(v);
  expect(problems.errors).toEqual([]);
});

test('the number fields set exactly what is typed, and refuse out-of-bounds values with the link\'s notice', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  await type(page, /learning rate/i, '0.5');
  await poll(() => hashParams(page).then((h) => h.eta)).toBe('0.5');
  expect(await eta(page)).toBe(0.5);
  await type(page, /learning rate/i, '3.02');
  await poll(() => hashParams(page).then((h) => h.eta)).toBe('3.02');
  await type(page, /learning rate/i, '5000');
  await poll(() => inputNotices(page)).toEqual(['eta']);
  expect(await eta(page)).toBe(3.02);
  await expect(page.getByRole('textbox', { name: /learning rate/i }).inputValue()).resolves.toBe('3.02');
  await expect(page.locator('.notices').textContent()).resolves.toMatch(/eta: 5000 is outside \[0\.0001, 1000\]/);
  await type(page, /momentum/i, '0.95');
  await poll(() => hashParams(page).then((h) => h.gamma)).toBe('0.95');
  await type(page, /^steps/i, '250');
  await poll(() => hashParams(page).then((h) => h.steps)).toBe('250');
  await type(page, /^steps/i, '2.5');
  await poll(() => inputNotices(page)).toEqual(['steps']);
  expect((await appState(page)).experiment.steps).toBe(250);
  expect(problems.errors).toEqual([]);
});

test('start, window and grid are set in the page, through the same bounds as the link', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const contour = await canvasDigest(page, '.contour canvas:nth-child(1)');
  await type(page, /^start/i, '1.5,-3');
  await poll(() => appState(page).then((s) => s.experiment.start)).toEqual([1.5, -3]);
  await type(page, /^window/i, '-4,4,-5,5');
  await poll(() => hashParams(page).then((h) => h.range)).toBe('-4,4,-5,5');
  await type(page, /^grid/i, '64');
  await poll(() => hashParams(page).then((h) => h.grid)).toBe('64');
  await poll(() => canvasDigest(page, '.contour canvas:nth-child(1)')).not.toBe(contour);
  await type(page, /^window/i, '4,-4,-5,5');
  await poll(() => inputNotices(page)).toEqual(['range']);
  await type(page, /^grid/i, '300');
  await poll(() => inputNotices(page)).toEqual(['grid']);
  const h = await hashParams(page);
  expect([h.range, h.grid]).toEqual(['-4,4,-5,5', '64']);
  expect(problems.errors).toEqual([]);
});

test('the keyboard orbits and zooms a focused 3D view, adds a data point, and plays and pauses with K or Space', async () => {
  const { page, problems } = app;
  await setHash(page, `${LINK}&cam=40,25,4.2`);
  const view = page.locator('.surface3d');
  const drawn = await canvasDigest(page, '.surface3d canvas');
  await view.focus();
  await view.press('ArrowRight');
  await view.press('ArrowUp');
  await view.press('+');
  await poll(() => appState(page).then((s) => s.camera)).toEqual([45, 30, 3.82]);
  await poll(() => hashParams(page).then((h) => h.cam)).toBe('45,30,3.82');
  await poll(() => canvasDigest(page, '.surface3d canvas')).not.toBe(drawn);

  const plot = page.locator('svg.dataplot');
  await plot.focus();
  await plot.press('Enter');
  await poll(() => appState(page).then((s) => s.experiment.data.length)).toBe(3);
  // The new point has the focus, so the arrow keys place it.
  await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toMatch(/^data point 3:/);
  await page.keyboard.press('ArrowUp');
  await poll(() => appState(page).then((s) => s.experiment.data[2]!.y)).toBe(0.51);

  await page.locator('header h1').click();
  const playing = () => appState(page).then((s) => s.playing);
  await setHash(page, `${LINK}&t=0`);
  await page.keyboard.press('k');
  await poll(playing).toBe(true);
  await page.keyboard.press('k');
  await poll(playing).toBe(false);
  await page.keyboard.press(' ');
  await poll(playing).toBe(true);
  await page.keyboard.press(' ');
  await poll(playing).toBe(false);
  // Typing a k into a field is text, not a shortcut.
  const t = (await appState(page)).t;
  await page.getByRole('textbox', { name: /learning rate/i }).press('k');
  expect(await playing()).toBe(false);
  expect((await appState(page)).t).toBe(t);
  expect(problems.errors).toEqual([]);
});
