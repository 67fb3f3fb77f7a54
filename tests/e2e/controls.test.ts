import { beforeAll, expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type AppPage, appState, canvasDigest, COLOR, contourPoint, hashParams, LINK, openApp, pathEnd, pixelsNear, poll, setHash } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), LINK);
});

const FRONT = '.contour canvas:nth-child(2)';

test('the learning-rate slider moves with the arrow keys and changes the paths, the contour drawing and the URL', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const slider = page.getByRole('slider', { name: /learning rate/i });
  const before = await pathEnd(page, 'gd');
  const drawn = await canvasDigest(page, FRONT);
  expect(before?.length).toBe(1001);

  await slider.focus();
  for (let i = 0; i < 3; i++) await slider.press('ArrowRight');
  // The slider stops on round values (1, 1.1, 1.2, 1.3 …).
  await poll(() => appState(page).then((s) => s.experiment.eta)).toBe(1.3);
  const eta = 1.3;
  await poll(() => hashParams(page).then((h) => h.eta)).toBe(String(eta));
  await poll(() => pathEnd(page, 'gd')).not.toEqual(before);
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawn);

  for (let i = 0; i < 3; i++) await slider.press('ArrowLeft');
  await poll(() => hashParams(page).then((h) => h.eta)).toBe('1');
  await poll(() => pathEnd(page, 'gd')).toEqual(before);
  await expect(page.getByRole('textbox', { name: /learning rate/i }).inputValue()).resolves.toBe('1');
  expect(problems.errors).toEqual([]);
});

test('the momentum slider changes the momentum and Nesterov paths and the URL, but not gradient descent', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const slider = page.getByRole('slider', { name: /momentum/i });
  const gd = await pathEnd(page, 'gd');
  const mom = await pathEnd(page, 'momentum');
  const nes = await pathEnd(page, 'nesterov');
  const drawn = await canvasDigest(page, FRONT);

  await slider.focus();
  for (let i = 0; i < 3; i++) await slider.press('ArrowLeft');
  await poll(() => hashParams(page).then((h) => h.gamma)).toBe('0.87');
  expect((await appState(page)).experiment.gamma).toBe(0.87);
  await poll(() => pathEnd(page, 'momentum')).not.toEqual(mom);
  await poll(() => pathEnd(page, 'nesterov')).not.toEqual(nes);
  await poll(() => canvasDigest(page, FRONT)).not.toBe(drawn);
  expect(await pathEnd(page, 'gd')).toEqual(gd);

  await slider.press('End');
  await poll(() => hashParams(page).then((h) => h.gamma)).toBe('0.99');
  expect(problems.errors).toEqual([]);
});

test('Play advances the step in the readout and the store and stops at the last step', async () => {
  const { page, problems } = app;
  await setHash(page, LINK.replace('steps=1000', 'steps=150') + '&t=0');
  const readout = page.locator('.playback .readout');
  await poll(() => readout.textContent()).toBe('step 0 / 150');

  await page.getByRole('button', { name: 'Play' }).click();
  const shown = async () => Number((await readout.textContent())?.match(/^step (\d+) \/ 150$/)?.[1] ?? NaN);
  await poll(shown).toBeGreaterThan(0);
  const mid = await shown();
  expect(mid).toBeLessThan(150);
  expect((await appState(page)).t).toBeGreaterThanOrEqual(mid);
  await expect(page.getByRole('button', { name: 'Pause' }).isVisible()).resolves.toBe(true);
  await page.waitForFunction(() => (window as unknown as { __downhill: { store: { getState(): { t: number; playing: boolean } } } }).__downhill.store.getState().t === 150, null, { timeout: 15_000 });
  await poll(() => appState(page).then((s) => s.playing)).toBe(false);
  await poll(() => readout.textContent()).toBe('step 150 / 150');
  await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);
  expect((await appState(page)).t).toBe(150);
  expect(problems.errors).toEqual([]);
});

test('the step buttons move the playback step by one', async () => {
  const { page, problems } = app;
  await setHash(page, LINK.replace('steps=1000', 'steps=150') + '&t=40');
  const readout = page.locator('.playback .readout');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await poll(() => appState(page).then((s) => s.t)).toBe(41);
  expect(await readout.textContent()).toBe('step 41 / 150');
  await page.getByRole('button', { name: 'Step back' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  await poll(() => appState(page).then((s) => s.t)).toBe(39);
  expect(await readout.textContent()).toBe('step 39 / 150');
  await poll(() => hashParams(page).then((h) => h.t)).toBe('39');
  expect(problems.errors).toEqual([]);
});

test('scrubbing the playback range moves the step and the gradient-descent marker', async () => {
  const { page, problems } = app;
  await setHash(page, LINK.replace('opt=gd,momentum,nesterov', 'opt=gd').replace('steps=1000', 'steps=200'));
  const box = (await page.locator('.contour').boundingBox())!;
  const range = (await appState(page)).experiment.range;
  const at = async (k: number) => {
    const p = await page.evaluate((k) => {
      const path = (window as unknown as { __downhill: { live: { paths: ({ params: Float64Array } | undefined)[] } } }).__downhill.live.paths[0]!;
      return [path.params[2 * k]!, path.params[2 * k + 1]!] as const;
    }, k);
    const q = contourPoint(box, range, p[0], p[1]);
    return { x: q.x - box.x, y: q.y - box.y };
  };
  const end = await at(200);
  const early = await at(100);
  expect(Math.hypot(end.x - early.x, end.y - early.y)).toBeGreaterThan(20);
  const marker = (p: { x: number; y: number }) => pixelsNear(page, FRONT, p.x, p.y, 3, COLOR.gd);
  await poll(() => marker(end)).toBeGreaterThan(15);
  expect(await marker(early)).toBeGreaterThan(0);

  await page.getByLabel('Playback step').fill('100');
  await poll(() => appState(page).then((s) => s.t)).toBe(100);
  expect(await page.locator('.playback .readout').textContent()).toBe('step 100 / 200');
  await poll(() => marker(end)).toBe(0);
  expect(await marker(early)).toBeGreaterThan(15);
  expect(problems.errors).toEqual([]);
});
