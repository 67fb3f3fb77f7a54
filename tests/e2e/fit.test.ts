import type { Browser } from 'playwright-core';
import { expect, test } from 'vitest';
import { useBrowser } from './browser';
import { type Box, LINK, openApp, poll } from './app';
import { scenePoint } from './scene';

const browser = useBrowser();
const MLP_LINK = 'problem=mlp';
/** A laptop, and the two projector sizes of the classroom issue. */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
] as const;

async function open(b: Browser, hash: string, viewport: { width: number; height: number }) {
  const context = await b.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const app = await openApp(context, hash);
  return { ...app, context };
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

for (const size of SIZES) {
  for (const [lab, hash] of [
    ['sigmoid', LINK],
    ['mlp', MLP_LINK],
  ] as const) {
    test(`the playback controls of the ${lab} lab are on the first screen at ${size.width}×${size.height}`, async () => {
      const { page, problems, context } = await open(browser(), hash, size);
      expect(await page.evaluate(() => scrollY)).toBe(0);
      const screen = { x: 0, y: 0, width: size.width, height: size.height };
      for (const el of [page.getByRole('button', { name: 'Play' }), page.getByRole('button', { name: 'Step forward' }), page.getByLabel('Playback step')]) {
        expect(inside((await el.boundingBox())!, screen)).toBe(true);
      }
      // Nothing sticks out sideways (the page does not scroll sideways), and both views are beside each other on screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      for (const view of ['.surface3d', '.contour']) expect(inside((await page.locator(view).first().boundingBox())!, screen), view).toBe(true);
      await page.screenshot({ path: `test-results/fit-${lab}-${size.width}x${size.height}.png` });
      expect(problems.errors).toEqual([]);
      await context.close();
    });
  }
}

// Long statuses (divergence reasons) leave the header no room: the confirmation used to wrap it onto a
// second line. Without clipboard access the page shows the link in a field instead, which did the same.
test.each([
  ['Link copied', LINK.replace('eta=1&', 'eta=1000&'), true],
  ['the link to copy by hand', LINK, false],
] as const)('showing %s moves nothing on the page (1280×800)', async (_what, hash, clipboard) => {
  const context = await browser().newContext({ viewport: SIZES[0], permissions: clipboard ? ['clipboard-read', 'clipboard-write'] : [] });
  const { page, problems } = await openApp(context, hash);
  // Everything loaded first: the 3D view and KaTeX come after the first paint, and the equations panel
  // grows when its lines are typeset (that shift is not the confirmation's).
  await poll(() => page.locator('.surface3d[data-gl="ready"]').count()).toBe(1);
  await poll(() => page.locator('.equations .eq-symbolic .katex').count()).toBeGreaterThan(0);
  await poll(() => page.locator('.equations [data-equations-step] .katex').count()).toBeGreaterThan(0);
  const boxes = () => page.locator('header, aside, main, .panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const before = await boxes();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const shown = clipboard ? page.getByRole('status').filter({ hasText: 'Link copied' }) : page.getByRole('textbox', { name: 'Share link' });
  await poll(() => shown.isVisible()).toBe(true);
  expect(await boxes()).toEqual(before);
  expect(inside((await shown.boundingBox())!, { x: 0, y: 0, ...SIZES[0] })).toBe(true);
  expect(problems.errors).toEqual([]);
  await context.close();
});

test('at 1280 px "New seed" stays inside the sidebar, the decision-map titles show their step in full and the maps line up', async () => {
  const { page, problems, context } = await open(browser(), MLP_LINK, SIZES[0]);
  const section = (await page.locator('.mlp-controls').boundingBox())!;
  const seed = (await page.getByRole('button', { name: 'New seed' }).boundingBox())!;
  expect(inside(seed, section)).toBe(true);
  await expect(page.locator('.decision-map').count()).resolves.toBe(3);
  for (let k = 0; k < 3; k++) {
    const title = page.locator(`.decision-map[data-index="${k}"] .decision-title`);
    await poll(() => title.locator('.step').textContent()).toMatch(/^step \d+$/);
    const map = (await page.locator(`.decision-map[data-index="${k}"]`).boundingBox())!;
    expect(inside((await title.locator('.step').boundingBox())!, map)).toBe(true);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
  // The maps line up, whether a title takes one line or two.
  const tops = await page.locator('.decision-map .decision-canvas').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size, String(tops)).toBe(1);
  await page.screenshot({ path: 'test-results/fit-mlp-titles-1280x800.png' });
  expect(problems.errors).toEqual([]);
  await context.close();
});

test('the run list shows each run\'s whole label (what differs from the defaults comes last), wrapping rather than cutting it', async () => {
  const { page, problems, context } = await open(browser(), 'runs=momentum,momentum(gamma:0.5),gd(eta:0.5;decay:exp;beta:0.05;clip:1)', SIZES[0]);
  const labels = page.locator('.run-list .run-label');
  await expect(labels.count()).resolves.toBe(3);
  for (let k = 0; k < 3; k++) {
    const label = labels.nth(k);
    expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight), await label.innerText()).toBe(true);
    await expect(label.getAttribute('title')).resolves.toBe(await label.innerText());
  }
  await expect(labels.nth(1).innerText()).resolves.toContain('0.5');
  expect(problems.errors).toEqual([]);
  await context.close();
});

test('at 1024×768 the 3D view shows the whole surface: its four corners project inside the view (a wider field of view, same pose)', async () => {
  const { page, problems, context } = await open(browser(), LINK, SIZES[2]);
  const GL = '.surface3d canvas';
  await poll(() => page.locator('.surface3d').getAttribute('data-fov')).not.toBeNull();
  expect(Number(await page.locator('.surface3d').getAttribute('data-fov'))).toBeGreaterThan(40);
  const view = (await page.locator(GL).first().boundingBox())!;
  for (const [x, z] of [[-1, -1], [-1, 1], [1, -1], [1, 1]] as const) {
    const p = await scenePoint(page, GL, [x, 0, z]);
    expect(p.x, `corner ${x}, ${z}`).toBeGreaterThan(view.x);
    expect(p.x).toBeLessThan(view.x + view.width);
    expect(p.y).toBeGreaterThan(view.y);
    expect(p.y).toBeLessThan(view.y + view.height);
  }
  expect(problems.errors).toEqual([]);
  await context.close();
});

test('at 1024×768 the "Fit the window to the paths" button leaves the contour panel\'s title whole', async () => {
  const { page, problems, context } = await open(browser(), 'scene=decay', SIZES[2]);
  const button = page.getByRole('button', { name: 'Fit the window to the paths' });
  await poll(() => button.count()).toBe(1);
  const panel = page.locator('.panel', { has: button });
  const title = panel.locator('figcaption');
  const range = await title.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const b = r.getBoundingClientRect();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  });
  const b = (await button.boundingBox())!;
  const overlaps = range.x < b.x + b.width && range.x + range.width > b.x && range.y < b.y + b.height && range.y + range.height > b.y;
  expect(overlaps, JSON.stringify({ range, b })).toBe(false);
  expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(problems.errors).toEqual([]);
  await context.close();
});
