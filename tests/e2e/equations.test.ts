import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { texNum } from '../../src/engine/optimizers/tex';
import { openApp, poll } from './app';
import { useBrowser } from './browser';

const browser = useBrowser();
const LINK = 'problem=quadratic&curv=1,10&start=-4,2&steps=200&range=-5,5,-5,5&runs=momentum(eta:0.05;gamma:0.8),rprop&t=3';

/** θ_t of run i at the playback step, from the page's own live path. */
function theta(page: Page, i: number): Promise<number[]> {
  return page.evaluate((i) => {
    const d = (window as unknown as { __downhill: { live: { paths: { params: Float64Array }[] }; store: { getState(): { t: number } } } }).__downhill;
    const t = d.store.getState().t;
    return [d.live.paths[i]!.params[2 * t]!, d.live.paths[i]!.params[2 * t + 1]!];
  }, i);
}

test('the equations panel typesets the followed run\'s rule with the playback step\'s numbers, follows playback and the run chosen, with KaTeX\'s fonts from the origin', async () => {
  const { page, problems } = await openApp(browser(), LINK);
  const panel = page.getByRole('figure', { name: 'The step, in equations' });
  const numeric = panel.locator('[data-equations-step]');
  // The numbers are typeset while the panel is on screen (EquationsPanel.tsx).
  await panel.scrollIntoViewIfNeeded();
  await poll(() => numeric.locator('.katex').count()).toBeGreaterThan(2);
  await expect(panel.locator('.eq-symbolic').textContent()).resolves.toContain('\\mathrm{update}_t = \\gamma');
  // KaTeX keeps each line's TeX in its MathML annotation: the numbers are there as the module wrote them.
  for (const v of await theta(page, 0)) await expect(numeric.textContent()).resolves.toContain(texNum(v));
  await expect(panel.locator('.eq-caption').textContent()).resolves.toBe('At step 3 → 4:');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await poll(() => panel.locator('.eq-caption').textContent()).toBe('At step 4 → 5:');
  for (const v of await theta(page, 0)) await expect(numeric.textContent()).resolves.toContain(texNum(v));
  await panel.getByLabel('Run whose equations are shown').selectOption('1');
  await poll(() => panel.locator('.eq-symbolic').textContent()).toContain('\\operatorname{sign}');
  await poll(() => numeric.textContent()).toContain('w: ');
  for (const v of await theta(page, 1)) await expect(numeric.textContent()).resolves.toContain(texNum(v));
  await poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded'))).toBe(true);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('off screen the panel typesets no new numbers (only a new number of lines); scrolled to, it shows the step at once, at the height it had', async () => {
  // 1280 × 800: the equations panel is below the fold on the default page.
  const { page, problems } = await openApp(browser(), 'steps=200&runs=gd,momentum');
  const panel = page.getByRole('figure', { name: 'The step, in equations' });
  const numeric = panel.locator('[data-equations-step]');
  await poll(() => numeric.locator('.katex').count()).toBeGreaterThan(0);
  const top = await panel.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeGreaterThan(800);
  const height = await panel.evaluate((el) => el.getBoundingClientRect().height);
  // Count the numeric part's rewrites from here on.
  await numeric.evaluate((el) => {
    const w = window as unknown as { __eqWrites: number };
    w.__eqWrites = 0;
    new MutationObserver(() => void w.__eqWrites++).observe(el, { childList: true });
  });
  const slider = page.locator('.controls input[type=range]').first();
  await slider.focus();
  for (let k = 0; k < 4; k++) {
    const before = await page.evaluate(() => (window as unknown as { __downhill: { live: { sentRun: number } } }).__downhill.live.sentRun);
    await page.keyboard.press('ArrowRight');
    await poll(() => page.evaluate((b) => { const d = (window as unknown as { __downhill: { live: { sentRun: number; doneRun: number } } }).__downhill; return d.live.doneRun === d.live.sentRun && d.live.sentRun > b; }, before)).toBe(true);
  }
  expect(await page.evaluate(() => (window as unknown as { __eqWrites: number }).__eqWrites)).toBe(0);
  await panel.scrollIntoViewIfNeeded();
  await poll(() => page.evaluate(() => (window as unknown as { __eqWrites: number }).__eqWrites)).toBeGreaterThan(0);
  // The numbers of the step shown now (the GD run, at the end of its new path).
  for (const v of await theta(page, 0)) await poll(() => numeric.textContent()).toContain(texNum(v));
  expect(await panel.evaluate((el) => el.getBoundingClientRect().height)).toBeCloseTo(height, 0);
  expect(problems.errors).toEqual([]);
  await page.close();
});

test('the panel has a row of its own, wide enough that momentum\'s lines are not cut off (1280×800)', async () => {
  const { page, problems } = await openApp(browser(), 'runs=gd,momentum(gamma:0.5)&t=15&theory=2');
  const panel = page.getByRole('figure', { name: 'The step, in equations' });
  await panel.scrollIntoViewIfNeeded();
  await poll(() => panel.locator('[data-equations-step] .katex').count()).toBeGreaterThan(2);
  const box = page.locator('.equations');
  expect(await box.evaluate((el) => [el.scrollWidth, el.clientWidth])).toSatisfy(([scroll, client]: number[]) => scroll! <= client!);
  // As wide as the lower panels' row: the theory panel's below it.
  const [eq, theory] = await Promise.all([panel.boundingBox(), page.locator('.theory-panel').boundingBox()]);
  expect(Math.abs(eq!.width - theory!.width)).toBeLessThan(1);
  expect(problems.errors).toEqual([]);
  await page.close();
});
