import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { runCli } from '../../src/cli/runCli';
import { useBrowser } from './browser';
import { LINK, openApp, poll } from './app';
import { COLOR_BAR } from '../../src/views/colorBar';

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

/**
 * The 3D view's PNG has what the page shows over the WebGL picture: its HTML axis labels, where they are on
 * the screen relative to the view (at 2×), and its colour bar. Measured against the view's own rendered
 * canvas (which has neither): label-coloured pixels in each label's box, and the bar's colours where the
 * bar is. The bar is also on the screen: a screenshot shows its colours there (with software WebGL the
 * view's presented copy had covered it).
 */
test('the 3D view\'s PNG has its axis labels and colour bar where the page shows them', async () => {
  const { page, problems } = await openApp(context, LINK);
  const layout = await page.evaluate(() => {
    const view = document.querySelector('.surface3d')!;
    const box = view.getBoundingClientRect();
    const rel = (r: DOMRect) => ({ x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height });
    const labels = [...view.querySelectorAll<HTMLElement>('.axis-label')].filter((l) => getComputedStyle(l).visibility === 'visible').map((l) => ({ text: l.textContent, color: getComputedStyle(l).color, ...rel(l.getBoundingClientRect()) }));
    const bar = view.parentElement!.querySelector('canvas.colorbar')!;
    return { view: { width: box.width, height: box.height, left: box.left, top: box.top }, labels, bar: rel(bar.getBoundingClientRect()) };
  });
  expect(layout.labels.map((l) => l.text)).toEqual(['w: -6 … 6', 'b: -6 … 6', expect.stringMatching(/^loss:\n/)]);
  // The bar's colour strip, in CSS px of the view (ColorBarOverlay: COLOR_BAR.gap from its left, 8 px from its top and bottom).
  const strip = { x: layout.bar.x + COLOR_BAR.gap + 2, y: layout.bar.y + 12, width: COLOR_BAR.width - 4, height: layout.bar.height - 24 };
  expect(strip.x + strip.width, 'the bar lies over the view').toBeLessThan(layout.view.width);

  // On the screen: the strip shows the colour scale (not the view's light background).
  const shot = await page.screenshot({ clip: { x: layout.view.left + strip.x, y: layout.view.top + strip.y, width: strip.width, height: strip.height } });
  const onScreen = await page.evaluate(async (b64) => {
    const bmp = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
    let light = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 235 && data[i + 1]! > 235 && data[i + 2]! > 235) light++;
    return light / (data.length / 4);
  }, shot.toString('base64'));
  expect(onScreen, 'share of background-light pixels where the colour bar is on screen').toBeLessThan(0.1);

  await openShare(page);
  const file = await save(page, 'PNG: 3D surface');
  const measured = await page.evaluate(
    async ({ b64, labels, strip }) => {
      const bmp = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const read = (src: CanvasImageSource, w: number, h: number) => {
        const c = new OffscreenCanvas(w, h);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(src, 0, 0, w, h);
        return ctx.getImageData(0, 0, w, h);
      };
      const png = read(bmp, bmp.width, bmp.height);
      // The view's own picture, without any HTML over it, scaled to the PNG's 2×.
      const view = document.querySelector('.surface3d')!;
      const src = (view.querySelector('canvas.offscreen-3d') ?? view.querySelector('.gl-host canvas')) as HTMLCanvasElement;
      const bare = read(src, bmp.width, Math.round(view.getBoundingClientRect().height * 2));
      const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
      /** Share of pixels in the rect (CSS px of the view, ×2) within `tol` of `color`, or (color null) lighter than 235 on every channel. */
      const share = (img: ImageData, r: { x: number; y: number; width: number; height: number }, color: number[] | null, tol = 90) => {
        let n = 0;
        let hit = 0;
        for (let y = Math.round(2 * r.y); y < Math.round(2 * (r.y + r.height)); y++) {
          for (let x = Math.round(2 * r.x); x < Math.round(2 * (r.x + r.width)); x++) {
            if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
            const o = 4 * (y * img.width + x);
            const [R, G, B] = [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
            n++;
            if (color ? Math.abs(R - color[0]!) + Math.abs(G - color[1]!) + Math.abs(B - color[2]!) < tol : R > 235 && G > 235 && B > 235) hit++;
          }
        }
        return n ? hit / n : 0;
      };
      return {
        labels: labels.map((l) => ({ text: l.text, png: share(png, l, rgb(l.color)), bare: share(bare, l, rgb(l.color)) })),
        bar: { png: share(png, strip, null), bare: share(bare, strip, null) },
      };
    },
    { b64: file.bytes.toString('base64'), labels: layout.labels, strip },
  );
  for (const l of measured.labels) {
    expect(l.png, `${l.text}: label-coloured pixels in the PNG`).toBeGreaterThan(0.03);
    expect(l.png, `${l.text}: more than in the view's own picture (${l.bare.toFixed(3)})`).toBeGreaterThan(l.bare + 0.03);
  }
  // Where the bar is, the view's own picture is its light background; the PNG has the bar's colours.
  expect(measured.bar.bare, 'the view under the bar is light').toBeGreaterThan(0.9);
  expect(measured.bar.png, 'the PNG has the bar there').toBeLessThan(0.1);
  expect(problems.errors).toEqual([]);
  await page.close();
});
