import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { LAYER_RAMP } from '../../src/views/mlp/layerChart';
import { hashParams, openApp, poll, settled } from './app';
import { canvasStats, useBrowser } from './browser';

const browser = useBrowser();

/** README's two links (section Gradients per layer), as written there. */
const section = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('### Gradients per layer\n')[1]!.split('\n### ')[0]!;
const linkOf = (name: string) => {
  const m = section.split('\n- ').find((b) => b.startsWith(`**${name}**`))?.match(/`#(problem=mlp[^`]*)`/);
  if (!m) throw new Error(`README: no link for ${name}`);
  return m[1]!;
};
const VANISH = linkOf('Vanishing gradients');
const EXPLODE = linkOf('Exploding gradients');

interface Layers {
  run: number;
  layers: number;
  length: number;
  norms: Float64Array;
  done: boolean;
  stop: string | null;
}

/** Waits until the followed run's norms are all in, and returns them (rows of per-layer norms). */
async function layersOf(page: Page, run: number): Promise<{ rows: number[][]; stop: string | null }> {
  // The worker computes them while the chart is on screen.
  await page.locator('.layer-chart').scrollIntoViewIfNeeded();
  await page.waitForFunction((run) => {
    const l = (window as unknown as { __downhill: { live: { layers: Layers | null; sentRun: number } } }).__downhill.live;
    return l.layers !== null && l.layers.run === run && l.layers.done;
  }, run);
  return page.evaluate(() => {
    const l = (window as unknown as { __downhill: { live: { layers: Layers } } }).__downhill.live.layers;
    const rows = Array.from({ length: l.length }, (_, k) => Array.from(l.norms.subarray(k * l.layers, (k + 1) * l.layers)));
    return { rows, stop: l.stop };
  });
}

const saturation = (page: Page) => page.locator('.saturation-row .value').allTextContents();

test('vanishing: in the deep sigmoid network layer 1’s gradient lies far below the last layer’s; the chart draws every layer and the bars show', async () => {
  const { page, problems } = await openApp(browser(), VANISH);
  const { rows, stop } = await layersOf(page, 0);
  expect(stop).toBeNull();
  expect(rows).toHaveLength(301);
  expect(rows.flat().every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  // At the start each layer is several times smaller than the one above it: layer 1 about 5000× below layer 5.
  const [first, , , , last] = rows[0]!;
  expect(last! / first!).toBeGreaterThan(1000);
  expect(rows[0]!.every((v, l) => l === 0 || v > rows[0]![l - 1]!)).toBe(true);
  // GD: at least 10× apart for the first 70 steps; layer 1 never gets a gradient above 1e−4.
  for (let k = 0; k < 70; k++) expect(rows[k]![4]! / rows[k]![0]!).toBeGreaterThan(10);
  expect(Math.max(...rows.map((r) => r[0]!))).toBeLessThan(1e-4);
  // The legend names the layers, the chart has each layer's colour.
  await expect(page.locator('.layer-legend li').allTextContents()).resolves.toEqual(['layer 1 (input side)', 'layer 2', 'layer 3', 'layer 4', 'layer 5 (output)']);
  await poll(() => page.locator('.layer-chart').getAttribute('data-rows')).toBe('301');
  const stats = await canvasStats(page, '.layer-chart canvas', [...LAYER_RAMP]);
  stats.near.forEach((count, l) => expect(count, `pixels of layer ${l + 1}'s colour`).toBeGreaterThan(30));
  // Saturation at the playback step: one bar per hidden layer (σ′ never drops under 0.0025 here: 0 %).
  await poll(() => saturation(page)).toEqual(['0 %', '0 %', '0 %', '0 %']);
  await expect(page.locator('.saturation-title').textContent()).resolves.toContain('σ′(z) < 0.0025');
  await expect(page.locator('.layer-readout').textContent()).resolves.toMatch(/^step 300: W1 3\.\d+e-5, /);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('exploding: with init=3 plain GD diverges at once with huge gradients, the clipped runs do not; the chart says diverged', async () => {
  const { page, problems } = await openApp(browser(), EXPLODE);
  const gd = await layersOf(page, 0);
  expect(gd.rows).toHaveLength(2);
  expect(Math.min(...gd.rows[0]!)).toBeGreaterThan(1000);
  expect(gd.rows.flat().every(Number.isFinite)).toBe(true);
  await expect(page.locator('.layer-diverged').textContent()).resolves.toMatch(/^diverged at step 2 .*the lines end at the last finite value/);
  // Most ReLUs are dead there (z ≤ 0).
  await poll(() => saturation(page).then((v) => v.every((s) => Number.parseFloat(s) > 50))).toBe(true);
  // The clipped GD run: the same large gradients at the start, finite all the way, and no divergence.
  await page.getByLabel('Run whose gradients per layer are shown').selectOption('1');
  await poll(() => hashParams(page).then((h) => h.theory)).toBe('2');
  const clipped = await layersOf(page, 1);
  expect(clipped.stop).toBeNull();
  expect(clipped.rows).toHaveLength(1001);
  expect(Math.min(...clipped.rows[0]!)).toBeGreaterThan(1000);
  expect(clipped.rows.flat().every(Number.isFinite)).toBe(true);
  await expect(page.locator('.layer-diverged').count()).resolves.toBe(0);
  const status = await page.evaluate(() => (window as unknown as { __downhill: { store: { getState(): { runs: ({ status: { kind: string } } | null)[] } } } }).__downhill.store.getState().runs.map((r) => r?.status.kind));
  expect(status).toEqual(['diverged', 'finished', 'finished']);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the Initial weight scale control writes init into the link; a value out of bounds is refused with a notice naming init', async () => {
  const { page, problems } = await openApp(browser(), 'problem=mlp&size=60&steps=60&grid=32&opt=gd');
  expect((await hashParams(page)).init).toBeUndefined();
  const field = page.getByLabel('Initial weight scale (number)');
  await field.fill('30');
  await field.press('Enter');
  await poll(() => hashParams(page).then((h) => h.init)).toBe('30');
  await settled(page);
  await field.fill('500');
  await field.press('Enter');
  await poll(() => page.locator('.notices').textContent()).toMatch(/init: 500 is outside \[0\.01, 100\]/);
  expect((await hashParams(page)).init).toBe('30');
  expect(await field.inputValue()).toBe('30');
  // Back to 1: the link says nothing of init again.
  await field.fill('1');
  await field.press('Enter');
  await poll(() => hashParams(page).then((h) => h.init)).toBeUndefined();
  await settled(page);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the norms are computed only while the chart is on screen: none below the fold, all of them once scrolled to', async () => {
  const { page, problems } = await openApp(browser(), VANISH);
  const top = (await page.locator('.layer-chart').boundingBox())!.y;
  expect(top).toBeGreaterThan(800);
  // Every run has finished (openApp waited): no norms were asked for.
  expect(await page.evaluate(() => (window as unknown as { __downhill: { live: { layers: unknown } } }).__downhill.live.layers)).toBeNull();
  const { rows } = await layersOf(page, 0);
  expect(rows).toHaveLength(301);
  expect(problems.errors).toEqual([]);
  await page.close();
});
