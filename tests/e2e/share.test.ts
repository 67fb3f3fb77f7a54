import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, inject, test } from 'vitest';
import { waitForRuns, watch, useBrowser } from './browser';
import { appState, contourPoint, dragPath, hashParams, LINK, openApp, pathEnd, poll, setHash, settled } from './app';

const browser = useBrowser();
let context: BrowserContext;
beforeAll(async () => {
  context = await browser().newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
});

const shared = async (page: Page) => {
  const s = await appState(page);
  return { experiment: s.experiment, layout: s.layout, off: s.off, t: s.t, camera: s.camera };
};
const ends = async (page: Page) => ({ gd: await pathEnd(page, 'gd'), momentum: await pathEnd(page, 'momentum'), nesterov: await pathEnd(page, 'nesterov') });

test('the copied link opens in a new page with the same experiment, layout, step and paths', async () => {
  const { page, problems } = await openApp(context, LINK);
  // Change things through the UI: start, η, a data point, one optimizer off, side by side, a step back.
  const contour = page.getByRole('application', { name: /contour/i });
  const box = (await contour.boundingBox())!;
  const p = contourPoint(box, [-6, 6, -6, 6], -3.3, 1.7);
  await page.mouse.click(p.x, p.y);
  const eta = page.getByRole('slider', { name: /learning rate/i });
  await eta.focus();
  await eta.press('ArrowLeft');
  await eta.press('ArrowLeft');
  await page.getByRole('button', { name: /^data point 2:/ }).press('ArrowDown');
  await page.getByRole('checkbox', { name: 'Nesterov' }).uncheck();
  await page.getByRole('radio', { name: 'Side by side' }).check();
  await settled(page);
  await page.getByRole('button', { name: 'Step back' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  await poll(() => appState(page).then((s) => s.t)).toBe(998);
  // Orbit the first panel's camera by dragging its background.
  const c = (await page.locator('.surface3d canvas').first().boundingBox())!;
  await page.mouse.move(c.x + 10, c.y + 10);
  await page.mouse.down();
  await dragPath(page, { x: c.x + 10, y: c.y + 10 }, { x: c.x + 50, y: c.y + 20 }, 3);
  await page.mouse.up();
  await poll(() => appState(page).then((s) => s.camera[0])).not.toBe(40);
  const state = await shared(page);
  expect(state.experiment.eta).toBe(0.9);
  // Unticked in the legend: hidden from the views (off), still a run of the link.
  expect(state.experiment.runs.map((r) => r.optimizer)).toEqual(['gd', 'momentum', 'nesterov']);
  expect(state.off).toEqual([2]);
  expect(state.experiment.data[1]).toEqual({ x: 2.5, y: 0.89 });
  expect(state.layout).toBe('split');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await poll(() => page.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await page.evaluate(() => location.href));
  expect(link.startsWith(inject('baseUrl'))).toBe(true);
  const h = await hashParams(page);
  expect(h).toMatchObject({ eta: '0.9', opt: 'gd,momentum,nesterov', off: '3', layout: 'split', t: '998', data: '0.5:0.2,2.5:0.89', cam: state.camera.join(',') });

  const other = await context.newPage();
  const otherProblems = watch(other, new URL(inject('baseUrl')).origin);
  await other.goto(link);
  await waitForRuns(other);
  await settled(other);
  expect(await shared(other)).toEqual(state);
  expect(await ends(other)).toEqual(await ends(page));
  await poll(() => other.locator('.panels.split > figure.panel').count()).toBe(2);
  expect((await appState(other)).notices).toEqual([]);
  expect(await other.locator('.playback .readout').textContent()).toBe('step 998 / 1000');
  expect(await other.getByRole('slider', { name: /learning rate/i }).getAttribute('aria-valuetext')).toBe('0.9');

  expect(problems.errors).toEqual([]);
  expect(otherProblems.errors).toEqual([]);
  await other.close();
  await page.close();
});

test('editing the fragment of an open page applies the new experiment without a reload', async () => {
  const { page, problems } = await openApp(context, LINK);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await setHash(page, LINK.replace('eta=1', 'eta=0.5').replace('start=-2,-2', 'start=1,2'));
  const s = await appState(page);
  expect(s.experiment.eta).toBe(0.5);
  expect(s.experiment.start).toEqual([1, 2]);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  const gd = await page.evaluate(() => Array.from((window as unknown as { __downhill: { live: { paths: ({ params: Float64Array } | undefined)[] } } }).__downhill.live.paths[0]!.params.slice(0, 2)));
  expect(gd).toEqual([1, 2]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('slider moves rewrite the URL in place instead of adding history entries', async () => {
  const { page, problems } = await openApp(context, LINK);
  const entries = await page.evaluate(() => history.length);
  const gamma = page.getByRole('slider', { name: /momentum/i });
  await gamma.focus();
  for (let i = 0; i < 4; i++) await gamma.press('ArrowLeft');
  await poll(() => hashParams(page).then((h) => h.gamma)).toBe('0.86');
  expect(await page.evaluate(() => history.length)).toBe(entries);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('a copied MLP link reopens the same network, slice, edited points, step and pictures', async () => {
  const link0 = 'v=1&problem=mlp&dataset=xor&size=40&seed=3&arch=2-6-1&steps=200&grid=48&slice=params&pair=2,7&train=pair';
  const { page, problems } = await openApp(context, link0);
  await settled(page);
  // Through the UI: another hidden activation, a step back twice, an added point (keyboard).
  await page.getByLabel('Hidden activation').selectOption('relu');
  await poll(() => hashParams(page).then((h) => h.act)).toBe('relu');
  await settled(page);
  await page.getByRole('button', { name: 'Step back' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  await poll(() => appState(page).then((s) => s.t)).toBe(198);
  const map = page.locator('.decision-map[data-index="0"] .decision-canvas');
  await map.focus();
  await map.press('ArrowLeft');
  await map.press('Enter');
  await poll(() => hashParams(page).then((h) => h.add ?? '')).not.toBe('');
  await settled(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(await page.evaluate(() => location.href));

  const other = await context.newPage();
  const otherProblems = watch(other, new URL(inject('baseUrl')).origin);
  await other.goto(link);
  await settled(other);
  const snapshot = (p: Page) =>
    p.evaluate(() => {
      const d = (window as unknown as { __downhill: { live: { paths: ({ loss: Float64Array; length: number } | undefined)[]; view: { thetas: Float64Array; steps: number[] }; surface: { values: Float32Array } }; store: { getState(): { experiment: unknown; t: number } } } }).__downhill;
      return {
        experiment: d.store.getState().experiment,
        t: d.store.getState().t,
        losses: [...d.live.paths].map((q, i) => [i, Array.from(q!.loss.subarray(0, q!.length))]),
        thetas: Array.from(d.live.view.thetas),
        steps: d.live.view.steps,
        surface: Array.from(d.live.surface.values),
      };
    });
  expect(await snapshot(other)).toEqual(await snapshot(page));
  expect((await appState(other)).notices).toEqual([]);
  expect(problems.errors).toEqual([]);
  expect(otherProblems.errors).toEqual([]);
  await other.close();
  await page.close();
});
