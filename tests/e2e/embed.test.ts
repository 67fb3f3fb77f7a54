import type { BrowserContext } from 'playwright-core';
import { beforeAll, expect, inject, test } from 'vitest';
import { useBrowser, waitForRuns } from './browser';
import { appState, hashParams, LINK, openApp, poll, settled, surfaceDrawn } from './app';

const browser = useBrowser();
let context: BrowserContext;
beforeAll(async () => {
  context = await browser().newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
});

const FRAME = { width: 800, height: 500 };
const MLP = 'problem=mlp&dataset=xor&size=40&seed=3&arch=2-6-1&steps=120&grid=32';

test.each([
  ['the 3D surface', LINK, 'surface', '.surface3d'],
  ['the contours', LINK, 'contour', '.contour'],
  ['the loss chart', LINK, 'loss', '.losschart'],
  ['the MLP lab’s contours', MLP, 'contour', '.contour'],
  ['the MLP lab’s decision maps', MLP, 'data', '.decision-maps'],
])('embed= shows %s alone, filling an 800 × 500 frame', async (_, link, view, selector) => {
  const { page, problems } = await openApp(context, `${link}&embed=${view}`, FRAME);
  expect(await page.locator('header, aside, .legend, .controls').count()).toBe(0);
  const box = (await page.locator(selector).boundingBox())!;
  expect(box.width).toBeGreaterThan(0.9 * FRAME.width);
  expect(box.height).toBeGreaterThan(0.75 * FRAME.height);
  if (view === 'surface') await poll(() => surfaceDrawn(page, '.surface3d .offscreen-3d')).toBe(true);
  expect((await appState(page)).notices).toEqual([]);
  expect((await hashParams(page)).embed).toBe(view);
  // The corner link opens the whole page: the same state without embed.
  const href = (await page.getByRole('link', { name: /Downhill/ }).getAttribute('href'))!;
  expect(href).not.toContain('embed=');
  // It sits under the view, over none of it (over the contour plot's corner it hid the w axis label).
  const corner = (await page.getByRole('link', { name: /Downhill/ }).boundingBox())!;
  const panel = (await page.locator('.embed-panel').boundingBox())!;
  expect(corner.y).toBeGreaterThanOrEqual(panel.y + panel.height - 0.5);
  expect(corner.y + corner.height).toBeLessThanOrEqual(FRAME.height);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('an embed link works inside an iframe of another page', async () => {
  const src = `${inject('baseUrl')}#${LINK}&embed=contour`;
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 600 });
  await page.setContent(`<iframe src="${src.replaceAll('&', '&amp;')}" width="800" height="500" title="Downhill"></iframe>`);
  const frame = await (await page.locator('iframe').elementHandle())!.contentFrame();
  await waitForRuns(frame as never);
  const box = (await frame!.locator('.contour').boundingBox())!;
  expect(box.width).toBeGreaterThan(700);
  expect(await frame!.locator('.embed[data-embed="contour"]').count()).toBe(1);
  await page.close();
});

test('hide= hides the parts it names, names the unknown ones, and keeps every run in the link', async () => {
  const link = 'runs=gd(eta:0.5),momentum(gamma:0.5)&off=2&hide=controls,legend,sliders,map';
  const { page, problems } = await openApp(context, link);
  expect(await page.locator('aside').count()).toBe(0);
  expect(await page.locator('.legend').count()).toBe(0);
  expect(await page.locator('.map-panel').count()).toBe(0);
  expect(await page.locator('.contour').count()).toBe(1);
  const notice = page.locator('.notices li[data-key="hide"]');
  expect(await notice.textContent()).toContain('"sliders" is not a part of the page');
  // The views take the whole width without the controls.
  expect((await page.locator('main').boundingBox())!.width).toBeGreaterThan(1200);
  await page.evaluate(() => (window as unknown as { __downhill: { flushUrl(): string } }).__downhill.flushUrl());
  const h = await hashParams(page);
  expect(h).toMatchObject({ runs: 'gd(eta:0.5),momentum(gamma:0.5)', off: '2', hide: 'controls,legend,map' });
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('hide= works in the MLP lab too', async () => {
  const { page, problems } = await openApp(context, `${MLP}&hide=network,theory,runs`);
  expect(await page.locator('.theory-panel').count()).toBe(0);
  expect(await page.locator('.network').count()).toBe(0);
  expect(await page.locator('.run-list').count()).toBe(0);
  expect(await page.locator('.decision-maps').count()).toBe(1);
  expect((await appState(page)).notices).toEqual([]);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the share dialog builds the classroom and embed links from the state, copies them, and gives focus back on Escape', async () => {
  const { page, problems } = await openApp(context, LINK);
  const share = page.getByRole('button', { name: 'Share…' });
  await share.click();
  const dialog = page.getByRole('dialog', { name: 'Share this experiment' });
  await poll(() => dialog.isVisible()).toBe(true);
  const field = (name: string) => dialog.getByLabel(name, { exact: true });

  expect(await field('Full link').inputValue()).toBe(await page.evaluate(() => location.href));
  // Only the parts this lab has: no network diagram or gradients per layer in the sigmoid lab.
  await expect(dialog.getByRole('checkbox', { name: 'Gradients per layer' }).count()).resolves.toBe(0);
  await expect(dialog.getByRole('checkbox', { name: 'Network diagram' }).count()).resolves.toBe(0);
  await expect(dialog.getByRole('checkbox', { name: 'Step overlays bar' }).count()).resolves.toBe(1);
  await dialog.getByRole('checkbox', { name: 'Legend' }).check();
  await dialog.getByRole('checkbox', { name: 'Lectures menu' }).uncheck();
  const classroom = await field('Classroom link').inputValue();
  expect(classroom).toContain('&hide=controls,legend&');

  await dialog.getByLabel('Embedded view').selectOption('contour');
  await dialog.getByLabel('Frame width').fill('640');
  const embed = await field('Embed link').inputValue();
  expect(embed).toContain('&embed=contour&');
  expect(await field('Iframe snippet').inputValue()).toBe(`<iframe src="${embed.replaceAll('&', '&amp;')}" width="640" height="500" title="Downhill: Contours" loading="lazy" style="border:0"></iframe>`);
  expect(await field('Citation').inputValue()).toBe(`Downhill, ${await field('Full link').inputValue()}`);

  await dialog.getByRole('button', { name: 'Copy classroom link' }).click();
  await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(classroom);
  await poll(() => dialog.getByText('Copied').count()).toBe(1);

  // Keyboard: Tab moves within the dialog (it is modal), Escape closes it, focus returns to the button.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
  await page.keyboard.press('Escape');
  await poll(() => dialog.count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Share…');

  // The classroom link opens with the legend and the controls hidden and the same runs.
  const other = await context.newPage();
  await other.goto(classroom);
  await settled(other);
  expect(await other.locator('.legend, aside').count()).toBe(0);
  expect((await appState(other)).experiment.runs).toEqual((await appState(page)).experiment.runs);
  expect((await appState(other)).notices).toEqual([]);
  await other.close();
  expect(problems.errors).toEqual([]);
  await page.close();
});
