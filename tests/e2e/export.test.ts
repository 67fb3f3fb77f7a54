import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { useBrowser } from './browser';
import { LINK, openApp, poll } from './app';

const browser = useBrowser();
let context: BrowserContext;
beforeAll(async () => {
  context = await browser().newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
});

/** Clicks a button of the share dialog that saves a file, and returns the file's name and bytes. */
async function save(page: Page, name: string | RegExp): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('dialog').getByRole('button', { name }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** The first line where two texts differ, for a readable failure. */
function firstDifference(a: string, b: string): string | null {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `line ${i + 1}: page ${JSON.stringify(x[i])} vs CLI ${JSON.stringify(y[i])}`;
  return null;
}

async function openShare(page: Page) {
  await page.getByRole('button', { name: 'Share…' }).click();
  await poll(() => page.getByRole('dialog', { name: 'Share this experiment' }).isVisible()).toBe(true);
}

test.each([
  ['the lecture run', LINK],
  ['a quadratic with a schedule, clipping, Rprop and a diverging run', 'problem=quadratic&curv=1,10&angle=30&start=-4,2&eta=0.18&gamma=0.5&steps=300&runs=gd(decay:exp;beta:0.005;clip:1),momentum,rprop(step:0.05),gd(eta:0.5)&range=-5,5,-5,5'],
])('the page exports the CSV and JSON the command line prints for %s, byte for byte', async (_, link) => {
  const { page, problems } = await openApp(context, link);
  await openShare(page);
  const href = await page.evaluate(() => location.href);
  for (const [button, format] of [['Runs as CSV', 'csv'], ['Runs as JSON', 'json']] as const) {
    const file = await save(page, button);
    expect(file.name.endsWith(`.${format}`)).toBe(true);
    const cli = runCli([href, '--format', format]);
    expect(cli.code).toBe(0);
    const text = file.bytes.toString('utf8');
    expect(firstDifference(text, cli.stdout)).toBeNull();
    expect(text).toBe(cli.stdout);
  }
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the MLP lab exports the CSV and JSON the command line prints for its link', async () => {
  const { page, problems } = await openApp(context, 'problem=mlp&dataset=xor&size=40&seed=3&arch=2-6-1&steps=120&grid=32');
  await openShare(page);
  const href = await page.evaluate(() => location.href);
  for (const [button, format] of [['Runs as CSV', 'csv'], ['Runs as JSON', 'json']] as const) {
    const file = await save(page, button);
    const cli = runCli([href, '--format', format]);
    expect(cli.code).toBe(0);
    expect(firstDifference(file.bytes.toString('utf8'), cli.stdout)).toBeNull();
  }
  expect(problems.errors).toEqual([]);
  await page.close();
});

/** A PNG decoded in the page: its size, the pixel variance of the picture, and the dark pixels in its caption strip. */
function pngStats(page: Page, bytes: Buffer, captionFrom: number) {
  return page.evaluate(
    async ({ b64, captionFrom }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bin], { type: 'image/png' }));
      const c = document.createElement('canvas');
      c.width = bmp.width;
      c.height = bmp.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let n = 0;
      let sum = 0;
      let sq = 0;
      let dark = 0;
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const o = 4 * (y * c.width + x);
          const v = (data[o]! + data[o + 1]! + data[o + 2]!) / 3;
          if (y < captionFrom) {
            n++;
            sum += v;
            sq += v * v;
          } else if (v < 80) dark++;
        }
      }
      const mean = sum / n;
      return { width: c.width, height: c.height, variance: sq / n - mean * mean, dark };
    },
    { b64: bytes.toString('base64'), captionFrom },
  );
}

const VIEWS = [
  ['3D surface', '.surface3d'],
  ['Contours', '.contour'],
  ['Loss chart', '.losschart'],
  ['Data view', '.dataplot'],
  ['(η, γ) map', '.map-canvas'],
] as const;

test('every view exports a PNG at twice its size, not blank, with its caption', async () => {
  const { page, problems } = await openApp(context, LINK);
  // The map is computed after the runs: wait for it before its picture is taken.
  await poll(() => page.locator('.convergence-map[data-done="true"]').count(), 30_000).toBe(1);
  const boxes = new Map<string, { width: number; height: number }>();
  for (const [, sel] of VIEWS) boxes.set(sel, (await page.locator(sel).first().boundingBox())!);
  await openShare(page);
  for (const [label, sel] of VIEWS) {
    const file = await save(page, `PNG: ${label}`);
    expect(file.name).toMatch(/^downhill-sigmoid-[a-z]+-t1000\.png$/);
    expect([...file.bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const box = boxes.get(sel)!;
    const s = await pngStats(page, file.bytes, 2 * Math.round(box.height));
    expect(s.width, label).toBe(2 * Math.round(box.width));
    expect(s.height, label).toBeGreaterThan(2 * Math.round(box.height));
    expect(s.variance, `${label}: pixel variance`).toBeGreaterThan(50);
    expect(s.dark, `${label}: caption text`).toBeGreaterThan(200);
  }
  expect(await page.getByRole('dialog').getByRole('status').last().textContent()).toContain('saved as PNG');
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the MLP lab exports its decision maps and surface as PNGs', async () => {
  const { page, problems } = await openApp(context, 'problem=mlp&dataset=xor&size=40&seed=3&arch=2-6-1&steps=120&grid=32');
  const box = (await page.locator('.decision-maps').first().boundingBox())!;
  await openShare(page);
  const file = await save(page, 'PNG: Data view');
  const s = await pngStats(page, file.bytes, 2 * Math.round(box.height));
  expect(s.width).toBe(2 * Math.round(box.width));
  expect(s.variance).toBeGreaterThan(50);
  expect(s.dark).toBeGreaterThan(200);
  const surface = await save(page, 'PNG: 3D surface');
  expect(surface.name).toBe('downhill-mlp-surface-t120.png');
  expect(problems.errors).toEqual([]);
  await page.close();
});
