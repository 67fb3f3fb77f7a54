import { expect, test } from 'vitest';
import { PLANE_CATALOG } from '../../src/url/planeCatalog';
import { RUN_COLORS } from '../../src/views/colors';
import { canvasStats, useBrowser } from './browser';
import { hashParams, openApp, poll, settled } from './app';

const browser = useBrowser();

for (const entry of PLANE_CATALOG) {
  test(`problem=${entry.id} opens from a link and draws its surface and runs`, async () => {
    const { page, problems } = await openApp(browser(), `problem=${entry.id}`);
    await expect(page.getByLabel('Surface', { exact: true }).inputValue()).resolves.toBe(entry.id);
    await expect(page.locator('.problem-picker .formula').textContent()).resolves.toContain(entry.formula);
    const rows = await page.locator('.legend li').count();
    expect(rows).toBeGreaterThan(0);
    // The contour bands are drawn (many colours) and every run's colour is on the path layer.
    expect((await canvasStats(page, '.contour canvas:nth-child(1)')).distinct).toBeGreaterThan(20);
    const paths = await canvasStats(page, '.contour canvas:nth-child(2)', RUN_COLORS.slice(0, rows));
    for (const n of paths.near) expect(n).toBeGreaterThan(10);
    await expect(page.locator('.dataplot').count()).resolves.toBe(entry.usesData ? 1 : 0);
    await expect(page.locator('.notices li').count()).resolves.toBe(0);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
}

test('the surface menu switches surfaces, their settings fields edit the link, and each keeps its own state', async () => {
  const { page, problems } = await openApp(browser(), '');
  const menu = page.getByLabel('Surface', { exact: true });
  await menu.selectOption('quadratic');
  await poll(() => hashParams(page).then((h) => `${h.problem} ${h.curv} ${h.start}`)).toBe('quadratic 1,10 -4,2');
  await settled(page);
  const curv = page.getByLabel('curvatures λ₁, λ₂', { exact: true });
  await curv.fill('1,-1');
  await curv.press('Enter');
  await poll(() => hashParams(page).then((h) => h.curv)).toBe('1,-1');
  // A value the link could not hold is refused with a notice naming it, and the field keeps the value.
  await curv.fill('1,500');
  await curv.press('Enter');
  await poll(() => page.locator('.notices').textContent()).toContain('curv');
  await expect(curv.inputValue()).resolves.toBe('1,-1');
  await menu.selectOption('sigmoid');
  await poll(() => hashParams(page).then((h) => `${h.problem} ${h.start} ${h.curv}`)).toBe('sigmoid -2,-2 undefined');
  await menu.selectOption('quadratic');
  await poll(() => hashParams(page).then((h) => h.curv)).toBe('1,-1');
  expect(problems.errors).toEqual([]);
  await page.close();
});
