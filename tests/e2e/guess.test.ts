import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { canvasStats, useBrowser } from './browser';
import { type AppPage, appState, canvasDigest, contourPoint, hashParams, LINK, openApp, poll, setHash, start, surfacePoint } from './app';

const browser = useBrowser();
let app: AppPage;
beforeAll(async () => {
  app = await openApp(browser(), `${LINK}&guess=1`);
});

/** The link the README gives for the lecture's guess table (written by the app: checksum included). */
const LECTURE = 'v=2&problem=sigmoid&data=0.5:0.2,2.5:0.9&start=-2,-2&eta=1&gamma=0.9&steps=1000&opt=gd,momentum,nesterov&range=-6,6,-6,6&grid=128&layout=overlay&guess=1&guesses=0.5:0,-0.1:0,0.94:-0.94,1.42:-1.73,1.65:-2.08,1.78:-2.27&t=1000&cam=40,25,4.2&c=4816468f';
const FRONT = '.contour canvas:nth-child(2)';
const TOL = 0.1;

const guesses = (page: Page) => page.evaluate(() => (window as unknown as { __downhill: { store: { getState(): { guesses: number[][] } } } }).__downhill.store.getState().guesses.map((g) => [...g]));
const hashGuesses = (page: Page) => hashParams(page).then((h) => (h.guesses ?? '').split(',').filter(Boolean).map((p) => p.split(':').map(Number)));
const rows = (page: Page) => page.locator('.guess-table tbody tr');
const near = (g: readonly number[] | undefined, w: number, b: number, tol = TOL) => g !== undefined && Math.abs(g[0]! - w) < tol && Math.abs(g[1]! - b) < tol;

async function contourAt(page: Page) {
  const box = (await page.getByRole('application', { name: /contour/i }).boundingBox())!;
  const range = (await appState(page)).experiment.range;
  return (w: number, b: number) => contourPoint(box, range, w, b);
}

test('in guess mode real clicks on the contour plot add rows and guesses= entries, and do not move the start', async () => {
  const { page, problems } = app;
  await setHash(page, `${LINK}&guess=1`);
  await expect(page.getByRole('checkbox', { name: /guess mode/i }).isChecked()).resolves.toBe(true);
  const at = await contourAt(page);
  const p = at(1, -1);
  await page.mouse.click(p.x, p.y);
  await poll(() => rows(page).count()).toBe(1);
  const q = at(-3, 2.5);
  await page.mouse.click(q.x, q.y);
  await poll(() => rows(page).count()).toBe(2);
  const gs = await guesses(page);
  expect(near(gs[0], 1, -1) && near(gs[1], -3, 2.5)).toBe(true);
  await poll(() => hashGuesses(page)).toEqual(gs);
  expect(await start(page)).toEqual([-2, -2]);
  expect((await hashParams(page)).start).toBe('-2,-2');
  // The table says each guess's loss, numbered in the order tried.
  await expect(rows(page).nth(0).locator('td').first().textContent()).resolves.toBe('1');
  await expect(rows(page).nth(1).locator('td').first().textContent()).resolves.toBe('2');
  expect(problems.errors).toEqual([]);
});

test('a press on the 3D surface in guess mode adds a guess there, not a new start', async () => {
  const { page, problems } = app;
  await setHash(page, `${LINK}&guess=1`);
  const p = await surfacePoint(page, '.surface3d canvas.offscreen-3d', 2, -2);
  await page.mouse.click(p.x, p.y);
  await poll(() => guesses(page).then((g) => g.length)).toBe(1);
  expect(near((await guesses(page))[0], 2, -2, 0.35)).toBe(true);
  expect(await start(page)).toEqual([-2, -2]);
  expect(problems.errors).toEqual([]);
});

test('without guess mode a click moves the start and adds no guess', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  await expect(page.getByRole('checkbox', { name: /guess mode/i }).isChecked()).resolves.toBe(false);
  const p = (await contourAt(page))(1, -1);
  await page.mouse.click(p.x, p.y);
  await poll(() => start(page).then((s) => near(s, 1, -1))).toBe(true);
  expect(await guesses(page)).toEqual([]);
  // The toggle turns guess mode on, and the link says so.
  await page.getByRole('checkbox', { name: /guess mode/i }).check();
  await poll(() => hashParams(page).then((h) => h.guess)).toBe('1');
  expect(problems.errors).toEqual([]);
});

test('a typed guess adds a row with its loss; a bad number gets a notice; remove and clear work from the keyboard', async () => {
  const { page, problems } = app;
  await setHash(page, `${LINK}&guess=1`);
  await page.getByLabel('Guess w', { exact: true }).fill('0.5');
  await page.getByLabel('Guess b', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await poll(() => rows(page).count()).toBe(1);
  await expect(rows(page).nth(0).textContent()).resolves.toContain('0.0731');
  await page.getByLabel('Guess w', { exact: true }).fill('-0.1');
  await page.getByLabel('Guess b', { exact: true }).fill('0');
  await page.getByLabel('Guess b', { exact: true }).press('Enter');
  await poll(() => rows(page).count()).toBe(2);
  await poll(() => hashParams(page).then((h) => h.guesses)).toBe('0.5:0,-0.1:0');
  // ★ on the better guess (0.0731 < 0.1481).
  await expect(page.locator('.guess-table tr[data-best="1"] td').nth(0).textContent()).resolves.toBe('1');

  await page.getByLabel('Guess w', { exact: true }).fill('1e400');
  await page.getByLabel('Guess b', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await poll(() => page.locator('.notices li[data-key="guesses"]').textContent()).toContain('not finite');
  expect(await rows(page).count()).toBe(2);

  await page.getByRole('button', { name: 'Remove guess 1' }).focus();
  await page.keyboard.press('Enter');
  await poll(() => rows(page).count()).toBe(1);
  await poll(() => hashParams(page).then((h) => h.guesses)).toBe('-0.1:0');
  await page.getByRole('button', { name: 'Clear', exact: true }).first().click();
  await poll(() => rows(page).count()).toBe(0);
  await poll(() => hashParams(page).then((h) => h.guesses)).toBeUndefined();
  expect(problems.errors).toEqual([]);
});

test("the lecture's link opens with its 6 guesses, the lecture's losses and ★ on the last", async () => {
  const { page, problems } = app;
  await setHash(page, LECTURE);
  await poll(() => rows(page).count()).toBe(6);
  const text = await rows(page).allTextContents();
  for (const [i, L] of ['0.0731', '0.1481', '0.0217', '0.0029', '0.0003', '0.0000'].entries()) expect(text[i]).toContain(L);
  await expect(page.locator('.guess-table tr[data-best="1"]').count()).resolves.toBe(1);
  await expect(rows(page).nth(5).getAttribute('data-best')).resolves.toBe('1');
  await expect(rows(page).nth(5).textContent()).resolves.toContain('★');
  expect((await appState(page)).notices.filter((n) => n.source === 'url')).toEqual([]);
  expect(problems.errors).toEqual([]);
});

test('brute force fills the grid over the contour plot cell by cell to the end and names the best cell, the evaluations and each run', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  const before = await canvasDigest(page, FRONT);
  await page.getByLabel('Brute force grid size n', { exact: true }).fill('24');
  await page.getByRole('button', { name: 'Brute force', exact: true }).click();
  await page.waitForSelector('.brute-result[data-done="1"]', { timeout: 20_000 });
  await expect(page.locator('.brute-count').textContent()).resolves.toContain('576 of 576 loss evaluations (24 × 24 grid)');
  const best = (await page.locator('.brute-best').textContent())!;
  const m = /w = (-?[\d.]+), b = (-?[\d.]+), L = ([\d.]+)/.exec(best);
  expect(m).not.toBeNull();
  // The best cell is the grid minimum, computed here apart from the app (cell centres of the 24 × 24 grid over [−6, 6]²).
  const direct = await page.evaluate(() => {
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    let bestL = Infinity;
    let at = [0, 0];
    for (let j = 0; j < 24; j++) {
      for (let i = 0; i < 24; i++) {
        const w = -6 + ((i + 0.5) * 12) / 24;
        const b = -6 + ((j + 0.5) * 12) / 24;
        const L = 0.5 * (sig(0.5 * w + b) - 0.2) ** 2 + 0.5 * (sig(2.5 * w + b) - 0.9) ** 2;
        if (L < bestL) [bestL, at] = [L, [w, b]];
      }
    }
    return { w: at[0]!, b: at[1]!, L: bestL };
  });
  expect(Number(m![1])).toBeCloseTo(direct.w, 4);
  expect(Number(m![2])).toBeCloseTo(direct.b, 4);
  expect(Number(m![3])).toBeCloseTo(direct.L, 4);
  const runs = await page.locator('.brute-runs li').allTextContents();
  expect(runs).toHaveLength(3);
  for (const r of runs) expect(r).toMatch(/\d+ gradient evaluations? to get as low|never got as low/);
  await expect(page.locator('.brute-mlp').textContent()).resolves.toMatch(/A grid of 24 values per parameter for the current MLP would need 24105 ≈ [\d.]+ × 10\d+ evaluations/);
  // The cells are drawn: the front layer changed and is not blank (many colours of the loss scale).
  await poll(() => canvasDigest(page, FRONT)).not.toBe(before);
  const stats = await canvasStats(page, FRONT);
  expect(stats.distinct).toBeGreaterThan(20);
  expect(problems.errors).toEqual([]);
});

test('a new window ends the brute-force search', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  await page.getByRole('button', { name: 'Brute force', exact: true }).click();
  await page.waitForSelector('.brute-result[data-done="1"]', { timeout: 20_000 });
  await setHash(page, LINK.replace('range=-6,6,-6,6', 'range=-4,4,-4,4'));
  await poll(() => page.locator('.brute-result').count()).toBe(0);
  expect(problems.errors).toEqual([]);
});

test('brute force is revealed over several frames, and at once under prefers-reduced-motion', async () => {
  const { page, problems } = app;
  await setHash(page, LINK);
  await page.getByLabel('Brute force grid size n', { exact: true }).fill('256');
  await page.getByRole('button', { name: 'Brute force', exact: true }).click();
  // Part of the grid, then all of it: at most about 1/90 of the cells a frame.
  await poll(() => page.locator('.brute-count').textContent()).toMatch(/^Evaluating: [\d,]+ of 65,536/);
  await page.waitForSelector('.brute-result[data-done="1"]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Clear', exact: true }).last().click();
  await poll(() => page.locator('.brute-result').count()).toBe(0);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    await page.getByRole('button', { name: 'Brute force', exact: true }).click();
    // Done in the click's own task: the first render of the result already says so.
    await expect(page.locator('.brute-result').getAttribute('data-done')).resolves.toBe('1');
    await expect(page.locator('.brute-count').textContent()).resolves.toContain('65,536 of 65,536');
  } finally {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  }
  expect(problems.errors).toEqual([]);
});

test('guess mode at 1280×800: the toggle keeps its row beside the step bar as guesses come, and the empty table says what a press does now', async () => {
  const { page, problems } = await openApp(browser(), `${LINK}&guess=1`, { width: 1280, height: 800 });
  await expect(page.locator('.guess-table .hint').first().innerText()).resolves.toBe('No guesses yet: press on the contours or the 3D view, or type one below.');
  const top = () => page.evaluate(() => [document.querySelector('.guess-toggle')!, document.querySelector('.under-views .step-bar')!].map((e) => Math.round(e.getBoundingClientRect().top + scrollY)));
  const before = await top();
  expect(before[0]).toBe(before[1]);
  for (let i = 0; i < 12; i++) {
    await page.getByLabel('Guess w', { exact: true }).fill(String(i / 4));
    await page.getByLabel('Guess b', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await poll(() => rows(page).count()).toBe(12);
  await expect(page.locator('.guess-toggle').innerText()).resolves.toBe('Guess mode · 12 guesses');
  expect(await top()).toEqual(before);
  expect(problems.errors).toEqual([]);
  await page.close();
});
